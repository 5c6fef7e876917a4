"""The desk the conversation uses to open a referral offer for a chat session."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.catalogue.models import Catalogue, Task
from wegwijzer.errors import WegwijzerError
from wegwijzer.language import is_supported
from wegwijzer.partner_cards import PartnerCard, partner_card
from wegwijzer.partners import Partners
from wegwijzer.referrals.contact import MAX_NOTE
from wegwijzer.referrals.service import OfferRequest, record_offer

PREFERRED_TIMES = ("ochtend", "middag", "avond", "maakt niet uit")
# A chat session id as the app makes and accepts them.
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


class InvalidOfferError(WegwijzerError):
    """An offer with a topic, task or branch the catalogue does not know: nothing is stored."""


def check_offer(catalogue: Catalogue, request: OfferRequest) -> None:
    """Values that reach the database and a partner's inbox come from the catalogue only."""
    if not re.fullmatch(SESSION_ID_PATTERN, request.session_id):
        raise InvalidOfferError("malformed chat session id")
    if request.topic is not None and request.topic not in catalogue.topics:
        raise InvalidOfferError(f"unknown topic {request.topic[:40]!r}")
    if request.task not in {task.value for task in Task}:
        raise InvalidOfferError(f"unknown task {request.task[:40]!r}")
    if request.branch not in catalogue.branches:
        raise InvalidOfferError(f"unknown branch {request.branch[:40]!r}")
    if not is_supported(request.language):
        raise InvalidOfferError(f"unknown language {request.language[:8]!r}")


@dataclass(frozen=True)
class FormOffer:
    """What the kiosk needs to show the referral form."""

    session_id: str
    topic: str | None
    topic_title: str | None
    branch: str
    partner: str
    consent: str
    intro: str
    expires_at: str


class OfferBook:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        partners: Partners,
        catalogue: Catalogue,
        ttl: timedelta,
    ) -> None:
        self._sessions = sessions
        self._partners = partners
        self._catalogue = catalogue
        self._ttl = ttl

    def card(self, topic: str | None, branch: str, language: str = "nl") -> PartnerCard:
        """The card of the partner this branch would refer this topic to, in `language`."""
        if branch not in self._catalogue.branches:
            raise InvalidOfferError(f"unknown branch {branch[:40]!r}")
        partner_id = self._partners.route(branch, topic)
        catalogue = self._catalogue.localised(language)
        return partner_card(catalogue, self._partners, partner_id, branch)

    def open(self, request: OfferRequest) -> FormOffer:
        check_offer(self._catalogue, request)
        with self._sessions() as session:
            offer = record_offer(session, self._partners, request, self._ttl)
        partner = self._partners.partners[offer.partner_id].name
        catalogue = self._catalogue.localised(request.language)
        texts = catalogue.texts
        topic = catalogue.topics.get(request.topic or "")
        return FormOffer(
            session_id=request.session_id,
            topic=request.topic,
            topic_title=topic.title if topic else None,
            branch=request.branch,
            partner=partner,
            consent=texts.referral_consent.format(partner=partner),
            intro=texts.referral_form_intro,
            expires_at=offer.expires_at.isoformat() + "Z",
        )


PARTNER_CARD_TYPE = "partner_card"


def card_payload(card: PartnerCard) -> dict[str, object]:
    """The custom message that shows a partner's card (after a "no" to the offer)."""
    return {"type": PARTNER_CARD_TYPE, "partner": card.as_dict()}


def form_payload(offer: FormOffer) -> dict[str, object]:
    """The custom message that tells the kiosk to show the step-by-step form."""
    return {
        "type": "referral_form",
        "session_id": offer.session_id,
        "topic": offer.topic,
        "topic_title": offer.topic_title,
        "branch": offer.branch,
        "partner": offer.partner,
        "consent": offer.consent,
        "intro": offer.intro,
        "expires_at": offer.expires_at,
        "fields": ["consent", "name", "contact", "preferred_time", "note"],
        "preferred_times": list(PREFERRED_TIMES),
        "max_note": MAX_NOTE,
        "submit": {"method": "POST", "path": "/api/referrals"},
    }
