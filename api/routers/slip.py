"""The take-home slip (/bon), the QR code that opens it on a phone, and QR codes of
catalogue links for the kiosk. Nothing here reads or writes the database."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response

from api.deps import CatalogueDep, PartnersDep, SettingsDep
from api.errors import error_responses
from api.settings import Settings
from wegwijzer.catalogue import Catalogue
from wegwijzer.language import direction, or_dutch
from wegwijzer.partner_cards import PartnerCard
from wegwijzer.qr import catalogue_urls, qr_svg_document, qr_svg_inline
from wegwijzer.referrals.promise import today_local
from wegwijzer.slip import SLIP_PATH, Slip, SlipError, SlipRequest, build_slip, slip_url, verify
from wegwijzer.workdays import written_date

router = APIRouter(tags=["slip"])

REFUSED = (
    "Deze bon klopt niet. Misschien is het adres veranderd of niet helemaal overgenomen. "
    "Vraag een medewerker van de bibliotheek om een nieuwe bon."
)


def slip_secret(settings: Settings) -> bytes:
    return settings.slip_secret_value().encode()


def request_slip_url(settings: Settings, request: SlipRequest) -> str:
    return slip_url(slip_secret(settings), request)


def _verified(request: Request, settings: Settings) -> SlipRequest:
    try:
        return verify(slip_secret(settings), dict(request.query_params))
    except SlipError:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=REFUSED) from None


def _page(texts: Catalogue, title: str, body: str) -> str:
    """A slip page in the language of `texts`: its lang and writing direction."""
    return (
        f'<!doctype html>\n<html lang="{texts.language}" dir="{direction(texts.language)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" href="/static/slip.css">\n'
        '<script type="module" src="/static/slip.js"></script>\n'
        f'</head>\n<body class="slip">\n<main id="main">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _lines(items: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<li>{escape(item)}</li>" for item in items)


def _card(texts: Catalogue, card: PartnerCard) -> str:
    parts = [f"<h2>{escape(texts.ui('card_help_from', partner=card.name))}</h2>"]
    if card.helps_with:
        parts.append(f"<p>{escape(card.helps_with)}</p>")
    rows = [
        ("card_address", escape(card.address) if card.address else ""),
        ("card_phone", escape(card.phone) if card.phone else ""),
        ("card_website", escape(card.website) if card.website else ""),
        ("card_open", f"<ul>{_lines(card.opening_hours)}</ul>" if card.opening_hours else ""),
        (
            "card_spreekuur",
            f"<ul>{_lines([s.text for s in card.spreekuren])}</ul>" if card.spreekuren else "",
        ),
    ]
    details = [f"<dt>{escape(texts.ui(key))}</dt><dd>{value}</dd>" for key, value in rows if value]
    if details:
        parts.append(f"<dl>{''.join(details)}</dl>")
    parts.append(f'<p class="next-time">{escape(card.next_time)}</p>')
    return f'<section class="partner">{"".join(parts)}</section>'


def render_slip(slip: Slip, phone_qr_path: str, catalogue: Catalogue) -> str:
    """The slip's page; every heading and sentence in the slip's language."""
    texts = catalogue.localised(slip.language)
    parts = [
        '<header class="slip-head">',
        f"<h1>{escape(slip.title)}</h1>",
        f'<p class="sub">Wegwijzer, {escape(slip.branch_name)}, '
        f"{escape(written_date(today_local(), slip.language))}</p>",
        "</header>",
    ]
    if slip.steps:
        parts.append(
            f'<section class="steps"><h2>{escape(texts.ui("slip_steps"))}</h2>'
            f"<p>{escape(slip.steps)}</p></section>"
        )
    if slip.links:
        items = "".join(
            '<li class="slip-link">'
            f'<div class="qr" aria-hidden="true">{qr_svg_inline(link.url)}</div>'
            f"<div><strong>{escape(link.title)}</strong><br>{escape(link.provider)}<br>"
            # The address stays left-to-right, also on an Arabic slip.
            f'<span class="url" dir="ltr">{escape(link.url)}</span>'
            + (
                f'<br><span class="page-note">{escape(link.page_note)}</span>'
                if link.page_note
                else ""
            )
            + "</div></li>"
            for link in slip.links
        )
        parts.append(
            f"<section><h2>{escape(texts.ui('slip_online'))}</h2>"
            f'<p class="hint">{escape(texts.ui("slip_online_hint"))}</p>'
            f'<ul class="slip-links">{items}</ul></section>'
        )
    if slip.reference:
        hint = texts.ui("slip_reference_hint", question=texts.ui("status_title"))
        parts.append(
            f'<section class="reference"><h2>{escape(texts.ui("slip_reference"))}</h2>'
            '<div class="slip-link">'
            # The number itself as a QR code: a scanner at the kiosk types it in.
            f'<div class="qr small" aria-hidden="true">{qr_svg_inline(slip.reference)}</div>'
            f'<div><p class="code" dir="ltr">{escape(slip.reference)}</p>'
            f"<p>{escape(hint)}</p></div></div></section>"
        )
    parts.append(_card(texts, slip.partner))
    if slip.ido_hours:
        parts.append(
            f'<section class="ido"><h2>{escape(texts.ui("slip_ido_title"))}</h2>'
            f"<p>{escape(texts.ui('slip_ido_text', branch=slip.branch_name))}</p>"
            f"<ul>{_lines(slip.ido_hours)}</ul></section>"
        )
    parts.append(
        f'<section class="no-print actions" aria-label="{escape(texts.ui("slip_actions"))}">'
        f'<button id="print" type="button">{escape(texts.ui("slip_print"))}</button>'
        '<figure class="phone"><img src="'
        f'{escape(phone_qr_path)}" alt="{escape(texts.ui("slip_phone_alt"))}" '
        f'width="180" height="180"><figcaption>{escape(texts.ui("slip_phone"))}'
        "</figcaption></figure></section>"
    )
    return _page(texts, texts.ui("slip_page_title", title=slip.title), "\n".join(parts))


def refused_page(catalogue: Catalogue, language: str | None) -> str:
    """The page for a slip URL that does not fit: in the language the URL names, if the
    kiosk speaks it (only the refusal's own words; nothing from the URL is shown)."""
    texts = catalogue.localised(or_dutch(language))
    title = texts.ui("slip_refused_title")
    body = f'<h1>{escape(title)}</h1><p class="refused">{escape(texts.ui("slip_refused"))}</p>'
    return _page(texts, title, body)


@router.get(SLIP_PATH, response_class=HTMLResponse, responses=error_responses(403))
def slip_page(
    request: Request, settings: SettingsDep, catalogue: CatalogueDep, partners: PartnersDep
) -> HTMLResponse:
    """The slip, from a signed URL: no database row, no personal data. A changed URL
    gets a page that says so (403), never a slip."""
    try:
        wanted = verify(slip_secret(settings), dict(request.query_params))
        slip = build_slip(catalogue, partners, wanted)
    except SlipError:
        refused = refused_page(catalogue, request.query_params.get("taal"))
        return HTMLResponse(refused, status.HTTP_403_FORBIDDEN)
    phone = f"/api/slip/phone.svg?{request.url.query}"
    return HTMLResponse(render_slip(slip, phone, catalogue))


def _public_base(request: Request, settings: Settings) -> str:
    return (settings.public_url or str(request.base_url)).rstrip("/")


@router.get("/api/slip/phone.svg", responses=error_responses(403))
def phone_qr(request: Request, settings: SettingsDep) -> Response:
    """The QR code of "Op uw telefoon": the slip's full address, for the phone."""
    wanted = _verified(request, settings)
    url = _public_base(request, settings) + request_slip_url(settings, wanted)
    return Response(qr_svg_document(url), media_type="image/svg+xml")


@router.get("/api/qr.svg", responses=error_responses(404, 422))
def link_qr(catalogue: CatalogueDep, url: Annotated[str, Query(max_length=2000)]) -> Response:
    """A QR code for an address in the catalogue (a portal link on a shared screen) only:
    not a QR generator for any text."""
    if url not in catalogue_urls(catalogue):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Dit adres kennen wij niet.")
    return Response(qr_svg_document(url), media_type="image/svg+xml")
