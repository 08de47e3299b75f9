// The downloads of a result: its CSV and JSON, written by Python with every answer, and its
// workbook (.xlsx), which Python writes in the worker on request (the writer loads at the first).
// Methods of Calculator (calculator-block.js), kept here.

import { engine, sendWorkbook } from "./calculator-engine.js";

const SAID = {
  workbookLoading: "Preparing the workbook: loading the spreadsheet writer (once, a few seconds)…",
  workbookWriting: "Preparing the workbook…",
  workbookFailed:
    "The workbook could not be made, so nothing was downloaded. Your inputs are kept: try again, or download the CSV.",
};

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Save `data` (text, or bytes from the worker) as a file the browser downloads.
function download(filename, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Carry out a download action (a button's data-action) for `calculator`'s latest result.
export function downloadAction(calculator, action) {
  const latest = calculator.latest;
  const name = calculator.name;
  if (action === "download-csv" && latest) {
    download(`${name}-result.csv`, "text/csv;charset=utf-8", latest.response.csv);
  } else if (action === "download-json" && latest) {
    // The inputs as the JSON API takes them (Python's reading of the form's texts: shares as fractions).
    const record = { calculator: name, inputs: latest.response.inputs || latest.payload, result: latest.response.result };
    download(`${name}-result.json`, "application/json", `${JSON.stringify(record, null, 2)}\n`);
  } else if (action === "download-workbook" && latest && !calculator.workbookId && engine.state === "ready") {
    calculator.requestWorkbook();
  }
}

export const downloadMethods = {
  // The workbook of the result shown (its inputs, as sent): written by Python in the worker, whose
  // writer loads at the first request. The button says what is happening; the form is not touched.
  requestWorkbook() {
    this.button("download-workbook", false);
    for (const button of this.root.querySelectorAll('[data-action="download-workbook"]')) button.setAttribute("aria-busy", "true");
    this.actionStatus(SAID.workbookWriting);
    this.workbookId = sendWorkbook(this, this.name, this.latest.payload, this.latest.currency);
  },

  fileAnswered(message) {
    if (message.id !== this.workbookId) return;
    if (message.type === "file-progress") {
      this.actionStatus(message.stage === "loading" ? SAID.workbookLoading : SAID.workbookWriting);
    } else if (message.type === "file") {
      download(`${this.name}-workbook.xlsx`, XLSX_TYPE, message.bytes);
      this.workbookDone("");
    } else {
      console.error(`Calculator ${this.name}: the workbook could not be made:`, message.detail);
      this.workbookFailed();
    }
  },

  workbookDone(text, tone = "") {
    this.workbookId = 0;
    for (const button of this.root.querySelectorAll('[data-action="download-workbook"]')) button.removeAttribute("aria-busy");
    this.button("download-workbook", Boolean(this.latest) && engine.state === "ready");
    this.actionStatus(text, tone);
  },

  workbookFailed() {
    this.workbookDone(SAID.workbookFailed, "error");
  },
};
