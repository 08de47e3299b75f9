// Mounts the calculators: finds each [data-calculator] block and talks to Python in a Web Worker.
//
// The page arrives with a result Python computed at build time (data-status="static"). On a
// page that has a calculator, this module starts one worker (calculator-worker.js), shared by
// every calculator and reused across Material's instant navigations, and then:
//   * reads the form into the JSON payload the core expects (names are JSON paths);
//   * after every change sends it to Python and shows Python's answer: result HTML, CSV,
//     booking query; validation errors go beside their fields and the last good result stays,
//     marked out of date (data-stale);
//   * adds and removes repeatable rows from their <template>;
//   * "Copy link" puts the inputs in the URL fragment, and opening such a link restores them.
// It does no arithmetic and formats no number: everything shown comes from Python. The only
// HTML it inserts is the worker's answer, rendered by our own wheel; text from the visitor or
// from a link only ever goes into form values and textContent.
//
// data-status: static -> loading -> ready | error. Failures (no WebAssembly, the runtime not
// found, a worker crash, a start-up that never finishes) leave the pre-rendered result and the
// booking link in place, say what to try in plain words, and log the detail to the console.

const WORKER_URL = new URL("./calculator-worker.js", import.meta.url);
const STARTUP_TIMEOUT_MS = 60000; // a blocked start can hang silently; slow networks need time
const MAX_FRAGMENT_LENGTH = 65536; // a share link longer than this is refused unread
const MAX_FIELD_LENGTH = 20000;
const DEFAULT_MAX_ROWS = 50;
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// A JSON path as the form uses it: metrics[0].control.baseline
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\[\d{1,4}\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PATH_PART = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,4})\]/g;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ROW_PLACEHOLDER = "__i__";

const MESSAGES = {
  loading: "Loading the live calculator: Python is starting in your browser (a few megabytes, once).",
  packages: "Loading the live calculator: almost there.",
  ready: "Live: the result updates as you change the inputs. Nothing you type leaves your browser.",
  restored: "The inputs from your link are filled in.",
  "no-wasm":
    "This browser cannot run the live calculator: it needs WebAssembly, which is switched off or not supported here. " +
    "The result below is the worked example. Try a recent version of Firefox, Chrome, Safari or Edge.",
  runtime:
    "The live calculator could not load, so the result below is the worked example from when this page was built. " +
    "Check your connection and reload the page.",
  worker:
    "The live calculator stopped while starting, so the result below is the worked example. Reload the page to try again.",
  timeout:
    "The live calculator is taking too long to start, so the result below is the worked example. " +
    "Reload the page to try again, or try another browser.",
  compute:
    "Something went wrong while working out this result. The last result is kept below, marked out of date. " +
    "Change an input to try again, or reload the page.",
  copied: "Link copied. Anyone who opens it sees these inputs.",
  copyByHand: "The link to these inputs is now in the address bar: copy it from there.",
};

// ---- JSON paths and payloads (pure functions) -------------------------------------------------

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

