"""Which language a visitor writes in: short and mixed messages keep the conversation's."""

from __future__ import annotations

import pytest

from wegwijzer.language import (
    LANGUAGES,
    OWN_NAMES,
    choose_language,
    detect_language,
    spoken_by,
    without_kept_words,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ik wil huurtoeslag aanvragen", "nl"),
        ("How do I apply for rent benefit?", "en"),
        ("Potrzebuję pomocy z wnioskiem o zasiłek", "pl"),
        ("Kira yardımı için nasıl başvurabilirim?", "tr"),
        ("كيف أحصل على مساعدة في الإيجار؟", "ar"),
        ("Як мені отримати допомогу на оренду?", "uk"),
    ],
)
def test_a_clear_message_sets_its_language(text: str, language: str) -> None:
    # From any other language of the conversation, a clear message wins.
    for current in LANGUAGES:
        assert detect_language(text, current).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Newcomers keep the Dutch names of schemes and portals in their own sentences.
        ("I need help with my toeslag", "en"),
        ("how do i apply for zorgtoeslag", "en"),
        ("Can you help me with Mijn toeslagen please", "en"),
        ("my DigiD is blocked", "en"),
        ("Potrzebuję pomocy z DigiD", "pl"),
        ("Zorgtoeslag nasıl başvurulur", "tr"),
        ("Merhaba, kira yardımı (huurtoeslag) nasıl alırım?", "tr"),
        ("أحتاج مساعدة في DigiD", "ar"),
        ("Мені потрібна допомога з toeslag", "uk"),
    ],
)
def test_dutch_government_words_do_not_flip_a_mixed_message(text: str, language: str) -> None:
    assert detect_language(text, "nl").language == language


@pytest.mark.parametrize("current", ["en", "pl", "tr", "ar", "uk"])
@pytest.mark.parametrize(
    "text", ["huurtoeslag", "DigiD kwijt", "DigiD aanvragen", "Mijn toeslagen", "UWV", "ok", "ja"]
)
def test_short_messages_and_dutch_words_keep_the_conversation_language(
    text: str, current: str
) -> None:
    detection = detect_language(text, current)
    assert detection.language == current
    assert not detection.detected


@pytest.mark.parametrize("text", ["yes", "tak", "evet", "ok", "hoi", "Hallo", "help", "thank you"])
def test_a_short_reply_never_leaves_dutch(text: str) -> None:
    assert detect_language(text, "nl").language == "nl"


def test_a_button_payload_keeps_the_language() -> None:
    assert detect_language("/huurtoeslag", "ar").language == "ar"
    assert detect_language('/browse{"browse_group": "1"}', "uk").language == "uk"


def test_an_unknown_current_language_falls_back_to_dutch() -> None:
    assert detect_language("ok", "fr").language == "nl"


def test_the_visitors_choice_wins_over_detection() -> None:
    assert choose_language("Ik wil huurtoeslag aanvragen", "ar", chosen=True) == "ar"
    assert choose_language("Ik wil huurtoeslag aanvragen", "ar", chosen=False) == "nl"
    assert choose_language("How do I apply for rent benefit?", "nl") == "en"


def test_kept_words_are_removed_before_detection() -> None:
    assert without_kept_words("help met Mijn toeslagen en DigiD").split() == ["help", "met", "en"]


def test_staff_read_the_language_in_dutch() -> None:
    assert spoken_by("ar") == "Bezoeker spreekt Arabisch"
    assert spoken_by("uk") == "Bezoeker spreekt Oekraïens"
    assert spoken_by("xx") == "Bezoeker spreekt Nederlands"


def test_every_language_has_its_own_name() -> None:
    assert set(OWN_NAMES) == set(LANGUAGES)
    assert OWN_NAMES["ar"] == "العربية"
