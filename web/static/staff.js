// Staff page: triage as a second opinion, referrals for a visitor at the desk, statistics.
// The token lives only in this page's memory.
import { STATUS_NAMES, api, el, formatDate, percent, signIn } from "./common.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, config: null, me: null, refreshes: 0 };
const TASKS = {
  informatie: "informatie zoeken", aanvragen: "iets aanvragen", wijzigen: "iets wijzigen",
  inzien: "eigen gegevens bekijken", bezwaar: "bezwaar maken", betalen: "betalen",
  inloggen_voor_mij: "iemand anders laten inloggen",
};

function topicTitle(id) {
  return (state.config && state.config.topics[id]) || id || "geen onderwerp";
}

function bar(label, value) {
  return el("div", {},
    el("span", {}, `${label}: ${percent(value)}`),
    el("div", { class: "bar", role: "img", "aria-label": `${label} ${percent(value)}` },
      el("span", { style: { width: `${Math.round(value * 100)}%` } })));
}

async function login(event) {
  const token = await signIn(event, "/api/staff/me",
    "Dit token klopt niet. Vraag het aan de beheerder.");
  if (!token) return;
  state.token = token;
  state.me = (await api("/api/staff/me", { token })).data;
  showBranches();
  $("triage-text").focus();
  await refresh();
}

// Only the branches this account may see; the kiosk's own branch first if it is one.
function showBranches() {
  const allowed = state.me && state.me.branches;
  const branches = state.config.branches.filter((b) => !allowed || allowed.includes(b.id));
  const chosen = branches.some((b) => b.id === state.config.branch)
    ? state.config.branch : branches[0].id;
  $("branch").replaceChildren(...branches.map((b) =>
    el("option", { value: b.id, selected: b.id === chosen }, b.name)));
  $("who").textContent = `Ingelogd als ${state.me.name}.`;
}

async function triage(event) {
  event.preventDefault();
  const text = $("triage-text").value.trim();
  const result = await api("/api/triage", {
    method: "POST", token: state.token, body: { text, branch: $("branch").value },
  });
  const box = $("triage-result");
  if (!result.ok) {
    box.replaceChildren(el("p", { class: "field-error" },
      typeof result.data?.detail === "string" ? result.data.detail : "Vul eerst een vraag in."));
    return;
  }
  const r = result.data;
  const ranking = [
    ...(r.topic ? [{ topic: r.topic, confidence: r.confidence }] : []),
    ...r.alternatives,
  ].slice(0, 3);
  box.replaceChildren(
    el("h3", {}, r.topic ? `Onderwerp: ${topicTitle(r.topic)}` : "Geen duidelijk onderwerp"),
    el("div", { class: "ranking" }, ranking.map((a) => bar(topicTitle(a.topic), a.confidence))),
    el("p", {}, `Taak: ${TASKS[r.task] || r.task}`),
    el("p", { class: r.digid_required ? "verdict-yes" : "verdict-no" },
      r.digid_required ? "DigiD nodig: hier stopt de hulp van de bibliotheek."
        : "Geen DigiD nodig: u kunt samen verder kijken."),
    el("p", {}, r.explanation),
    r.task_reason ? el("p", { class: "hint" }, `Waarom: ${r.task_reason}`) : null,
    r.links.length ? el("ul", { class: "cards" }, r.links.map((link) =>
      el("li", {}, el("a", { class: "card", href: link.url, target: "_blank", rel: "noopener noreferrer" },
        el("strong", {}, link.title), el("span", { class: "where" }, `${link.provider} · ${link.domain}`))))) : null,
    el("p", {}, `Doorverwijzen naar: ${r.partner.name}`),
  );
  if (r.topic) $("refer-topic").value = r.topic;
}

