// The calculators' Web Worker: Python (Pyodide) runs here, never on the page's main thread.
//
// Protocol (JSON-shaped messages; see calculator-engine.js, the only module that talks to it):
//   page -> worker  {type: "run", id, name, payload, currency}
//                   {type: "workbook", id, name, payload, currency}   the view's .xlsx of these inputs
//   worker -> page  {type: "progress", stage: "runtime" | "packages" | "ready"}
//                   {type: "result", id, response: {ok, result | errors, html, csv, booking, summary, progress}}
//                   {type: "failure", id, detail}          Python raised during one run
//                   {type: "error", reason, detail}        start-up failed; the worker is done
//                   {type: "file-progress", id, stage: "loading" | "writing"}   the writer loads, then writes
//                   {type: "file", id, bytes}              the workbook's bytes (the buffer is transferred)
//                   {type: "file-failure", id, detail}     no workbook: its writer did not load, or Python raised
// A workbook's writer (runtime.json's onDemand packages) is fetched at the first workbook, never at start.
// The runtime's location comes from ../pyodide/runtime.json, written by mkdocs_calculators/bundle.py
// and revalidated on every start, so the content-hashed wheel it names is never stale.
import { startCalculators, startFromSnapshot } from "./calculator-python.js";

const MANIFEST_URL = new URL("../pyodide/runtime.json", import.meta.url);
// The smallest valid WebAssembly module: compiling it shows at once whether WebAssembly is
// available and allowed (a CSP without 'wasm-unsafe-eval' makes loadPyodide hang instead).
const EMPTY_WASM_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

class StartError extends Error {
  constructor(reason, detail) {
    super(detail);
    this.reason = reason;
  }
}

let respondText = null;
let onDemand = []; // runtime.json's onDemand: [{name, url, integrity}], fetched at the first workbook
let mounted = null; // the promise of those packages on sys.path; null until asked, or after a failure
const started = start(); // after StartError: start() may throw one before its first await

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

async function checkWebAssembly() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.compile !== "function") {
    throw new StartError("no-wasm", "WebAssembly is not available in this worker");
  }
  try {
    await WebAssembly.compile(EMPTY_WASM_MODULE);
  } catch (error) {
    throw new StartError("no-wasm", `WebAssembly.compile refused: ${error}`);
  }
}

async function readManifest() {
  let response;
  try {
    response = await fetch(MANIFEST_URL, { cache: "no-cache", credentials: "same-origin" });
  } catch (error) {
    throw new StartError("runtime", `fetching ${MANIFEST_URL} failed: ${error}`);
  }
  if (!response.ok) throw new StartError("runtime", `${MANIFEST_URL} answered HTTP ${response.status}`);
  const manifest = await response.json();
  if (typeof manifest.indexURL !== "string" || typeof manifest.lockFileURL !== "string") {
    throw new StartError("runtime", `${MANIFEST_URL} lacks indexURL or lockFileURL`);
  }
  return {
    indexURL: new URL(manifest.indexURL, MANIFEST_URL).href,
    lockFileURL: new URL(manifest.lockFileURL, MANIFEST_URL).href,
    wheelURL: typeof manifest.wheel === "string" ? new URL(manifest.wheel, MANIFEST_URL).href : null,
    snapshotURL: typeof manifest.snapshot === "string" ? new URL(manifest.snapshot, MANIFEST_URL).href : null,
    snapshotIntegrity: typeof manifest.snapshotIntegrity === "string" ? manifest.snapshotIntegrity : "",
    integrity: typeof manifest.integrity === "string" ? manifest.integrity : "",
    package: manifest.package,
    entry: manifest.entry,
    register: manifest.register,
    onDemand: Array.isArray(manifest.onDemand)
      ? manifest.onDemand
          .filter((item) => item && typeof item.name === "string" && typeof item.url === "string")
          .map((item) => ({
            name: item.name,
            url: new URL(item.url, MANIFEST_URL).href,
            integrity: typeof item.integrity === "string" ? item.integrity : "",
          }))
      : [],
  };
}

