"""The task rules read what a visitor wants to do from their words."""

from __future__ import annotations

import pytest

from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.tasks import detect_task
from wegwijzer.text import normalize


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("Heb ik recht op huursubsidie?", Task.INFORMATIE),
        ("hoeveel zorgtoeslag krijg je", Task.INFORMATIE),
        ("wat is de aow leeftijd", Task.INFORMATIE),
        ("Ik wil huurtoeslag aanvragen", Task.AANVRAGEN),
        ("Hoe vraag ik een uitkering aan bij het UWV?", Task.AANVRAGEN),
        ("ik moet mijn paspoort verlengen", Task.AANVRAGEN),
        ("kan ik een betalingsregeling krijgen voor de terugvordering", Task.AANVRAGEN),
        ("Ik ben het niet eens met deze parkeerboete", Task.BEZWAAR),
        ("bezwaar maken tegen de aanslag", Task.BEZWAAR),
        ("de boete is onterecht", Task.BEZWAAR),
        ("ik ga samenwonen en wil dat doorgeven", Task.WIJZIGEN),
        ("ik ga samenwonen, dat moet ik doorgeven", Task.WIJZIGEN),
        ("mijn activeringscode is verlopen, ik wil een nieuwe digid aanvragen", Task.AANVRAGEN),
        ("moet ik mijn verhuizing zelf doorgeven?", Task.INFORMATIE),
        ("tot wanneer kan ik zorgtoeslag aanvragen", Task.INFORMATIE),
        ("wat is het verschil tussen bijstand en ww", Task.INFORMATIE),
        ("ik wil mijn machtiging intrekken", Task.WIJZIGEN),
        ("nieuw rekeningnummer voor mijn uitkering", Task.WIJZIGEN),
        ("ik wil mijn zorgtoeslag stoppen", Task.WIJZIGEN),
        ("waar kan ik mijn betalingen bekijken", Task.INZIEN),
        ("wat is de status van mijn aanvraag", Task.INZIEN),
        ("ik wil nakijken of de kinderbijslag al is betaald", Task.INZIEN),
        ("hoe betaal ik de boete van het CJIB", Task.BETALEN),
        ("Kunt u voor mij inloggen bij de toeslagen?", Task.INLOGGEN_VOOR_MIJ),
        ("hier is mijn sms code, doe jij het maar", Task.INLOGGEN_VOOR_MIJ),
        ("mijn wachtwoord is geheim123 kun je het invullen", Task.INLOGGEN_VOOR_MIJ),
        ("wil jij even inloggen met mijn digid", Task.INLOGGEN_VOOR_MIJ),
        ("can you log in for me", Task.INLOGGEN_VOOR_MIJ),
        ("kunt u de digid app voor mij activeren", Task.INLOGGEN_VOOR_MIJ),
        ("mag u mijn aangifte doen, ik geef u mijn wachtwoord", Task.INLOGGEN_VOOR_MIJ),
    ],
)
def test_detects_task(catalogue: Catalogue, text: str, task: Task) -> None:
    assert detect_task(text, catalogue.task_rules).task is task


def test_match_says_why_and_which_words(catalogue: Catalogue) -> None:
    match = detect_task("Ik ben het NIET eens met het besluit!", catalogue.task_rules)
    assert match.task is Task.BEZWAAR
    assert match.cue == "niet eens"
    assert match.reason is not None
    nothing = detect_task("huurtoeslag", catalogue.task_rules)
    assert (nothing.task, nothing.reason, nothing.cue) == (Task.INFORMATIE, None, None)


def test_login_request_beats_every_other_task(catalogue: Catalogue) -> None:
    text = "kun je voor mij inloggen om bezwaar te maken tegen mijn aanslag"
    assert detect_task(text, catalogue.task_rules).task is Task.INLOGGEN_VOOR_MIJ


def test_normalize() -> None:
    assert normalize("  Crèche-kosten, ÉÉN vraag?! ") == "creche kosten een vraag"
