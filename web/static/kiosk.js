// The kiosk: a conversation with Wegwijzer on a shared screen. Nothing is stored in the
// browser (no cookies, no localStorage, no sessionStorage); after inactivity it resets.
//
// One answer, one card: everything the assistant says in one turn (text, links, the
// DigiD boundary, the referral offer and its buttons) is one card, read aloud as one.
// The newest card is scrolled into view above the question box, which stays at the
// bottom of the screen.
import { api, el, fill } from "./common.js";
import { closeOpenedWindows, linkCard, partnerCard, showToday, slipButtons } from "./kiosk-extras.js";

// The kiosk's own words come from the catalogue (catalogue/interface.yml and its
// translations, via /api/kiosk/config?language=…); these Dutch ones are only for
// when the app cannot be reached at all.
const FALLBACK_TEXT = {
  bot: "Wegwijzer",
  you: "U",
  read: "Lees voor",
  stop: "Stop",
  down: "Wegwijzer werkt nu even niet. Vraag een medewerker van de bibliotheek om hulp. " +
    "Uw vraag staat nog in het vak. Probeer het zo nog een keer.",
  back_up: "Wegwijzer werkt weer. U kunt uw vraag opnieuw versturen.",
  empty: "Typ eerst uw vraag.",
  too_long: "Uw vraag is te lang. Maak hem korter, tot 2000 tekens.",
  sending: "Even geduld, ik zoek het op.",
  form_down: "Dat lukte nu niet. Uw antwoorden staan er nog. Probeer het zo nog een keer.",
};

// An interface text in the kiosk's language, with {placeholders} filled in.
function t(key, values = {}) {
  const texts = (state.config && state.config.interface) || {};
  return fill(texts[key] || FALLBACK_TEXT[key] || key, values);
}

const state = {
  config: null,
  sessionId: null,
  // The conversation's language, and whether the visitor chose it on the start screen
  // (then it stays; otherwise the answer follows the language they type in).
  language: "nl",
  languageChosen: false,
  inactivityTimer: null,
  countdownTimer: null,
  healthTimer: null,
  busy: false,
  // The card being read aloud, if any.
  speaking: null,
};

const $ = (id) => document.getElementById(id);

// WCAG 2.2.1: a visitor gets at least 20 seconds to say they are still there.
const MIN_WARNING_SECONDS = 20;

function settings() {
  // ?inactivity=…&warning=… shorten the timers for tests and demonstrations; a warning
  // below MIN_WARNING_SECONDS is refused and the configured one is used instead.
  const params = new URLSearchParams(window.location.search);
  const number = (name, fallback, minimum = 1) => {
    const value = Number.parseInt(params.get(name) || "", 10);
    return Number.isFinite(value) && value >= minimum ? value : fallback;
  };
  return {
    inactivity: number("inactivity", state.config.inactivity_seconds),
    warning: number("warning", state.config.warning_seconds, MIN_WARNING_SECONDS),
    branch: params.get("branch") || state.config.branch,
  };
}

// ---- busy buttons -------------------------------------------------------------------

// A button that sends disables itself at once (a second tap does nothing) and shows
// that it is busy until the answer is in.
function setBusy(button, busy) {
  if (!button) return;
  button.disabled = busy;
  if (busy) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
}

function announce(text) {
  // Emptied first, so the same message twice is announced twice.
  const announcer = $("announcer");
  announcer.textContent = "";
  window.setTimeout(() => { announcer.textContent = text; }, 50);
}

// ---- scrolling ------------------------------------------------------------------------

// The newest card in view, above the question box: all of it when it fits (its end
// just above the box), else from its start.
function reveal(node) {
  if (!node || !node.isConnected) return;
  const gap = 12;
  const dockTop = $("dock").getBoundingClientRect().top;
  const rect = node.getBoundingClientRect();
  let move = 0;
  if (rect.height + 2 * gap <= dockTop) {
    if (rect.bottom > dockTop - gap) move = rect.bottom - (dockTop - gap);
    else if (rect.top < gap) move = rect.top - gap;
  } else {
    move = rect.top - gap;
  }
  if (move !== 0) window.scrollBy({ top: move, left: 0, behavior: "instant" });
}

