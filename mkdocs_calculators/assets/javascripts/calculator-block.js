// One calculator block on the page (class Calculator): reads its form on every change, sends
// it to the shared worker and shows Python's answer, its errors, its status; adds and removes
// rows; copies and restores share links. Part of calculators.js, which states what the page
// script does and does not do. A questionnaire's actions on all its answers
// (calculator-answers.js) and the downloads (calculator-downloads.js) are methods of the class
// kept in modules of their own.

import { answerAction, answerMethods } from "./calculator-answers.js";
import { downloadAction, downloadMethods } from "./calculator-downloads.js";
import { engine, mark, send, startEngine } from "./calculator-engine.js";
import { canonicalJson, readPayload, UNSAFE_KEYS } from "./calculator-payload.js";
import { keepHelpOpen, maxRows, newRow, openFilledDetails, rebuildRows, rowsOf, setControl } from "./calculator-rows.js";
import { applyShareState, LinkProblem, parseShareFragment, shareFragment, snapshotFields } from "./calculator-share-link.js";
import { keepInputs, restoreInputs } from "./calculator-history.js";
import { resizeLists } from "./calculator-year-lists.js";

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

export class Calculator {
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
    this.latest = null; // the last ok response, with the payload and currency it answers
    this.workbookId = 0; // the workbook request in flight, if any
    this.sentId = 0; // the newest request sent
    this.inFlight = false;
    this.again = false;
    this.restoredFromLink = false;
    // The inputs the result in the page was worked out from at build time (block.py).
    this.renderedFrom = root.dataset.renderedFrom || null;
  }

  mount() {
    if (!this.restoreFromHistory()) this.restoreFromLink();
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
    this.mountAnswerActions();
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
    if (this.workbookId) this.workbookFailed();
    this.setStatus("error");
    if (this.progressBar) this.progressBar.hidden = true;
    this.say(MESSAGES[reason] || MESSAGES.runtime);
  }

  // A radio click fires both "input" and "change", and a text field fires "change" on blur after
  // its "input": only inputs that differ from the request last sent go to Python.
  changed() {
    keepInputs(this.name, this.form); // in this page's history entry (calculator-history.js)
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
    this.currency = inputs.currency;
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
      this.latest = { payload: this.payload, currency: this.currency, response };
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
      this.button("download-workbook", !this.workbookId);
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
    else if (action === "copy-link") this.copyLink();
    else answerAction(this, action, button) || downloadAction(this, action);
  }

  // The line beside the action buttons (a live region): a workbook's progress, or why it failed.
  actionStatus(text, tone = "") {
    const slot = this.root.querySelector(".calc-action-status");
    if (!slot) return;
    slot.textContent = text;
    if (tone) slot.dataset.tone = tone;
    else delete slot.dataset.tone;
  }

  // On a wide screen the result column stays in view beside the form; calculators.css gives the
  // form room below its last input to keep it there, sized by the column's height (read here).
  followOutputHeight() {
    const output = this.root.querySelector(".calculator-output");
    if (!output || typeof ResizeObserver !== "function") return;
    const publish = () => this.root.style.setProperty("--calc-output-height", `${output.offsetHeight}px`);
    new ResizeObserver(publish).observe(output);
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
    // Said at once: the clipboard may wait on a permission prompt, or never answer.
    this.notice(MESSAGES.copyByHand);
    try {
      window.history.replaceState(window.history.state, "", url.href);
    } catch (error) {
      // Safari throws when a page updates its address too often; the clipboard still gets the link.
      console.warn("Calculator link: the address bar could not be updated:", error);
    }
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
      this.notice(`The inputs in this link could not be used (${reason}), so the calculator shows the inputs it opens with.`);
      return;
    }
    this.restoredFromLink = true;
    this.markStale(true);
    this.notice(MESSAGES.restored);
  }

  // The inputs this page's history entry holds (a reload, Back or Forward): they win over a
  // share link in the address, which is where the visitor started from, not where they are.
  restoreFromHistory() {
    if (!restoreInputs(this.name, this.form)) return false;
    this.markStale(true); // the page's result is the example's until Python answers
    return true;
  }
}

// The methods kept in modules of their own.
Object.assign(Calculator.prototype, answerMethods, downloadMethods);
