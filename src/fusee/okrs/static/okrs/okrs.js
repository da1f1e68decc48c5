// The inline check-in: opening it puts the cursor in the value, selected, so a check-in is
// "type the number, Enter". Escape closes it again. No inline script: the CSP forbids it.
"use strict";

document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open || !details.matches("[data-check-in]")) return;
  const field = details.querySelector("[name=value]");
  if (!field) return;
  field.focus();
  if (typeof field.select === "function") field.select();
}, true);  // toggle does not bubble: listen while it goes down

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const details = event.target instanceof Element && event.target.closest("details[data-check-in][open]");
  if (!details) return;
  details.open = false;
  details.querySelector("summary").focus();
});
