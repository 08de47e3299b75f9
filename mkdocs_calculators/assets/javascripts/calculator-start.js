// Starts the calculators' Python worker while the page is still loading.
//
// A classic script, placed by overrides/main.html right after the content of a page that has a
// calculator: the browser runs it as soon as the parser reaches it (the page's CSS has loaded
// by then, so first render is not delayed), before Material's bundle and the page's modules.
// Pyodide then downloads and boots while they run. calculators.js adopts this worker
// (startEngine, in calculator-engine.js) along with any message it sent before calculators.js
// was listening.
// Material re-runs scripts in the content after an instant navigation: the flag stops a second
// worker. Where this script does not run, calculators.js starts the worker itself.
// It also copies the history entry's state as the page arrives, before Material's bundle can
// replace it: the visitor's inputs kept there (calculator-history.js reads the copy).
(function () {
  "use strict";
  window.calculatorsEntryState = { page: location.pathname + location.search, state: history.state };
  if (window.calculatorsWorker || typeof Worker !== "function" || typeof WebAssembly !== "object") return;
  var url = new URL("calculator-worker.js", document.currentScript.src);
  var early = { worker: null, events: [] };
  function keep(event) {
    if (event.type === "error") event.preventDefault(); // reported by calculators.js, in plain words
    early.events.push(event);
  }
  try {
    if (typeof performance === "object" && performance.mark) performance.mark("calculators:worker-start");
    early.worker = new Worker(url, { type: "module", name: "calculators" });
  } catch (error) {
    return; // calculators.js tries again and reports the failure
  }
  early.worker.addEventListener("message", keep);
  early.worker.addEventListener("error", keep);
  early.worker.addEventListener("messageerror", keep);
  early.release = function () {
    early.worker.removeEventListener("message", keep);
    early.worker.removeEventListener("error", keep);
    early.worker.removeEventListener("messageerror", keep);
    return early.events.splice(0);
  };
  window.calculatorsWorker = early;
})();
