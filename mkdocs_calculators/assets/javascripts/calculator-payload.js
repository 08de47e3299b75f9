// The form's JSON payload: input names as JSON paths; what the visitor typed goes as the text typed
// (Python reads "10%", "12k" or "50, 90, 100" into numbers: calculators/web/form_input.py), a
// choice, tick box or radio answer as its JSON value (pure functions, but for reading the form's
// controls). Part of calculators.js.

export const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// A JSON path as the form uses it: metrics[0].control.baseline
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\[\d{1,4}\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PATH_PART = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,4})\]/g;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// "metrics[0].baseline" -> ["metrics", 0, "baseline"]; null for anything else or an unsafe key.
export function parsePath(path) {
  if (typeof path !== "string" || path.length > 200 || !PATH.test(path)) return null;
  const parts = [];
  for (const [, key, index] of path.matchAll(PATH_PART)) {
    if (key !== undefined && UNSAFE_KEYS.has(key)) return null;
    parts.push(key !== undefined ? key : Number(index));
  }
  return parts;
}

function container(next) {
  return typeof next === "number" ? [] : Object.create(null);
}

// Put value at the path (parts) inside target, creating objects and arrays on the way.
export function setPath(target, parts, value) {
  let node = target;
  for (let i = 0; i < parts.length - 1; i += 1) {
    const part = parts[i];
    if (node[part] === undefined || node[part] === null || typeof node[part] !== "object") {
      node[part] = container(parts[i + 1]);
    }
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

// A radio's value (written by the build from the schema: a questionnaire's answers 0..4) as a number when
// it is one; anything else stays text for Python to judge.
function numberOrText(text) {
  if (!NUMBER_TEXT.test(text)) return text;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

// The payload value of one control: { value } or null when it contributes nothing (left empty).
// Typed text, numbers and lists of numbers included, goes as it was typed, trimmed: never cut to
// what a number input or parseFloat would make of it ("12k" is not 12).
export function controlValue(control) {
  if (control.type === "radio") return control.checked ? { value: numberOrText(control.value) } : null;
  if (control.type === "checkbox") return { value: control.checked };
  const text = control.value.trim();
  return text === "" ? null : { value: text };
}

export function namedControls(form) {
  return [...form.elements].filter(
    (control) => control.name && !control.disabled && !["button", "submit", "reset", "fieldset"].includes(control.type),
  );
}

// The JSON payload of a calculator form: input names are JSON paths; every repeatable row is an
// object in its list (so error paths like metrics[1].baseline point at the right row). In the
// quick estimate, the same payload with fewer rows (isQuickEstimate).
export function readPayload(form) {
  const quick = isQuickEstimate(form);
  const fields = Object.create(null);
  for (const rows of form.querySelectorAll("[data-rows]")) {
    const parts = parsePath(rows.dataset.rows);
    if (!parts || (quick && !rows.closest("[data-quick]"))) continue;
    const count = rows.querySelectorAll(`:scope > [data-row]`).length;
    setPath(fields, parts, Array.from({ length: quick ? Math.min(count, 1) : count }, () => Object.create(null)));
  }
  for (const control of namedControls(form)) {
    if (control.hasAttribute("data-presentation")) continue;
    if (quick && !inQuickEstimate(control)) continue;
    const parts = parsePath(control.name);
    const entry = parts && controlValue(control);
    if (entry) setPath(fields, parts, entry.value);
  }
  const root = form.dataset.payloadRoot;
  if (!root || UNSAFE_KEYS.has(root)) return fields;
  const payload = Object.create(null);
  payload[root] = fields;
  return payload;
}

// The quick estimate (a form with a mode switch, set to "quick") is the full model with fewer
// rows: each list with quick fields ([data-quick]) cut to its first row, every field of that row
// read (shown or not), lists without quick fields left out, every top-level field read as in the
// full model. The same rule as quick_payload in mkdocs_calculators/form.py, which pre-renders the
// page; tests/test_quick_estimate.py holds the two to it.
function isQuickEstimate(form) {
  const chosen = form.querySelector('input[name="mode"][data-presentation]:checked');
  return Boolean(chosen && chosen.value === "quick");
}

function inQuickEstimate(control) {
  const row = control.closest("[data-row]");
  if (!row) return true; // a top-level field: an assumption, counted in either mode
  if (!row.closest("[data-quick]")) return false;
  return row === row.parentElement.querySelector(":scope > [data-row]");
}

// JSON with every object's keys sorted and no spaces: the form of block.py's rendered_from, so the
// first run can tell whether it sends exactly the inputs the page's result was pre-rendered from.
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
