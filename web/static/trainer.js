// Trainer's view: start a group session, ask the visitor for the room, reveal the answers.
import { api, el, signIn } from "./common.js";
import { detail, renderExpected, renderLog, renderSpread } from "./practice-shared.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, code: null, stream: null };

function showError(text) {
  $("status").textContent = text;
  $("status").hidden = !text;
}

async function login(event) {
  const token = await signIn(event, "/api/practice/cases",
    "Dit token klopt niet. Vraag het aan de beheerder.");
  if (!token) return;
  state.token = token;
  const cases = await api("/api/practice/cases", { token });
  $("case").replaceChildren(...cases.data.map((c) => el("option", { value: c.id }, c.title)));
  $("case").focus();
}

async function startSession(event) {
  event.preventDefault();
  const result = await api("/api/practice/groups", {
    method: "POST", token: state.token, body: { case_id: $("case").value } });
  if (!result.ok) return showError(detail(result, "De sessie kan nu niet starten."));
  showError("");
  if (state.stream) state.stream.close();
  state.code = result.data.code;
  $("session").hidden = false;
  $("session-title").textContent = result.data.title;
  $("code").textContent = state.code;
  $("persona").textContent = result.data.persona;
  $("result").replaceChildren();
  $("reveal").hidden = false;
  state.stream = new EventSource(`/api/practice/groups/${state.code}/events`);
  state.stream.addEventListener("state", (e) => show(JSON.parse(e.data)));
  state.stream.addEventListener("expired", () => { state.stream.close(); showError("Deze sessie is voorbij."); });
  $("ask").focus();
}

function show(s) {
  renderLog($("log"), s.transcript);
  $("count").textContent = `${s.participants} deelnemers, ${s.answers} antwoorden.`
    + (s.nicknames.length ? ` Wie doet mee: ${s.nicknames.join(", ")}.` : "");
  if (s.revealed) {
    $("reveal").hidden = true;
    $("result").replaceChildren(renderExpected(s.expected),
      el("h3", {}, "Zo antwoordde de groep"),
      s.average_score === null ? el("p", {}, "Niemand gaf een antwoord.")
        : el("p", {}, `Gemiddelde score: ${s.average_score} van 4`),
      renderSpread(s.spread));
  }
}

async function ask(event) {
  event.preventDefault();
  const text = $("ask").value.trim();
  if (!text) return;
  const result = await api(`/api/practice/groups/${state.code}/ask`, {
    method: "POST", token: state.token, body: { text } });
  if (!result.ok) return showError(detail(result, "Dat lukte niet."));
  $("ask").value = "";
}

async function reveal() {
  const result = await api(`/api/practice/groups/${state.code}/reveal`, { method: "POST", token: state.token });
  if (!result.ok) return showError(detail(result, "Dat lukte niet."));
  show(result.data);
}

function start() {
  $("login").addEventListener("submit", login);
  $("start-form").addEventListener("submit", startSession);
  $("ask-form").addEventListener("submit", ask);
  $("reveal").addEventListener("click", reveal);
  $("logout").addEventListener("click", () => window.location.reload());
  document.body.dataset.ready = "true";
}

start();
