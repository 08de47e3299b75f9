// Runs calculator cases in real Pyodide under Node, from a BUILT site's runtime, wheel and
// lockfile, through the same start-up code as the browser worker (calculator-python.js).
//
//   node tests/pyodide_parity_runner.mjs <site dir> <cases.json> <answers.json>
//
// cases.json: [{"name", "payload", "currency", "site"?}, ...]; answers.json receives, in the same
// order, {"payload": the payload text Python received, "answer": the JSON text it returned}
// or, when the call raised, {"payload", "crash": the Python exception's type name}.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { startCalculators } from "../mkdocs_calculators/assets/javascripts/calculator-python.js";

const [siteDir, casesFile, answersFile] = process.argv.slice(2);
const bundleDir = path.join(path.resolve(siteDir), "assets", "pyodide");
const manifest = JSON.parse(readFileSync(path.join(bundleDir, "runtime.json"), "utf8"));
const indexURL = path.join(bundleDir, manifest.indexURL) + path.sep;
const lockFileURL = path.join(bundleDir, manifest.lockFileURL);

const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
// The wheel's bytes, as the browser worker fetches them (runtime.json's `wheel`).
const wheel = readFileSync(path.join(bundleDir, manifest.wheel));
const respondText = await startCalculators(loadPyodide, { ...manifest, indexURL, lockFileURL, wheel });
const cases = JSON.parse(readFileSync(casesFile, "utf8"));
// The type of a Python exception from the last line of its traceback ("ValueError: ...").
function pythonErrorType(error) {
  const lines = String((error && error.message) || error).trim().split("\n");
  const match = /^([A-Za-z_][\w.]*)(?::|$)/.exec(lines[lines.length - 1].trim());
  return match ? match[1].split(".").pop() : "unknown";
}

const answers = cases.map(({ name, payload, currency, site = {} }) => {
  const received = JSON.stringify(payload); // what the bridge hands to Python's json.loads
  try {
    return { payload: received, answer: respondText(name, payload, currency, site) };
  } catch (error) {
    return { payload: received, crash: pythonErrorType(error) };
  }
});
writeFileSync(answersFile, JSON.stringify(answers));
