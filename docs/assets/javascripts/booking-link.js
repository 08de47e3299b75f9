// Carries the visitor's UTM parameters into every booking link (<a data-booking-link>), and on
// the book page shows (and carries) the calculator results its address names, as each calculator's
// booking keys allow (the page's data-calculators).
//
// The links already work without JavaScript: the build writes the configured booking URL
// (extra.booking: a Cal.com, Calendly or other scheduling page, or a mailto:) into them, with a
// campaign page's default UTM values. A scheduling provider with a booking form of its own
// (Cal.com, Calendly) gets the calculator results in its own fields: the build names them in the
// link's data-booking-prefill (macros/booking.py, prefill_fields). This module only adds
// the UTM parameters of the address the visitor landed on, kept in this module's memory so they
// survive Material's instant navigation (the page, and so the module, stays loaded). Nothing is
// written to cookies or storage: a reload or a new tab starts afresh (tests/test_privacy.py).
// It moves strings; it does no arithmetic.

const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
let remembered = []; // the landing address's UTM pairs, for as long as this page lives

// A key the build-time data knows, as its own property (never "__proto__" and the like).
const known = (table, key) =>
  typeof key === "string" && table !== null && typeof table === "object" && Object.prototype.hasOwnProperty.call(table, key);

// Whether `value` is one a booking key allows: one of its values, or a whole match of its pattern.
function allows(spec, value) {
  if (typeof value !== "string") return false;
  if (spec.values) return known(spec.values, value);
  return typeof spec.pattern === "string" && new RegExp(`^(?:${spec.pattern})$`).test(value);
}

// How the book page states an accepted value: its text, per the `by` key's value where it has one.
function textOf(spec, value, accepted) {
  if (!spec.values) return value;
  const text = spec.values[value];
  if (!spec.by || typeof text === "string") return text;
  return known(text, accepted.get(spec.by)) ? text[accepted.get(spec.by)] : Object.values(text)[0];
}

// The calculator results in a query string, checked against the booking keys each calculator
// declares (calculators.web.booking_keys, in the element's data-calculators): [pairs for the
// booking link, the line to show, the summary the line states]. Anything unknown or malformed is
// dropped; nothing else in the query is read, and no calculator is named here.
export function resultsFromSearch(search, calculators) {
  const params = new URLSearchParams(search);
  const calculator = params.get("calculator");
  if (!known(calculators, calculator) || !Array.isArray(calculators[calculator])) return [[], "", ""];
  const specs = calculators[calculator].filter((spec) => spec && typeof spec.key === "string");
  const accepted = new Map();
  for (const spec of specs) {
    if (allows(spec, params.get(spec.key))) accepted.set(spec.key, params.get(spec.key));
  }
  const pairs = [];
  const parts = [];
  for (const spec of specs) {
    if (!accepted.has(spec.key) || (spec.requires && !accepted.has(spec.requires))) continue;
    pairs.push([spec.key, accepted.get(spec.key)]);
    if (spec.text) parts.push(spec.text.replace("{}", textOf(spec, accepted.get(spec.key), accepted)));
  }
  if (!parts.length) return [[], "", ""];
  const summary = parts.join(", ");
  return [[["calculator", calculator], ...pairs], `You are booking about: ${summary}`, summary];
}

// The book page's results element: its line shown; [its pairs, its summary] for the booking links.
function showResults() {
  const element = document.querySelector("[data-booking-results]");
  if (!element) return [[], ""];
  let pairs = [];
  let line = "";
  let summary = "";
  try {
    [pairs, line, summary] = resultsFromSearch(window.location.search, JSON.parse(element.dataset.calculators || "{}"));
  } catch {
    pairs = [];
    line = "";
    summary = "";
  }
  element.textContent = line;
  element.hidden = !line;
  element.dataset.state = line ? "shown" : "empty"; // for tests: the address has been read
  return [pairs, summary];
}

// The UTM pairs in a query string, in the canonical key order.
export function utmFromSearch(search) {
  const params = new URLSearchParams(search);
  return UTM_KEYS.filter((key) => params.get(key)).map((key) => [key, params.get(key)]);
}

// The landing page's UTM pairs: from this address if it has any, else those remembered.
function visitUtm() {
  const fromAddress = utmFromSearch(window.location.search);
  if (fromAddress.length) remembered = fromAddress;
  return remembered;
}

// A mailto: link keeps the UTM values and the results as one "Ref:" line in its body, as the
// build writes it: the UTM pairs first (the visitor's replace a campaign's), then the rest in order.
export function mailtoWithUtm(href, utm) {
  const [address, query = ""] = href.split("?");
  const fields = new Map(
    query.split("&").filter(Boolean).map((field) => {
      const at = field.indexOf("=");
      return [field.slice(0, at), decodeURIComponent(field.slice(at + 1))];
    }),
  );
  const ref = new Map(new URLSearchParams((fields.get("body") || "").replace(/^Ref: /, "")));
  for (const [key, value] of utm) ref.set(key, value);
  const keys = [...UTM_KEYS.filter((key) => ref.has(key)), ...[...ref.keys()].filter((key) => !UTM_KEYS.includes(key))];
  fields.set("body", `Ref: ${keys.map((key) => `${key}=${ref.get(key)}`).join("&")}`);
  const encoded = [...fields].map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return `${address}?${encoded.join("&")}`;
}

// The booking href with the visitor's UTM values added (they replace a campaign's defaults),
// and on the book page the checked calculator results (the same way: query, or the Ref line).
export function withUtm(href, utm) {
  if (!utm.length) return href;
  if (href.startsWith("mailto:")) return mailtoWithUtm(href, utm);
  const url = new URL(href, window.location.href);
  for (const [key, value] of utm) url.searchParams.set(key, value);
  return url.href;
}

// The results in a scheduling provider's own booking form fields, as the build named them
// (data-booking-prefill): the summary into `fields.text`, each pair into `fields.pairs` with
// its key in place of "{key}". The pairs are those resultsFromSearch accepted: only a key a
// calculator declares reaches a field name.
export function withPrefill(href, fields, pairs, summary) {
  const url = new URL(href, window.location.href);
  if (typeof fields.text === "string" && fields.text && summary) url.searchParams.set(fields.text, summary);
  if (typeof fields.pairs === "string" && fields.pairs.includes("{key}")) {
    for (const [key, value] of pairs) url.searchParams.set(fields.pairs.replace("{key}", key), value);
  }
  return url.href;
}

// A link's prefill fields (data-booking-prefill), or null: the results then travel as the UTM
// values do (query parameters, or the mailto: Ref line).
function prefillOf(link) {
  try {
    const fields = JSON.parse(link.dataset.bookingPrefill || "null");
    return fields && typeof fields === "object" ? fields : null;
  } catch {
    return null;
  }
}

// Material's document$ (absent when Node's tests import this module for its pure functions).
globalThis.document$?.subscribe(() => {
  const utm = visitUtm();
  const [results, summary] = showResults();
  for (const link of document.querySelectorAll("a[data-booking-link]")) {
    const href = link.getAttribute("href");
    const fields = prefillOf(link);
    const withVisit = withUtm(href, fields ? utm : [...utm, ...results]);
    link.href = fields && results.length ? withPrefill(withVisit, fields, results, summary) : withVisit;
  }
});
