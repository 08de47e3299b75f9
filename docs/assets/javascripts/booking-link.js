// Carries the visitor's UTM parameters into every booking link (<a data-booking-link>).
//
// The links already work without JavaScript: the build writes the configured booking URL
// (or mailto:) into them, with a campaign page's default UTM values. This module only adds
// the UTM parameters of the address the visitor landed on, kept in this module's memory so they
// survive Material's instant navigation (the page, and so the module, stays loaded). Nothing is
// written to cookies or storage: a reload or a new tab starts afresh (tests/test_privacy.py).
// It moves strings; it does no arithmetic.

const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
let remembered = []; // the landing address's UTM pairs, for as long as this page lives

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
  const ref = new Map(utmFromSearch((fields.get("body") || "").replace(/^Ref: /, "")));
  for (const [key, value] of utm) ref.set(key, value);
  const ordered = UTM_KEYS.filter((key) => ref.has(key)).map((key) => `${key}=${ref.get(key)}`);
  fields.set("body", `Ref: ${ordered.join("&")}`);
  const encoded = [...fields].map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return `${address}?${encoded.join("&")}`;
}

// The booking href with the visitor's UTM values added (they replace a campaign's defaults).
export function withUtm(href, utm) {
  if (!utm.length) return href;
  if (href.startsWith("mailto:")) return mailtoWithUtm(href, utm);
  const url = new URL(href, window.location.href);
  for (const [key, value] of utm) url.searchParams.set(key, value);
  return url.href;
}

document$.subscribe(() => {
  const utm = visitUtm();
  for (const link of document.querySelectorAll("a[data-booking-link]")) {
    link.href = withUtm(link.getAttribute("href"), utm);
  }
});
