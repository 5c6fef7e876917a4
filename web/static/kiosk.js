// The kiosk: a conversation with Wegwijzer on a shared screen. Nothing is stored in the
// browser (no cookies, no localStorage, no sessionStorage); after inactivity it resets.
import { api, el } from "./common.js";

const TEXT = {
  you: "U",
  bot: "Wegwijzer",
  read: "Voorlezen",
  down: "Wegwijzer werkt nu even niet. Vraag een medewerker van de bibliotheek om hulp. " +
    "Uw vraag staat nog in het vak. Probeer het zo nog een keer.",
  back: "Wegwijzer werkt weer. U kunt uw vraag opnieuw versturen.",
  empty: "Typ eerst uw vraag.",
  tooLong: "Uw vraag is te lang. Maak hem korter, tot 2000 tekens.",
  sending: "Even geduld, ik zoek het op.",
};

const state = {
  config: null,
  sessionId: null,
  inactivityTimer: null,
  countdownTimer: null,
  healthTimer: null,
  busy: false,
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

// ---- the conversation -------------------------------------------------------------

function speakButton(text) {
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return null;
  }
  return el("button", {
    type: "button",
    class: "secondary speak",
    onclick: () => {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "nl-NL";
      window.speechSynthesis.speak(utterance);
    },
  }, TEXT.read);
}

function linkCards(links) {
  return el("ul", { class: "cards" }, links.map((link) =>
    el("li", {},
      el("a", { class: "card", href: link.url, target: "_blank", rel: "noopener noreferrer" },
        el("strong", {}, link.title),
        el("span", { class: "where" }, `${link.provider} · ${link.domain}`),
      ),
    ),
  ));
}

function addVisitorMessage(text) {
  $("log").append(el("li", { class: "msg visitor" },
    el("span", { class: "who" }, TEXT.you), el("p", {}, text)));
}

function addBotMessage(message) {
  const custom = message.custom || null;
  const item = el("li", {
    class: custom && custom.type === "pii_removed" ? "msg bot notice" : "msg bot",
  }, el("span", { class: "who" }, TEXT.bot));
  if (message.text) {
    item.append(el("p", {}, message.text));
    const speak = speakButton(message.text);
    if (speak) item.append(speak);
  }
  if (message.buttons && message.buttons.length) {
    item.append(el("ul", { class: "buttons" }, message.buttons.map((button) =>
      el("li", {}, el("button", {
        type: "button",
        class: "secondary",
        onclick: () => send(button.payload, button.title),
      }, button.title)),
    )));
  }
  if (custom && custom.type === "links") item.append(linkCards(custom.links));
  if (custom && custom.type === "referral_form") openReferralForm(custom);
  if (item.childElementCount > 1) $("log").append(item);
}

function showError(text) {
  const status = $("status");
  status.className = "banner error";
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
        const status = $("status");
        status.className = "banner ok";
        status.textContent = TEXT.back;
      }
    } catch {
      // still down; keep waiting
    }
  }, 3000);
}

