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
from wegwijzer.partner_cards import PartnerCard
from wegwijzer.qr import catalogue_urls, qr_svg_document, qr_svg_inline
from wegwijzer.referrals.promise import today_local
from wegwijzer.slip import SLIP_PATH, Slip, SlipError, SlipRequest, build_slip, slip_url, verify
from wegwijzer.workdays import dutch_date

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


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" href="/static/slip.css">\n'
        '<script type="module" src="/static/slip.js"></script>\n'
        f'</head>\n<body class="slip">\n<main id="main">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _lines(items: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<li>{escape(item)}</li>" for item in items)


def _card(card: PartnerCard) -> str:
    parts = [f"<h2>Hulp van {escape(card.name)}</h2>"]
    if card.helps_with:
        parts.append(f"<p>{escape(card.helps_with)}</p>")
    details = []
    if card.address:
        details.append(f"<dt>Adres</dt><dd>{escape(card.address)}</dd>")
    if card.phone:
        details.append(f"<dt>Telefoon</dt><dd>{escape(card.phone)}</dd>")
    if card.website:
        details.append(f"<dt>Website</dt><dd>{escape(card.website)}</dd>")
    if card.opening_hours:
        details.append(f"<dt>Open</dt><dd><ul>{_lines(card.opening_hours)}</ul></dd>")
    if card.spreekuren:
        spreekuren = _lines([s.text for s in card.spreekuren])
        details.append(f"<dt>Spreekuur</dt><dd><ul>{spreekuren}</ul></dd>")
    if details:
        parts.append(f"<dl>{''.join(details)}</dl>")
    parts.append(f'<p class="next-time">{escape(card.next_time)}</p>')
    return f'<section class="partner">{"".join(parts)}</section>'


def render_slip(slip: Slip, phone_qr_path: str) -> str:
    parts = [
        '<header class="slip-head">',
        f"<h1>{escape(slip.title)}</h1>",
        f'<p class="sub">Wegwijzer, {escape(slip.branch_name)}, '
        f"{escape(dutch_date(today_local(), weekday=False))}</p>",
        "</header>",
    ]
    if slip.steps:
        parts.append(f'<section class="steps"><h2>Wat kunt u doen?</h2><p>{escape(slip.steps)}</p>')
        parts.append("</section>")
    if slip.links:
        items = "".join(
            '<li class="slip-link">'
            f'<div class="qr" aria-hidden="true">{qr_svg_inline(link.url)}</div>'
            f"<div><strong>{escape(link.title)}</strong><br>{escape(link.provider)}<br>"
            f'<span class="url">{escape(link.url)}</span></div></li>'
            for link in slip.links
        )
        parts.append(
            '<section><h2>Op internet</h2><p class="hint">Typ het adres over, '
            "of scan de code met de camera van uw telefoon.</p>"
            f'<ul class="slip-links">{items}</ul></section>'
        )
    if slip.reference:
        parts.append(
            '<section class="reference"><h2>Uw nummer</h2><div class="slip-link">'
            # The number itself as a QR code: a scanner at the kiosk types it in.
            f'<div class="qr small" aria-hidden="true">{qr_svg_inline(slip.reference)}</div>'
            f'<div><p class="code">{escape(slip.reference)}</p>'
            "<p>Wilt u weten of uw vraag al is opgepakt? Typ dit nummer bij de kiosk "
            "in de bibliotheek, bij &quot;Is mijn vraag al opgepakt?&quot;. "
            "Of scan deze code daar.</p></div></div></section>"
        )
    parts.append(_card(slip.partner))
    if slip.ido_hours:
        parts.append(
            '<section class="ido"><h2>Hulp in de bibliotheek</h2>'
            f"<p>Het Informatiepunt Digitale Overheid in {escape(slip.branch_name)} helpt u "
            f"gratis:</p><ul>{_lines(slip.ido_hours)}</ul></section>"
        )
    parts.append(
        '<section class="no-print actions" aria-label="Bon gebruiken">'
        '<button id="print" type="button">Printen</button>'
        '<figure class="phone"><img src="'
        f'{escape(phone_qr_path)}" alt="QR-code: open deze bon op uw telefoon" '
        'width="180" height="180"><figcaption>Op uw telefoon: scan deze code.'
        "</figcaption></figure></section>"
    )
    return _page(f"Uw bon: {slip.title}", "\n".join(parts))


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
        refused = f'<h1>Deze bon klopt niet</h1><p class="refused">{escape(REFUSED)}</p>'
        return HTMLResponse(_page("Deze bon klopt niet", refused), status.HTTP_403_FORBIDDEN)
    phone = f"/api/slip/phone.svg?{request.url.query}"
    return HTMLResponse(render_slip(slip, phone))


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
