// The optional analytics hook: off until a site owner wires it to the tool of their choice.
//
// This module sends nothing, stores nothing and loads nothing. It only turns two things a
// visitor does into one DOM event, "site:analytics", dispatched on `document`:
//   * a click on a call to action, any element with a `data-cta` attribute
//       detail: { action: "cta-click", cta: "<its data-cta>", href: "<its href>" }
//   * a calculator completed: the first result Python returns after the visitor changed an input
//       detail: { action: "calculator-complete", calculator: "<name>", result: { ...booking query } }
//     (the booking query is the summary the booking link carries: score and stage, or the NPV
//     band; never the visitor's answers).
// To count them, add one listener in a script of your own, for example:
//   document.addEventListener("site:analytics", (event) => plausible(event.detail.action, { props: event.detail }));
// and allow that tool's host in the Content Security Policy (hooks/static_headers.py).

export const EVENT = "site:analytics";

function emit(detail) {
  document.dispatchEvent(new CustomEvent(EVENT, { detail }));
}

// The booking query of a calculator's booking link, without the visitor's UTM values.
function bookingSummary(root) {
  const link = root.querySelector("a[data-booking-link]");
  if (!link) return {};
  const summary = {};
  for (const [key, value] of new URL(link.getAttribute("href"), window.location.href).searchParams) {
    if (!key.startsWith("utm_")) summary[key] = value;
  }
  return summary;
}

const touched = new WeakSet(); // calculators whose inputs the visitor changed
const completed = new WeakSet(); // calculators already reported complete on this page

function calculatorOf(target) {
  return target instanceof Element ? target.closest("[data-calculator]") : null;
}

function markTouched(event) {
  const root = calculatorOf(event.target);
  if (root && event.isTrusted) touched.add(root);
}

// Listeners on `document` survive Material's instant navigation; a module runs once per load.
document.addEventListener("click", (event) => {
  const cta = event.target instanceof Element ? event.target.closest("[data-cta]") : null;
  if (cta) emit({ action: "cta-click", cta: cta.dataset.cta, href: cta.getAttribute("href") || "" });
});
document.addEventListener("input", markTouched, true);
document.addEventListener("change", markTouched, true);
document.addEventListener("calculator:result", (event) => {
  const root = calculatorOf(event.target);
  if (!root || !touched.has(root) || completed.has(root) || !(event.detail && event.detail.ok)) return;
  completed.add(root);
  emit({ action: "calculator-complete", calculator: root.dataset.calculator, result: bookingSummary(root) });
});
