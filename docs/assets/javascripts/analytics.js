// Opt-in analytics: forwards the site's "site:analytics" events to the provider configured in
// mkdocs.yml (extra.analytics), as that provider's custom events. The build includes this module,
// and the provider's script, only when a provider is on (macros/analytics.py); otherwise
// neither is in the site and nothing is sent.
//
// The events come from cta-events.js: a click on a call to action ("cta-click": which one, and
// where it leads) and a completed calculator ("calculator-complete": which one, and its booking
// summary: score and stage, or the NPV band and currency). Only the fields named below are
// passed on, so a visitor's answers never leave the page. It moves strings; it does no
// arithmetic, stores nothing and loads nothing itself.
//
//   Plausible: window.plausible(name, { props })   (plausible.io/docs, custom events)
//   Umami:     window.umami.track(name, data)      (umami.is/docs/tracker-functions)

import { EVENT } from "./cta-events.js";

// What each event may carry to the provider.
const CTA_FIELDS = ["cta", "href"];
const SUMMARY_FIELDS = ["calculator", "score", "stage", "npv_band", "currency", "measured"];

// The provider's script, as the build wrote it: <script src=... data-analytics-provider=...>.
const script = document.querySelector("script[data-analytics-provider]");
const provider = script ? script.dataset.analyticsProvider : "";

const SEND = {
  plausible: (name, data) => window.plausible(name, { props: data }),
  umami: (name, data) => window.umami.track(name, data),
};
const READY = {
  plausible: () => typeof window.plausible === "function",
  umami: () => Boolean(window.umami) && typeof window.umami.track === "function",
};

// The event's name and its data for the provider: named string fields only, or null.
export function providerEvent(detail) {
  if (!detail || typeof detail !== "object") return null;
  const pick = (source, keys) => {
    const data = {};
    for (const key of keys) {
      if (source && Object.prototype.hasOwnProperty.call(source, key) && typeof source[key] === "string") data[key] = source[key];
    }
    return data;
  };
  if (detail.action === "cta-click") return ["cta-click", pick(detail, CTA_FIELDS)];
  if (detail.action === "calculator-complete") {
    return ["calculator-complete", { ...pick(detail.result, SUMMARY_FIELDS), ...pick(detail, ["calculator"]) }];
  }
  return null;
}

const waiting = []; // events seen before the provider's script had loaded

function flush() {
  if (!READY[provider] || !READY[provider]()) return;
  while (waiting.length) {
    const [name, data] = waiting.shift();
    try {
      SEND[provider](name, data);
    } catch (error) {
      console.warn("analytics: the provider refused an event", error);
    }
  }
}

if (script && SEND[provider]) {
  script.addEventListener("load", flush);
  document.addEventListener(EVENT, (event) => {
    const found = providerEvent(event.detail);
    if (!found) return;
    waiting.push(found);
    flush();
  });
}