// ---- reading aloud ---------------------------------------------------------------------

function speechAvailable() {
  return "speechSynthesis" in window && typeof SpeechSynthesisUtterance !== "undefined";
}

// A voice for the kiosk's language ("ar" matches "ar-SA"), or null: then no button.
function languageVoice() {
  if (!speechAvailable()) return null;
  const wanted = state.language.toLowerCase();
  return window.speechSynthesis.getVoices().find((v) => {
    const lang = (v.lang || "").toLowerCase().replace("_", "-");
    return lang === wanted || lang.startsWith(`${wanted}-`);
  }) || null;
}

// "Lees voor" shows only where the browser has a voice for the language; voices may
// arrive late, and the language may change during the conversation.
function updateSpeakButtons() {
  const available = languageVoice() !== null;
  document.querySelectorAll("button.speak").forEach((button) => { button.hidden = !available; });
}

// What a card says, in reading order: its texts, the titles of its links and its choices.
function cardSpeech(card) {
  const parts = [];
  card.querySelectorAll("[data-say]").forEach((node) => {
    const kind = node.dataset.say;
    if (kind === "choices") {
      const titles = [...node.querySelectorAll("button")].map((b) => b.textContent.trim());
      if (titles.length) parts.push(`${t("choose")}: ${titles.join(`, ${t("or")} `)}.`);
    } else {
      const text = node.textContent.trim();
      if (text) parts.push(/[.?!:]$/.test(text) ? text : `${text}.`);
    }
  });
  return parts.join(" ");
}

function stopSpeaking() {
  if (!state.speaking) return;
  const button = state.speaking.querySelector("button.speak");
  state.speaking = null;
  if (button) button.textContent = t("read");
  if (speechAvailable()) window.speechSynthesis.cancel();
}

function toggleSpeech(card) {
  if (state.speaking === card) {
    stopSpeaking();
    return;
  }
  stopSpeaking();
  const voice = languageVoice();
  if (!voice) return;
  const utterance = new SpeechSynthesisUtterance(cardSpeech(card));
  utterance.lang = voice.lang || state.language;
  if (typeof SpeechSynthesisVoice !== "undefined" && voice instanceof SpeechSynthesisVoice) {
    utterance.voice = voice;
  }
  const done = () => {
    if (state.speaking !== card) return;
    state.speaking = null;
    card.querySelector("button.speak").textContent = t("read");
  };
  utterance.onend = done;
  utterance.onerror = done;
  state.speaking = card;
  card.querySelector("button.speak").textContent = t("stop");
  window.speechSynthesis.speak(utterance);
}

// ---- cards -------------------------------------------------------------------------------

function card(kind) {
  const item = el("li", { class: `msg bot ${kind || ""}`.trim(), tabindex: "-1" });
  const speak = el("button", { type: "button", class: "secondary speak", hidden: languageVoice() === null,
    onclick: () => toggleSpeech(item) }, t("read"));
  item.append(el("div", { class: "card-head" }, el("span", { class: "who" }, t("bot")), speak));
  return item;
}

// Link cards: see kiosk-extras.js (portal links as a QR code, windows kept to close them).
// A note all the links share ("This page is in Dutch.") stands once above them, and
// once in a card: `said` holds the notes the card has already.
function linkCards(links, said) {
  const words = { openOnPhone: t("open_on_phone"), qrAlt: (url) => t("qr_alt", { url }) };
  const notes = new Set(links.map((link) => link.page_note || ""));
  const shared = notes.size === 1 ? [...notes][0] : "";
  const cards = el("ul", { class: "cards" }, links.map((link) => linkCard(
    shared ? { ...link, page_note: null } : link, state.config.portal_links, words)));
  if (!shared || said.has(shared)) return [cards];
  said.add(shared);
  return [el("p", { class: "page-note", "data-say": "text" }, shared), cards];
}

