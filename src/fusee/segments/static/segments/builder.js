// The segment builder: rows of field / operator / value that append a condition to the
// expression text; the textarea's hx-post then refreshes the live count. No inline script (CSP).
"use strict";

(function () {
  function quote(value) {
    return '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function literal(field, raw) {
    const value = raw.trim();
    if (field.kind === "number" || field.kind === "date") return value;
    if (field.kind === "choice" && /^[a-z0-9_]+$/.test(value)) return value;
    return quote(value);
  }

  function condition(field, operator, raw) {
    if (operator === "is true") return field.name;
    if (operator === "is false") return "not " + field.name;
    if (operator === "is empty" || operator === "is not empty") return field.name + " " + operator;
    if (operator === "in" || operator === "not in") {
      const values = raw.split(",").filter((v) => v.trim()).map((v) => literal(field, v));
      return field.name + " " + operator + " (" + values.join(", ") + ")";
    }
    return field.name + " " + operator + " " + literal(field, raw);
  }

  function append(textarea, join, text) {
    const current = textarea.value.trim();
    textarea.value = current ? current + " " + join + " " + text : text;
    textarea.dispatchEvent(new Event("keyup"));
    textarea.focus();
  }

  function fillOptions(select, values) {
    select.replaceChildren(...values.map((value) => new Option(value, value)));
  }

  function init() {
    const data = document.getElementById("segment-catalogue");
    const textarea = document.getElementById("expression");
    if (!data || !textarea) return;
    const catalogue = JSON.parse(data.textContent);
    const fields = new Map(catalogue.fields.map((field) => [field.name, field]));
    const fieldSelect = document.getElementById("builder-field");
    const operatorSelect = document.getElementById("builder-operator");
    const valueInput = document.getElementById("builder-value");
    const choices = document.getElementById("builder-choices");
    const join = document.getElementById("builder-join");
    const events = document.getElementById("builder-event");

    fillOptions(fieldSelect, catalogue.fields.map((field) => field.name));
    catalogue.events.forEach((text) => events.add(new Option(text, text)));

    function onField() {
      const field = fields.get(fieldSelect.value);
      fillOptions(operatorSelect, field.operators);
      choices.replaceChildren(...field.choices.map((value) => new Option(value, value)));
      valueInput.type = field.kind === "number" ? "number" : field.kind === "date" ? "date" : "text";
      onOperator();
    }

    function onOperator() {
      const op = operatorSelect.value;
      valueInput.disabled = op.startsWith("is ");
    }

    fieldSelect.addEventListener("change", onField);
    operatorSelect.addEventListener("change", onOperator);
    document.getElementById("builder-add").addEventListener("click", () => {
      const field = fields.get(fieldSelect.value);
      if (!valueInput.disabled && !valueInput.value.trim()) {
        valueInput.focus();
        return;
      }
      append(textarea, join.value, condition(field, operatorSelect.value, valueInput.value));
      valueInput.value = "";
    });
    events.addEventListener("change", () => {
      if (events.value) append(textarea, join.value, events.value);
      events.value = "";
    });
    onField();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
