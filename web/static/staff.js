// Staff page: triage as a second opinion, referrals for a visitor at the desk, statistics.
// The token lives only in this page's memory. Everything is written for staff: names,
// not internal ids; an explanation in the staff member's words; doubt shown as doubt.
import { STATUS_NAMES, api, el, formatDate, percent, signIn } from "./common.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, config: null, me: null, refreshes: 0, branches: [], referLanguage: "nl" };

// Below this the page says "Onzeker" instead of presenting a guess as a fact.
const SURE = 0.6;
const CHANNELS = { webhook: "Webhook", email: "E-mail" };
const DELIVERY_STATUS = {
  pending: "Wacht", sending: "Bezig", delivered: "Afgeleverd", failed: "Mislukt", disabled: "Uitgezet",
};

function topicTitle(id) {
  return (id && state.config.topics[id]) || "Geen onderwerp";
}

function taskName(id) {
  return (id && state.config.tasks[id]) || "Onbekend";
}

function partnerName(id) {
  return (id && state.config.partners[id]) || id || "";
}

function unsure(value) {
  return value < SURE ? el("span", { class: "badge unsure" }, "Onzeker") : null;
}

function bar(label, value) {
  return el("div", { class: "ranking-row" },
    el("span", {}, `${label}: ${percent(value)}`),
    el("div", { class: "bar", role: "img", "aria-label": `${label} ${percent(value)}` },
      el("span", { style: { width: `${Math.round(value * 100)}%` } })));
}

function setBusy(button, busy) {
  button.disabled = busy;
  if (busy) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
}

async function login(event) {
  const token = await signIn(event, "/api/staff/me",
    "Dit token klopt niet. Vraag het aan de beheerder.");
  if (!token) return;
  state.token = token;
  state.me = (await api("/api/staff/me", { token })).data;
  showBranches();
  $("triage-text").focus();
  await Promise.all([refresh(), showReviews()]);
}

// Topics whose whole-topic review is too old: the content editor knows what to check.
async function showReviews() {
  const reviews = (await api("/api/staff/reviews", { token: state.token })).data;
  if (!reviews) return;
  $("reviews-hint").textContent = reviews.topics.length
    ? `Deze onderwerpen zijn langer dan ${reviews.months} maanden niet helemaal nagekeken.`
    : `Alle onderwerpen zijn in de laatste ${reviews.months} maanden nagekeken.`;
  $("reviews").replaceChildren(reviews.topics.length
    ? table(["Onderwerp", "Eigenaar", "Laatst nagekeken"],
      reviews.topics.map((t) => [t.title, t.owner, dateText(t.reviewed)]))
    : el("p", { class: "hint" }, "Niets om na te kijken."));
}

// The branch is a filter for the whole page; an account with one branch has no choice.
function showBranches() {
  const allowed = state.me && state.me.branches;
  const branches = state.config.branches.filter((b) => !allowed || allowed.includes(b.id));
  state.branches = branches;
  const chosen = branches.some((b) => b.id === state.config.branch)
    ? state.config.branch : branches[0].id;
  $("branch").replaceChildren(...branches.map((b) =>
    el("option", { value: b.id, selected: b.id === chosen }, b.name)));
  $("who").textContent = `Ingelogd als ${state.me.name}.`;
  const single = branches.length === 1;
  $("branch-choice").hidden = single;
  $("branch-only").hidden = !single;
  $("branch-only").textContent = single ? `Vestiging: ${branches[0].name}.` : "";
}

// What the triage means, in the staff member's words.
function explanation(r) {
  const topic = r.topic ? topicTitle(r.topic) : null;
  if (r.task === "inloggen_voor_mij") {
    return "De bezoeker vraagt iemand om voor hem of haar in te loggen. Dat mag u niet doen. " +
      "Wijs op DigiD Machtigen, of verwijs door naar een partner.";
  }
  if (!topic) {
    if (r.verdict === "out_of_scope") return "Dit lijkt geen vraag over de overheid.";
    if (r.verdict === "conversation") return "Dit is geen vraag, maar bijvoorbeeld een groet of een bedankje.";
    return "Het onderwerp is niet duidelijk. Vraag de bezoeker wat er op de brief of het scherm staat.";
  }
  if (r.task_uncertain) {
    return `Het gaat om ${topic}. Het is niet duidelijk of de bezoeker informatie wil of het nu wil regelen. ` +
      "Vraag het na. Wil de bezoeker het regelen, dan logt hij of zij zelf in met DigiD.";
  }
  const task = taskName(r.task).toLowerCase();
  if (r.digid_required && !r.at_the_boundary) {
    return `Het gaat om ${topic}, taak: ${task}. Daarvoor logt de bezoeker zelf in met de eigen DigiD. ` +
      "Dat is de wettelijke manier om iemand te laten helpen. U mag uitleggen hoe het werkt, maar niet inloggen.";
  }
  if (r.digid_required) {
    return `Het gaat om ${topic}, taak: ${task}. Daarvoor logt de bezoeker zelf in met DigiD. ` +
      "U mag niet helpen inloggen. Bied een doorverwijzing aan.";
  }
  return `Het gaat om ${topic}, taak: ${task}. Daarvoor is geen DigiD nodig. U kunt samen verder kijken.`;
}

