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

// The defaults runtime.json overrides (the plugin's `package` and `entry` options).
export const PACKAGE = "calculators";
export const ENTRY = "calculators.web:respond";

// Where Python writes a workbook for JavaScript to read, and where on-demand packages are written.
export const WORKBOOK_PATH = "/tmp/calculator-workbook.xlsx";
export const ON_DEMAND_DIR = "/lib/on-demand-";

// Where the build puts the methods the calculators' dataclasses generate, compiled: an entry of the
// runtime's stdlib zip holding {source: code object} (mkdocs_calculators/bundle.py writes it).
export const COMPILED_METHODS = "dataclass-methods.marshal";

// When the runtime ships COMPILED_METHODS, dataclasses runs their code instead of compiling the
// same source at every start: @dataclass writes each class's __init__, __repr__, __eq__, ... as
// source and exec()s it, and compiling that in WebAssembly was most of a calculator's import.
// A source the build did not see compiles as before. Run before the calculators are imported.
export const USE_COMPILED_METHODS = `
import dataclasses, marshal, types

def _compiled_methods():
    try:  # the stdlib zip that dataclasses itself came from; no entry there: compile as before
        methods = marshal.loads(dataclasses.__spec__.loader.get_data("${COMPILED_METHODS}"))
    except Exception:
        return {}
    if not isinstance(methods, dict):
        return {}
    return {source: code for source, code in methods.items() if isinstance(source, str) and isinstance(code, types.CodeType)}

_methods = _compiled_methods()
if _methods:
    def _exec_compiled(source, globals=None, locals=None, /):
        return exec(_methods.get(source, source), globals, locals)
    dataclasses.exec = _exec_compiled  # dataclasses calls exec(source, globals, ns) by this name
`;

// USE_COMPILED_METHODS, then registers the site's own calculators (runtime.json's `register`:
// name -> module), defines respond_json around the view's respond (the `entry`,
// "module:function") and returns it. respond computes the result and renders its HTML, CSV and
// booking query; allow_nan=False makes a non-finite number fail loudly. The entry and the
// registrations arrive as Python globals, never as source text.
export const BRIDGE = `${USE_COMPILED_METHODS}
import importlib, json
from calculators import api

for _name, _module in register.items():
    api.register(_name, importlib.import_module(_module))
_module, _, _function = entry.partition(":")
respond = getattr(importlib.import_module(_module), _function)

def respond_json(name, payload_text, currency, site_text="{}"):
    return json.dumps(respond(name, json.loads(payload_text), currency, json.loads(site_text)), allow_nan=False)

# The entry module's workbook(name, payload, currency) -> .xlsx bytes, when it offers one: written
# to WORKBOOK_PATH, which JavaScript reads as bytes.
_workbook = getattr(importlib.import_module(_module), "workbook", None)

def workbook_file(name, payload_text, currency):
    if _workbook is None:
        raise ValueError("this site's view writes no workbooks")
    with open("${WORKBOOK_PATH}", "wb") as file:
        file.write(_workbook(name, json.loads(payload_text), currency))

respond_json
`;

// respondText(name, payload, currency, site) -> the JSON text of Python's answer. `site` is the
// page's data-site (where the page sits, what the site links to), passed on as JSON.
// respondText.workbook(name, payload, currency) -> the .xlsx bytes (Uint8Array) of the view's
// workbook; Python's exception (a PythonError) when it cannot write one, e.g. its writer is not
// importable yet. respondText.mount(name, bytes): a package's zip on sys.path (importFromZip).
function textBridge(respondJson, pyodide) {
  const respondText = (name, payload, currency, site = {}) =>
    respondJson(name, JSON.stringify(payload), currency, JSON.stringify(site));
  respondText.workbook = (name, payload, currency) => {
    const write = pyodide.globals.get("workbook_file");
    try {
      write(String(name), JSON.stringify(payload), String(currency || ""));
      return pyodide.FS.readFile(WORKBOOK_PATH);
    } finally {
      write.destroy();
      try {
        pyodide.FS.unlink(WORKBOOK_PATH);
      } catch {} // nothing was written
    }
  };
  respondText.mount = (name, bytes) => importFromZip(pyodide, `${ON_DEMAND_DIR}${name}.zip`, bytes);
  return respondText;
}


// Where the wheel is written when it arrives as bytes: Python imports from it as from a zip.
export const WHEEL_PATH = "/lib/calculators-site.whl";

// Put our wheel on sys.path as it is (zipimport reads the bytecode in it), with no install:
// loadPackage would unpack it with Python's tarfile, email and importlib.metadata, modules no
// calculator needs, imported at every start.
export function importFromWheel(pyodide, bytes) {
  importFromZip(pyodide, WHEEL_PATH, bytes);
}

