// The kiosk's take-home parts (issue 19), kept apart from kiosk.js: partner cards,
// today's spreekuren, "Printen" and "Op uw telefoon", and links on a shared screen.
//
// Every window the kiosk opens is kept here and closed on "Nieuw gesprek" and the
// inactivity reset: a session on an official site must never stay open for the next
// visitor. The window keeps its `opener`: Chromium lets a page close a cross-origin
// window only while it is that window's opener (dropping it with `w.opener = null`
// makes `w.close()` do nothing, tested in tests/e2e/test_slip_browser.py). Only the
// catalogue's allow-listed information pages are opened this way; personal portals
// (DigiD) are not opened on this screen at all (`portal_links: qr`).
import { api, el } from "./common.js";
import { partnerCard } from "./partner-card.js";

export { partnerCard };

const opened = [];

export function openWindow(url) {
  const win = window.open(url, "_blank");
  if (win) opened.push(win);
  return win;
}

export function closeOpenedWindows() {
  while (opened.length) {
    const win = opened.pop();
    try {
      if (!win.closed) win.close();
    } catch {
      // already gone
    }
  }
}

// A link card. A personal portal (DigiD) is not opened on the library's screen when
// `portalLinks` is "qr": the card shows its address and a QR code for the visitor's phone.
// `words`: the kiosk's texts in the visitor's language (Dutch when not given).
export function linkCard(link, portalLinks, words = {}) {
  // A domain reads left to right, also inside Arabic text.
  const where = el("span", { class: "where" }, el("bdi", {}, link.provider), " · ",
    el("bdi", { dir: "ltr" }, link.domain));
  const note = link.page_note
    ? el("span", { class: "page-note", "data-say": "text" }, link.page_note) : null;
  if (link.portal && portalLinks !== "open") {
    // The address in full (to type it over) instead of provider and domain: the card
    // stays as short as a link card, plus the one instruction.
    return el("li", {},
      el("div", { class: "card portal-card" },
        el("strong", { "data-say": "link" }, link.title),
        el("span", { class: "where url" }, el("bdi", { dir: "ltr" }, link.url)),
        el("p", { "data-say": "text" }, words.openOnPhone || "Open dit op uw eigen telefoon."),
        note,
        el("img", { src: `/api/qr.svg?url=${encodeURIComponent(link.url)}`, width: "160",
          height: "160",
          alt: words.qrAlt ? words.qrAlt(link.url) : `QR-code met het adres ${link.url}` })));
  }
  return el("li", {},
    el("a", { class: "card", href: link.url, target: "_blank", rel: "noreferrer",
      onclick: (event) => {
        event.preventDefault();
        openWindow(link.url);
      } },
    el("strong", { "data-say": "link" }, link.title), where, note));
}

// "Printen" and "Op uw telefoon" for a signed slip URL.
// `t` gives the kiosk's words in the visitor's language (the slip_* keys of interface.yml).
export function slipButtons(slipUrl, t) {
  if (!slipUrl) return null;
  const query = slipUrl.split("?")[1] || "";
  const phone = el("figure", { class: "phone-qr", hidden: true },
    el("img", { src: `/api/slip/phone.svg?${query}`, width: "200", height: "200",
      alt: t("slip_phone_alt") }),
    el("figcaption", {}, t("slip_phone_scan")));
  const toggle = el("button", { type: "button", class: "secondary", "aria-expanded": "false",
    onclick: () => {
      phone.hidden = !phone.hidden;
      toggle.setAttribute("aria-expanded", String(!phone.hidden));
    } }, t("slip_on_phone"));
  return el("div", { class: "slip-actions" },
    el("div", { class: "slip-buttons" },
      el("button", { type: "button", class: "secondary", onclick: () => openWindow(`${slipUrl}&print=1`) },
        t("slip_print")),
      toggle),
    phone);
}

// The start screen: today's spreekuren of partners in this library, in the kiosk's
// language (hours and "Waar: ..." come translated from the app).
let todayAsked = 0;
export async function showToday(branch, language = "nl") {
  const section = document.getElementById("today");
  if (!section) return;
  const query = new URLSearchParams({ language });
  if (branch) query.set("branch", branch);
  // A later call (the visitor switched language meanwhile) wins over an earlier answer.
  const mine = ++todayAsked;
  const answer = await api(`/api/kiosk/today?${query}`).catch(() => null);
  if (mine !== todayAsked) return;
  const hours = answer && answer.ok ? answer.data.spreekuren : [];
  section.hidden = hours.length === 0;
  document.getElementById("today-list").replaceChildren(...hours.map((hour) =>
    el("li", {}, el("strong", {}, `${hour.hours}: ${hour.partner}`),
      hour.helps_with ? el("span", { lang: "nl" }, ` ${hour.helps_with}`) : null,
      el("span", { class: "where" }, ` ${hour.where}`))));
}