function headline(r) {
  if (r.topic) return el("h3", {}, `Onderwerp: ${topicTitle(r.topic)} `, unsure(r.confidence));
  if (r.task === "inloggen_voor_mij") return el("h3", {}, "Vraag om voor de bezoeker in te loggen");
  if (r.verdict === "out_of_scope") return el("h3", {}, "Geen vraag over de overheid");
  return el("h3", {}, "Geen duidelijk onderwerp");
}

async function triage(event) {
  event.preventDefault();
  const button = $("triage-send");
  const text = $("triage-text").value.trim();
  setBusy(button, true);
  const result = await api("/api/triage", {
    method: "POST", token: state.token, body: { text, branch: $("branch").value },
  }).catch(() => ({ ok: false, data: null }));
  setBusy(button, false);
  const box = $("triage-result");
  if (!result.ok) {
    box.replaceChildren(el("p", { class: "field-error" },
      typeof result.data?.detail === "string" ? result.data.detail : "Vul eerst een vraag in."));
    return;
  }
  const r = result.data;
  // Topics the model hardly considered are noise for staff.
  const ranking = (r.top_topics || [])
    .filter((a) => state.config.topics[a.topic] && a.confidence >= 0.05).slice(0, 3);
  const taskSure = r.task_uncertain ? 0 : r.task_confidence;
  // replaceChildren would print a null as the word "null": leave empty parts out.
  box.replaceChildren(...[
    headline(r),
    ranking.length ? el("div", { class: "ranking" }, ranking.map((a) => bar(topicTitle(a.topic), a.confidence))) : null,
    el("p", {}, `Taak: ${taskName(r.task)} `, unsure(taskSure)),
    // "Bezoeker spreekt Arabisch": plan an interpreter before the referral.
    r.language_note ? el("p", { class: "language-note" }, r.language_note) : null,
    el("p", { class: r.at_the_boundary ? "verdict-yes" : "verdict-no" },
      r.at_the_boundary ? "DigiD nodig: hier stopt de hulp van de bibliotheek."
        : r.digid_required ? "DigiD Machtigen: de bezoeker logt zelf in met de eigen DigiD."
        : "Geen DigiD nodig: u kunt samen verder kijken."),
    el("p", {}, explanation(r)),
    r.links.length ? el("ul", { class: "cards" }, r.links.map((link) =>
      el("li", {}, el("a", { class: "card", href: link.url, target: "_blank", rel: "noopener noreferrer" },
        el("strong", {}, link.title), el("span", { class: "where" }, `${link.provider} · ${link.domain}`))))) : null,
    el("p", {}, `Doorverwijzen naar: ${r.partner.name}`),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => referFor(r) }, "Verwijs door")),
  ].filter(Boolean));
}

// "Verwijs door": the referral form below, filled in with what the triage found.
function referFor(r) {
  $("refer-topic").value = r.topic || "";
  state.referLanguage = r.language || "nl";
  $("refer-task").value = r.task && state.config.tasks[r.task] ? r.task : "informatie";
  $("refer-result").replaceChildren();
  $("refer").scrollIntoView({ block: "start" });
  $("refer-consent").focus({ preventScroll: true });
}

function requestId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function refer(event) {
  event.preventDefault();
  const button = $("refer-send");
  if (button.disabled) return;
  setBusy(button, true);
  const box = $("refer-result");
  try {
    // One id per click: the server opens one offer for it, however often it arrives.
    const offer = await api("/api/staff/referral-offers", {
      method: "POST", token: state.token,
      body: {
        topic: $("refer-topic").value || null,
        task: $("refer-task").value || "informatie",
        branch: $("branch").value,
        request_id: requestId(),
        language: state.referLanguage || "nl",
      },
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
  } catch {
    box.replaceChildren(el("p", { class: "field-error" }, "Dat lukte niet. Probeer het opnieuw."));
  } finally {
    setBusy(button, false);
  }
}

function table(headers, rows) {
  if (!rows.length) return el("p", { class: "hint" }, "Nog niets.");
  return el("table", { class: "stack-on-small" },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell, i) =>
      el("td", { "data-label": headers[i] }, cell))))));
}

// Overdue: still new after the partner's promised day. Shown first, with a badge.
function statusCell(r) {
  const name = STATUS_NAMES[r.status] || r.status;
  if (!r.overdue) return name;
  return el("span", {}, `${name} `, el("span", { class: "badge overdue" }, "Te laat"));
}

