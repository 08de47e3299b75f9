// Loads the calculators' page script (calculators.js and the calculator-*.js modules it imports,
// 41 KB together) only where a page has a calculator.
//
// A calculator page runs calculators.js from its <head> (overrides/partials/calculator-assets.html);
// every other page skips it. But a visitor can reach a calculator page by Material's instant
// navigation, which swaps the page in without running <head> scripts: so every page loads this
// module, which imports calculators.js the first time document$ emits with a [data-calculator]
// block in the page. A module runs once per URL, so on a calculator page the import is the
// module already running; calculators.js's own document$ subscription mounts later pages.

const SCRIPT_URL = new URL("./calculators.js", import.meta.url).href;
let loading = null;

function loadIfNeeded() {
  if (loading || !document.querySelector("[data-calculator]")) return;
  loading = import(SCRIPT_URL).catch((error) => {
    loading = null; // retried on the next page with a calculator
    console.error("The calculators' script could not be loaded:", error);
  });
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(loadIfNeeded);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", loadIfNeeded);
} else {
  loadIfNeeded();
}
