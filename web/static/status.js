// "Is mijn vraag al opgepakt?": the visitor types the number from the slip and sees the
// status in B1 and the partner's card; nothing about the visitor is ever shown.
import { api, el, fill } from "./common.js";
import { partnerCard } from "./partner-card.js";

const $ = (id) => document.getElementById(id);
// The page comes in the visitor's language (/status?lang=en); its messages sit on <body>.
const LANGUAGE = document.documentElement.lang || "nl";
const TEXTS = JSON.parse(document.body.dataset.texts || "{}");
const t = (key, values = {}) => fill(TEXTS[key] || key, values);
// On a shared screen the page goes back to the kiosk after this much inactivity.
const IDLE_SECONDS = 120;
let idleTimer = null;

function showError(text) {
  $("code-error").textContent = text;
  $("code-error").hidden = false;
  $("code").setAttribute("aria-invalid", "true");
  $("result").hidden = true;
  $("code").focus();
}

async function lookUp(event) {
  event.preventDefault();
  const code = $("code").value.trim();
  if (!code) {
    showError(t("status_empty"));
    return;
  }
  $("look").disabled = true;
  try {
    const path = `/api/referrals/status/${encodeURIComponent(code)}?lang=${encodeURIComponent(LANGUAGE)}`;
    const answer = await api(path).catch(() => null);
    if (!answer) {
      showError(t("status_failed"));
      return;
    }
    if (!answer.ok) {
      showError((answer.data && typeof answer.data.detail === "string") ? answer.data.detail
        : t("status_failed"));
      return;
    }
    $("code-error").hidden = true;
    $("code").removeAttribute("aria-invalid");
    const data = answer.data;
    $("result").replaceChildren(
      el("h2", {}, t("status_number", { reference: data.reference })),
      el("p", { class: "status-text" }, data.status_text),
      partnerCard(data.partner, { t }),
    );
    $("result").hidden = false;
  } finally {
    $("look").disabled = false;
  }
}

function armIdle() {
  window.clearTimeout(idleTimer);
  const params = new URLSearchParams(window.location.search);
  const seconds = Number.parseInt(params.get("inactivity") || "", 10) || IDLE_SECONDS;
  idleTimer = window.setTimeout(() => window.location.assign("/"), seconds * 1000);
}

function start() {
  const params = new URLSearchParams(window.location.search);
  if (params.get("code")) $("code").value = params.get("code");
  $("lookup").addEventListener("submit", lookUp);
  for (const type of ["pointerdown", "keydown", "input"]) document.addEventListener(type, armIdle, true);
  armIdle();
  $("code").focus();
  document.body.dataset.ready = "true";
}

start();
