// The build's memory snapshot (mkdocs_calculators/probe.py, make_snapshot), run by Node: start from
// the site's own runtime folder as the worker does, take Pyodide's memory snapshot
// (makeCalculatorsSnapshot in calculator-python.js) and write it.
//
// Its inputs arrive as one JSON object on stdin, never as source text:
//   {"loader": file URL of the runtime's pyodide.mjs, "indexURL": the runtime folder (ending in /),
//    "lockFileURL": the site's lockfile, "wheel": the wheel's path, "package": the package's name,
//    "entry": the view's "module:function", "register": {name: module} of a site's own calculators,
//    "out": the file to write}

import { readFileSync, writeFileSync } from "node:fs";
import { makeCalculatorsSnapshot } from "../assets/javascripts/calculator-python.js";

process.on("unhandledRejection", (error) => {
  console.error(String((error && error.stack) || error));
  process.exit(1);
});

const input = JSON.parse(readFileSync(0, "utf8"));
const { loadPyodide } = await import(input.loader);
const snapshot = await makeCalculatorsSnapshot(loadPyodide, {
  indexURL: input.indexURL,
  lockFileURL: input.lockFileURL,
  wheel: readFileSync(input.wheel),
  package: input.package,
  entry: input.entry,
  register: input.register,
});
writeFileSync(input.out, snapshot);
