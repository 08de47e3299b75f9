// The Python side of the calculators: start Pyodide, load our wheel, answer one run.
//
// Shared by the browser's Web Worker (calculator-worker.js) and the Node parity test
// (tests/pyodide_parity_runner.mjs), so the test runs exactly the start-up and call path the
// visitor's browser runs. JSON crosses the boundary as text both ways; no string built from
// input is ever evaluated, and the only Python run by source is the fixed BRIDGE below.
//
// A second way to start: a memory snapshot of Pyodide taken after the start below
// (makeCalculatorsSnapshot, run in Node) and restored with startFromSnapshot. Pyodide's
// snapshot options (_makeSnapshot, _loadSnapshot) are private and may change between releases.

export const PACKAGE = "calculators";

// Defines respond_json and returns it. presentation.respond computes the result and renders
// its HTML, CSV and booking query; allow_nan=False makes a non-finite number fail loudly.
export const BRIDGE = `
import json
from calculators.presentation import respond

def respond_json(name, payload_text, currency):
    return json.dumps(respond(name, json.loads(payload_text), currency), allow_nan=False)

respond_json
`;

// respondText(name, payload, currency) -> the JSON text of Python's answer.
function textBridge(respondJson) {
  return (name, payload, currency) => respondJson(name, JSON.stringify(payload), currency);
}

// Load the wheel, unless loadPyodide's `packages` option already has, and define the bridge.
// loadPyodide only logs a package it could not load: ask once more, then fail with the reason.
async function loadCalculators(pyodide, lockFileURL) {
  if (!pyodide.loadedPackages[PACKAGE]) {
    const reasons = [];
    await pyodide.loadPackage(PACKAGE, { messageCallback: () => {}, errorCallback: (message) => reasons.push(message) });
    if (!pyodide.loadedPackages[PACKAGE]) {
      throw new Error(`could not load the ${PACKAGE} package listed in ${lockFileURL}: ${reasons.join(" ") || "no reason given"}`);
    }
  }
  return pyodide.runPython(BRIDGE);
}

// Start the runtime and import the calculators. `loadPyodide` is the runtime's own loader
// (from pyodide.mjs); `onProgress(stage)` hears "runtime", "packages" and "ready".
// Resolves to respondText(name, payload, currency) -> the JSON text of Python's answer.
export async function startCalculators(loadPyodide, { indexURL, lockFileURL, onProgress = () => {} }) {
  onProgress("runtime");
  // `packages` fetches the wheel while the runtime boots, instead of after it.
  const pyodide = await loadPyodide({ indexURL, lockFileURL, packages: [PACKAGE] });
  onProgress("packages");
  const respondJson = await loadCalculators(pyodide, lockFileURL);
  onProgress("ready");
  return textBridge(respondJson);
}

// The same start as startCalculators, then Pyodide's memory snapshot of it (a Uint8Array).
// The snapshot holds the WebAssembly memory only: Python with the calculators imported and
// respond_json defined. The files (the wheel's sources, the stdlib zip) are not in it.
// makeMemorySnapshot refuses while the JavaScript-side record of loaded packages is not empty
// (it expects the record a fresh start has), so the calculators' entry is dropped from it
// first; a restored runtime starts with a fresh record of its own.
export async function makeCalculatorsSnapshot(loadPyodide, { indexURL, lockFileURL, onProgress = () => {} }) {
  onProgress("runtime");
  const pyodide = await loadPyodide({ indexURL, lockFileURL, _makeSnapshot: true });
  onProgress("packages");
  (await loadCalculators(pyodide, lockFileURL)).destroy();
  delete pyodide.loadedPackages[PACKAGE];
  onProgress("snapshot");
  return pyodide.makeMemorySnapshot();
}

// Start from a snapshot made by makeCalculatorsSnapshot with the same runtime build.
// `snapshot` is a Uint8Array or ArrayBuffer, or a promise of one (so its download overlaps the
// runtime's). Rejects when Pyodide refuses the snapshot (another runtime build: "Snapshot build
// id mismatch") or it lacks the bridge; it never falls back by itself.
export async function startFromSnapshot(loadPyodide, { indexURL, lockFileURL, snapshot, onProgress = () => {} }) {
  onProgress("runtime");
  const pyodide = await loadPyodide({ indexURL, lockFileURL, _loadSnapshot: snapshot });
  onProgress("packages");
  const respondJson = pyodide.globals.get("respond_json");
  if (typeof respondJson !== "function") throw new Error("the snapshot defines no respond_json");
  onProgress("ready");
  return textBridge(respondJson);
}
