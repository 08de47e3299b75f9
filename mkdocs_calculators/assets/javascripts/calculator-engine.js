// The shared worker: one Web Worker (calculator-worker.js) for every calculator on the page,
// kept across Material's instant navigations; its start, its failures, and the requests sent to
// it. Part of calculators.js.

const WORKER_URL = new URL("./calculator-worker.js", import.meta.url);
const STARTUP_TIMEOUT_MS = 60000; // a blocked start can hang silently; slow networks need time

export const engine = {
  worker: null,
  state: "idle", // idle | loading | ready | error
  stage: "runtime",
  reason: "",
  timer: 0,
  nextId: 1,
  waiting: new Map(), // request id -> calculator
  files: new Map(), // workbook request id -> calculator
  calculators: new Set(),
};

// Performance marks for the benchmark and for developer tools (no effect on behaviour).
export function mark(name) {
  if (typeof performance === "object" && typeof performance.mark === "function") performance.mark(name);
}

function forEachCalculator(action) {
  for (const calculator of engine.calculators) {
    if (calculator.root.isConnected) action(calculator);
    else engine.calculators.delete(calculator);
  }
}

function engineFailed(reason, detail) {
  if (engine.state === "error") return;
  engine.state = "error";
  engine.reason = reason;
  window.clearTimeout(engine.timer);
  console.error(`Calculator start-up failed (${reason}):`, detail);
  if (engine.worker) engine.worker.terminate();
  forEachCalculator((calculator) => calculator.startFailed(reason));
}

function onWorkerMessage(event) {
  const message = event.data || {};
  if (message.type === "progress") {
    engine.stage = message.stage;
    if (message.stage === "ready") {
      mark("calculators:python-ready");
      engine.state = "ready";
      window.clearTimeout(engine.timer);
    }
    forEachCalculator((calculator) => calculator.progress(message.stage));
  } else if (message.type === "result" || message.type === "failure") {
    const calculator = engine.waiting.get(message.id);
    engine.waiting.delete(message.id);
    if (calculator && calculator.root.isConnected) calculator.answered(message);
  } else if (message.type === "file-progress" || message.type === "file" || message.type === "file-failure") {
    const calculator = engine.files.get(message.id);
    if (message.type !== "file-progress") engine.files.delete(message.id);
    if (calculator && calculator.root.isConnected) calculator.fileAnswered(message);
  } else if (message.type === "error") {
    engineFailed(message.reason || "runtime", message.detail);
  }
}

function onWorkerError(event) {
  event.preventDefault();
  engineFailed(engine.state === "ready" ? "compute" : "worker", event.message || "the worker failed to load or crashed");
}

function onWorkerMessageError() {
  engineFailed("worker", "a message from the worker could not be read");
}

const WORKER_HANDLERS = { message: onWorkerMessage, error: onWorkerError, messageerror: onWorkerMessageError };

// Start the worker, or adopt the one calculator-start.js started while the page was loading
// (with the events it kept until now). window.calculatorsWorker tells that script a worker exists.
export function startEngine() {
  if (engine.state !== "idle") return;
  engine.state = "loading";
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    engineFailed("no-wasm", "WebAssembly or Web Workers are not available on this page");
    return;
  }
  engine.timer = window.setTimeout(
    () => engineFailed("timeout", `no answer from the worker after ${STARTUP_TIMEOUT_MS} ms`),
    STARTUP_TIMEOUT_MS,
  );
  const early = window.calculatorsWorker;
  let missed = [];
  if (early && early.worker && typeof early.release === "function") {
    engine.worker = early.worker;
    missed = early.release();
  } else {
    mark("calculators:worker-start");
    try {
      engine.worker = new Worker(WORKER_URL, { type: "module", name: "calculators" });
    } catch (error) {
      engineFailed("worker", error);
      return;
    }
    window.calculatorsWorker = { worker: engine.worker };
  }
  for (const [type, handler] of Object.entries(WORKER_HANDLERS)) engine.worker.addEventListener(type, handler);
  for (const event of missed) WORKER_HANDLERS[event.type](event);
}

export function send(calculator, name, payload, currency, site) {
  const id = engine.nextId;
  engine.nextId += 1;
  engine.waiting.set(id, calculator);
  engine.worker.postMessage({ type: "run", id, name, payload, currency, site });
  return id;
}

// Ask the worker for the view's workbook of these inputs; the calculator hears fileAnswered(message)
// with "file-progress", then "file" (the bytes) or "file-failure".
export function sendWorkbook(calculator, name, payload, currency) {
  const id = engine.nextId;
  engine.nextId += 1;
  engine.files.set(id, calculator);
  engine.worker.postMessage({ type: "workbook", id, name, payload, currency });
  return id;
}
