"""The visitor's answer to the referral offer: the stored offer row and the form message."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions.referral_consent import ActionReferralConsent
from tests.factories import domain_dict, make_tracker
from wegwijzer.catalogue import Catalogue
from wegwijzer.partners import Partners
from wegwijzer.pii import scrub
from wegwijzer.referrals.offers import OfferBook
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import ReferralOffer

SESSION = "chat-consent-0001"


def consent(
    catalogue: Catalogue,
    sessions: sessionmaker[Session],
    partners: Partners,
    *,
    intent: str,
    slots: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    text: str | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[ReferralOffer]]:
    """Run the action after the visitor's answer; return messages, events and stored offers."""
    book = OfferBook(sessions, partners, catalogue, timedelta(minutes=30))
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text=text or ("ja graag" if intent == "affirm" else "nee dank u"),
        intent=intent,
        sender_id=SESSION,
        slots={"referral_offered": True, **slots},
        metadata=metadata,
    )
    events = asyncio.run(
        ActionReferralConsent(catalogue, book).run(dispatcher, tracker, domain_dict())
    )
    with sessions() as session:
        offers = list(session.scalars(select(ReferralOffer)).all())
    return dispatcher.messages, events, offers


def form_message(messages: list[dict[str, Any]]) -> dict[str, Any]:
    [custom] = [m["custom"] for m in messages if m.get("custom")]
    assert isinstance(custom, dict)
    return custom


