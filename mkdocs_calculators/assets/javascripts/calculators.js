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
//   * "Copy link" puts the inputs in the URL fragment, and opening such a link restores them;
//   * keeps the inputs in the page's history entry, so a reload, Back and Forward find them;
//   * moves within the page for links within it, where the theme would load the page again.
// It does no arithmetic and formats no number: everything shown comes from Python. The only
// HTML it inserts is the worker's answer, rendered by our own wheel; text from the visitor or
// from a link only ever goes into form values and textContent.
//
// data-status: static -> loading -> ready | error. Failures (no WebAssembly, the runtime not
// found, a worker crash, a start-up that never finishes) leave the pre-rendered result and the
// booking link in place, say what to try in plain words, and log the detail to the console.
//
// This module mounts the blocks and starts the worker; the work is in the modules it imports,
// from the same folder:
//   calculator-payload.js     the form's JSON payload (names are JSON paths)
//   calculator-share-link.js  "Copy link" and restoring a link's inputs
//   calculator-year-lists.js  per-year lists that follow the horizon
//   calculator-rows.js        repeatable rows from their <template>
//   calculator-engine.js      the shared worker: start, failures, requests
//   calculator-block.js       class Calculator: one block on the page
//   calculator-history.js     the inputs kept in the page's history entry
//   calculator-page-links.js  links within the page move within it
// It also re-exports the functions that tests and the browser tests import from calculators.js.

import { Calculator } from "./calculator-block.js";
import { startEngine } from "./calculator-engine.js";
import { arrive, guardHistoryState } from "./calculator-history.js";
import { followInPageLinks } from "./calculator-page-links.js";

export { canonicalJson, controlValue, parsePath, readPayload, setPath } from "./calculator-payload.js";
export { fractionToPercentText, parseShareFragment, shareFragment, snapshotFields } from "./calculator-share-link.js";
export { listItems, resizeYears } from "./calculator-year-lists.js";
export { bookingHref } from "./calculator-block.js";

// ---- Mounting ----------------------------------------------------------------------------------

const mounted = new WeakSet();

export function mountCalculators(scope = document) {
  const roots = [...scope.querySelectorAll("[data-calculator]")].filter(
    (root) => !mounted.has(root) && root.querySelector("form.calculator-form") && root.querySelector(".calculator-result"),
  );
  if (roots.length) arrive(); // a page with calculators has arrived: its history entry's inputs
  for (const root of roots) {
    mounted.add(root);
    new Calculator(root).mount();
  }
}

// Material's document$ emits after the first load and after each instant navigation. On a page
// with a calculator, Python starts as soon as this module runs (the document is parsed by then),
// not after document$ has fired and the forms have mounted.
if (typeof window !== "undefined") {
  if (document.querySelector("[data-calculator]")) startEngine();
  guardHistoryState();
  followInPageLinks();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => mountCalculators());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => mountCalculators());
  } else {
    mountCalculators();
  }
}
