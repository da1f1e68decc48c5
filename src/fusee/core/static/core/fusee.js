// Fusée's own behaviour; no inline scripts so the Content-Security-Policy can forbid them.
"use strict";

function autosubmit(root) {
  root.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
}

// <canvas data-chart="ID of a json_script element holding {type, labels, datasets}">
function drawCharts(root) {
  if (typeof Chart === "undefined") return;
  root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    if (canvas.dataset.drawn) return;
    const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: spec.type === "doughnut" || spec.datasets.length > 1, position: "bottom" } },
                 scales: spec.type === "doughnut" ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    canvas.dataset.drawn = "1";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  autosubmit(document);
  drawCharts(document);
});
document.addEventListener("htmx:afterSettle", (event) => {
  autosubmit(event.target);
  drawCharts(event.target);
});
