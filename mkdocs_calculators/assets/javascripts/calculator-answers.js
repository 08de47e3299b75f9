// A questionnaire's actions on all its answers at once (form.answers_actions): clear them all,
// fill in the worked example's, undo either, and clear one answer. Methods of Calculator
// (calculator-block.js), kept here; the page script enables the buttons when it runs.

import { setControl } from "./calculator-rows.js";

const SAID = {
  cleared: "All answers cleared. Undo brings them back.",
  example: "The example answers are filled in. Undo brings yours back.",
  undone: "Your answers are back.",
};

// The answers a "Fill in the example answers" button carries (form.answers_actions), as
// [name, value] pairs; none when its JSON is unreadable.
function exampleAnswers(button) {
  try {
    const answers = JSON.parse(button.dataset.answers || "{}");
    if (!answers || typeof answers !== "object" || Array.isArray(answers)) return [];
    return Object.entries(answers).map(([name, value]) => [name, String(value)]);
  } catch {
    return [];
  }
}

// Take calculator `name`'s share link out of the address bar (after its inputs were replaced, a
// reload or a copied address would bring back inputs that are no longer in the form).
function dropShareLink(name) {
  const fragment = window.location.hash.slice(1);
  if (!fragment.includes("=") || new URLSearchParams(fragment).get("calculator") !== name) return;
  const url = new URL(window.location.href);
  url.hash = "";
  window.history.replaceState(window.history.state, "", url.href);
}

// Carry out a questionnaire's action `action` (a button's data-action); false when it is not one.
export function answerAction(calculator, action, button) {
  if (action === "clear-answer") calculator.clearAnswer(button);
  else if (action === "clear-all") calculator.replaceAnswers([], SAID.cleared);
  else if (action === "fill-example") calculator.replaceAnswers(exampleAnswers(button), SAID.example);
  else if (action === "undo-answers") calculator.undoAnswers();
  else return false;
  return true;
}

export const answerMethods = {
  // Back to unanswered: the question's choices are unchecked, and Python hears of it.
  clearAnswer(button) {
    const question = button.closest(".calc-question");
    if (!question) return;
    for (const choice of question.querySelectorAll("input[type=radio]")) choice.checked = false;
    this.changed();
  },

  // A questionnaire's actions on all its answers (form.answers_actions): enabled now the page
  // script runs; the offer to undo lasts until the visitor's next change of an answer.
  mountAnswerActions() {
    this.undoAnswersTo = null;
    if (!this.root.querySelector('[data-action="clear-all"]')) return;
    this.button("clear-all", true);
    this.button("fill-example", true);
    this.form.addEventListener("change", () => this.offerUndo(null));
  },

  // The checked answers as [name, value] pairs.
  answers() {
    return [...this.form.querySelectorAll(".calc-question input[type=radio]:checked")].map((radio) => [radio.name, radio.value]);
  },

  // Every answer at once: none (clear all) or the example's; what was there can be undone, and a
  // share link in the address bar, which holds the old answers, is dropped from it.
  replaceAnswers(pairs, said) {
    const before = this.answers();
    this.setAnswers(pairs);
    this.offerUndo(before);
    dropShareLink(this.name);
    this.notice(said);
    this.changed();
  },

  setAnswers(pairs) {
    for (const radio of this.form.querySelectorAll(".calc-question input[type=radio]")) radio.checked = false;
    for (const [name, value] of pairs) setControl(this.form, name, value);
  },

  undoAnswers() {
    if (!this.undoAnswersTo) return;
    this.setAnswers(this.undoAnswersTo);
    this.offerUndo(null);
    this.notice(SAID.undone);
    const first = this.root.querySelector('[data-action="clear-all"]');
    if (first) first.focus(); // the Undo button is hidden now: focus stays in the same group
    this.changed();
  },

  offerUndo(pairs) {
    this.undoAnswersTo = pairs;
    for (const button of this.root.querySelectorAll('[data-action="undo-answers"]')) button.hidden = pairs === null;
  },
};
