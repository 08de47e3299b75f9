// Runs the pure functions of docs/assets/javascripts/booking-link.js under Node for
// tests/test_booking_link.py: reads {calculators, searches, calls} as JSON on stdin and writes, as
// JSON, resultsFromSearch(search, calculators) for each search and each named call's answer.
import * as booking from "../docs/assets/javascripts/booking-link.js";

globalThis.window = { location: { href: "https://site.example/book/" } }; // withUtm resolves hrefs against it

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { calculators = {}, searches = [], calls = [] } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
process.stdout.write(JSON.stringify({
  results: searches.map((search) => booking.resultsFromSearch(search, calculators)),
  calls: calls.map(([name, ...args]) => booking[name](...args)),
}));