// Answer buttons: one tap sends; then every answer button on the screen is used up.
function choiceButtons(buttons) {
  return el("ul", { class: "buttons", "data-say": "choices" }, buttons.map((button) =>
    el("li", {}, el("button", {
      type: "button",
      class: "answer",
      "data-intent": String(button.payload || "").split("{")[0],
      onclick: (event) => {
        event.currentTarget.classList.add("chosen");
        send(button.payload, button.shown || button.title, { tapped: true });
      },
    }, button.title)),
  ));
}

// Typing a button's words ("cak", "betalen") is pressing that button: the visitor who
// cannot tap well, or reads the choices and types one, is not lost. A whole title
// typed presses its button; part of one only for a choice (not yes or no: "dank u"
// must not decline an offer), and only with words of three letters or more that say
// something ("nu", "het", "niet" press nothing).
const YES_NO = new Set(["/affirm", "/deny"]);
const SMALL_WORDS = new Set(["het", "een", "van", "ben", "niet", "mee", "iets", "moet", "wil",
  "nog", "dat", "die", "wat", "hoe", "heb", "the", "and", "you", "for", "not", "dank", "graag"]);

function words(text) {
  return ` ${text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
}

function answerTyped(typed) {
  const said = words(typed);
  const parts = said.trim().split(" ");
  if (said.trim() === "" || parts.length > 3) return null;
  const open = [...document.querySelectorAll("#log button.answer:not(:disabled)")];
  const same = open.filter((button) => words(button.textContent) === said);
  if (same.length === 1) return same[0];
  if (parts.some((w) => [...w].length < 3 || SMALL_WORDS.has(w))) return null;
  const within = open.filter((button) => !YES_NO.has(button.dataset.intent)
    && words(button.textContent).includes(said));
  return within.length === 1 ? within[0] : null;
}

// Returns the buttons it disabled, so a failed send can give them back.
function disableAnswers() {
  const open = [...document.querySelectorAll("#log button.answer:not(:disabled)")];
  open.forEach((button) => { button.disabled = true; });
  return open;
}

function addVisitorMessage(text) {
  $("log").append(el("li", { class: "msg visitor" },
    el("span", { class: "who" }, t("you")), el("p", {}, text)));
}

// All messages of one turn as one card.
function replyCard(messages) {
  const item = card();
  let offer = null;
  let slip = null;
  const notes = new Set();
  for (const message of messages) {
    const custom = message.custom || null;
    if (message.text) {
      const notice = custom && custom.type === "pii_removed";
      item.append(el("p", { class: notice ? "notice" : null, "data-say": "text" }, message.text));
    }
    if (custom && custom.type === "links") {
      item.append(...linkCards(custom.links, notes));
      // "Printen" and "Op uw telefoon" belong to the links: above any question that
      // follows (the referral offer's buttons end the card).
      if (!slip && custom.slip_url) {
        slip = custom.slip_url;
        item.append(slipButtons(slip, t));
      }
    }
    if (custom && custom.type === "partner_card") item.append(partnerCard(custom.partner, { nextTime: false, t }));
    if (custom && custom.type === "digid_boundary") item.classList.add("boundary");
    if (custom && custom.type === "referral_form") offer = custom;
    if (message.buttons && message.buttons.length) item.append(choiceButtons(message.buttons));
  }
  return { item, offer };
}

function showError(text, kind = "error") {
  const status = $("status");
  status.className = `banner ${kind}`;
  status.textContent = text;
  status.hidden = false;
}

function watchHealth() {
  if (state.healthTimer) return;
  state.healthTimer = window.setInterval(async () => {
    try {
      const health = await api("/health");
      if (health.ok) {
        window.clearInterval(state.healthTimer);
        state.healthTimer = null;
        showError(t("back_up"), "ok");
      }
    } catch {
      // still down; keep waiting
    }
  }, 3000);
}

// A disabled button drops the focus to the page itself: a keyboard user would start
// again from the top.
function focusLost() {
  return !document.activeElement || document.activeElement === document.body;
}

function questionError(text) {
  const input = $("question");
  const error = $("question-error");
  error.textContent = text;
  error.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.focus();
  reveal($("dock"));
}

async function send(text, shown = text, { tapped = false } = {}) {
  const input = $("question");
  $("question-error").hidden = true;
  input.removeAttribute("aria-invalid");
  if (!text.trim()) {
    questionError(t("empty"));
    return;
  }
  if (state.busy) return;
  state.busy = true;
  stopSpeaking();
  const used = disableAnswers();
  // Noted before "Verstuur" is disabled: some browsers then drop the focus to the
  // page, others keep it on the disabled button.
  const fromSend = document.activeElement === $("send");
  setBusy($("send"), true);
  $("start").hidden = true;
  addVisitorMessage(shown);
  const pending = el("li", { class: "msg bot pending", "aria-busy": "true" },
    el("span", { class: "who" }, t("bot")), el("p", {}, t("sending")));
  $("log").append(pending);
  reveal(pending);
  let result;
  try {
    result = await api("/api/chat", {
      method: "POST",
      body: {
        session_id: state.sessionId, text, branch: settings().branch,
        language: state.language, language_chosen: state.languageChosen,
      },
    });
  } catch {
    result = { ok: false, status: 0, data: null };
  }
  pending.remove();
  state.busy = false;
  setBusy($("send"), false);
  if (result.ok) {
    $("status").hidden = true;
    state.sessionId = result.data.session_id;
    if (result.data.language && result.data.language !== state.language) {
      // The visitor wrote in another language: the kiosk follows, the answer is in it.
      await loadLanguage(result.data.language);
    }
    if (input.value.trim() === text) input.value = "";
    const { item, offer } = replyCard(result.data.messages);
    $("log").append(item);
    // A tap, or a click on "Verstuur" (the busy button let go of the focus), moves the
    // focus to the answer; Enter in the question box leaves it there to type on.
    if (tapped || fromSend || focusLost()) item.focus({ preventScroll: true });
    if (offer) openReferralForm(offer);
    else reveal(item);
  } else if (result.status === 422) {
    used.forEach((button) => { button.disabled = false; button.classList.remove("chosen"); });
    questionError(t("too_long"));
  } else {
    // Nothing was answered: the same buttons can be tapped again once it works.
    used.forEach((button) => { button.disabled = false; button.classList.remove("chosen"); });
    showError(t("down"));
    if (fromSend || focusLost()) $("send").focus({ preventScroll: true });
    watchHealth();
    reveal($("log").lastElementChild);
  }
}

// A tile: the topic's tasks as buttons, so a visitor can go on by tapping alone.
function openTile(tile) {
  $("start").hidden = true;
  stopSpeaking();
  disableAnswers();
  const item = card("menu");
  item.append(el("p", { "data-say": "text" }, `${tile.title}. ${state.config.task_menu}`));
  // The visitor's bubble then says what they chose: "Huurtoeslag: Aanvragen".
  item.append(choiceButtons(tile.tasks.map((task) => ({
    title: task.title, payload: task.payload, shown: `${tile.title}: ${task.title}`,
  }))));
  $("log").append(item);
  item.focus({ preventScroll: true });
  reveal(item);
}

// ---- the referral form: one question per step, each a real <form> -----------------

const forms = new Map();

function openReferralForm(offer) {
  // The answers live as long as the offer: "Toch hulp vragen" finds them again.
  if (!forms.has(offer.session_id)) {
    forms.set(offer.session_id, {
      consent: false, name: "", phone: "", email: "", preferred_time: "", note: "",
    });
  }
  const answers = forms.get(offer.session_id);
  const section = $("referral");
  let errors = {};
  let step = 0;
  let formError = "";

  const field = (name, ...children) => el("div", { class: "field", "data-field": name }, ...children);
  const error = (name) => errors[name]
    ? el("p", { class: "field-error", id: `err-${name}` }, errors[name]) : null;
  const marked = (name, attrs) => errors[name]
    ? { ...attrs, "aria-invalid": "true", "aria-describedby": `err-${name}` } : attrs;

  const steps = [
    {
      title: t("step_consent"),
      fields: ["consent"],
      render: () => [
        el("p", {}, offer.consent),
        field("consent",
          error("consent"),
          el("label", { class: "check", for: "f-consent" },
            el("input", marked("consent", { id: "f-consent", type: "checkbox", checked: answers.consent,
              onchange: (e) => { answers.consent = e.target.checked; } })),
            t("consent_check"))),
      ],
    },
    {
      title: t("step_name"),
      fields: ["name"],
      render: () => [
        field("name",
          el("label", { for: "f-name" }, t("name_label")),
          error("name"),
          el("input", marked("name", { id: "f-name", type: "text", autocomplete: "off", maxlength: "80",
            value: answers.name, oninput: (e) => { answers.name = e.target.value; } }))),
      ],
    },
    {
      title: t("step_contact"),
      fields: ["contact", "phone", "email"],
      render: () => [
        el("p", { class: "hint", id: "contact-hint" }, t("contact_hint")),
        field("phone",
          el("label", { for: "f-phone" }, t("phone_label")),
          error("contact"),
          error("phone"),
          el("input", {
            id: "f-phone", type: "tel", autocomplete: "off", inputmode: "tel", value: answers.phone,
            "aria-invalid": errors.phone || errors.contact ? "true" : null,
            "aria-describedby": errors.phone ? "err-phone" : errors.contact ? "err-contact" : "contact-hint",
            oninput: (e) => { answers.phone = e.target.value; },
          })),
        field("email",
          el("label", { for: "f-email" }, t("email_label")),
          error("email"),
          el("input", marked("email", { id: "f-email", type: "email", autocomplete: "off",
            value: answers.email, oninput: (e) => { answers.email = e.target.value; } }))),
      ],
    },
    {
      title: t("step_when"),
      fields: ["preferred_time", "note"],
      render: () => [
        el("fieldset", { class: "choices" },
          el("legend", {}, t("when_legend")),
          error("preferred_time"),
          offer.preferred_times.map((moment, index) =>
            el("label", { class: "check", for: `f-moment-${index}` },
              el("input", { id: `f-moment-${index}`, type: "radio", name: "moment", value: moment,
                checked: answers.preferred_time === moment,
                onchange: () => { answers.preferred_time = moment; } }),
              t(`time_${moment.replace(/ /g, "_")}`))),
        ),
        field("note",
          el("label", { for: "f-note" }, t("note_label")),
          error("note"),
          el("textarea", { id: "f-note", rows: "3", maxlength: String(offer.max_note),
            "aria-invalid": errors.note ? "true" : null,
            "aria-describedby": errors.note ? "err-note f-note-count" : "f-note-count",
            oninput: (e) => {
              answers.note = e.target.value;
              $("f-note-count").textContent = t("note_count", { count: answers.note.length, max: offer.max_note });
            } }, answers.note),
          el("p", { id: "f-note-count", class: "hint" }, t("note_count", { count: answers.note.length, max: offer.max_note })),
          el("p", { class: "hint" }, t("note_hint"))),
      ],
    },
  ];

  function stepOf(name) {
    return steps.findIndex((s) => s.fields.includes(name));
  }

  function body() {
    return {
      consent: answers.consent,
      name: answers.name,
      phone: answers.phone || null,
      email: answers.email || null,
      preferred_time: answers.preferred_time || null,
      note: answers.note || null,
    };
  }

  // The first field with an error, or the step's first field.
  function focusTarget() {
    const current = steps[step];
    for (const name of current.fields) {
      if (errors[name]) return section.querySelector(name === "contact" ? "#f-phone" : `#f-${name}`);
    }
    return section.querySelector("input, textarea");
  }

  function render() {
    const current = steps[step];
    const last = step === steps.length - 1;
    const form = el("form", { id: "referral-form", novalidate: true, "aria-labelledby": "referral-title",
      onsubmit: (event) => { event.preventDefault(); last ? submit(event.submitter) : next(event.submitter); } },
      el("h2", { id: "referral-title", tabindex: "-1" },
        t("form_heading", { step: step + 1, steps: steps.length, title: current.title })),
      el("p", { class: "hint" }, t("form_for", { partner: offer.partner })),
      formError ? el("p", { class: "field-error form-error", id: "form-error" }, formError) : null,
      ...current.render(),
      // "Volgende" first: Enter and Tab both reach it before "Terug".
      el("div", { class: "actions" },
        el("button", { type: "submit", class: "primary-action" }, last ? t("submit") : t("next")),
        step > 0 ? el("button", { type: "button", class: "secondary",
          onclick: () => { errors = {}; formError = ""; step -= 1; render(); } }, t("previous")) : null,
        el("button", { type: "button", class: "secondary", onclick: stop }, t("stop_form")),
      ),
    );
    section.replaceChildren(form);
    section.hidden = false;
    const messages = [formError, ...current.fields.map((f) => errors[f])].filter(Boolean);
    reveal(section);
    const target = focusTarget();
    if (target) target.focus({ preventScroll: true });
    if (messages.length) announce(messages.join(" "));
    else announce(t("form_step", { step: step + 1, steps: steps.length, title: current.title }));
  }

  async function next(button) {
    setBusy(button, true);
    let result;
    try {
      result = await api("/api/referrals/check", {
        method: "POST", body: { ...body(), fields: steps[step].fields, language: state.language },
      });
    } catch {
      result = { ok: false, status: 0, data: null };
    }
    setBusy(button, false);
    formError = result.ok ? "" : t("form_down");
    errors = result.ok ? result.data.errors : {};
    if (result.ok && Object.keys(errors).length === 0) step += 1;
    render();
  }

  async function submit(button) {
    setBusy(button, true);
    let result;
    try {
      result = await api("/api/referrals", {
        method: "POST", body: { session_id: offer.session_id, ...body(), language: state.language },
      });
    } catch {
      result = { ok: false, status: 0, data: null };
    }
    if (result.ok) {
      forms.delete(offer.session_id);
      close();
      confirmation(result.data);
      return;
    }
    setBusy(button, false);
    if (result.status === 422 && result.data && result.data.detail && result.data.detail.errors) {
      errors = result.data.detail.errors;
      formError = "";
      const first = Object.keys(errors).map(stepOf).filter((i) => i >= 0).sort()[0];
      step = first === undefined ? step : first;
    } else {
      errors = {};
      formError = result.data && typeof result.data.detail === "string" ? result.data.detail : t("form_down");
    }
    render();
  }

  function close() {
    section.hidden = true;
    section.replaceChildren();
  }

  // Stopping sends nothing, and leaves a way back to the same form.
  function stop() {
    close();
    const item = card("stopped");
    item.append(el("p", { "data-say": "text" }, t("stopped")));
    item.append(choiceButtonsLocal(t("again"), () => openReferralForm(offer)));
    $("log").append(item);
    item.focus({ preventScroll: true });
    reveal(item);
  }

  render();
}

