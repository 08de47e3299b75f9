// Writes a calculator's workbook in real Pyodide under Node, from a BUILT site, as the browser
// worker does: the runtime and the wheel from runtime.json, then its onDemand packages (each
// checked against its sha256, as the browser's integrity check does) put on sys.path, then the
// bridge's workbook (calculator-python.js).
//
//   node tests/pyodide_workbook_runner.mjs <site dir> <name> <payload.json> <currency> <out.xlsx>
//
// Prints JSON: {"before": the error of a workbook asked for before the onDemand packages are
// mounted (the start must not have them), "onDemand": [their names]}.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { startCalculators } from "../mkdocs_calculators/assets/javascripts/calculator-python.js";

const [siteDir, name, payloadFile, currency, out] = process.argv.slice(2);
const bundleDir = path.join(path.resolve(siteDir), "assets", "pyodide");
const manifest = JSON.parse(readFileSync(path.join(bundleDir, "runtime.json"), "utf8"));
const indexURL = path.join(bundleDir, manifest.indexURL) + path.sep;
const lockFileURL = path.join(bundleDir, manifest.lockFileURL);
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const wheel = readFileSync(path.join(bundleDir, manifest.wheel));
const respondText = await startCalculators(loadPyodide, { ...manifest, indexURL, lockFileURL, wheel });
const payload = JSON.parse(readFileSync(payloadFile, "utf8"));
respondText(name, payload, currency, {}); // a recompute first, as on the page
let before = "";
try {
  respondText.workbook(name, payload, currency);
} catch (error) {
  before = String((error && error.message) || error).trim().split("\n").pop();
}
for (const item of manifest.onDemand || []) {
  const bytes = readFileSync(path.join(bundleDir, item.url));
  const integrity = `sha256-${createHash("sha256").update(bytes).digest("base64")}`;
  if (integrity !== item.integrity) throw new Error(`${item.url}: sha256 ${integrity}, runtime.json says ${item.integrity}`);
  respondText.mount(item.name, bytes);
}
writeFileSync(out, respondText.workbook(name, payload, currency));
console.log(JSON.stringify({ before, onDemand: (manifest.onDemand || []).map((item) => item.name) }));