function weeksQuery() {
  const weeks = $("stats-weeks").value;
  return weeks ? `&weeks=${encodeURIComponent(weeks)}` : "";
}

async function refresh() {
  const branch = $("branch").value;
  const ticket = ++state.refreshes;
  const q = `branch=${encodeURIComponent(branch)}`;
  const [referrals, deliveries, stats] = await Promise.all([
    api(`/api/staff/referrals?${q}`, { token: state.token }),
    api(`/api/staff/deliveries?${q}`, { token: state.token }),
    api(`/api/staff/stats?${q}${weeksQuery()}`, { token: state.token }),
  ]);
  // A later refresh (another branch was chosen meanwhile) wins, whichever answers last.
  if (ticket !== state.refreshes) return;
  $("referrals").replaceChildren(table(["Nummer", "Onderwerp", "Taak", "Taal", "Partner", "Status", "Datum"],
    (referrals.data || []).map((r) => [r.reference, topicTitle(r.topic), taskName(r.task),
      r.language_note || "", partnerName(r.partner_id), statusCell(r), formatDate(r.created_at)])));
  $("deliveries").replaceChildren(table(["Partner", "Kanaal", "Status", "Pogingen", "Fout"],
    (deliveries.data || []).map((d) => [partnerName(d.partner_id), CHANNELS[d.channel] || d.channel,
      DELIVERY_STATUS[d.status] || d.status, String(d.attempts), d.last_error || ""])));
  renderStats(stats.data || { topics: [], referrals: [], period: {} });
}

function dateText(iso) {
  return new Date(`${iso}T12:00:00`).toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
}

function periodText(period) {
  if (!period || !period.from_date) return "Periode: alles wat er is geteld.";
  return `Periode: ${dateText(period.from_date)} tot en met ${dateText(period.to_date)} ` +
    `(week ${period.first_week.split("-W")[1]} tot en met week ${period.last_week.split("-W")[1]}).`;
}

// The partner's promise over the period: how many were late, how soon they called.
function promiseTable(rows) {
  const hours = (h) => (h === null || h === undefined ? "Nog geen contact"
    : `${String(h).replace(".", ",")} uur`);
  return el("div", {},
    el("h3", {}, "Beloofde termijn per partner"),
    table(["Partner", "Doorverwijzingen", "Te laat opgepakt", "Mediaan tot eerste contact"],
      rows.map((p) => [partnerName(p.partner), String(p.referrals), String(p.overdue), hours(p.median_hours_to_contact)])));
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
  $("stats-period").textContent = periodText(stats.period);
  $("stats-chart").replaceChildren(
    el("p", {}, `Keren dat de DigiD-grens werd bereikt: ${boundary}`),
    rows.length ? el("ul", { class: "cards", "aria-label": "Vragen per onderwerp" }, rows.map(([topic, count]) =>
      el("li", {}, el("span", {}, `${topicTitle(topic)}: ${count}`),
        el("div", { class: "bar", role: "img", "aria-label": `${topicTitle(topic)}: ${count} vragen` },
          el("span", { style: { width: `${Math.round((count / max) * 100)}%` } }))))) : el("p", { class: "hint" }, "Nog geen vragen."),
    table(["Week", "Partner", "Doorverwijzingen"],
      stats.referrals.map((r) => [r.week, partnerName(r.partner), String(r.referrals)])),
    promiseTable(stats.partners || []),
    // Questions per language: how often a kiosk speaks Arabic, Ukrainian, ...
    table(["Week", "Taal", "Vragen"],
      (stats.languages || []).map((l) => [l.week, l.name, String(l.questions)])),
  );
}

async function downloadCsv() {
  const button = $("csv");
  setBusy(button, true);
  try {
    const branch = $("branch").value;
    const response = await fetch(`/api/staff/stats.csv?branch=${encodeURIComponent(branch)}${weeksQuery()}`, {
      headers: { Authorization: `Bearer ${state.token}` }, cache: "no-store",
    });
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: `wegwijzer-statistiek-${branch}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  } finally {
    setBusy(button, false);
  }
}

async function start() {
  const config = await api("/api/kiosk/config");
  state.config = config.data;
  $("refer-topic").replaceChildren(el("option", { value: "" }, "Geen onderwerp"),
    ...Object.entries(state.config.topics).map(([id, title]) => el("option", { value: id }, title)));
  $("refer-task").replaceChildren(...Object.entries(state.config.tasks).map(([id, name]) =>
    el("option", { value: id, selected: id === "informatie" }, name)));
  $("login").addEventListener("submit", login);
  $("triage-form").addEventListener("submit", triage);
  $("refer-form").addEventListener("submit", refer);
  $("branch").addEventListener("change", refresh);
  $("stats-weeks").addEventListener("change", refresh);
  $("csv").addEventListener("click", downloadCsv);
  $("logout").addEventListener("click", () => window.location.reload());
  document.body.dataset.ready = "true";
}

start();
