"""Per language, a typed conversation through the whole stack: NEEDS THE MULTILINGUAL MODEL.

This file needs a Rasa model trained on the multilingual NLU data of issue 20
(data/nlu in every language). With the Dutch-only model of before, Dutch passes
and the other languages fail (their words are not understood); after the
retraining every language must pass. Everything else about languages (the
machinery, button-driven conversations, the browser in Arabic and Ukrainian)
is tested with today's model in tests/e2e/test_languages_browser.py,
tests/api/test_languages.py and tests/unit/test_actions_language.py.

Each visitor types a question in their own language, without choosing one on the
kiosk: the answer must come in that language, end in the right official link, and
show the DigiD boundary in that language.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from wegwijzer.catalogue import Catalogue

pytestmark = pytest.mark.e2e

# Questions that need the visitor's own DigiD: apply for rent benefit (huurtoeslag).
APPLY_FOR_RENT_BENEFIT = {
    "nl": "Ik wil huurtoeslag aanvragen",
    "en": "I want to apply for huurtoeslag",
    "pl": "Chcę złożyć wniosek o huurtoeslag",
    "tr": "Huurtoeslag için başvuru yapmak istiyorum",
    "ar": "أريد أن أقدم طلباً للحصول على huurtoeslag",
    "uk": "Я хочу подати заяву на huurtoeslag",
}
# Asking someone else to log in: always the boundary.
LOG_IN_FOR_ME = {
    "nl": "Kunt u voor mij inloggen met mijn DigiD?",
    "en": "Could you log in for me with my DigiD please?",
    "pl": "Czy może Pan zalogować się za mnie moim DigiD?",
    "tr": "Benim yerime DigiD ile giriş yapabilir misiniz?",
    "ar": "هل يمكنك تسجيل الدخول بحساب DigiD الخاص بي بدلاً مني؟",
    "uk": "Чи можете ви увійти замість мене з моїм DigiD?",
}


def chat(stack: Stack, text: str) -> dict[str, Any]:
    response = httpx.post(f"{stack.app_url}/api/chat", json={"text": text}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def customs(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [m["custom"] for m in body["messages"] if m["custom"] and m["custom"]["type"] == kind]


def texts(body: dict[str, Any]) -> list[str]:
    return [m["text"] for m in body["messages"] if m["text"]]


@pytest.mark.parametrize("language", list(APPLY_FOR_RENT_BENEFIT))
def test_applying_ends_at_the_official_portal_and_the_boundary_in_the_language(
    stack: Stack, catalogue: Catalogue, language: str
) -> None:
    body = chat(stack, APPLY_FOR_RENT_BENEFIT[language])
    localised = catalogue.localised(language)
    assert body["language"] == language
    [boundary] = customs(body, "digid_boundary")
    assert boundary["topic"] == "huurtoeslag"
    urls = [link["url"] for links in customs(body, "links") for link in links["links"]]
    assert urls[0] == catalogue.topics["huurtoeslag"].links["portal"].url
    assert localised.texts.digid_notice in texts(body)
    assert localised.texts.referral_offer in texts(body)


@pytest.mark.parametrize("language", list(LOG_IN_FOR_ME))
def test_logging_in_for_the_visitor_is_refused_in_the_language(
    stack: Stack, catalogue: Catalogue, language: str
) -> None:
    body = chat(stack, LOG_IN_FOR_ME[language])
    localised = catalogue.localised(language)
    assert body["language"] == language
    [boundary] = customs(body, "digid_boundary")
    assert boundary["task"] == "inloggen_voor_mij"
    assert localised.texts.digid_login_for_me in texts(body)
