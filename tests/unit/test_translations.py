"""Translations beside the Dutch catalogue: validated at load, Dutch with a note when missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actions.messages import triage_messages
from tests.catalogue_copy import copy_catalogue, edit_translation
from wegwijzer.answers import compose_answer
from wegwijzer.catalogue import Catalogue, Task, load_catalogue
from wegwijzer.catalogue.loader import translation_coverage
from wegwijzer.errors import CatalogueError
from wegwijzer.language import LANGUAGES
from wegwijzer.referrals.contact import ContactForm, field_errors
from wegwijzer.triage import Score, triage

# Must be complete; the others fall back to Dutch with a note.
COMPLETE = ("nl", "en")


def test_coverage_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    """Printed in `make test` (pytest -rP shows it): translated texts per language."""
    coverage = {c.language: c for c in translation_coverage()}
    assert set(coverage) == set(LANGUAGES)
    with capsys.disabled():
        print("\nTranslation coverage (catalogue/i18n):")
        for language in LANGUAGES:
            c = coverage[language]
            print(f"  {language}: {c.translated}/{c.total} texts ({c.percent:.0f}%)")
    for language in COMPLETE:
        assert coverage[language].complete, coverage[language].missing[:10]


def test_every_language_translates_the_boundary_and_the_form() -> None:
    """The DigiD boundary and the referral form are never left to the fallback."""
    for c in translation_coverage():
        missing = set(c.missing)
        for key in ("digid_notice", "digid_login_for_me", "machtigen_hint", "referral_offer"):
            assert f"texts.{key}" not in missing, (c.language, key)
        assert not [m for m in missing if m.startswith(("interface.", "form_errors."))], c.language


def test_an_unknown_key_stops_the_start(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    edit_translation(directory, "en", lambda d: d["texts"].update({"digid_notise": "Typo"}))
    with pytest.raises(CatalogueError, match=r"en\.yml: texts\.digid_notise: no Dutch text"):
        load_catalogue(directory)


def test_an_unknown_topic_or_task_stops_the_start(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    edit_translation(
        directory, "en", lambda d: d["topics"]["huurtoeslag"]["tasks"].update({"betalen": {}})
    )
    edit_translation(
        directory, "pl", lambda d: d.update({"topics": {"huurtoslag": {"title": "X"}}})
    )
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(directory)
    assert "topics.huurtoeslag.tasks.betalen" in str(caught.value)
    assert "topics.huurtoslag.title" in str(caught.value)


def test_a_lost_placeholder_stops_the_start(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    edit_translation(directory, "en", lambda d: d["texts"].update({"referral_consent": "I agree."}))
    with pytest.raises(CatalogueError, match="same placeholders as the Dutch text"):
        load_catalogue(directory)


def test_a_language_the_kiosk_does_not_speak_stops_the_start(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    shutil.copy(directory / "i18n" / "en.yml", directory / "i18n" / "fr.yml")
    with pytest.raises(CatalogueError, match=r"fr\.yml: not one of the kiosk's languages"):
        load_catalogue(directory)


def test_a_translated_amount_needs_its_year_too(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)

    def no_year(data: dict[str, object]) -> None:
        tasks = data["topics"]["huurtoeslag"]["tasks"]  # type: ignore[index]
        tasks["informatie"]["text"] = "You get up to € 932,93 a month."

    edit_translation(directory, "en", no_year)
    with pytest.raises(CatalogueError, match="amount changes every year"):
        load_catalogue(directory)


def test_a_missing_text_is_dutch_with_a_note_in_the_visitors_language(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    edit_translation(directory, "en", lambda d: d["topics"]["aow"]["tasks"].pop("bezwaar"))
    catalogue = load_catalogue(directory)
    english = catalogue.localised("en")
    dutch_text = catalogue.topics["aow"].tasks[Task.BEZWAAR].text
    answer = compose_answer(english, "aow", Task.BEZWAAR)
    assert answer.text == f"(This text is only in Dutch for now.) {dutch_text}"
    # Translated texts around it stay English.
    assert compose_answer(english, "aow", Task.INZIEN).text.startswith("On Mijn SVB")
    assert english.topics["aow"].title == "State pension (AOW)"


def test_a_missing_title_falls_back_to_dutch_without_a_note(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    edit_translation(directory, "en", lambda d: d["topics"]["aow"].pop("title"))
    english = load_catalogue(directory).localised("en")
    assert english.topics["aow"].title == "AOW"


def test_the_boundary_answer_comes_in_the_visitors_language(catalogue: Catalogue) -> None:
    for language in LANGUAGES:
        localised = catalogue.localised(language)
        result = triage(
            localised, "", [Score("huurtoeslag", 1.0)], "leeuwarden", task=Task.AANVRAGEN
        )
        texts = [m.get("text") for m in triage_messages(localised, result, "leeuwarden")]
        assert localised.texts.digid_notice in texts
        assert localised.texts.referral_offer in texts
        if language != "nl":
            assert catalogue.texts.digid_notice not in texts, language


def test_english_visitors_get_the_english_page_first(catalogue: Catalogue) -> None:
    english = compose_answer(catalogue.localised("en"), "aow", Task.INFORMATIE)
    assert english.info.url == "https://www.svb.nl/en/aow-pension"
    assert english.info.page_note is None
    dutch = compose_answer(catalogue, "aow", Task.INFORMATIE)
    assert dutch.info.url == "https://www.svb.nl/nl/aow"
    # A Polish visitor gets the Dutch page, and a note that it is Dutch.
    polish = compose_answer(catalogue.localised("pl"), "aow", Task.INFORMATIE)
    assert polish.info.url == "https://www.svb.nl/nl/aow"
    assert polish.info.page_note == catalogue.localised("pl").interface["page_in_dutch"]


def test_a_page_only_in_dutch_says_so(catalogue: Catalogue) -> None:
    english = compose_answer(catalogue.localised("en"), "huurtoeslag", Task.INFORMATIE)
    assert english.info.url == catalogue.topics["huurtoeslag"].links["info"].url
    assert english.info.page_note == "This page is in Dutch."
    assert compose_answer(catalogue, "huurtoeslag", Task.INFORMATIE).info.page_note is None


def test_an_english_page_must_be_official(tmp_path: Path) -> None:
    directory = copy_catalogue(tmp_path)
    path = directory / "topics" / "aow.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("https://www.svb.nl/en/aow-pension", "http://www.svb.example/en"),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="is not https"):
        load_catalogue(directory)


def test_every_link_with_an_english_page_is_on_an_allow_listed_domain(
    catalogue: Catalogue,
) -> None:
    english_pages = [
        link.url_en
        for topic in catalogue.topics.values()
        for link in topic.links.values()
        if link.url_en
    ]
    assert english_pages
    assert all(catalogue.link_problem(url) is None for url in english_pages)


def test_form_errors_come_in_the_visitors_language(catalogue: Catalogue) -> None:
    form = ContactForm(
        consent=False, name="", phone="12", email=None, preferred_time=None, note=None
    )
    fields = ["consent", "name", "phone"]
    dutch = field_errors(form, fields, catalogue.form_errors)
    english = field_errors(form, fields, catalogue.localised("en").form_errors)
    assert dutch["name"] == "Vul uw naam of een bijnaam in."
    assert english["name"] == "Fill in your name or a nickname."
    assert set(english) == set(dutch) == set(fields)
    for language in LANGUAGES:
        localised = field_errors(form, fields, catalogue.localised(language).form_errors)
        assert set(localised) == set(fields)


def test_the_versions_know_each_other(catalogue: Catalogue) -> None:
    arabic = catalogue.localised("ar")
    assert arabic.language == "ar"
    assert arabic.localised("nl") is catalogue
    assert catalogue.localised("xx") is catalogue
    assert catalogue.languages == LANGUAGES
