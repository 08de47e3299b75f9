// The visitor's inputs kept in the page's own history entry (history.state), so that a reload,
// Back and Forward, and leaving by the theme's instant navigation and coming back all find them
// as they were. Nothing is stored anywhere else (no cookie, no Web Storage): the entry's state
// lives and dies with the tab's history. Part of calculators.js.
//
// The state under KEY is { id, inputs: { <calculator name>: { fields, hidden } } }: `fields` is
// the form in the share-link format (calculator-share-link.js), so it is checked the same way
// when it is read back; `hidden` holds the per-year entries a shorter horizon put aside.
//
// Material for MkDocs replaces the entry's whole state with its own as the visitor scrolls
// ({x, y}, to restore the offset), as the table of contents follows the page ({}), and just
// before an instant navigation leaves the page. guardHistoryState() makes every such write for
// the same page keep our key; calculator-start.js copies the state as the page arrives, before
// Material's bundle runs and can replace it (arrive() reads that copy).

import { namedControls } from "./calculator-payload.js";
import { applyShareState, parseShareFragment, shareFragment, snapshotFields } from "./calculator-share-link.js";

export const KEY = "calculatorInputs";
const WRITE_DELAY_MS = 200; // typing writes once it pauses (browsers throttle many writes a second)

let kept = null; // { id, page, inputs } of the entry the page shows
let timer = 0;

function here() {
  return window.location.pathname + window.location.search;
}

function held(state) {
  const value = state && typeof state === "object" ? state[KEY] : null;
  if (!value || typeof value !== "object" || typeof value.id !== "string") return null;
  return value.inputs && typeof value.inputs === "object" ? value : null;
}

function samePage(url) {
  if (url === undefined || url === null) return true;
  try {
    const next = new URL(url, window.location.href);
    return next.origin === window.location.origin && next.pathname + next.search === here();
  } catch {
    return false;
  }
}

// Other scripts' history.replaceState for the same page keep this entry's inputs.
export function guardHistoryState() {
  if (window.history.replaceState.calculatorsGuard) return;
  const replace = window.history.replaceState;
  const guarded = function replaceState(state, unused, url) {
    const before = held(window.history.state);
    if (before && !held(state) && typeof state === "object" && !Array.isArray(state) && samePage(url)) {
      const inputs = kept && kept.id === before.id ? stateOf(kept) : before;
      state = { ...(state || {}), [KEY]: inputs };
    }
    return replace.call(this, state, unused, url);
  };
  guarded.calculatorsGuard = true;
  window.history.replaceState = guarded;
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
}

function stateOf(entry) {
  return { id: entry.id, inputs: entry.inputs };
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

// A page with a calculator has arrived (a load, or an instant navigation): adopt what its history
// entry holds, or start it, and write it back at once (Material may have replaced it meanwhile).
export function arrive() {
  const early = window.calculatorsEntryState;
  delete window.calculatorsEntryState;
  const found = held(window.history.state) || (early && early.page === here() ? held(early.state) : null);
  kept = { id: found ? found.id : newId(), page: here(), inputs: found ? { ...found.inputs } : {} };
  write();
}

function write() {
  window.clearTimeout(timer);
  timer = 0;
  if (!kept || kept.page !== here()) return;
  const state = window.history.state;
  const current = held(state);
  if (current && current.id !== kept.id) return; // another entry of the same page: not ours
  const base = state && typeof state === "object" && !Array.isArray(state) ? state : {};
  window.history.replaceState({ ...base, [KEY]: stateOf(kept) }, "");
}

function flush() {
  if (timer) write();
}

// The form of calculator `name` as it is now, kept for this entry (written once typing pauses).
export function keepInputs(name, form) {
  if (!kept || kept.page !== here()) return;
  const hidden = [];
  for (const control of form.querySelectorAll("[data-hidden-years]")) hidden.push([control.name, control.dataset.hiddenYears]);
  kept.inputs = { ...kept.inputs, [name]: { fields: shareFragment(name, snapshotFields(form)), hidden } };
  window.clearTimeout(timer);
  timer = window.setTimeout(write, WRITE_DELAY_MS);
}

// Put back the inputs this entry holds for calculator `name`; true when it held some and they
// were used. Anything unusable is dropped (the form keeps its example), never half applied.
export function restoreInputs(name, form) {
  const entry = kept && kept.page === here() ? kept.inputs[name] : null;
  if (!entry || typeof entry.fields !== "string") return false;
  let state;
  try {
    state = parseShareFragment(entry.fields, name);
    if (!state) return false;
    applyShareState(form, state);
  } catch (error) {
    console.error(`Calculator ${name}: the inputs kept for this page could not be used:`, error);
    return false;
  }
  // A question left unanswered has no pair: its choices are cleared, not left at the example's.
  const answered = new Set(state.pairs.map(([key]) => key));
  for (const control of namedControls(form)) {
    if (control.type === "radio" && !answered.has(control.name)) control.checked = false;
  }
  for (const [fieldName, years] of Array.isArray(entry.hidden) ? entry.hidden : []) {
    const control = typeof fieldName === "string" ? form.elements.namedItem(fieldName) : null;
    if (control && control.dataset && typeof years === "string") control.dataset.hiddenYears = years;
  }
  return true;
}
