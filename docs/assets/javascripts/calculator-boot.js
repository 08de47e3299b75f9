// Starts the calculators' Python worker early, on pages that have a calculator.
//
// overrides/main.html loads this module with `async` from <head> on those pages only, so it runs
// as soon as it has arrived instead of after Material's bundle and DOMContentLoaded. It waits
// for the page's first paint, so the runtime's download never competes with what the visitor
// sees first, and then starts the worker (at DOMContentLoaded at the latest). calculators.js,
// the same module instance, mounts the forms later and reuses that worker.
import { startEngine } from "./calculators.js";

let started = false;

function start() {
  if (started) return;
  started = true;
  startEngine();
}

if (typeof PerformanceObserver === "function" && PerformanceObserver.supportedEntryTypes?.includes("paint")) {
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName("first-contentful-paint").length) {
      observer.disconnect();
      start();
    }
  }).observe({ type: "paint", buffered: true });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
