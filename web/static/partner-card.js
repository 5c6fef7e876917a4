// A partner's public card (what they help with, address, phone, hours, spreekuren):
// so a visitor can go there without the library next time. Used by the kiosk and the
// status page; it holds nothing about the visitor.
import { el } from "./common.js";

// `t` gives the page's words in its language (interface.yml's card_* keys).
export function partnerCard(partner, { nextTime = true, t }) {
  const rows = [];
  const row = (label, value) => {
    if (value && (!Array.isArray(value) || value.length)) {
      rows.push(el("dt", {}, label), el("dd", {}, Array.isArray(value)
        ? el("ul", {}, value.map((line) => el("li", {}, line))) : value));
    }
  };
  row(t("card_address"), partner.address);
  row(t("card_phone"), partner.phone);
  row(t("card_website"), partner.website);
  row(t("card_open"), partner.opening_hours);
  row(t("card_spreekuur"), partner.spreekuren);
  return el("section", { class: "partner-card", "aria-label": t("card_label", { partner: partner.name }) },
    el("h3", { "data-say": "text" }, partner.name),
    partner.helps_with ? el("p", { "data-say": "text" }, partner.helps_with) : null,
    rows.length ? el("dl", {}, rows) : null,
    nextTime ? el("p", { class: "next-time", "data-say": "text" }, partner.next_time) : null);
}
