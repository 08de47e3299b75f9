// Carries the visitor's UTM parameters into every booking link (<a data-booking-link>), and on
// the book page shows (and carries) the calculator results its address names.
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
// What a calculator's booking link ("... about these results") may carry to the book page.
const RESULT_KEYS = ["calculator", "score", "stage", "npv_band", "currency", "measured"];
const REF_KEYS = [...UTM_KEYS, ...RESULT_KEYS];
const SCORE = /^(100(\.0)?|[0-9]{1,2}(\.[0-9])?)$/; // 0 to 100, at most one decimal
const MEASURED = /^(0|[1-9]0|100)$/; // a share in tens (calculators.web.roi.measured_band)
let remembered = []; // the landing address's UTM pairs, for as long as this page lives

// A key the build-time data knows, as its own property (never "__proto__" and the like).
const known = (table, key) => typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key);

// The calculator results in a query string, checked against the book page's build-time data
// (data-stages, data-npv-bands): [pairs for the booking link, the line to show, the summary the
// line states]. Anything unknown or malformed is dropped; nothing else in the query is read.
export function resultsFromSearch(search, stages, npvBands) {
  const params = new URLSearchParams(search);
  const calculator = params.get("calculator");
  const pairs = [];
  const parts = [];
  if (calculator === "readiness") {
    const score = params.get("score");
    const stage = params.get("stage");
    if (score !== null && SCORE.test(score)) {
      pairs.push(["score", score]);
      parts.push(`AI readiness score ${score}`);
    }
    if (known(stages, stage)) {
      pairs.push(["stage", stage]);
      parts.push(`stage ${stages[stage]}`);
    }
  } else if (calculator === "roi") {
    const band = params.get("npv_band");
    if (known(npvBands, band)) {
      const texts = npvBands[band];
      const currency = known(texts, params.get("currency")) ? params.get("currency") : Object.keys(texts)[0];
      pairs.push(["npv_band", band], ["currency", currency]);
      parts.push(`ROI, net present value ${texts[currency]}`);
      const measured = params.get("measured");
      if (measured !== null && MEASURED.test(measured)) {
        pairs.push(["measured", measured]);
        parts.push(`${measured}% of benefits measured against a baseline`);
      }
    }
  }
  if (!pairs.length) return [[], "", ""];
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
    const stages = JSON.parse(element.dataset.stages || "{}");
    const npvBands = JSON.parse(element.dataset.npvBands || "{}");
    [pairs, line, summary] = resultsFromSearch(window.location.search, stages, npvBands);
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

// A mailto: link keeps the UTM values as one "Ref:" line in its body, as the build writes it.
function mailtoWithUtm(href, utm) {
  const [address, query = ""] = href.split("?");
  const fields = new Map(
    query.split("&").filter(Boolean).map((field) => {
      const at = field.indexOf("=");
      return [field.slice(0, at), decodeURIComponent(field.slice(at + 1))];
    }),
  );
  const written = new URLSearchParams((fields.get("body") || "").replace(/^Ref: /, ""));
  const ref = new Map(REF_KEYS.filter((key) => written.get(key)).map((key) => [key, written.get(key)]));
  for (const [key, value] of utm) ref.set(key, value);
  const ordered = REF_KEYS.filter((key) => ref.has(key)).map((key) => `${key}=${ref.get(key)}`);
  fields.set("body", `Ref: ${ordered.join("&")}`);
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
// its key in place of "{key}". Only keys this module knows (RESULT_KEYS) reach a field name.
export function withPrefill(href, fields, pairs, summary) {
  const url = new URL(href, window.location.href);
  if (typeof fields.text === "string" && fields.text && summary) url.searchParams.set(fields.text, summary);
  if (typeof fields.pairs === "string" && fields.pairs.includes("{key}")) {
    for (const [key, value] of pairs) {
      if (RESULT_KEYS.includes(key)) url.searchParams.set(fields.pairs.replace("{key}", key), value);
    }
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

document$.subscribe(() => {
  const utm = visitUtm();
  const [results, summary] = showResults();
  for (const link of document.querySelectorAll("a[data-booking-link]")) {
    const href = link.getAttribute("href");
    const fields = prefillOf(link);
    const withVisit = withUtm(href, fields ? utm : [...utm, ...results]);
    link.href = fields && results.length ? withPrefill(withVisit, fields, results, summary) : withVisit;
  }
});
