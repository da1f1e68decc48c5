// The run page: a task link opens the task in the panel beside the views instead of leaving the
// page (the link still works without script). No inline script: the CSP forbids it.
"use strict";

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const link = event.target instanceof Element && event.target.closest("a[data-panel]");
  const panel = document.getElementById("task-panel");
  if (!link || !panel || typeof htmx === "undefined") return;
  event.preventDefault();
  // an SVG link's href is not a string: read the attribute
  htmx.ajax("GET", link.getAttribute("href"), { target: "#task-panel", swap: "innerHTML" }).then(() => {
    const heading = panel.querySelector("h2 a");
    if (heading) heading.focus();
  });
});

// A task changed in the panel (its answer carries HX-Trigger: task-changed): draw the run's view
// again. One refresh at a time, and one more if a change came meanwhile, so the last change shows.
let refreshing = false;
let changedMeanwhile = false;

function refreshRunView() {
  const view = document.getElementById("run-view");
  if (!view || typeof htmx === "undefined") return;
  if (refreshing) {
    changedMeanwhile = true;
    return;
  }
  refreshing = true;
  htmx.ajax("GET", view.dataset.refresh, { source: view, target: view, swap: "outerHTML" }).finally(() => {
    refreshing = false;
    if (changedMeanwhile) {
      changedMeanwhile = false;
      refreshRunView();
    }
  });
}

document.addEventListener("task-changed", refreshRunView);
