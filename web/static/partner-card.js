// A partner's public card (what they help with, address, phone, hours, spreekuren):
// so a visitor can go there without the library next time. Used by the kiosk and the
// status page; it holds nothing about the visitor.
import { el } from "./common.js";

export function partnerCard(partner, { nextTime = true } = {}) {
  const rows = [];
  const row = (label, value) => {
    if (value && (!Array.isArray(value) || value.length)) {
      rows.push(el("dt", {}, label), el("dd", {}, Array.isArray(value)
        ? el("ul", {}, value.map((line) => el("li", {}, line))) : value));
    }
  };
  row("Adres", partner.address);
  row("Telefoon", partner.phone);
  row("Website", partner.website);
  row("Open", partner.opening_hours);
  row("Spreekuur", partner.spreekuren);
  return el("section", { class: "partner-card", "aria-label": `Kaart van ${partner.name}` },
    el("h3", { "data-say": "text" }, partner.name),
    partner.helps_with ? el("p", { "data-say": "text" }, partner.helps_with) : null,
    rows.length ? el("dl", {}, rows) : null,
    nextTime ? el("p", { class: "next-time", "data-say": "text" }, partner.next_time) : null);
}
