// Partner page: the inbox, a referral with contact details (each view is audited), status.
// Names instead of internal ids; the phone number as a tappable Dutch number.
import { STATUS_NAMES, api, el, formatDate, signIn } from "./common.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, config: null, search: "" };
const NEXT = {
  new: ["received", "in_progress", "done", "unreachable"],
  received: ["in_progress", "done", "unreachable"],
  in_progress: ["done", "unreachable"],
  done: [],
  unreachable: [],
};

function topicTitle(id) {
  return (id && state.config.topics[id]) || "Geen onderwerp";
}

function taskName(id) {
  return (id && state.config.tasks[id]) || "Onbekend";
}

function branchName(id) {
  const branch = state.config.branches.find((b) => b.id === id);
  return branch ? branch.name : id;
}

function setBusy(button, busy) {
  button.disabled = busy;
  if (busy) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
}

async function login(event) {
  const token = await signIn(event, "/api/partner/referrals?limit=1",
    "Dit token klopt niet. Vraag het aan de bibliotheek.");
  if (!token) return;
  state.token = token;
  await loadInbox();
  // The notification's inbox link ends in #<referral id>: open that referral.
  const wanted = decodeURIComponent(window.location.hash.slice(1));
  if (/^[0-9a-f]{32}$/.test(wanted)) await openDetail(wanted);
}

async function loadInbox() {
  const params = new URLSearchParams();
  if (state.search) params.set("reference", state.search);
  else if ($("filter").value) params.set("status", $("filter").value);
  const query = params.toString();
  const result = await api(`/api/partner/referrals${query ? `?${query}` : ""}`, { token: state.token });
  const rows = result.data || [];
  $("inbox-note").textContent = state.search
    ? (rows.length ? `Gevonden: ${state.search}.` : `Geen doorverwijzing met nummer ${state.search}.`)
    : "";
  if (!rows.length) {
    $("inbox").replaceChildren(el("p", { class: "hint" }, "Geen doorverwijzingen."));
    return;
  }
  const headers = ["Nummer", "Onderwerp", "Taak", "Vestiging", "Status", "Datum", ""];
  // A table on wide screens; each row a card on a phone (see .stack-on-small).
  $("inbox").replaceChildren(el("table", { class: "stack-on-small" },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", { "data-id": r.id },
      el("td", { "data-label": "Nummer" }, el("strong", {}, r.reference)),
      el("td", { "data-label": "Onderwerp" }, topicTitle(r.topic)),
      el("td", { "data-label": "Taak" }, taskName(r.task)),
      el("td", { "data-label": "Vestiging" }, branchName(r.branch)),
      el("td", { "data-label": "Status", class: "status" }, STATUS_NAMES[r.status] || r.status,
        // Still new after the promised working days: the partner sees it too.
        r.overdue ? " " : null, r.overdue ? el("span", { class: "badge overdue" }, "Te laat") : null),
      el("td", { "data-label": "Datum" }, formatDate(r.created_at)),
      el("td", { class: "row-action" }, el("button", { type: "button", class: "secondary",
        onclick: () => openDetail(r.id) }, `Open ${r.reference}`)),
    )))));
}

function phoneLink(contact) {
  if (!contact.phone) return "-";
  return el("a", { href: `tel:${contact.phone}` }, contact.phone_display || contact.phone);
}

function emailLink(contact) {
  if (!contact.email) return "-";
  return el("a", { href: `mailto:${contact.email}` }, contact.email);
}

function historyList(history) {
  return el("ul", { id: "history" }, history.map((h) => el("li", {},
    `${formatDate(h.at)}: ${STATUS_NAMES[h.status] || h.status} (${actorName(h.actor)})`,
    h.note ? ` - ${h.note}` : "")));
}

function actorName(actor) {
  if (actor === "bezoeker") return "bezoeker";
  if (actor.startsWith("partner:")) return state.config.partners[actor.slice(8)] || "partner";
  return actor;
}

