// Unit checks of the pure functions of mkdocs_calculators/assets/javascripts/calculators.js, run by Node
// (tests/test_calculators_js.py). Exits non-zero with the failing assertion's message.
import assert from "node:assert/strict";

import {
  bookingHref, canonicalJson, fractionToPercentText, listItems, parsePath, parseShareFragment, resizeYears, setPath,
  shareFragment,
} from "../mkdocs_calculators/assets/javascripts/calculators.js";

// paths
assert.deepEqual(parsePath("metrics[0].control.baseline"), ["metrics", 0, "control", "baseline"]);
assert.deepEqual(parsePath("discount_rate"), ["discount_rate"]);
for (const bad of ["__proto__", "a.__proto__.b", "constructor", "a.prototype", "a[-1]", "a[x]", "1a", "", "a..b", "a[99999]", "x".repeat(201)]) {
  assert.equal(parsePath(bad), null, bad);
}

// setPath builds dense arrays and null-prototype objects
const target = Object.create(null);
setPath(target, ["metrics", 1, "baseline"], 3);
assert.equal(JSON.stringify(target), '{"metrics":[null,{"baseline":3}]}');
assert.equal(Object.getPrototypeOf(target.metrics[1]), null);
assert.equal({}.baseline, undefined);

// share fragments: round trip, plain anchors ignored, hostile ones refused
const pairs = [["discount_rate", "0.07"], ["metrics[0].name", "a&b=c <d>"], ["currency", "EUR"]];
const fragment = shareFragment("roi", pairs);
assert.ok(fragment.startsWith("calculator=roi&v=2&"));
assert.deepEqual(parseShareFragment(fragment, "roi"), { pairs, rows: new Map(), fractions: false });
// a link made before the form's texts went into links (no "v") holds shares as fractions
assert.equal(parseShareFragment("calculator=roi&discount_rate=0.07", "roi").fractions, true);
assert.throws(() => parseShareFragment("calculator=roi&v=9&a=1", "roi"), /another version/);
assert.deepEqual(parseShareFragment("calculator=roi&metrics[]=2", "roi").rows, new Map([["metrics", 2]]));
assert.equal(parseShareFragment("method", "roi"), null);
assert.equal(parseShareFragment("", "roi"), null);
const refused = {
  "calculator=readiness&x=1": "another calculator",
  "discount_rate=1": "which calculator",
  "calculator=roi&__proto__=1": "does not have",
  "calculator=roi&constructor.prototype.x=1": "does not have",
  "calculator=roi&a=1&a=2": "repeats",
  "calculator=roi&a=%E0%A4%A": "encoded",
  "calculator=roi&metrics[]=-1": "not valid",
  [`calculator=roi&a=${"9".repeat(70000)}`]: "too long",
};
for (const [text, reason] of Object.entries(refused)) {
  assert.throws(() => parseShareFragment(text, "roi"), (error) => error.message.includes(reason), text);
}

// booking links stay on the site, keep utm_* and drop everything else
const base = "https://wysegen.com/calculators/roi/";
assert.equal(
  bookingHref("/book-a-diagnostic/?calculator=roi&npv_band=0-100k&utm_source=news", { calculator: "roi", npv_band: "5m+" }, base),
  "/book-a-diagnostic/?calculator=roi&npv_band=5m%2B&utm_source=news",
);
assert.equal(bookingHref("https://evil.example/x", { a: "1" }, base), null);
assert.equal(bookingHref("javascript:alert(1)", { a: "1" }, base), null);
assert.equal(bookingHref("//evil.example/book", { a: "1" }, base), null);
assert.equal(bookingHref("/book-a-diagnostic/", { "x": "javascript:alert(1)", n: 5 }, base), "/book-a-diagnostic/?x=javascript%3Aalert%281%29");
console.log("ok");

// per-year lists follow the horizon: typed entries kept, hidden years given back, the last one repeated
assert.deepEqual(listItems(" 0.5, 0.9;1\n2 "), ["0.5", "0.9", "1", "2"]);
assert.deepEqual(listItems(""), []);
assert.deepEqual(listItems("36,000, 42,000;48000"), ["36,000", "42,000", "48000"]);
assert.deepEqual(listItems("50,90,100"), ["50", "90", "100"]);
assert.deepEqual(listItems("100,200", true), ["100", "200"]);

// old links' fractions as the percentages the form shows, by moving the decimal point in the text
for (const [fraction, percent] of [["0.07", "7"], ["0.1", "10"], ["1", "100"], [".5", "50"], ["0.125", "12.5"],
  ["0", "0"], ["0.5, 0.9, 1", "50, 90, 100"], ["0.0001", "0.01"], ["1e309", "1e309"], ["abc", "abc"],
  ["<img src=x onerror=alert(2)>", "<img src=x onerror=alert(2)>"], ["0.5, x", "0.5, x"]]) {
  assert.equal(fractionToPercentText(fraction), percent, fraction);
}
assert.deepEqual(resizeYears(["0.5", "0.9", "1"], [], 5), [["0.5", "0.9", "1", "1", "1"], []]);
assert.deepEqual(resizeYears(["0.5", "0.9", "1", "1", "1"], [], 2), [["0.5", "0.9"], ["1", "1", "1"]]);
assert.deepEqual(resizeYears(["0.5", "0.8"], ["1", "2", "3"], 4), [["0.5", "0.8", "1", "2"], ["3"]]);
assert.deepEqual(resizeYears(["7"], ["8"], 1), [["7"], ["8"]]);
assert.deepEqual(resizeYears([], [], 3), [[], []]);

// canonical JSON: the form of block.py's rendered_from (its doctest has the same case)
assert.equal(canonicalJson([{ b: [1, 0.5], a: "é" }, "GBP"]), '[{"a":"é","b":[1,0.5]},"GBP"]');
assert.equal(canonicalJson({ z: { y: null, x: true } }), '{"z":{"x":true,"y":null}}');