// A number the visitor typed as text, as a number; anything else stays text for Python to judge.
function numberOrText(text) {
  if (!NUMBER_TEXT.test(text)) return text;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

// The payload value of one control: { value } or null when it contributes nothing.
export function controlValue(control) {
  const kind = control.dataset.kind;
  if (control.type === "radio") return control.checked ? { value: numberOrText(control.value) } : null;
  if (control.type === "checkbox") return { value: control.checked };
  if (control.type === "number") {
    if (control.value !== "") return { value: numberOrText(control.value) };
    return control.validity && control.validity.badInput ? { value: "" } : null; // Python names the problem
  }
  const text = control.value.trim();
  if (text === "") return null;
  if (kind === "number_list" || kind === "number_or_list") {
    const items = text.split(/[\s,;]+/).filter(Boolean).map(numberOrText);
    return { value: kind === "number_or_list" && items.length === 1 ? items[0] : items };
  }
  return { value: text };
}

function namedControls(form) {
  return [...form.elements].filter(
    (control) => control.name && !control.disabled && !["button", "submit", "reset", "fieldset"].includes(control.type),
  );
}

// The JSON payload of a calculator form: input names are JSON paths; every repeatable row is an
// object in its list (so error paths like metrics[1].baseline point at the right row).
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

// The quick estimate (a form with a mode switch, set to "quick") reads the first row of each list
// that has quick fields, without its advanced fields; the calculator's defaults stand for the rest.
// The same rule as quick_payload in mkdocs_calculators/form.py, which pre-renders the page.
function isQuickEstimate(form) {
  const chosen = form.querySelector('input[name="mode"][data-presentation]:checked');
  return Boolean(chosen && chosen.value === "quick");
}

function inQuickEstimate(control) {
  const row = control.closest("[data-row]");
  if (!row || !row.closest("[data-quick]") || control.closest(".calc-advanced")) return false;
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

// ---- Share links: the form's raw field values in the URL fragment ------------------------------

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
  for (const [key, value] of pairs) params.append(key, value);
  return params.toString();
}

class LinkProblem extends Error {}

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
  const pairs = [];
  const rows = new Map();
  const seen = new Set();
  for (const [key, value] of params) {
    if (key === "calculator") continue;
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
  return { pairs, rows };
}

// ---- Per-year lists follow the field that sets their length (the horizon) ----------------------

// The entries of a typed list of numbers, as text (no number is read or computed here).
export function listItems(text) {
  return String(text).split(/[\s,;]+/).filter(Boolean);
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
function resizeLists(form, setter) {
  if (!setter || !setter.name) return;
  const length = Number(setter.value);
  const low = Number(setter.min || 1);
  const high = Number(setter.max || 100);
  if (setter.value === "" || !Number.isInteger(length) || length < low || length > high) return;
  for (const control of form.querySelectorAll(`[data-length="${CSS.escape(setter.name)}"]`)) {
    const items = listItems(control.value);
    const hidden = control.dataset.hiddenYears ? control.dataset.hiddenYears.split(",") : [];
    if (!items.length || (control.dataset.kind === "number_or_list" && items.length === 1 && !hidden.length)) continue;
    const [shown, rest] = resizeYears(items, hidden, length);
    control.value = shown.join(", ");
    if (rest.length) control.dataset.hiddenYears = rest.join(",");
    else delete control.dataset.hiddenYears;
  }
}

// A row field's help shows while it has focus (calculators.css) and stays until another row field
// takes focus: closing it on blur would move the buttons below under the visitor's pointer.
function keepHelpOpen(form, target) {
  const field = target.closest(".calc-row .calc-field");
  if (!field) return;
  for (const open of form.querySelectorAll(".calc-field--help-open")) {
    if (open !== field) open.classList.remove("calc-field--help-open");
  }
  field.classList.add("calc-field--help-open");
}

// ---- Repeatable rows ---------------------------------------------------------------------------

function rowsOf(form, list) {
  const holder = form.querySelector(`[data-rows="${CSS.escape(list)}"]`);
  return holder ? [...holder.querySelectorAll(":scope > [data-row]")] : [];
}

function maxRows(form, list) {
  const group = form.querySelector(`fieldset[data-list="${CSS.escape(list)}"][data-max-rows]`);
  const limit = group ? Number(group.dataset.maxRows) : DEFAULT_MAX_ROWS;
  return Number.isInteger(limit) && limit >= 0 ? limit : DEFAULT_MAX_ROWS;
}

// A new row for `list` at `index`, cloned from its <template> (its `__i__` placeholders filled).
function newRow(form, list, index) {
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
function rebuildRows(form, list, count) {
  const holder = form.querySelector(`[data-rows="${CSS.escape(list)}"]`);
  if (!holder) return;
  for (const row of rowsOf(form, list)) row.remove();
  for (let index = 0; index < count; index += 1) {
    const row = newRow(form, list, index);
    if (row) holder.append(row);
  }
}

function templateHas(form, name) {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d{1,4})\](.*)$/.exec(name);
  if (!match) return false;
  const template = form.querySelector(`template[data-row-template="${CSS.escape(match[1])}"]`);
  const generic = `${match[1]}[${ROW_PLACEHOLDER}]${match[3]}`;
  return Boolean(template && template.content.querySelector(`[name="${CSS.escape(generic)}"]`));
}

function setControl(form, name, value) {
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
function openFilledDetails(form) {
  for (const details of form.querySelectorAll("details")) {
    const filled = [...details.querySelectorAll("input, select, textarea")].some(
      (control) => control.type !== "checkbox" && control.type !== "radio" && control.value !== "",
    );
    if (filled) details.open = true;
  }
}

// Apply parsed share-link state to the form; validates everything before changing anything.
function applyShareState(form, { pairs, rows }) {
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
  for (const [name, value] of pairs) setControl(form, name, value);
  // A link without a mode was made before the quick estimate existed: it holds the full model.
  if (!pairs.some(([name]) => name === "mode") && form.querySelector('input[name="mode"][value="full"]')) {
    setControl(form, "mode", "full");
  }
  openFilledDetails(form);
}

// ---- The shared worker -------------------------------------------------------------------------

const engine = {
  worker: null,
  state: "idle", // idle | loading | ready | error
  stage: "runtime",
  reason: "",
  timer: 0,
  nextId: 1,
  waiting: new Map(), // request id -> calculator
  calculators: new Set(),
};

// Performance marks for the benchmark and for developer tools (no effect on behaviour).
function mark(name) {
  if (typeof performance === "object" && typeof performance.mark === "function") performance.mark(name);
}

function forEachCalculator(action) {
  for (const calculator of engine.calculators) {
    if (calculator.root.isConnected) action(calculator);
    else engine.calculators.delete(calculator);
  }
}

function engineFailed(reason, detail) {
  if (engine.state === "error") return;
  engine.state = "error";
  engine.reason = reason;
  window.clearTimeout(engine.timer);
  console.error(`Calculator start-up failed (${reason}):`, detail);
  if (engine.worker) engine.worker.terminate();
  forEachCalculator((calculator) => calculator.startFailed(reason));
}

function onWorkerMessage(event) {
  const message = event.data || {};
  if (message.type === "progress") {
    engine.stage = message.stage;
    if (message.stage === "ready") {
      mark("calculators:python-ready");
      engine.state = "ready";
      window.clearTimeout(engine.timer);
    }
    forEachCalculator((calculator) => calculator.progress(message.stage));
  } else if (message.type === "result" || message.type === "failure") {
    const calculator = engine.waiting.get(message.id);
    engine.waiting.delete(message.id);
    if (calculator && calculator.root.isConnected) calculator.answered(message);
  } else if (message.type === "error") {
    engineFailed(message.reason || "runtime", message.detail);
  }
}

function onWorkerError(event) {
  event.preventDefault();
  engineFailed(engine.state === "ready" ? "compute" : "worker", event.message || "the worker failed to load or crashed");
}

function onWorkerMessageError() {
  engineFailed("worker", "a message from the worker could not be read");
}

const WORKER_HANDLERS = { message: onWorkerMessage, error: onWorkerError, messageerror: onWorkerMessageError };

// Start the worker, or adopt the one calculator-start.js started while the page was loading
// (with the events it kept until now). window.calculatorsWorker tells that script a worker exists.
function startEngine() {
  if (engine.state !== "idle") return;
  engine.state = "loading";
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    engineFailed("no-wasm", "WebAssembly or Web Workers are not available on this page");
    return;
  }
  engine.timer = window.setTimeout(
    () => engineFailed("timeout", `no answer from the worker after ${STARTUP_TIMEOUT_MS} ms`),
    STARTUP_TIMEOUT_MS,
  );
  const early = window.calculatorsWorker;
  let missed = [];
  if (early && early.worker && typeof early.release === "function") {
    engine.worker = early.worker;
    missed = early.release();
  } else {
    mark("calculators:worker-start");
    try {
      engine.worker = new Worker(WORKER_URL, { type: "module", name: "calculators" });
    } catch (error) {
      engineFailed("worker", error);
      return;
    }
    window.calculatorsWorker = { worker: engine.worker };
  }
  for (const [type, handler] of Object.entries(WORKER_HANDLERS)) engine.worker.addEventListener(type, handler);
  for (const event of missed) WORKER_HANDLERS[event.type](event);
}

function send(calculator, name, payload, currency, site) {
  const id = engine.nextId;
  engine.nextId += 1;
  engine.waiting.set(id, calculator);
  engine.worker.postMessage({ type: "run", id, name, payload, currency, site });
  return id;
}

// ---- One calculator on the page ----------------------------------------------------------------

function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The booking link for Python's booking query: the same page of this site, new query, the
// visitor's utm_* parameters kept. Anything that would leave the site is refused.
export function bookingHref(currentHref, query, base = window.location.href) {
  const url = new URL(currentHref, base);
  const here = new URL(base);
  if (url.origin !== here.origin || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (typeof value === "string" && !UNSAFE_KEYS.has(key)) params.append(key, value);
  }
  for (const [key, value] of url.searchParams) if (key.startsWith("utm_")) params.append(key, value);
  return `${url.pathname}?${params.toString()}`;
}

// The headline figures a visitor watches (the summary bar and the result's tiles), by data-field.
const WATCHED = "[data-summary] [data-field], .calc-tile-value[data-field]";

function shownValues(root) {
  const values = new Map();
  for (const element of root.querySelectorAll(WATCHED)) values.set(element.dataset.field, element.getAttribute("data-value"));
  return values;
}

// Mark the watched figures whose value is not what it was (calculators.css highlights them briefly).
function markChanged(root, before) {
  for (const element of root.querySelectorAll(WATCHED)) {
    const old = before.get(element.dataset.field);
    if (old !== undefined && old !== element.getAttribute("data-value")) {
      element.setAttribute("data-changed", "");
      element.addEventListener("animationend", () => element.removeAttribute("data-changed"), { once: true });
    }
  }
}

// The block's data-site, written by the build: JSON passed to Python as it is; {} if unreadable.
function readSite(root) {
  try {
    const site = JSON.parse(root.dataset.site || "{}");
    return site && typeof site === "object" && !Array.isArray(site) ? site : {};
  } catch {
    return {};
  }
}

class Calculator {
  constructor(root) {
    this.root = root;
    this.name = root.dataset.calculator;
    this.form = root.querySelector("form.calculator-form");
    this.result = root.querySelector(".calculator-result");
    this.statusText = root.querySelector(".calculator-status-text") || root.querySelector(".calculator-status");
    this.progressBar = root.querySelector("progress.calculator-progress");
    this.summary = root.querySelector(".form-errors");
    this.booking = root.querySelector("a[data-booking-link]");
    this.summaryLine = root.querySelector("[data-summary]");
    this.site = readSite(root); // where this page sits and what the result links to, for Python
    this.latest = null; // the last ok response
    this.sentId = 0; // the newest request sent
    this.inFlight = false;
    this.again = false;
    this.restoredFromLink = false;
    // The inputs the result in the page was worked out from at build time (block.py).
    this.renderedFrom = root.dataset.renderedFrom || null;
  }

  mount() {
    this.restoreFromLink();
    this.followOutputHeight();
    this.form.addEventListener("input", (event) => {
      resizeLists(this.form, event.target);
      this.changed();
    });
    this.form.addEventListener("change", () => this.changed());
    this.form.addEventListener("focusin", (event) => keepHelpOpen(this.form, event.target));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.changed();
    });
    this.root.addEventListener("click", (event) => this.clicked(event));
    this.button("copy-link", true);
    engine.calculators.add(this);
    if (engine.state === "error") return this.startFailed(engine.reason);
    this.setStatus("loading");
    if (engine.state === "ready") {
      this.compute(); // the worker is already running (an instant navigation): reuse it
    } else {
      this.progress(engine.stage);
      startEngine();
    }
  }

  button(action, enabled) {
    for (const button of this.root.querySelectorAll(`[data-action="${action}"]`)) button.disabled = !enabled;
  }

  setStatus(status) {
    this.root.dataset.status = status;
  }

  say(text) {
    if (this.statusText) this.statusText.textContent = text;
  }

  progress(stage) {
    if (this.root.dataset.status !== "loading") return;
    if (this.progressBar) {
      this.progressBar.hidden = false;
      this.progressBar.value = { runtime: 15, packages: 75, ready: 95 }[stage] || 5;
    }
    this.say(stage === "packages" || stage === "ready" ? MESSAGES.packages : MESSAGES.loading);
    if (stage === "ready") this.compute();
  }

  startFailed(reason) {
    this.setStatus("error");
    if (this.progressBar) this.progressBar.hidden = true;
    this.say(MESSAGES[reason] || MESSAGES.runtime);
  }

  // A radio click fires both "input" and "change", and a text field fires "change" on blur after
  // its "input": only inputs that differ from the request last sent go to Python.
  changed() {
    if (engine.state !== "ready") return;
    const inputs = this.readInputs();
    if (inputs.key !== this.sentKey) this.compute(inputs);
  }

  readInputs() {
    const payload = readPayload(this.form);
    const select = this.form.querySelector("[data-presentation][name=currency]");
    const currency = select ? select.value : "";
    return { payload, currency, key: JSON.stringify([payload, currency]) };
  }

  // Coalesced recompute: one request in flight at a time; changes meanwhile send the latest once.
  compute(inputs = this.readInputs()) {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.again = false;
    this.payload = inputs.payload;
    this.sentKey = inputs.key;
    // Only the first run can match the page's pre-rendered inputs; after it, never again.
    this.sentRendered = this.renderedFrom !== null && canonicalJson([inputs.payload, inputs.currency]) === this.renderedFrom;
    this.renderedFrom = null;
    this.sentId = send(this, this.name, inputs.payload, inputs.currency, this.site);
  }

  answered(message) {
    this.inFlight = false;
    if (this.again) {
      this.compute(); // the inputs changed meanwhile: this answer is already out of date
      return;
    }
    if (message.type === "failure") {
      console.error(`Calculator ${this.name}: Python raised during a recompute:`, message.detail);
      this.markStale(true);
      this.setStatus("error");
      this.say(MESSAGES.compute);
      return;
    }
    const response = message.response || {};
    this.showErrors(response.ok ? [] : response.errors || []);
    if (response.ok && typeof response.html === "string") {
      this.latest = { payload: this.payload, response };
      const before = shownValues(this.root);
      // The same inputs as the page's build-time result give the same HTML (same Python, same
      // view): it stays, and the page is spared re-parsing and laying out the whole result.
      if (!this.sentRendered || this.result.hasAttribute("data-stale")) {
        this.result.innerHTML = response.html; // rendered by calculators.web in our wheel
        if (this.summaryLine && typeof response.summary === "string") this.summaryLine.innerHTML = response.summary;
      }
      this.sentRendered = false;
      this.showProgress(response.progress);
      markChanged(this.root, before);
      this.markStale(false);
      this.updateBooking(response.booking);
      this.button("download-csv", true);
      this.button("download-json", true);
    } else {
      this.markStale(true);
    }
    if (this.root.dataset.status !== "ready") {
      mark(`calculators:${this.name}:first-result`);
      this.setStatus("ready");
      if (this.progressBar) this.progressBar.hidden = true;
    }
    this.say(MESSAGES.ready);
    this.root.dispatchEvent(new CustomEvent("calculator:result", { bubbles: true, detail: { name: this.name, ok: Boolean(response.ok) } }));
  }

  // Python's text of how far each part of the form is filled in, by data-progress key.
  showProgress(progress) {
    if (!progress || typeof progress !== "object") return;
    for (const slot of this.form.querySelectorAll("[data-progress]")) {
      const text = progress[slot.dataset.progress];
      if (typeof text === "string") slot.textContent = text;
    }
  }

  markStale(stale) {
    this.result.toggleAttribute("data-stale", stale);
    this.root.toggleAttribute("data-stale", stale);
  }

  updateBooking(query) {
    if (!this.booking || !query) return;
    const href = bookingHref(this.booking.getAttribute("href"), query);
    if (href) this.booking.setAttribute("href", href);
  }

  // Python's validation errors beside their fields; errors with no field go to the summary.
  showErrors(errors) {
    for (const slot of this.form.querySelectorAll(".field-error")) {
      slot.textContent = "";
      slot.hidden = true;
    }
    for (const control of this.form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    const leftOver = [];
    for (const error of errors) {
      const slot = this.errorSlot(String(error.field || ""));
      const message = String(error.message || "");
      if (!slot) {
        leftOver.push(error);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      slot.hidden = false;
      // aria-invalid on the form controls the slot describes (not on a fieldset, where it is not allowed)
      for (const control of this.form.querySelectorAll("input[aria-describedby], select[aria-describedby], textarea[aria-describedby]")) {
        if (control.getAttribute("aria-describedby").split(/\s+/).includes(slot.id)) control.setAttribute("aria-invalid", "true");
      }
    }
    if (!this.summary) return;
    this.summary.replaceChildren();
    this.summary.hidden = leftOver.length === 0;
    if (leftOver.length) {
      const list = document.createElement("ul");
      for (const error of leftOver) {
        const item = document.createElement("li");
        item.textContent = error.field ? `${error.field}: ${error.message}` : String(error.message);
        list.append(item);
      }
      this.summary.append(list);
    }
  }

  // The slot for an error path, or for the nearest enclosing path that has one
  // (annual_costs[0].amount[2] -> annual_costs[0].amount).
  errorSlot(field) {
    let path = field;
    while (path) {
      const slot = this.form.querySelector(`.field-error[data-error-for="${CSS.escape(path)}"]`);
      if (slot) return slot;
      const shorter = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
      if (shorter === path) break;
      path = shorter;
    }
    return null;
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !this.root.contains(button)) return;
    const action = button.dataset.action;
    if (action === "add-row") this.addRow(button.dataset.list);
    else if (action === "remove-row") this.removeRow(button);
    else if (action === "clear-answer") this.clearAnswer(button);
    else if (action === "copy-link") this.copyLink();
    else if (action === "download-csv" && this.latest) {
      download(`${this.name}-result.csv`, "text/csv;charset=utf-8", this.latest.response.csv);
    } else if (action === "download-json" && this.latest) {
      const record = { calculator: this.name, inputs: this.latest.payload, result: this.latest.response.result };
      download(`${this.name}-result.json`, "application/json", `${JSON.stringify(record, null, 2)}\n`);
    }
  }

  // On a wide screen the result column stays in view beside the form; calculators.css gives the
  // form room below its last input to keep it there, sized by the column's height (read here).
  followOutputHeight() {
    const output = this.root.querySelector(".calculator-output");
    if (!output || typeof ResizeObserver !== "function") return;
    const publish = () => this.root.style.setProperty("--calc-output-height", `${output.offsetHeight}px`);
    new ResizeObserver(publish).observe(output);
  }

  // Back to unanswered: the question's choices are unchecked, and Python hears of it.
  clearAnswer(button) {
    const question = button.closest(".calc-question");
    if (!question) return;
    for (const choice of question.querySelectorAll("input[type=radio]")) choice.checked = false;
    this.changed();
  }

  addRow(list) {
    const holder = this.form.querySelector(`[data-rows="${CSS.escape(list)}"]`);
    const index = rowsOf(this.form, list).length;
    if (!holder || index >= maxRows(this.form, list)) return;
    const row = newRow(this.form, list, index);
    if (!row) return;
    holder.append(row);
    const added = rowsOf(this.form, list)[index];
    const first = added && added.querySelector("input, select, textarea");
    if (first) first.focus();
    this.changed();
  }

  // Remove a row: the rows after it move up one place, so their names and ids are renumbered
  // by rebuilding the list from the template with the remaining values.
  removeRow(button) {
    const row = button.closest("[data-row]");
    if (!row) return;
    const list = row.dataset.row;
    const rows = rowsOf(this.form, list);
    const removed = rows.indexOf(row);
    const kept = [];
    rows.forEach((each, index) => {
      if (index === removed) return;
      const prefix = `${list}[${index}]`;
      const newPrefix = `${list}[${kept.length}]`;
      const state = snapshotFields(this.form).filter(
        ([name]) => name.startsWith(prefix) && (name[prefix.length] === "." || name[prefix.length] === "["),
      );
      kept.push(state.map(([name, value]) => [newPrefix + name.slice(prefix.length), value]));
    });
    rebuildRows(this.form, list, kept.length);
    for (const pairs of kept) for (const [name, value] of pairs) setControl(this.form, name, value);
    openFilledDetails(this.form);
    const next = rowsOf(this.form, list)[Math.min(removed, kept.length - 1)];
    const focus = (next && next.querySelector("input, select, textarea")) ||
      this.form.querySelector(`[data-action="add-row"][data-list="${CSS.escape(list)}"]`);
    if (focus) focus.focus();
    this.changed();
  }

  notice(text) {
    let notice = this.root.querySelector(".calculator-notice");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "calculator-notice";
      notice.setAttribute("role", "status");
      (this.form || this.root).before(notice);
    }
    notice.textContent = text;
  }

  async copyLink() {
    const fragment = shareFragment(this.name, snapshotFields(this.form));
    const url = new URL(window.location.href);
    url.hash = fragment;
    window.history.replaceState(window.history.state, "", url.href);
    // Said at once: the clipboard may wait on a permission prompt, or never answer.
    this.notice(MESSAGES.copyByHand);
    try {
      await navigator.clipboard.writeText(url.href);
      this.notice(MESSAGES.copied);
    } catch {
      this.notice(MESSAGES.copyByHand);
    }
  }

  restoreFromLink() {
    let state;
    try {
      // Share state lives after the "#"; the same fields in the query string (an edited or
      // crafted link) are not read, and the visitor is told.
      if (new URLSearchParams(window.location.search).has("calculator") && !window.location.hash.includes("=")) {
        throw new LinkProblem("its inputs are not after the # of the address");
      }
      state = parseShareFragment(window.location.hash.slice(1), this.name);
      if (!state) return;
      applyShareState(this.form, state);
    } catch (error) {
      if (!(error instanceof LinkProblem)) console.error("Calculator link could not be read:", error);
      const reason = error instanceof LinkProblem ? error.message : "it is not valid";
      this.notice(`The inputs in this link could not be used (${reason}), so the calculator shows its example inputs.`);
      return;
    }
    this.restoredFromLink = true;
    this.markStale(true);
    this.notice(MESSAGES.restored);
  }
}

// ---- Mounting ----------------------------------------------------------------------------------

const mounted = new WeakSet();

export function mountCalculators(scope = document) {
  for (const root of scope.querySelectorAll("[data-calculator]")) {
    if (mounted.has(root) || !root.querySelector("form.calculator-form") || !root.querySelector(".calculator-result")) continue;
    mounted.add(root);
    new Calculator(root).mount();
  }
}

// Material's document$ emits after the first load and after each instant navigation. On a page
// with a calculator, Python starts as soon as this module runs (the document is parsed by then),
// not after document$ has fired and the forms have mounted.
if (typeof window !== "undefined") {
  if (document.querySelector("[data-calculator]")) startEngine();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => mountCalculators());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => mountCalculators());
  } else {
    mountCalculators();
  }
}