// A file the start needs, as bytes, fetched while the runtime downloads and boots: the wheel (the
// browser checks its sha256 against runtime.json's, as Subresource Integrity) or the snapshot.
async function fetchBytes(url, integrity = "") {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...(integrity ? { integrity } : {}) });
  } catch (error) {
    throw new StartError("runtime", `fetching ${url} failed: ${await whyNot(url, error)}`);
  }
  if (!response.ok) throw new StartError("runtime", `${url} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// Why a fetch with an integrity check failed (the browser says only "Failed to fetch"): the
// server's status when it refused the file, else the bytes were not the ones runtime.json names.
async function whyNot(url, error) {
  try {
    const head = await fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" });
    return head.ok ? `its bytes do not match the sha256 in runtime.json (${error})` : `it answered HTTP ${head.status}`;
  } catch {
    return String(error);
  }
}

// The start from runtime.json's memory snapshot (the plugin's `snapshot` option), or, when it
// cannot be used (not downloaded, not the bytes runtime.json's sha256 names, or made by another
// runtime build), the ordinary start. Damaged bytes must never reach Pyodide: it logs that the
// WebAssembly instantiation failed and never settles, so the integrity check is the guard.
async function startWithSnapshot(loadPyodide, manifest, wheel, onProgress) {
  const snapshot = fetchBytes(manifest.snapshotURL, manifest.snapshotIntegrity);
  snapshot.catch(() => {});
  try {
    return await startFromSnapshot(loadPyodide, { ...manifest, snapshot, wheel, onProgress });
  } catch (error) {
    console.warn("Calculators: starting without the memory snapshot:", String((error && error.message) || error));
    return startCalculators(loadPyodide, { ...manifest, wheel, onProgress });
  }
}

// Pyodide only logs a warning when its WebAssembly binary cannot be fetched or compiled (a 404,
// a host serving it without the application/wasm type) and then never settles, so the binary's
// address is checked first (a HEAD request, alongside the loader's import).
async function checkBinary(indexURL) {
  const url = new URL("pyodide.asm.wasm", indexURL);
  let response;
  try {
    response = await fetch(url, { method: "HEAD", credentials: "same-origin" });
  } catch (error) {
    throw new StartError("runtime", `fetching ${url} failed: ${error}`);
  }
  const type = response.headers.get("content-type") || "none";
  if (!response.ok || !type.startsWith("application/wasm")) {
    throw new StartError("runtime", `${url} answered HTTP ${response.status} with Content-Type ${type}`);
  }
}

async function importLoader(indexURL) {
  try {
    return await import(new URL("pyodide.mjs", indexURL).href);
  } catch (error) {
    throw new StartError("runtime", `importing ${indexURL}pyodide.mjs failed: ${error}`);
  }
}

async function start() {
  try {
    await checkWebAssembly();
    const manifest = await readManifest();
    onDemand = manifest.onDemand;
    const wheel = manifest.wheelURL ? fetchBytes(manifest.wheelURL, manifest.integrity) : null;
    wheel?.catch(() => {}); // awaited by the start; a failure is reported from there
    const [, loader] = await Promise.all([checkBinary(manifest.indexURL), importLoader(manifest.indexURL)]);
    const onProgress = (stage) => post({ type: "progress", stage });
    respondText = manifest.snapshotURL
      ? await startWithSnapshot(loader.loadPyodide, manifest, wheel, onProgress)
      : await startCalculators(loader.loadPyodide, { ...manifest, wheel, onProgress });
  } catch (error) {
    post({
      type: "error",
      reason: error instanceof StartError ? error.reason : "runtime",
      detail: String((error && error.stack) || error),
    });
  }
}

// The on-demand packages on sys.path, fetched once (each checked against its sha256); a failed
// fetch is tried again at the next request.
function mountOnDemand() {
  if (!mounted) {
    mounted = Promise.all(onDemand.map(async (item) => [item.name, await fetchBytes(item.url, item.integrity)])).then(
      (archives) => {
        for (const [name, bytes] of archives) respondText.mount(name, bytes);
      },
    );
    mounted.catch(() => {
      mounted = null;
    });
  }
  return mounted;
}

async function writeWorkbook(message) {
  try {
    if (!mounted) post({ type: "file-progress", id: message.id, stage: "loading" });
    await mountOnDemand();
    post({ type: "file-progress", id: message.id, stage: "writing" });
    const bytes = respondText.workbook(String(message.name), message.payload, String(message.currency || "")).slice();
    post({ type: "file", id: message.id, bytes }, [bytes.buffer]);
  } catch (error) {
    post({ type: "file-failure", id: message.id, detail: String((error && error.message) || error) });
  }
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (!message || (message.type !== "run" && message.type !== "workbook")) return;
  await started;
  if (!respondText) return; // the start-up error has been reported already
  if (message.type === "workbook") return writeWorkbook(message);
  try {
    const text = respondText(String(message.name), message.payload, String(message.currency || ""), message.site || {});
    post({ type: "result", id: message.id, response: JSON.parse(text) });
  } catch (error) {
    post({ type: "failure", id: message.id, detail: String((error && error.message) || error) });
  }
});
