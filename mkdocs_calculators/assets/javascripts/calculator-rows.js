// Repeatable rows: added from their <template>, removed and renumbered, and the form's helpers
// that set a control by name and open a row's filled "more" section. Part of calculators.js.

const DEFAULT_MAX_ROWS = 50;
const ROW_PLACEHOLDER = "__i__";

// A row field's help shows while it has focus (calculators.css) and stays until another row field
// takes focus: closing it on blur would move the buttons below under the visitor's pointer.
export function keepHelpOpen(form, target) {
  const field = target.closest(".calc-row .calc-field, .calc-assumptions .calc-field");
  if (!field) return;
  for (const open of form.querySelectorAll(".calc-field--help-open")) {
    if (open !== field) open.classList.remove("calc-field--help-open");
  }
  field.classList.add("calc-field--help-open");
}

export function rowsOf(form, list) {
  const holder = form.querySelector(`[data-rows="${CSS.escape(list)}"]`);
  return holder ? [...holder.querySelectorAll(":scope > [data-row]")] : [];
}

export function maxRows(form, list) {
  const group = form.querySelector(`fieldset[data-list="${CSS.escape(list)}"][data-max-rows]`);
  const limit = group ? Number(group.dataset.maxRows) : DEFAULT_MAX_ROWS;
  return Number.isInteger(limit) && limit >= 0 ? limit : DEFAULT_MAX_ROWS;
}

// A new row for `list` at `index`, cloned from its <template> (its `__i__` placeholders filled).
export function newRow(form, list, index) {
  const template = form.querySelector(`template[data-row-template="${CSS.escape(list)}"]`);
  if (!template) return null;
  const fragment = template.content.cloneNode(true);
  for (const element of fragment.querySelectorAll("*")) {
    for (const attribute of ["id", "name", "for", "aria-describedby", "aria-labelledby", "data-error-for", "data-field-path"]) {
      const value = element.getAttribute(attribute);
      if (value && value.includes(ROW_PLACEHOLDER)) element.setAttribute(attribute, value.split(ROW_PLACEHOLDER).join(String(index)));
    }
  }
  const number = fragment.querySelector(".calc-row-number");
  if (number) number.textContent = ` ${index + 1}`;
  return fragment;
}

// Make list `list` have exactly `count` rows, rebuilt from the template (values set afterwards).
export function rebuildRows(form, list, count) {
  const holder = form.querySelector(`[data-rows="${CSS.escape(list)}"]`);
  if (!holder) return;
  for (const row of rowsOf(form, list)) row.remove();
  for (let index = 0; index < count; index += 1) {
    const row = newRow(form, list, index);
    if (row) holder.append(row);
  }
}

export function templateHas(form, name) {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d{1,4})\](.*)$/.exec(name);
  if (!match) return false;
  const template = form.querySelector(`template[data-row-template="${CSS.escape(match[1])}"]`);
  const generic = `${match[1]}[${ROW_PLACEHOLDER}]${match[3]}`;
  return Boolean(template && template.content.querySelector(`[name="${CSS.escape(generic)}"]`));
}

export function setControl(form, name, value) {
  const found = form.elements.namedItem(name);
  if (!found) return false;
  const controls = found instanceof RadioNodeList ? [...found] : [found];
  for (const control of controls) {
    if (control.type === "radio") control.checked = control.value === value;
    else if (control.type === "checkbox") control.checked = value === "true";
    else control.value = value;
  }
  return true;
}

// Open a row's "more" section when one of its fields holds a value, so no input is hidden.
export function openFilledDetails(form) {
  for (const details of form.querySelectorAll("details")) {
    const filled = [...details.querySelectorAll("input, select, textarea")].some(
      (control) => control.type !== "checkbox" && control.type !== "radio" && control.value !== "",
    );
    if (filled) details.open = true;
  }
}
