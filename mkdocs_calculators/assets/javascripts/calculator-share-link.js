// Share links: the form's raw field values in the URL fragment ("Copy link"), and a link's
// values put back into the form, every one checked before any is used. Part of calculators.js.

import { namedControls, parsePath } from "./calculator-payload.js";
import { maxRows, openFilledDetails, rebuildRows, setControl, templateHas } from "./calculator-rows.js";
import { listItems } from "./calculator-year-lists.js";

const MAX_FRAGMENT_LENGTH = 65536; // a share link longer than this is refused unread
const MAX_FIELD_LENGTH = 20000;
// A link's format: "v=2", the form's texts as typed (a share in percent: "10" is 10%). A link
// without it was made before, when a share field held a fraction ("0.1" for 10%).
const FORMAT = "2";

// The form's state as [name, text] pairs: every control (presentation ones too), and for each
// repeatable list its row count as "<list>[]".
export function snapshotFields(form) {
  const pairs = [];
  for (const rows of form.querySelectorAll("[data-rows]")) {
    pairs.push([`${rows.dataset.rows}[]`, String(rows.querySelectorAll(":scope > [data-row]").length)]);
  }
  for (const control of namedControls(form)) {
    if (control.type === "radio") {
      if (control.checked) pairs.push([control.name, control.value]);
    } else if (control.type === "checkbox") {
      pairs.push([control.name, control.checked ? "true" : "false"]);
    } else {
      pairs.push([control.name, control.value]);
    }
  }
  return pairs;
}

export function shareFragment(name, pairs) {
  const params = new URLSearchParams();
  params.append("calculator", name);
  params.append("v", FORMAT);
  for (const [key, value] of pairs) params.append(key, value);
  return params.toString();
}

export class LinkProblem extends Error {}

// Read a fragment (without "#") into { pairs, rows } for calculator `name`, or null when it is
// not a share link at all (a plain anchor). Throws LinkProblem when it is one but unusable.
export function parseShareFragment(fragment, name) {
  if (!fragment || !fragment.includes("=")) return null;
  if (fragment.length > MAX_FRAGMENT_LENGTH) throw new LinkProblem("it is too long");
  try {
    decodeURIComponent(fragment.replace(/\+/g, " "));
  } catch {
    throw new LinkProblem("it is not correctly encoded");
  }
  const params = new URLSearchParams(fragment);
  if (params.get("calculator") === null) throw new LinkProblem("it does not say which calculator it is for");
  if (params.get("calculator") !== name) throw new LinkProblem("it was made for another calculator");
  const version = params.get("v");
  if (version !== null && version !== FORMAT) throw new LinkProblem("it was made by another version of this page");
  const pairs = [];
  const rows = new Map();
  const seen = new Set();
  for (const [key, value] of params) {
    if (key === "calculator" || key === "v") continue;
    if (seen.has(key)) throw new LinkProblem("it repeats a field");
    seen.add(key);
    if (value.length > MAX_FIELD_LENGTH) throw new LinkProblem("a value in it is too long");
    if (key.endsWith("[]")) {
      const list = key.slice(0, -2);
      if (!parsePath(list) || !/^\d{1,4}$/.test(value)) throw new LinkProblem("it is not valid");
      rows.set(list, Number(value));
    } else {
      if (!parsePath(key)) throw new LinkProblem("it names a field this calculator does not have");
      pairs.push([key, value]);
    }
  }
  return { pairs, rows, fractions: version === null };
}

// A share as a link made before "v=2" holds it, a fraction ("0.07", "0.5, 0.9, 1"), as the
// percentage the form now shows ("7", "50, 90, 100"): the decimal point moved two places in the
// text, digit by digit, so no number is computed. Text that is not plain decimals stays as it is
// (Python then says what is wrong with it).
export function fractionToPercentText(text) {
  const items = listItems(text, true);
  if (!items.length || !items.every((item) => /^(?:\d+\.?\d*|\.\d+)$/.test(item))) return text;
  return items.map((item) => {
    const match = /^(\d*)(?:\.(\d*))?$/.exec(item);
    const digits = match[1] + (match[2] || "").padEnd(2, "0");
    const point = match[1].length + 2;
    const whole = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
    const fraction = digits.slice(point).replace(/0+$/, "");
    return fraction ? `${whole}.${fraction}` : whole;
  }).join(", ");
}

// Apply parsed share-link state to the form; validates everything before changing anything.
export function applyShareState(form, { pairs, rows, fractions = false }) {
  const counts = new Map(rows);
  for (const [name] of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d{1,4})\]/.exec(name);
    if (match && form.querySelector(`template[data-row-template="${CSS.escape(match[1])}"]`) && !rows.has(match[1])) {
      counts.set(match[1], Math.max(counts.get(match[1]) || 0, Number(match[2]) + 1));
    }
  }
  for (const [list, count] of counts) {
    if (!form.querySelector(`template[data-row-template="${CSS.escape(list)}"]`)) {
      throw new LinkProblem("it names a list this calculator does not have");
    }
    if (count > maxRows(form, list)) throw new LinkProblem("it has more rows than the calculator allows");
  }
  for (const [name, value] of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d{1,4})\]/.exec(name);
    const known = match && counts.has(match[1]) ? Number(match[2]) < counts.get(match[1]) && templateHas(form, name) : form.elements.namedItem(name);
    if (!known) throw new LinkProblem("it names a field this calculator does not have");
    const control = match ? null : form.elements.namedItem(name);
    if (control && control.tagName === "SELECT" && ![...control.options].some((option) => option.value === value)) {
      throw new LinkProblem("it holds a choice this calculator does not offer");
    }
    const radios = control instanceof RadioNodeList ? [...control] : control && control.type === "radio" ? [control] : null;
    if (radios && !radios.some((radio) => radio.value === value)) {
      throw new LinkProblem("it holds a choice this calculator does not offer");
    }
  }
  for (const [list, count] of counts) rebuildRows(form, list, count);
  for (const [name, value] of pairs) {
    const control = fractions ? form.elements.namedItem(name) : null;
    setControl(form, name, control && control.hasAttribute?.("data-percent") ? fractionToPercentText(value) : value);
  }
  // A link without a mode was made before the quick estimate existed: it holds the full model.
  if (!pairs.some(([name]) => name === "mode") && form.querySelector('input[name="mode"][value="full"]')) {
    setControl(form, "mode", "full");
  }
  openFilledDetails(form);
}
