// Per-year lists follow the field that sets their length (the horizon): the entries typed are
// kept, shortened or lengthened as form.py's RESIZE_HELP tells the visitor. Part of calculators.js.

// A number written wholly in thousands groups ("36,000", "£1,200.50", "12,000k"): one entry.
const GROUPED = /^[+\-\u2212]?[£$€]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:k|m|bn)?$/i;

// The entries of a typed list of numbers, as text (no number is read or computed here): split as
// calculators/web/form_input.py splits them, at semicolons, spaces and commas, but not at the
// thousands commas of an amount (a percentage, `percent`, has none).
export function listItems(text, percent = false) {
  const items = [];
  for (const chunk of String(text).trim().split(/[;\s]+|,\s+/)) {
    if (!chunk) continue;
    if (!percent && GROUPED.test(chunk)) items.push(chunk);
    else items.push(...chunk.split(",").filter(Boolean));
  }
  return items;
}

// A per-year list resized to `length`: [shown, hidden]. The entries typed are kept; years a shorter
// length hid come back first; a year beyond both repeats the last one (the rule RESIZE_HELP in
// form.py states on the page).
export function resizeYears(items, hidden, length) {
  if (items.length >= length) return [items.slice(0, length), [...items.slice(length), ...hidden]];
  const shown = [...items, ...hidden.slice(0, length - items.length)];
  const rest = hidden.slice(length - items.length);
  while (shown.length && shown.length < length) shown.push(shown[shown.length - 1]);
  return [shown, rest];
}

// After `setter` changed (e.g. the horizon), every list marked data-length="<its name>" takes
// its new length. A single amount that stands for every year is left alone; empty lists too.
export function resizeLists(form, setter) {
  if (!setter || !setter.name) return;
  const length = Number(setter.value);
  const low = Number(setter.min || 1);
  const high = Number(setter.max || 100);
  if (setter.value === "" || !Number.isInteger(length) || length < low || length > high) return;
  for (const control of form.querySelectorAll(`[data-length="${CSS.escape(setter.name)}"]`)) {
    const items = listItems(control.value, control.hasAttribute("data-percent"));
    const hidden = control.dataset.hiddenYears ? control.dataset.hiddenYears.split(";") : [];
    if (!items.length || (control.dataset.kind === "number_or_list" && items.length === 1 && !hidden.length)) continue;
    const [shown, rest] = resizeYears(items, hidden, length);
    control.value = shown.join(", ");
    if (rest.length) control.dataset.hiddenYears = rest.join(";");
    else delete control.dataset.hiddenYears;
  }
}