async function send(text, shown = text) {
  const input = $("question");
  const error = $("question-error");
  error.hidden = true;
  input.removeAttribute("aria-invalid");
  if (!text.trim()) {
    error.textContent = TEXT.empty;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  if (state.busy) return;
  state.busy = true;
  $("start").hidden = true;
  addVisitorMessage(shown);
  let result;
  try {
    result = await api("/api/chat", {
      method: "POST",
      body: { session_id: state.sessionId, text, branch: settings().branch },
    });
  } catch {
    result = { ok: false, status: 0, data: null };
  } finally {
    state.busy = false;
  }
  if (result.ok) {
    $("status").hidden = true;
    state.sessionId = result.data.session_id;
    if (input.value === text) input.value = "";
    result.data.messages.forEach(addBotMessage);
  } else if (result.status === 422) {
    error.textContent = TEXT.tooLong;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  } else {
    showError(TEXT.down);
    watchHealth();
  }
}

// ---- the referral form: one question per step --------------------------------------

function openReferralForm(offer) {
  const section = $("referral");
  const answers = { consent: false, name: "", phone: "", email: "", preferred_time: "", note: "" };
  let errors = {};
  let step = 0;

  const steps = [
    {
      title: "Toestemming",
      fields: ["consent"],
      render: () => [
        el("p", {}, offer.consent),
        el("label", { class: "check", for: "f-consent" },
          el("input", { id: "f-consent", type: "checkbox", checked: answers.consent,
            onchange: (e) => { answers.consent = e.target.checked; } }),
          "Ja, dat vind ik goed"),
      ],
    },
    {
      title: "Uw naam",
      fields: ["name"],
      render: () => [
        el("label", { for: "f-name" }, "Uw naam of een bijnaam"),
        el("input", { id: "f-name", type: "text", autocomplete: "off", maxlength: "80",
          value: answers.name, oninput: (e) => { answers.name = e.target.value; } }),
      ],
    },
    {
      title: "Hoe kunnen zij u bereiken?",
      fields: ["contact", "phone", "email"],
      render: () => [
        el("p", { class: "hint" }, "Vul een telefoonnummer of een e-mailadres in. Eén is genoeg."),
        el("label", { for: "f-phone" }, "Telefoonnummer"),
        el("input", { id: "f-phone", type: "tel", autocomplete: "off", inputmode: "tel",
          value: answers.phone, oninput: (e) => { answers.phone = e.target.value; } }),
        el("label", { for: "f-email" }, "E-mailadres"),
        el("input", { id: "f-email", type: "email", autocomplete: "off",
          value: answers.email, oninput: (e) => { answers.email = e.target.value; } }),
      ],
    },
    {
      title: "Wanneer past het u?",
      fields: ["preferred_time"],
      render: () => [
        el("fieldset", { class: "panel" },
          el("legend", {}, "Kies een moment"),
          offer.preferred_times.map((moment, index) =>
            el("label", { class: "check", for: `f-moment-${index}` },
              el("input", { id: `f-moment-${index}`, type: "radio", name: "moment", value: moment,
                checked: answers.preferred_time === moment,
                onchange: () => { answers.preferred_time = moment; } }),
              moment)),
        ),
      ],
    },
    {
      title: "Wilt u nog iets vertellen?",
      fields: ["note"],
      render: () => [
        el("label", { for: "f-note" }, "Uw bericht (mag leeg blijven)"),
        el("textarea", { id: "f-note", rows: "4", maxlength: String(offer.max_note),
          "aria-describedby": "f-note-count",
          oninput: (e) => {
            answers.note = e.target.value;
            $("f-note-count").textContent = `${answers.note.length} van ${offer.max_note} tekens`;
          } }, answers.note),
        el("p", { id: "f-note-count", class: "hint" }, `${answers.note.length} van ${offer.max_note} tekens`),
        el("p", { class: "hint" }, "Schrijf hier geen BSN, wachtwoord of codes."),
      ],
    },
  ];

  function stepOf(field) {
    return steps.findIndex((s) => s.fields.includes(field));
  }

  function render(focusHeading = true) {
    const current = steps[step];
    const fieldErrors = current.fields.filter((f) => errors[f]).map((f) =>
      el("p", { class: "field-error", id: `err-${f}` }, errors[f]));
    section.replaceChildren(
      el("h2", { id: "referral-title", tabindex: "-1" },
        `Hulp vragen, stap ${step + 1} van ${steps.length}: ${current.title}`),
      el("p", { class: "hint" }, `Voor ${offer.partner}.`),
      ...fieldErrors,
      ...current.render(),
      el("div", { class: "actions" },
        step > 0 ? el("button", { type: "button", class: "secondary",
          onclick: () => { step -= 1; render(); } }, "Terug") : null,
        step < steps.length - 1
          ? el("button", { type: "button", onclick: next }, "Volgende")
          : el("button", { type: "button", onclick: submit }, "Versturen"),
        el("button", { type: "button", class: "secondary", onclick: close }, "Stoppen"),
      ),
    );
    section.hidden = false;
    if (focusHeading) $("referral-title").focus();
    for (const field of current.fields) {
      const input = section.querySelector(`#f-${field}`);
      if (input && errors[field]) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `err-${field}`);
      }
    }
  }

  function next() {
    errors = {};
    if (step === 0 && !answers.consent) {
      errors.consent = "Zet een vinkje als u akkoord bent. Anders kunnen wij u niet doorsturen.";
    }
    if (step === 1 && !answers.name.trim()) errors.name = "Vul uw naam of een bijnaam in.";
    if (step === 2 && !answers.phone.trim() && !answers.email.trim()) {
      errors.contact = "Vul een telefoonnummer of een e-mailadres in.";
    }
    if (Object.keys(errors).length === 0) step += 1;
    render();
  }

  async function submit() {
    let result;
    try {
      result = await api("/api/referrals", {
        method: "POST",
        body: {
          session_id: offer.session_id,
          consent: answers.consent,
          name: answers.name,
          phone: answers.phone || null,
          email: answers.email || null,
          preferred_time: answers.preferred_time || null,
          note: answers.note || null,
        },
      });
    } catch {
      result = { ok: false, status: 0, data: null };
    }
    if (result.ok) {
      section.replaceChildren(
        el("h2", { id: "referral-title", tabindex: "-1" }, "Uw vraag is doorgegeven"),
        el("p", {}, "Uw nummer is:"),
        el("p", { class: "reference" }, result.data.reference),
        el("p", {}, result.data.message),
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: close }, "Klaar")),
      );
      $("referral-title").focus();
      return;
    }
    if (result.status === 422 && result.data && result.data.detail && result.data.detail.errors) {
      errors = result.data.detail.errors;
      const first = Object.keys(errors).map(stepOf).filter((i) => i >= 0).sort()[0];
      step = first === undefined ? step : first;
      render();
      return;
    }
    errors = {};
    const message = result.data && typeof result.data.detail === "string"
      ? result.data.detail : TEXT.down;
    section.querySelectorAll(".field-error").forEach((node) => node.remove());
    section.insertBefore(el("p", { class: "field-error", role: "alert" }, message),
      section.children[1]);
  }

  function close() {
    section.hidden = true;
    section.replaceChildren();
    $("question").focus();
  }

  render();
}

