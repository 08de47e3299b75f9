// The Python side of the calculators: start Pyodide, load our wheel, answer one run.
//
// Shared by the browser's Web Worker (calculator-worker.js) and the Node parity test
// (tests/pyodide_parity_runner.mjs), so the test runs exactly the start-up and call path the
// visitor's browser runs. JSON crosses the boundary as text both ways; no string built from
// input is ever evaluated, and the only Python run by source is the fixed BRIDGE below.

export const PACKAGE = "calculators";

// Defines respond_json and returns it. presentation.respond computes the result and renders
// its HTML, CSV and booking query; allow_nan=False makes a non-finite number fail loudly.
const BRIDGE = `
import json
from calculators.presentation import respond

def respond_json(name, payload_text, currency):
    return json.dumps(respond(name, json.loads(payload_text), currency), allow_nan=False)

respond_json
`;

// Start the runtime and import the calculators. `loadPyodide` is the runtime's own loader
// (from pyodide.mjs); `onProgress(stage)` hears "runtime", "packages" and "ready".
// Resolves to respondText(name, payload, currency) -> the JSON text of Python's answer.
export async function startCalculators(loadPyodide, { indexURL, lockFileURL, onProgress = () => {} }) {
  onProgress("runtime");
  // `packages` fetches the wheel while the runtime boots, instead of after it.
  const pyodide = await loadPyodide({ indexURL, lockFileURL, packages: [PACKAGE] });
  onProgress("packages");
  if (!pyodide.loadedPackages[PACKAGE]) {
    // loadPyodide only logs a package it could not load: ask once more, then fail with the reason.
    const reasons = [];
    await pyodide.loadPackage(PACKAGE, { messageCallback: () => {}, errorCallback: (message) => reasons.push(message) });
    if (!pyodide.loadedPackages[PACKAGE]) {
      throw new Error(`could not load the ${PACKAGE} package listed in ${lockFileURL}: ${reasons.join(" ") || "no reason given"}`);
    }
  }
  const respondJson = pyodide.runPython(BRIDGE);
  onProgress("ready");
  return (name, payload, currency) => respondJson(name, JSON.stringify(payload), currency);
}