// An answer button that works in the page itself, without sending anything.
function choiceButtonsLocal(title, action) {
  return el("ul", { class: "buttons", "data-say": "choices" },
    el("li", {}, el("button", { type: "button", class: "answer", onclick: (event) => {
      disableAnswers();
      event.currentTarget.classList.add("chosen");
      action();
    } }, title)));
}

// The confirmation stays in the conversation, with its reference number.
function confirmation(data) {
  const item = card("confirmation");
  item.append(
    el("h2", { class: "card-title", "data-say": "text" }, t("sent")),
    el("p", { "data-say": "text" }, t("your_number")),
    el("p", { class: "reference", "data-say": "text" }, el("bdi", { dir: "ltr" }, data.reference)),
    el("p", { "data-say": "text" }, data.message),
  );
  if (data.partner_card) item.append(partnerCard(data.partner_card, { t }));
  if (data.slip_url) item.append(slipButtons(data.slip_url, t));
  $("log").append(item);
  item.focus({ preventScroll: true });
  reveal(item);
}

// ---- privacy on a shared screen ----------------------------------------------------

function resetConversation() {
  window.clearTimeout(state.inactivityTimer);
  window.clearInterval(state.countdownTimer);
  stopSpeaking();
  closeOpenedWindows();
  state.sessionId = null;
  forms.clear();
  // The next visitor starts in Dutch again, with the choice open (loadLanguage shows
  // today's spreekuren again, in Dutch).
  if (state.language !== "nl" || state.languageChosen) {
    state.languageChosen = false;
    loadLanguage("nl");
  } else {
    showToday(settings().branch, "nl");
  }
  $("log").replaceChildren();
  $("referral").replaceChildren();
  $("referral").hidden = true;
  $("question").value = "";
  $("question-error").hidden = true;
  $("status").hidden = true;
  $("start").hidden = false;
  if ($("timeout").open) $("timeout").close();
  if (speechAvailable()) window.speechSynthesis.cancel();
  try {
    window.localStorage.clear();
    window.sessionStorage.clear();
  } catch {
    // storage may be unavailable; we never write to it anyway
  }
  window.scrollTo(0, 0);
  armInactivity();
  $("question").focus();
}