// ---- privacy on a shared screen ----------------------------------------------------

function resetConversation() {
  window.clearTimeout(state.inactivityTimer);
  window.clearInterval(state.countdownTimer);
  state.sessionId = null;
  $("log").replaceChildren();
  $("referral").replaceChildren();
  $("referral").hidden = true;
  $("question").value = "";
  $("question-error").hidden = true;
  $("status").hidden = true;
  $("start").hidden = false;
  if ($("timeout").open) $("timeout").close();
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  try {
    window.localStorage.clear();
    window.sessionStorage.clear();
  } catch {
    // storage may be unavailable; we never write to it anyway
  }
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

async function start() {
  const config = await api("/api/kiosk/config").catch(() => null);
  state.config = config && config.ok ? config.data : {
    branch: null, inactivity_seconds: 120, warning_seconds: 30, examples: [], tiles: [],
    browse: [], browse_title: "Kies een onderwerp",
  };
  $("examples").replaceChildren(...state.config.examples.map((question) =>
    el("li", {}, el("button", { type: "button", class: "secondary",
      onclick: () => send(question) }, question))));
  $("tiles").replaceChildren(...state.config.tiles.map((tile) =>
    el("li", {}, el("button", { type: "button",
      onclick: () => send(tile.question) }, tile.title))));
  // Buttons alone: a group, then a topic, then what the visitor wants (three taps).
  $("browse-title").textContent = state.config.browse_title;
  $("browse").replaceChildren(...state.config.browse.map((group) =>
    el("li", {}, el("button", { type: "button", class: "secondary",
      onclick: () => send(group.payload, group.title) }, group.title))));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    send($("question").value.trim());
  });
  $("new-conversation").addEventListener("click", resetConversation);
  $("still-here").addEventListener("click", stillHere);
  $("timeout").addEventListener("cancel", (event) => { event.preventDefault(); stillHere(); });
  for (const type of ["pointerdown", "keydown", "input"]) {
    document.addEventListener(type, () => { if (!$("timeout").open) armInactivity(); }, true);
  }
  new MutationObserver(() => armInactivity()).observe($("log"), { childList: true });
  document.body.dataset.ready = "true";
}

start();
