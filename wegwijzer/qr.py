"""QR codes (segno) for the slip and for portal links on a shared screen.

Always a full QR code (`make_qr`): for short text segno would otherwise pick a Micro QR
code, which many phone cameras and scanners do not read.
"""

from __future__ import annotations

import io

import segno

from wegwijzer.catalogue.models import Catalogue


def qr_svg_inline(url: str, scale: int = 4) -> str:
    """An <svg> element to put in a page (no XML declaration); black on the page's white."""
    return str(segno.make_qr(url, error="m").svg_inline(scale=scale, border=4, omitsize=True))


def qr_svg_document(url: str, scale: int = 6) -> bytes:
    """A standalone SVG file, white background, for an <img>."""
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="svg", scale=scale, border=4, light="#fff")
    return buffer.getvalue()


def catalogue_urls(catalogue: Catalogue) -> frozenset[str]:
    """Every address a visitor can be shown: only these get a QR code from us."""
    urls = {
        u
        for topic in catalogue.topics.values()
        for link in topic.links.values()
        for u in link.fixed_urls()
    }
    urls |= {branch.gemeente_url for branch in catalogue.branches.values()}
    return frozenset(u for u in urls if u)