function armInactivity() {
  window.clearTimeout(state.inactivityTimer);
  if ($("timeout").open) return;
  const conversationStarted = $("log").childElementCount > 0 || !$("referral").hidden;
  if (!conversationStarted) return;
  state.inactivityTimer = window.setTimeout(warn, settings().inactivity * 1000);
}

function warn() {
  let left = settings().warning;
  $("countdown").textContent = String(left);
  $("timeout").showModal();
  $("still-here").focus();
  state.countdownTimer = window.setInterval(() => {
    left -= 1;
    $("countdown").textContent = String(Math.max(left, 0));
    if (left <= 0) resetConversation();
  }, 1000);
}

function stillHere() {
  window.clearInterval(state.countdownTimer);
  $("timeout").close();
  armInactivity();
}

// ---- start ----------------------------------------------------------------------

// ---- languages ------------------------------------------------------------------

const EMPTY_CONFIG = {
  branch: null, inactivity_seconds: 120, warning_seconds: 30, examples: [], tiles: [],
  task_menu: "", browse: [], interface: {}, languages: [], language: "nl", dir: "ltr",
};

// The page's fixed words: elements with data-i18n="key" get the interface text.
function applyInterface() {
  document.documentElement.lang = state.language;
  document.documentElement.dir = state.config.dir || "ltr";
  document.title = t("page_title");
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll("[data-i18n-label]").forEach((node) => {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  });
  // The status page opens in the same language.
  $("status-link").href = `/status?lang=${encodeURIComponent(state.language)}`;
  // "… over <span id=countdown>30</span> seconden …": the number stays a live element.
  const [before, after = ""] = t("timeout_text").split("{seconds}");
  $("timeout-text").replaceChildren(before, $("countdown"), after);
}