async function refer(event) {
  event.preventDefault();
  const box = $("refer-result");
  const offer = await api("/api/staff/referral-offers", {
    method: "POST", token: state.token,
    body: { topic: $("refer-topic").value || null, branch: $("branch").value },
  });
  if (!offer.ok) {
    box.replaceChildren(el("p", { class: "field-error" }, "Dat lukte niet. Probeer het opnieuw."));
    return;
  }
  const created = await api("/api/referrals", {
    method: "POST",
    body: {
      session_id: offer.data.session_id,
      consent: $("refer-consent").checked,
      name: $("refer-name").value,
      phone: $("refer-phone").value || null,
      email: $("refer-email").value || null,
      preferred_time: $("refer-moment").value || null,
      note: $("refer-note").value || null,
    },
  });
  if (created.ok) {
    box.replaceChildren(el("p", { class: "banner ok" },
      `Doorgestuurd naar ${created.data.partner}. Nummer: ${created.data.reference}.`));
    $("refer-form").reset();
    await refresh();
  } else if (created.status === 422) {
    const errors = created.data.detail.errors || {};
    box.replaceChildren(el("ul", { class: "field-error" },
      Object.values(errors).map((message) => el("li", {}, message))));
  } else {
    box.replaceChildren(el("p", { class: "field-error" }, "Dat lukte niet. Probeer het opnieuw."));
  }
}

function table(headers, rows) {
  if (!rows.length) return el("p", { class: "hint" }, "Nog niets.");
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell) => el("td", {}, cell))))));
}

async function refresh() {
  const branch = $("branch").value;
  const ticket = ++state.refreshes;
  const [referrals, deliveries, stats] = await Promise.all([
    api(`/api/staff/referrals?branch=${encodeURIComponent(branch)}`, { token: state.token }),
    api(`/api/staff/deliveries?branch=${encodeURIComponent(branch)}`, { token: state.token }),
    api(`/api/staff/stats?branch=${encodeURIComponent(branch)}`, { token: state.token }),
  ]);
  // A later refresh (another branch was chosen meanwhile) wins, whichever answers last.
  if (ticket !== state.refreshes) return;
  $("referrals").replaceChildren(table(["Nummer", "Onderwerp", "Partner", "Status", "Datum"],
    (referrals.data || []).map((r) => [r.reference, topicTitle(r.topic), r.partner_id,
      STATUS_NAMES[r.status] || r.status, formatDate(r.created_at)])));
  $("deliveries").replaceChildren(table(["Partner", "Kanaal", "Status", "Pogingen", "Fout"],
    (deliveries.data || []).map((d) => [d.partner_id, d.channel, d.status, String(d.attempts),
      d.last_error || ""])));
  renderStats(stats.data || { topics: [], referrals: [] });
}

function renderStats(stats) {
  const perTopic = new Map();
  let boundary = 0;
  for (const row of stats.topics) {
    perTopic.set(row.topic, (perTopic.get(row.topic) || 0) + row.questions);
    boundary += row.boundary_hits;
  }
  const max = Math.max(1, ...perTopic.values());
  const rows = [...perTopic.entries()].sort((a, b) => b[1] - a[1]);
  $("stats-chart").replaceChildren(
    el("p", {}, `Keren dat de DigiD-grens werd bereikt: ${boundary}`),
    rows.length ? el("ul", { class: "cards", "aria-label": "Vragen per onderwerp" }, rows.map(([topic, count]) =>
      el("li", {}, el("span", {}, `${topicTitle(topic)}: ${count}`),
        el("div", { class: "bar", role: "img", "aria-label": `${topicTitle(topic)}: ${count} vragen` },
          el("span", { style: { width: `${Math.round((count / max) * 100)}%` } }))))) : el("p", { class: "hint" }, "Nog geen vragen."),
    table(["Week", "Partner", "Doorverwijzingen"],
      stats.referrals.map((r) => [r.week, r.partner, String(r.referrals)])),
  );
}

async function downloadCsv() {
  const branch = $("branch").value;
  const response = await fetch(`/api/staff/stats.csv?branch=${encodeURIComponent(branch)}`, {
    headers: { Authorization: `Bearer ${state.token}` }, cache: "no-store",
  });
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: "wegwijzer-statistiek.csv" });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

async function start() {
  const config = await api("/api/kiosk/config");
  state.config = config.data;
  $("refer-topic").replaceChildren(el("option", { value: "" }, "Geen onderwerp"),
    ...Object.entries(state.config.topics).map(([id, title]) => el("option", { value: id }, title)));
  $("login").addEventListener("submit", login);
  $("triage-form").addEventListener("submit", triage);
  $("refer-form").addEventListener("submit", refer);
  $("branch").addEventListener("change", refresh);
  $("csv").addEventListener("click", downloadCsv);
  $("logout").addEventListener("click", () => window.location.reload());
  document.body.dataset.ready = "true";
}

start();
