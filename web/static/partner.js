// Partner page: the inbox, a referral with contact details (each view is audited), status.
import { STATUS_NAMES, api, el, formatDate, signIn } from "./common.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, topics: {} };

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
  const status = $("filter").value;
  const result = await api(`/api/partner/referrals${status ? `?status=${status}` : ""}`, {
    token: state.token,
  });
  const rows = result.data || [];
  if (!rows.length) {
    $("inbox").replaceChildren(el("p", { class: "hint" }, "Geen doorverwijzingen."));
    return;
  }
  $("inbox").replaceChildren(el("table", {},
    el("thead", {}, el("tr", {}, ["Nummer", "Onderwerp", "Vestiging", "Status", "Datum", ""].map((h) =>
      el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {},
      el("td", {}, r.reference),
      el("td", {}, state.topics[r.topic] || r.topic || "geen onderwerp"),
      el("td", {}, r.branch),
      el("td", {}, STATUS_NAMES[r.status] || r.status),
      el("td", {}, formatDate(r.created_at)),
      el("td", {}, el("button", { type: "button", class: "secondary",
        onclick: () => openDetail(r.id) }, `Open ${r.reference}`)),
    )))));
}

async function openDetail(id) {
  const result = await api(`/api/partner/referrals/${encodeURIComponent(id)}`, { token: state.token });
  const section = $("detail");
  if (!result.ok) {
    section.replaceChildren(el("p", { class: "field-error" }, "Deze doorverwijzing kon niet worden geopend."));
    section.hidden = false;
    return;
  }
  const r = result.data;
  const c = r.contact;
  section.replaceChildren(
    el("h2", { id: "detail-title" }, `Doorverwijzing ${r.reference}`),
    el("p", {}, `Onderwerp: ${state.topics[r.topic] || r.topic || "geen onderwerp"}. Vestiging: ${r.branch}.`),
    c.purged ? el("p", { class: "hint" }, "De contactgegevens zijn gewist na de bewaartermijn.") :
      el("dl", {},
        el("dt", {}, "Naam"), el("dd", {}, c.name || ""),
        el("dt", {}, "Telefoon"), el("dd", {}, c.phone || "-"),
        el("dt", {}, "E-mail"), el("dd", {}, c.email || "-"),
        el("dt", {}, "Voorkeursmoment"), el("dd", {}, c.preferred_time || "-"),
        el("dt", {}, "Toelichting"), el("dd", {}, c.note || "-")),
    el("h3", {}, "Geschiedenis"),
    el("ul", {}, r.history.map((h) => el("li", {},
      `${formatDate(h.at)}: ${STATUS_NAMES[h.status] || h.status} (${h.actor})${h.note ? ` - ${h.note}` : ""}`))),
    el("form", { id: "status-form", novalidate: true },
      el("label", { for: "new-status" }, "Nieuwe status"),
      el("select", { id: "new-status" },
        ["received", "in_progress", "done", "unreachable"].map((s) =>
          el("option", { value: s, selected: s === "in_progress" }, STATUS_NAMES[s]))),
      el("label", { for: "status-note" }, "Notitie (mag leeg blijven)"),
      el("input", { id: "status-note", type: "text", maxlength: "500", autocomplete: "off" }),
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Status opslaan")),
      el("p", { id: "status-result", "aria-live": "polite" })),
  );
  section.hidden = false;
  section.focus();
  $("status-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const change = await api(`/api/partner/referrals/${encodeURIComponent(id)}/status`, {
      method: "POST", token: state.token,
      body: { status: $("new-status").value, note: $("status-note").value || null },
    });
    $("status-result").textContent = change.ok
      ? `Opgeslagen: ${STATUS_NAMES[change.data.status]}.`
      : (typeof change.data?.detail === "string" ? change.data.detail : "Opslaan lukte niet.");
    if (change.ok) await loadInbox();
  });
}

async function start() {
  const config = await api("/api/kiosk/config");
  state.topics = config.data ? config.data.topics : {};
  $("login").addEventListener("submit", login);
  $("filter").addEventListener("change", loadInbox);
  $("logout").addEventListener("click", () => window.location.reload());
  document.body.dataset.ready = "true";
}

start();
