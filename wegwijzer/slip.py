"""The take-home slip: one page with the topic, the steps, the links (each as text and QR
code), the reference, the partner's card and the library's IDO hours.

A slip is not stored. Its URL carries the topic, task, branch, reference and the
conversation's language, signed
with a server secret (HMAC-SHA256), and everything else comes from the catalogue
and the partners file. So a slip needs no database row, holds no personal data, and
a changed URL cannot make it show other links: the signature no longer fits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from wegwijzer.answers import ResolvedLink, compose_answer
from wegwijzer.catalogue.models import Catalogue, Task
from wegwijzer.errors import WegwijzerError
from wegwijzer.language import DUTCH, is_supported
from wegwijzer.partner_cards import PartnerCard, partner_card
from wegwijzer.partners import Partners
from wegwijzer.referrals.references import is_well_formed, normal_reference

SLIP_PATH = "/bon"
VERSION = "1"


class SlipError(WegwijzerError):
    """A slip URL that was changed, cut short or names something we do not know."""


@dataclass(frozen=True)
class SlipRequest:
    topic: str | None
    task: str
    branch: str
    reference: str | None = None
    # The language the visitor spoke: the slip's headings and texts come in it.
    language: str = DUTCH

    def fields(self) -> dict[str, str]:
        fields = {
            "onderwerp": self.topic or "",
            "taak": self.task,
            "vestiging": self.branch,
            "nummer": self.reference or "",
        }
        # Dutch adds no field, so the slips printed before languages existed still fit.
        if self.language != DUTCH:
            fields["taal"] = self.language
        return fields


def _signature(secret: bytes, request: SlipRequest) -> str:
    fields = request.fields()
    message = "\n".join([VERSION, *(f"{k}={fields[k]}" for k in sorted(fields))])
    digest = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def slip_query(secret: bytes, request: SlipRequest) -> str:
    fields = {k: v for k, v in request.fields().items() if v}
    return urlencode({**fields, "v": VERSION, "sig": _signature(secret, request)})


def slip_url(secret: bytes, request: SlipRequest) -> str:
    """The relative URL of the slip, as the chat's `custom.slip_url` carries it."""
    return f"{SLIP_PATH}?{slip_query(secret, request)}"


def verify(secret: bytes, params: Mapping[str, str]) -> SlipRequest:
    """The request a slip URL stands for, or SlipError when it was not made by us."""
    request = SlipRequest(
        topic=params.get("onderwerp") or None,
        task=params.get("taak", ""),
        branch=params.get("vestiging", ""),
        reference=params.get("nummer") or None,
        language=params.get("taal") or DUTCH,
    )
    given = params.get("sig", "")
    if params.get("v") != VERSION or not hmac.compare_digest(
        given.encode(), _signature(secret, request).encode()
    ):
        raise SlipError("the slip's signature does not fit")
    return request


@dataclass(frozen=True)
class Slip:
    # The language of every text on the slip (the links' pages may be in Dutch).
    language: str
    title: str
    # The B1 steps for this topic and task ("U vraagt huurtoeslag aan op Mijn toeslagen.").
    steps: str | None
    links: tuple[ResolvedLink, ...]
    reference: str | None
    partner: PartnerCard
    branch_name: str
    ido_hours: tuple[str, ...]


def build_slip(catalogue: Catalogue, partners: Partners, request: SlipRequest) -> Slip:
    """Everything on the slip, from the catalogue and the partners file only, in the
    request's language (texts without a translation fall back to Dutch)."""
    if not is_supported(request.language):
        raise SlipError(f"unknown language {request.language[:10]!r}")
    catalogue = catalogue.localised(request.language)
    if request.branch not in catalogue.branches:
        raise SlipError(f"unknown branch {request.branch[:40]!r}")
    try:
        task = Task(request.task)
    except ValueError:
        raise SlipError(f"unknown task {request.task[:40]!r}") from None
    if request.topic is not None and request.topic not in catalogue.topics:
        raise SlipError(f"unknown topic {request.topic[:40]!r}")
    if request.reference is not None and not is_well_formed(request.reference):
        raise SlipError("malformed reference")
    steps = None
    links: tuple[ResolvedLink, ...] = ()
    title = catalogue.ui("slip_your_question")
    if request.topic is not None:
        answer = compose_answer(catalogue, request.topic, task, request.branch)
        title = catalogue.topics[request.topic].title
        steps = answer.text
        # The information page belongs on a slip even when the answer led to the portal.
        links = answer.links if answer.info in answer.links else (*answer.links, answer.info)
    partner_id = partners.route(request.branch, request.topic)
    routing = partners.branches.get(request.branch)
    return Slip(
        language=request.language,
        title=title,
        steps=steps,
        links=links,
        reference=normal_reference(request.reference) if request.reference else None,
        partner=partner_card(catalogue, partners, partner_id, request.branch),
        branch_name=catalogue.branches[request.branch].name,
        ido_hours=tuple(routing.ido_hours) if routing else (),
    )
