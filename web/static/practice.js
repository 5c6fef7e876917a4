// Practice page: a case with the simulated visitor, the quiz, and joining a group.
// The staff token lives only in this page's memory; a group needs only its code.
import { api, el, signIn } from "./common.js";
import { decisionForm, detail, renderExpected, renderLog, renderScore, renderSpread } from "./practice-shared.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, choices: null, run: null, turns: [], quiz: [], quizAt: 0, right: 0 };

function showError(text) {
  $("status").textContent = text;
  $("status").hidden = !text;
}

async function login(event) {
  const token = await signIn(event, "/api/practice/cases",
    "Dit token klopt niet. Vraag het aan de beheerder.");
  if (!token) return;
  state.token = token;
  const [cases, choices] = await Promise.all([
    api("/api/practice/cases", { token }), api("/api/practice/choices", { token })]);
  state.choices = choices.data;
  $("case").replaceChildren(...cases.data.map((c) => el("option", { value: c.id }, c.title)));
  $("case").focus();
}

async function startRun(event) {
  event.preventDefault();
  const result = await api("/api/practice/runs", {
    method: "POST", token: state.token, body: { case_id: $("case").value } });
  if (!result.ok) return showError(detail(result, "Deze oefening kan nu niet starten."));
  showError("");
  state.run = result.data.run_id;
  state.turns = [{ speaker: "visitor", text: result.data.opening }];
  $("persona").textContent = result.data.persona;
  $("run").hidden = false;
  $("result").replaceChildren();
  $("ask-form").hidden = false;
  renderLog($("log"), state.turns);
  decisionForm($("decision"), state.choices, "run", decide);
  $("ask").focus();
}

async function ask(event) {
  event.preventDefault();
  const text = $("ask").value.trim();
  if (!text) return;
  const result = await api(`/api/practice/runs/${state.run}/ask`, {
    method: "POST", token: state.token, body: { text } });
  if (!result.ok) return showError(detail(result, "Dat lukte niet. Probeer het opnieuw."));
  showError("");
  state.turns.push({ speaker: "trainee", text }, { speaker: "visitor", text: result.data.reply });
  renderLog($("log"), state.turns);
  $("ask").value = "";
}

async function decide(body, form) {
  const result = await api(`/api/practice/runs/${state.run}/decide`, {
    method: "POST", token: state.token, body });
  if (!result.ok) return showError(detail(result, "Uw besluit kwam niet aan."));
  form.hidden = true;
  $("ask-form").hidden = true;
  $("result").replaceChildren(renderScore(result.data));
  $("result").querySelector("h3").setAttribute("tabindex", "-1");
  $("result").querySelector("h3").focus();
}

async function startQuiz() {
  const result = await api("/api/practice/quiz?count=10", { token: state.token });
  if (!result.ok) return showError(detail(result, "De quiz kan nu niet starten."));
  state.quiz = result.data.questions;
  state.quizAt = 0;
  state.right = 0;
  showQuestion();
}

function showQuestion() {
  const box = $("quiz");
  if (state.quizAt >= state.quiz.length) {
    box.replaceChildren(el("p", { class: "reference", tabindex: "-1" },
      `Uw score: ${state.right} van ${state.quiz.length}`));
    box.firstChild.focus();
    return;
  }
  const q = state.quiz[state.quizAt];
  const name = `quiz-${state.quizAt}`;
  const form = el("form", { novalidate: true },
    el("fieldset", {},
      el("legend", {}, `Vraag ${state.quizAt + 1} van ${state.quiz.length}: ${q.text}`),
      q.choices.map((choice, i) => el("label", { class: "check", for: `${name}-${i}` },
        el("input", { type: "radio", name, id: `${name}-${i}`, value: choice }), choice))),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Controleer")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input:checked");
    if (!chosen) return;
    const result = await api("/api/practice/quiz/answers", {
      method: "POST", token: state.token, body: { question_id: q.id, choice: chosen.value } });
    if (!result.ok) return showError(detail(result, "Dat lukte niet."));
    const r = result.data;
    if (r.correct) state.right += 1;
    form.querySelector("button").hidden = true;
    const next = el("button", { type: "button" }, "Volgende vraag");
    next.addEventListener("click", () => { state.quizAt += 1; showQuestion(); });
    form.append(el("div", { class: `banner ${r.correct ? "ok" : "error"}` },
      el("p", {}, r.correct ? "Goed!" : `Niet goed. Het antwoord is: ${r.answer}.`),
      el("p", {}, r.explanation),
      el("a", { href: r.link.url, rel: "noopener noreferrer", target: "_blank" }, `${r.link.title} (${r.link.domain})`)),
    el("div", { class: "actions" }, next));
    next.focus();
  });
  box.replaceChildren(form);
  form.querySelector("input").focus();
}

// A participant in a group session: the code alone, live updates by server-sent events.
const group = { code: null, participant: null, stream: null, answered: false };

async function join(event) {
  event.preventDefault();
  const code = $("join-code").value.replace(/[\s-]/g, "").toUpperCase();
  const nickname = $("join-name").value.trim();
  if (!code || !nickname) return showError("Vul de code en uw bijnaam in.");
  const result = await api(`/api/practice/groups/${encodeURIComponent(code)}/join`, {
    method: "POST", body: { nickname } });
  if (!result.ok) {
    $("join-code").setAttribute("aria-invalid", "true");
    return showError(detail(result, "Deze code klopt niet."));
  }
  showError("");
  group.code = code;
  group.participant = result.data.participant_id;
  $("join-panel").hidden = true;
  $("group").hidden = false;
  $("group-title").textContent = result.data.title;
  decisionForm($("group-decision"), result.data.choices, "group", sendAnswer);
  group.stream = new EventSource(`/api/practice/groups/${code}/events`);
  group.stream.addEventListener("state", (e) => showGroup(JSON.parse(e.data)));
  group.stream.addEventListener("expired", () => {
    group.stream.close();
    showError("Deze sessie is voorbij.");
  });
}

async function sendAnswer(body) {
  const result = await api(`/api/practice/groups/${group.code}/answers`, {
    method: "POST", body: { ...body, participant_id: group.participant } });
  if (!result.ok) return showError(detail(result, "Uw antwoord kwam niet aan."));
  group.answered = true;
  $("group-result").replaceChildren(el("p", { class: "banner ok" },
    "Uw antwoord is binnen. U kunt het nog veranderen tot de trainer het antwoord laat zien."));
}

function showGroup(s) {
  renderLog($("group-log"), s.transcript);
  $("group-count").textContent = `${s.participants} deelnemers, ${s.answers} antwoorden.`;
  if (s.revealed) {
    group.stream.close();
    $("group-decision").hidden = true;
    $("group-result").replaceChildren(renderExpected(s.expected), el("h3", {}, "Zo antwoordde de groep"),
      renderSpread(s.spread));
  }
}

function start() {
  $("login").addEventListener("submit", login);
  $("case-form").addEventListener("submit", startRun);
  $("ask-form").addEventListener("submit", ask);
  $("quiz-start").addEventListener("click", startQuiz);
  $("join-form").addEventListener("submit", join);
  $("logout").addEventListener("click", () => window.location.reload());
  const code = new URLSearchParams(window.location.search).get("code");
  if (code) $("join-code").value = code;
  document.body.dataset.ready = "true";
}

start();
