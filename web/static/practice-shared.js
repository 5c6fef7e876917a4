// Shared parts of the practice pages: the decision form, the conversation, the results.
import { el } from "./common.js";

// The visitor's and the helper's lines, as in the kiosk's conversation log.
export function renderLog(box, turns) {
  box.replaceChildren(...turns.map(({ speaker, text }) =>
    el("div", { class: `msg ${speaker === "visitor" ? "bot" : "visitor"}` },
      el("span", { class: "who" }, speaker === "visitor" ? "Bezoeker" : "U"),
      el("p", {}, text))));
  box.scrollTop = box.scrollHeight;
}

// Topic, link, DigiD boundary and referral; calls onSubmit with the API's body.
export function decisionForm(box, choices, prefix, onSubmit) {
  const id = (name) => `${prefix}-${name}`;
  const topic = el("select", { id: id("topic") },
    el("option", { value: "" }, "Kies een onderwerp"),
    ...choices.topics.map((t) => el("option", { value: t.id }, t.title)));
  const link = el("select", { id: id("link") }, el("option", { value: "" }, "Kies eerst een onderwerp"));
  topic.addEventListener("change", () => {
    const chosen = choices.topics.find((t) => t.id === topic.value);
    link.replaceChildren(el("option", { value: "" }, "Kies een link"),
      ...(chosen ? chosen.links : []).map((l) => el("option", { value: l.url }, `${l.title} (${l.url})`)));
  });
  const radio = (value, text) => el("label", { class: "check", for: id(`digid-${value}`) },
    el("input", { type: "radio", name: id("digid"), id: id(`digid-${value}`), value }), text);
  const referral = el("select", { id: id("referral") },
    el("option", { value: "" }, "Niet doorverwijzen"),
    ...choices.partners.map((p) => el("option", { value: p.id }, p.title)));
  const error = el("p", { class: "field-error", role: "alert", hidden: true });
  const form = el("form", { novalidate: true },
    el("label", { for: id("topic") }, "Onderwerp"), topic,
    el("label", { for: id("link") }, "Link die u geeft"), link,
    el("fieldset", {},
      el("legend", {}, "Is dit de DigiD-grens? (De bezoeker moet zelf inloggen.)"),
      radio("yes", "Ja, hier stop ik"), radio("no", "Nee, ik kan verder helpen")),
    el("label", { for: id("referral") }, "Warm doorverwijzen naar"), referral,
    error,
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Stuur mijn besluit")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const digid = form.querySelector(`input[name="${id("digid")}"]:checked`);
    if (!topic.value || !digid) {
      error.textContent = "Kies een onderwerp en zeg of dit de DigiD-grens is.";
      error.hidden = false;
      return;
    }
    error.hidden = true;
    onSubmit({
      topic: topic.value,
      link_url: link.value || null,
      digid_boundary: digid.value === "yes",
      referral: Boolean(referral.value),
      partner: referral.value || null,
    }, form);
  });
  box.replaceChildren(form);
  return form;
}

export function renderExpected(expected) {
  return el("div", {},
    el("h3", {}, "Wat hier goed is"),
    el("ul", {},
      el("li", {}, `Onderwerp: ${expected.topic_title}`),
      el("li", {}, "Link: ", el("a", { href: expected.link.url, rel: "noopener noreferrer", target: "_blank" },
        `${expected.link.title} (${expected.link.domain})`)),
      el("li", {}, `DigiD-grens: ${expected.digid_boundary ? "ja" : "nee"}`),
      el("li", {}, `Doorverwijzen: ${expected.referral ? expected.partner_title : "niet nodig"}`)),
    el("h3", {}, "Een stap verder"),
    el("p", {}, expected.advice));
}

export function renderScore(body) {
  return el("div", { class: "panel" },
    el("h3", {}, `Uw score: ${body.score} van ${body.max_score}`),
    el("ul", { class: "cards" }, body.feedback.map((f) =>
      el("li", { class: `banner ${f.ok ? "ok" : "error"}` }, f.text))),
    body.remarks.length ? el("ul", {}, body.remarks.map((r) => el("li", {}, r))) : null,
    renderExpected(body.expected));
}

const PARTS = { topic: "Onderwerp", link: "Link", digid_boundary: "DigiD-grens", referral: "Doorverwijzen" };

// The spread of the group's answers as bars; the right answer is marked in words.
export function renderSpread(spread) {
  return el("div", {}, Object.entries(spread).map(([part, bars]) => {
    const max = Math.max(1, ...bars.map((b) => b.count));
    return el("div", {},
      el("h4", {}, PARTS[part] || part),
      el("ul", { class: "cards" }, bars.map((b) =>
        el("li", {},
          el("span", {}, `${b.label}: ${b.count}${b.right ? " (goed)" : ""}`),
          el("div", { class: "bar", role: "img", "aria-label": `${b.label}: ${b.count}` },
            el("span", { style: { width: `${Math.round((b.count / max) * 100)}%` } }))))));
  }));
}

export function detail(result, fallback) {
  const d = result.data && result.data.detail;
  if (typeof d === "string") return d;
  if (d && d.message) return d.message;
  return fallback;
}