// The language choice: each name in its own language and script, no flags. One Tab
// stop for all six (a toolbar with a roving tabindex): the arrow keys move between them.
function renderLanguages() {
  const buttons = (state.config.languages || []).map((language) => el("button", {
    type: "button", class: "secondary language", lang: language.code, dir: language.dir,
    tabindex: language.code === state.language ? "0" : "-1",
    "aria-pressed": language.code === state.language ? "true" : "false",
    onclick: () => chooseLanguage(language.code),
  }, language.name));
  $("languages").replaceChildren(...buttons);
}

function moveInLanguages(event) {
  const buttons = [...$("languages").querySelectorAll("button")];
  const index = buttons.indexOf(document.activeElement);
  if (index < 0) return;
  const rtl = document.documentElement.dir === "rtl";
  const steps = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 1, ArrowUp: -1 };
  let next = index;
  if (event.key in steps) next = (index + steps[event.key] + buttons.length) % buttons.length;
  else if (event.key === "Home") next = 0;
  else if (event.key === "End") next = buttons.length - 1;
  else return;
  event.preventDefault();
  buttons.forEach((button, i) => { button.tabIndex = i === next ? 0 : -1; });
  buttons[next].focus();
}

function renderStart() {
  $("examples").replaceChildren(...state.config.examples.map((question) =>
    el("li", {}, el("button", { type: "button", class: "secondary",
      onclick: () => send(question) }, question))));
  $("tiles").replaceChildren(...state.config.tiles.map((tile) =>
    el("li", {}, el("button", { type: "button",
      onclick: () => (tile.tasks && tile.tasks.length ? openTile(tile) : send(tile.question)) },
    tile.title))));
  // Buttons alone: a group, then a topic, then what the visitor wants (three taps).
  $("browse").replaceChildren(...state.config.browse.map((group) =>
    el("li", {}, el("button", { type: "button", class: "secondary",
      onclick: () => send(group.payload, group.title) }, group.title))));
  renderLanguages();
}