// A zip of Python packages (the wheel, or a package loaded on demand) written to `path` and put on
// sys.path as it is: zipimport reads it, with no install.
export function importFromZip(pyodide, path, bytes) {
  pyodide.FS.writeFile(path, bytes);
  pyodide.globals.set("zip_path", path);
  // (No importlib.invalidate_caches(): a new sys.path entry needs none, and it imports importlib.metadata.)
  pyodide.runPython("import sys\nif zip_path not in sys.path: sys.path.insert(0, zip_path)");
}

// Make the calculators importable and define the bridge. With `wheel` (its bytes, or a promise of
// them: the worker fetches it while the runtime boots), from the wheel on sys.path; otherwise
// through the lockfile with loadPackage, unless loadPyodide's `packages` option already has.
// loadPyodide only logs a package it could not load: ask once more, then fail with the reason.
async function loadCalculators(pyodide, { lockFileURL, wheel, package: name = PACKAGE, entry = ENTRY, register = {} }) {
  if (wheel) {
    importFromWheel(pyodide, await wheel);
  } else if (!pyodide.loadedPackages[name]) {
    const reasons = [];
    await pyodide.loadPackage(name, { messageCallback: () => {}, errorCallback: (message) => reasons.push(message) });
    if (!pyodide.loadedPackages[name]) {
      throw new Error(`could not load the ${name} package listed in ${lockFileURL}: ${reasons.join(" ") || "no reason given"}`);
    }
  }
  pyodide.globals.set("entry", String(entry));
  pyodide.globals.set("register", pyodide.toPy(register || {}));
  return pyodide.runPython(BRIDGE);
}

// Start the runtime and import the calculators. `loadPyodide` is the runtime's own loader
// (from pyodide.mjs); the options are runtime.json's (indexURL, lockFileURL, package, entry,
// register) and `wheel`, the wheel's bytes or a promise of them (else loadPackage installs it);
// `onProgress(stage)` hears "runtime", "packages" and "ready".
// Resolves to respondText(name, payload, currency, site) -> the JSON text of Python's answer.
export async function startCalculators(loadPyodide, options) {
  const { indexURL, lockFileURL, wheel, package: name = PACKAGE, onProgress = () => {} } = options;
  onProgress("runtime");
  // Without the wheel's bytes, `packages` fetches it while the runtime boots, instead of after it.
  const pyodide = await loadPyodide({ indexURL, lockFileURL, packages: wheel ? [] : [name] });
  onProgress("packages");
  const respondJson = await loadCalculators(pyodide, options);
  onProgress("ready");
  return textBridge(respondJson, pyodide);
}

// The core and the view import a calculator at its first answer (a page's worker needs only its
// own). A snapshot serves every calculator page, so it is taken after one answer from each.
export const ANSWER_EACH = `
from calculators import api
for _name in api.names():
    respond(_name, api.schema(_name)["defaults"], "", {})
`;

// The same start as startCalculators, then Pyodide's memory snapshot of it (a Uint8Array).
// The snapshot holds the WebAssembly memory only: Python with every calculator imported and
// respond_json defined. The files (the wheel's sources, the stdlib zip) are not in it.
// makeMemorySnapshot refuses while the JavaScript-side record of loaded packages is not empty
// (it expects the record a fresh start has), so the calculators' entry is dropped from it
// first; a restored runtime starts with a fresh record of its own.
export async function makeCalculatorsSnapshot(loadPyodide, options) {
  const { indexURL, lockFileURL, package: name = PACKAGE, onProgress = () => {} } = options;
  onProgress("runtime");
  const pyodide = await loadPyodide({ indexURL, lockFileURL, _makeSnapshot: true });
  onProgress("packages");
  (await loadCalculators(pyodide, options)).destroy();
  pyodide.runPython(ANSWER_EACH);
  delete pyodide.loadedPackages[name];
  onProgress("snapshot");
  return pyodide.makeMemorySnapshot();
}

// Start from a snapshot made by makeCalculatorsSnapshot with the same runtime build.
// `snapshot` is a Uint8Array or ArrayBuffer, or a promise of one (so its download overlaps the
// runtime's). `wheel` (bytes, or a promise of them), when the snapshot was made with one: the
// snapshot holds memory, not files, so the wheel a late import reads from is written back.
// Rejects when Pyodide refuses the snapshot (another runtime build: "Snapshot build id
// mismatch") or it lacks the bridge; it never falls back by itself.
export async function startFromSnapshot(loadPyodide, { indexURL, lockFileURL, snapshot, wheel, onProgress = () => {} }) {
  onProgress("runtime");
  const pyodide = await loadPyodide({ indexURL, lockFileURL, _loadSnapshot: snapshot });
  if (wheel) pyodide.FS.writeFile(WHEEL_PATH, await wheel);
  onProgress("packages");
  const respondJson = pyodide.globals.get("respond_json");
  if (typeof respondJson !== "function") throw new Error("the snapshot defines no respond_json");
  onProgress("ready");
  return textBridge(respondJson, pyodide);
}
