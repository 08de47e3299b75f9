// The build's start-up probe (mkdocs_calculators/probe.py, startup_probe), run by Node on the npm
// runtime: start as the browser's worker does (our wheel on sys.path as a zip, the worker's
// BRIDGE), answer each calculator's defaults (ANSWER_EACH, as the snapshot does) and an empty
// payload (the error path). Prints one line of JSON: the modules imported from the stdlib zip
// and, compiled by the runtime itself, the source of each method that dataclasses generated
// meanwhile. The Python it runs is startup_probe.py, next to this file.
//
// Its inputs arrive as one JSON object on stdin, never as source text:
//   {"loader": file URL of the runtime's pyodide.mjs, "indexURL": the runtime folder (ending in /),
//    "lockFileURL": the site's lockfile, "wheel": the wheel's path,
//    "entry": the view's "module:function", "register": {name: module} of a site's own calculators}

import { readFileSync } from "node:fs";
import { ANSWER_EACH, BRIDGE, importFromWheel } from "../assets/javascripts/calculator-python.js";

const fail = (error) => {
  console.error(String((error && error.message) || error));
  process.exit(1);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const input = JSON.parse(readFileSync(0, "utf8"));
const { loadPyodide } = await import(input.loader);
const py = await loadPyodide({ indexURL: input.indexURL, lockFileURL: input.lockFileURL });
importFromWheel(py, readFileSync(input.wheel));

// startup_probe.py's functions, defined in a namespace of their own (not the worker's globals).
const probe = py.toPy({});
py.runPython(readFileSync(new URL("./startup_probe.py", import.meta.url), "utf8"), { globals: probe });
const generated = probe.get("record_dataclass_methods")();

py.globals.set("entry", input.entry);
py.globals.set("register", py.toPy(input.register));
py.runPython(BRIDGE).destroy();
py.runPython(ANSWER_EACH);
console.log(probe.get("report")(py.globals.get("api"), py.globals.get("respond"), generated));