// Everything the kiosk shows in `language`; the conversation so far stays as it was.
async function loadLanguage(language) {
  const config = await api(`/api/kiosk/config?language=${encodeURIComponent(language)}`)
    .catch(() => null);
  if (config && config.ok) {
    state.config = config.data;
    state.language = config.data.language;
  } else if (!state.config) {
    state.config = EMPTY_CONFIG;
  }
  applyInterface();
  renderStart();
  updateSpeakButtons();
  showToday(settings().branch, state.language);
}

async function chooseLanguage(language) {
  state.languageChosen = true;
  await loadLanguage(language);
  $("question").focus();
}

// /?lang=ar: the status page's "Terug" brings the visitor back in their language. The
// parameter is taken off the address, so a reload (or the next visitor) starts in Dutch.
function languageFromAddress() {
  const params = new URLSearchParams(window.location.search);
  const asked = params.get("lang");
  if (asked === null) return null;
  params.delete("lang");
  const rest = params.toString();
  window.history.replaceState(null, "", `${window.location.pathname}${rest ? `?${rest}` : ""}`);
  return asked;
}

async function start() {
  $("languages").addEventListener("keydown", moveInLanguages);
  const asked = languageFromAddress();
  await loadLanguage("nl");
  if (asked && asked !== "nl" && (state.config.languages || []).some((l) => l.code === asked)) {
    await loadLanguage(asked);
  }
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = $("question").value.trim();
    const button = answerTyped(typed);
    if (button && !state.busy) {
      $("question").value = "";
      button.click();
      return;
    }
    send(typed);
  });
  $("new-conversation").addEventListener("click", resetConversation);
  $("still-here").addEventListener("click", stillHere);
  $("timeout").addEventListener("cancel", (event) => { event.preventDefault(); stillHere(); });
  for (const type of ["pointerdown", "keydown", "input"]) {
    document.addEventListener(type, () => { if (!$("timeout").open) armInactivity(); }, true);
  }
  new MutationObserver(() => armInactivity()).observe($("log"), { childList: true });
  if (speechAvailable()) {
    window.speechSynthesis.addEventListener("voiceschanged", updateSpeakButtons);
  }
  updateSpeakButtons();
  // As after "Nieuw gesprek": a visitor at a kiosk keyboard can start typing at once.
  $("question").focus({ preventScroll: true });
  document.body.dataset.ready = "true";
}

start();
