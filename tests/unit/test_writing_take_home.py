"""The texts issue 19 added (cards, status, slip) pass the same B1 check as the catalogue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from api.routers.referrals import MISTYPED, UNKNOWN, status_text
from api.routers.slip import REFUSED
from tests.unit.test_writing import MAX_AVERAGE_WORDS, MAX_SENTENCE_WORDS
from wegwijzer.catalogue import load_catalogue
from wegwijzer.partner_cards import partner_card
from wegwijzer.partners import DEFAULT_PARTNERS_FILE, load_partners
from wegwijzer.readability import measure
from wegwijzer.referrals.status import Status
from wegwijzer.storage.models import Referral


def texts() -> list[tuple[str, str]]:
    catalogue = load_catalogue()
    partners = load_partners(DEFAULT_PARTNERS_FILE, catalogue)
    found = [("mistyped", MISTYPED), ("unknown", UNKNOWN), ("slip refused", REFUSED)]
    for partner_id, partner in partners.partners.items():
        card = partner_card(catalogue, partners, partner_id, "leeuwarden")
        found.append((f"{partner_id}/next_time", card.next_time))
        if partner.public is not None:
            found.append((f"{partner_id}/helps_with", partner.public.helps_with))
    today = date(2026, 12, 2)
    for status in Status:
        for due in (today, today - timedelta(days=1)):
            referral = Referral(status=status.value, due_on=due)
            found.append(
                (f"status/{status.value}/{due}", status_text(catalogue, referral, "UWV", today))
            )
    return found


TEXTS = texts()


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[w for w, _ in TEXTS])
def test_text_is_b1(where: str, text: str) -> None:
    result = measure(text)
    assert result.average_words <= MAX_AVERAGE_WORDS, f"{where}: sentences too long on average"
    assert result.longest <= MAX_SENTENCE_WORDS, f"{where}: a sentence of {result.longest} words"
    assert result.avoided == (), f"{where}: avoid {result.avoided}"