def test_yes_stores_the_offer_and_sends_the_form(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    started = utcnow()
    messages, events, offers = consent(
        catalogue,
        sessions,
        partners,
        intent="affirm",
        slots={"topic": "huurtoeslag", "task": "aanvragen"},
    )
    [offer] = offers
    assert (offer.session_id, offer.topic, offer.task, offer.branch) == (
        SESSION,
        "huurtoeslag",
        "aanvragen",
        "leeuwarden",
    )
    assert offer.partner_id == "formulierenhulp_friesland"
    assert offer.used_at is None
    assert timedelta(minutes=29) < offer.expires_at - started <= timedelta(minutes=31)
    assert messages[0]["text"] == catalogue.texts.referral_form_intro
    partner = partners.partners["formulierenhulp_friesland"].name
    assert form_message(messages) == {
        "type": "referral_form",
        "session_id": SESSION,
        "topic": "huurtoeslag",
        "topic_title": catalogue.topics["huurtoeslag"].title,
        "branch": "leeuwarden",
        "partner": partner,
        "consent": catalogue.texts.referral_consent.format(partner=partner),
        "intro": catalogue.texts.referral_form_intro,
        "expires_at": offer.expires_at.isoformat() + "Z",
        "fields": ["consent", "name", "contact", "preferred_time", "note"],
        "preferred_times": ["ochtend", "middag", "avond", "maakt niet uit"],
        "max_note": 500,
        "submit": {"method": "POST", "path": "/api/referrals"},
    }
    assert [(e["name"], e["value"]) for e in events] == [("referral_offered", False)]


def typed_yes(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners, text: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[ReferralOffer]]:
    """A reply the intent model heard as yes, typed rather than pressed."""
    slots = {"topic": "zorgtoeslag", "task": "wijzigen"}
    return consent(catalogue, sessions, partners, intent="affirm", slots=slots, text=text)


# One reply of each kind: how the action acts on it. Which words make which kind is
# tested on the reading itself (tests/unit/test_referral_offer_answer.py).
def test_a_yes_that_asks_on_is_no_consent_and_gets_an_answer(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    """Only explicit consent opens the form (spec): a reservation with a question is none."""
    text = "ja dat snap ik, maar waar doe ik dat precies"
    messages, events, offers = typed_yes(catalogue, sessions, partners, text)
    assert (messages, offers) == ([], [])
    assert events == [{"event": "followup", "timestamp": None, "name": "action_answer_topic"}]


def test_a_yes_with_a_wish_about_contact_is_still_consent(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    text = "ja graag, maar kunt u mij na vijf uur bellen"
    _, _, offers = typed_yes(catalogue, sessions, partners, text)
    assert len(offers) == 1


def test_an_unclear_yes_is_asked_again_and_stores_nothing(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    messages, events, offers = typed_yes(catalogue, sessions, partners, "ja maar kost het geld")
    assert (events, offers) == ([], [])
    [check] = messages
    assert check["text"] == catalogue.texts.referral_confirm
    assert [b["payload"] for b in check["buttons"]] == ["/affirm", "/deny"]


def test_a_yes_to_do_it_alone_is_a_no(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    messages, events, offers = typed_yes(catalogue, sessions, partners, "ja ik doe het wel zelf")
    assert offers == []
    assert messages[0]["text"] == catalogue.texts.referral_declined
    assert [(e["name"], e["value"]) for e in events] == [("referral_offered", False)]


@pytest.mark.parametrize(
    ("typed", "intent", "stored"),
    [
        ("ja hoor, mail me op piet@example.nl", "digid_aanvragen", 1),
        # A number alone is no wish about contact: the check with the buttons.
        ("ja graag, mijn telefoonnummer is 06-12345678", "nlu_fallback", 0),
    ],
)
def test_a_yes_handed_over_by_the_topic_action_is_read_from_its_words(  # noqa: PLR0917 (fixtures)
    catalogue: Catalogue,
    sessions: sessionmaker[Session],
    partners: Partners,
    typed: str,
    intent: str,
    stored: int,
) -> None:
    """The intent model heard no yes; the leading yes in the words counts."""
    slots = {"topic": "zorgtoeslag", "task": "wijzigen"}
    text = scrub(typed).text
    messages, _, offers = consent(
        catalogue, sessions, partners, intent=intent, slots=slots, text=text
    )
    assert len(offers) == stored
    if not stored:
        assert [m.get("text") for m in messages] == [catalogue.texts.referral_confirm]


def test_no_stores_nothing_and_points_the_way_alone(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    messages, events, offers = consent(
        catalogue, sessions, partners, intent="deny", slots={"topic": "huurtoeslag"}
    )
    assert offers == []
    declined, card = messages
    assert declined["text"] == catalogue.texts.referral_declined
    assert not declined.get("custom")
    # Next time the visitor can go alone: the card of the partner for this topic here.
    assert card["text"] == (
        "Volgende keer kunt u ook zelf naar Formulierenhulp Friesland (voorbeeld) gaan. "
        "Zij zijn er elke dinsdag van 10 tot 12 uur. Dat is hier in de bibliotheek."
    )
    assert card["custom"]["type"] == "partner_card"
    assert card["custom"]["partner"]["address"] == "Voorbeeldstraat 1, 8911 AA Leeuwarden"
    assert [(e["name"], e["value"]) for e in events] == [("referral_offered", False)]


@pytest.mark.parametrize(
    ("language", "expected", "line"),
    [
        (
            "en",
            "Next time you can also go to Formulierenhulp Friesland (voorbeeld) yourself. "
            "They are there every Tuesday from 10:00 to 12:00. That is here in the library.",
            "every Tuesday from 10:00 to 12:00 here in the library",
        ),
        (
            "uk",
            "Наступного разу ви можете самі піти до Formulierenhulp Friesland (voorbeeld). "
            "Вони там щовівторка з 10:00 до 12:00. Це тут, у бібліотеці.",
            "щовівторка з 10:00 до 12:00 тут, у бібліотеці",
        ),
    ],
)
def test_no_points_the_way_alone_in_the_conversations_language(  # noqa: PLR0917 (fixtures)
    catalogue: Catalogue,
    sessions: sessionmaker[Session],
    partners: Partners,
    language: str,
    expected: str,
    line: str,
) -> None:
    messages, _, _ = consent(
        catalogue,
        sessions,
        partners,
        intent="deny",
        slots={"topic": "huurtoeslag"},
        metadata={"language": language},
    )
    _, card = messages
    assert card["text"] == expected
    assert card["custom"]["partner"]["next_time"] == expected
    assert card["custom"]["partner"]["spreekuren"][0] == line


def test_yes_without_a_topic_goes_to_the_branch_fallback(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    # "Kunt u voor mij inloggen?" reaches the boundary without a topic.
    messages, _, offers = consent(
        catalogue,
        sessions,
        partners,
        intent="affirm",
        slots={"topic": None, "task": "inloggen_voor_mij"},
    )
    [offer] = offers
    assert offer.topic is None
    assert offer.task == "inloggen_voor_mij"
    assert offer.partner_id == partners.branches["leeuwarden"].fallback
    payload = form_message(messages)
    assert payload["topic"] is None
    assert payload["topic_title"] is None


def test_the_branch_comes_from_the_message_metadata(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    # In Dokkum debts go to the debt helpers, everything else to Sociaal Raadslieden.
    messages, _, offers = consent(
        catalogue,
        sessions,
        partners,
        intent="affirm",
        slots={"topic": "schulden", "task": "aanvragen"},
        metadata={"branch": "dokkum"},
    )
    [offer] = offers
    assert (offer.branch, offer.partner_id) == ("dokkum", "schuldhulp_friesland")
    payload = form_message(messages)
    assert payload["branch"] == "dokkum"
    assert payload["partner"] == partners.partners["schuldhulp_friesland"].name


def test_an_unknown_branch_in_the_metadata_is_refused_and_nothing_is_stored(
    catalogue: Catalogue, sessions: sessionmaker[Session], partners: Partners
) -> None:
    # The chat API refuses an unknown branch before Rasa: only a forged call gets here.
    with pytest.raises(ActionExecutionRejection, match="atlantis"):
        consent(
            catalogue,
            sessions,
            partners,
            intent="affirm",
            slots={"topic": "aow", "task": "aanvragen"},
            metadata={"branch": "atlantis"},
        )
    with sessions() as session:
        assert session.scalars(select(ReferralOffer)).all() == []