function renderDetail(r, message = "") {
  const section = $("detail");
  const c = r.contact;
  const options = [r.status, ...(NEXT[r.status] || [])];
  const closed = (NEXT[r.status] || []).length === 0;
  section.replaceChildren(
    el("h2", { id: "detail-title" }, `Doorverwijzing ${r.reference}`),
    el("dl", { class: "facts" },
      el("dt", {}, "Onderwerp"), el("dd", {}, topicTitle(r.topic)),
      el("dt", {}, "Taak"), el("dd", {}, taskName(r.task)),
      el("dt", {}, "Vestiging"), el("dd", {}, branchName(r.branch)),
      el("dt", {}, "Status"), el("dd", { id: "detail-status" }, STATUS_NAMES[r.status] || r.status)),
    c.purged ? el("p", { class: "hint" }, "De contactgegevens zijn gewist na de bewaartermijn.") :
      el("dl", { class: "facts" },
        el("dt", {}, "Naam"), el("dd", {}, c.name || ""),
        el("dt", {}, "Telefoon"), el("dd", {}, phoneLink(c)),
        el("dt", {}, "E-mail"), el("dd", {}, emailLink(c)),
        el("dt", {}, "Voorkeursmoment"), el("dd", {}, c.preferred_time || "-"),
        el("dt", {}, "Toelichting"), el("dd", {}, c.note || "-")),
    el("h3", {}, "Geschiedenis"),
    historyList(r.history),
    closed ? el("p", { class: "hint" }, "Deze doorverwijzing is afgesloten.") :
      el("form", { id: "status-form", novalidate: true },
        el("label", { for: "new-status" }, "Nieuwe status"),
        el("select", { id: "new-status" }, options.map((s) =>
          el("option", { value: s, selected: s === r.status },
            s === r.status ? `${STATUS_NAMES[s]} (zoals nu)` : STATUS_NAMES[s]))),
        el("label", { for: "status-note" }, "Notitie (mag leeg blijven)"),
        el("input", { id: "status-note", type: "text", maxlength: "500", autocomplete: "off" }),
        el("div", { class: "actions" }, el("button", { id: "status-send", type: "submit" }, "Status opslaan"))),
    el("p", { id: "status-result", "aria-live": "polite" }, message),
  );
  const form = $("status-form");
  if (form) form.addEventListener("submit", (event) => saveStatus(event, r));
}

async function openDetail(id) {
  const result = await api(`/api/partner/referrals/${encodeURIComponent(id)}`, { token: state.token });
  const section = $("detail");
  section.hidden = false;
  if (!result.ok) {
    section.replaceChildren(el("p", { class: "field-error" }, "Deze doorverwijzing kon niet worden geopend."));
    return;
  }
  renderDetail(result.data);
  section.focus();
  // Opening marks a new referral "Ontvangen": the inbox says so too.
  await loadInbox();
}

async function saveStatus(event, r) {
  event.preventDefault();
  const button = $("status-send");
  setBusy(button, true);
  const chosen = $("new-status").value;
  const note = $("status-note").value.trim();
  const change = await api(`/api/partner/referrals/${encodeURIComponent(r.id)}/status`, {
    method: "POST", token: state.token, body: { status: chosen, note: note || null },
  }).catch(() => ({ ok: false, data: null }));
  if (!change.ok) {
    setBusy(button, false);
    $("status-result").textContent =
      typeof change.data?.detail === "string" ? change.data.detail : "Opslaan lukte niet.";
    return;
  }
  // The history as it is now, the note cleared, and the inbox up to date.
  const fresh = await api(`/api/partner/referrals/${encodeURIComponent(r.id)}`, { token: state.token });
  const saved = chosen === r.status ? "Notitie opgeslagen." : `Opgeslagen: ${STATUS_NAMES[change.data.status]}.`;
  if (fresh.ok) renderDetail(fresh.data, saved);
  else $("status-result").textContent = saved;
  await loadInbox();
}

async function search(event) {
  event.preventDefault();
  const button = $("search-send");
  setBusy(button, true);
  state.search = $("search-reference").value.trim();
  await loadInbox();
  setBusy(button, false);
}

async function start() {
  const config = await api("/api/kiosk/config");
  state.config = config.data || { topics: {}, tasks: {}, partners: {}, branches: [] };
  $("login").addEventListener("submit", login);
  $("filter").addEventListener("change", () => {
    state.search = "";
    $("search-reference").value = "";
    loadInbox();
  });
  $("search").addEventListener("submit", search);
  $("logout").addEventListener("click", () => window.location.reload());
  document.body.dataset.ready = "true";
}

start();
