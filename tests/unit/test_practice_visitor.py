"""The simulated visitor: its question recogniser, its answers in character, and scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import ROOT
from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR, Catalogue
from wegwijzer.practice.cases import Case, CaseLibrary, Fact, PartnerKind, link_url, load_cases
from wegwijzer.practice.recogniser import (
    LOGIN,
    TRAINING_FILE,
    QuestionRecogniser,
    accuracy,
    load_recogniser,
    read_examples,
)
from wegwijzer.practice.scoring import Decision, LiveTriage, score
from wegwijzer.practice.visitor import DONT_KNOW, Run, answer, jargon_in
from wegwijzer.text import normalize

HOLDOUT = ROOT / "tests" / "data" / "practice_questions_holdout.yml"
REQUIRED_ACCURACY = 0.90


@pytest.fixture(scope="module")
def recogniser() -> QuestionRecogniser:
    return load_recogniser()


@pytest.fixture(scope="module")
def library(catalogue: Catalogue) -> CaseLibrary:
    return load_cases(DEFAULT_CATALOGUE_DIR / "cases", catalogue)


def case(library: CaseLibrary, case_id: str) -> Case:
    found = library.get(case_id)
    assert found is not None
    return found


def _pairs(path: Path) -> list[tuple[str, str]]:
    return [(label, text) for label, texts in read_examples(path).items() for text in texts]


def test_recogniser_meets_its_held_out_figure(recogniser: QuestionRecogniser) -> None:
    held_out = _pairs(HOLDOUT)
    assert len(held_out) >= 100
    assert {label for label, _ in held_out} == set(recogniser.labels)
    assert accuracy(recogniser, held_out) >= REQUIRED_ACCURACY


def test_held_out_questions_are_not_training_questions() -> None:
    training = {normalize(t) for _, t in _pairs(TRAINING_FILE)}
    overlap = [t for _, t in _pairs(HOLDOUT) if normalize(t) in training]
    assert overlap == []


def test_recogniser_learns_from_its_examples_not_a_fixed_list() -> None:
    swapped = QuestionRecogniser(
        {"digid": ["Woont u alleen?", "Heeft u kinderen?"], "huishouden": ["Heeft u DigiD?"]}
    )
    assert swapped.classify("Woont u samen met kinderen?").label == "digid"


def test_visitor_tells_facts_only_when_asked(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    cjib = case(library, "cjib_aanmaning")
    run = Run("cjib_aanmaning")
    reply = answer(cjib, run, recogniser, "Van wie komt die brief?")
    assert reply.about == Fact.BRIEF
    assert reply.text == cjib.facts[Fact.BRIEF]
    assert "CJIB" in reply.text
    assert answer(cjib, run, recogniser, "Heeft u DigiD?").text == cjib.facts[Fact.DIGID]
    assert run.asked == {Fact.BRIEF, Fact.DIGID}


def test_visitor_says_it_does_not_know_what_the_case_does_not_say(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    paspoort = case(library, "paspoort_kind")
    assert Fact.BRIEF not in paspoort.facts
    reply = answer(paspoort, Run("paspoort_kind"), recogniser, "Van wie is de brief?")
    assert reply.text == DONT_KNOW


def test_visitor_does_not_understand_jargon_unless_explained(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    cjib = case(library, "cjib_aanmaning")
    run = Run("cjib_aanmaning")
    reply = answer(cjib, run, recogniser, "Staat het betalingskenmerk op de beschikking?")
    assert reply.confused
    assert "betalingskenmerk" in reply.text
    assert run.jargon == ["betalingskenmerk", "beschikking"]
    assert jargon_in("Heeft u het betalingskenmerk (het nummer onderaan de brief)?") == []
    assert jargon_in("Wij dienen te kijken middels de site.") == ["dienen te", "middels"]


def test_visitor_cannot_follow_a_long_sentence(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    long = (
        "Kunt u mij vertellen of u al eens eerder met deze organisatie contact heeft gehad "
        "over de brief die u vorige week in de bus kreeg van hen?"
    )
    reply = answer(case(library, "cjib_aanmaning"), Run("x"), recogniser, long)
    assert reply.confused
    assert "korter" in reply.text


def test_boundary_visitor_pushes_to_log_in(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    toeslagen = case(library, "toeslagen_even_inloggen")
    assert toeslagen.push_login is not None
    run = Run("toeslagen_even_inloggen")
    first = answer(toeslagen, run, recogniser, "Woont u alleen?")
    assert toeslagen.push_login not in first.text
    second = answer(toeslagen, run, recogniser, "Wat is uw inkomen?")
    assert second.text.endswith(toeslagen.push_login)
    third = answer(toeslagen, run, recogniser, "Wat heeft u al geprobeerd?")
    assert toeslagen.push_login not in third.text, "the push comes once"


def test_a_visitor_without_a_push_never_pushes(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    cjib = case(library, "cjib_aanmaning")
    run = Run("cjib_aanmaning")
    for question in ("Heeft u DigiD?", "Woont u alleen?", "Wat wilt u?"):
        assert "inlog" not in answer(cjib, run, recogniser, question).text.lower()


def test_trainee_who_agrees_to_log_in_is_heard(
    library: CaseLibrary, recogniser: QuestionRecogniser
) -> None:
    run = Run("toeslagen_even_inloggen")
    reply = answer(
        case(library, "toeslagen_even_inloggen"),
        run,
        recogniser,
        "Oké, geef uw telefoon maar, dan log ik even in.",
    )
    assert reply.about == LOGIN
    assert run.offered_login


def right_decision(catalogue: Catalogue, c: Case) -> Decision:
    return Decision(
        topic=c.topic,
        link_url=link_url(catalogue, c.topic, c.expected.link),
        digid_boundary=c.expected.digid_boundary,
        referral=c.expected.referral,
        partner=c.expected.partner,
    )


def test_every_case_scores_full_marks_for_its_expected_outcome(
    library: CaseLibrary, catalogue: Catalogue
) -> None:
    for case_id, c in library:
        result = score(catalogue, c, right_decision(catalogue, c))
        assert result.score == result.max_score == 4, case_id
        assert all(point.ok for point in result.feedback), case_id


def test_wrong_decision_loses_each_point_and_says_why(
    library: CaseLibrary, catalogue: Catalogue
) -> None:
    c = case(library, "kinderbijslag_of_budget")
    wrong = Decision(
        topic="kinderbijslag",
        link_url="https://www.svb.nl/nl/kinderbijslag",
        digid_boundary=True,
        referral=True,
        partner=PartnerKind.FORMULIERENHULP,
    )
    result = score(catalogue, c, wrong)
    assert result.score == 0
    texts = [p.text for p in result.feedback]
    assert texts[0] == "Het onderwerp is Kindgebonden budget, niet Kinderbijslag."
    assert "Kindgebonden budget bij Dienst Toeslagen" in texts[1]
    assert "geen DigiD nodig" in texts[2]
    assert "niet nodig" in texts[3]
    assert result.expected.advice == c.expected.advice


def test_partial_credit_for_a_good_second_link_and_wrong_partner(
    library: CaseLibrary, catalogue: Catalogue
) -> None:
    c = case(library, "bijstand_geen_inkomen")
    decision = Decision(
        topic="bijstand",
        link_url="https://www.rijksoverheid.nl/onderwerpen/bijstand/",
        digid_boundary=True,
        referral=True,
        partner=PartnerKind.SCHULDHULP,
    )
    result = score(catalogue, c, decision)
    assert result.parts == {
        "topic": True,
        "link": True,
        "digid_boundary": True,
        "referral": False,
    }
    assert "Nog beter is 'Werk.nl van UWV'" in result.feedback[1].text
    assert "Sociaal raadslieden" in result.feedback[3].text


def test_boundary_case_trainee_who_agreed_to_log_in_is_told_why_not(
    library: CaseLibrary, catalogue: Catalogue, recogniser: QuestionRecogniser
) -> None:
    c = case(library, "toeslagen_even_inloggen")
    run = Run("toeslagen_even_inloggen")
    answer(c, run, recogniser, "Goed, ik log deze ene keer voor u in.")
    # Even a decision that names the boundary afterwards loses the point.
    result = score(catalogue, c, right_decision(catalogue, c), run=run)
    assert result.parts["digid_boundary"] is False
    assert "Dat mag nooit" in result.feedback[2].text
    # Without offering, but deciding there is no boundary: the visitor's push is named.
    no_boundary = Decision(c.topic, None, False, True, PartnerKind.FORMULIERENHULP)
    result = score(catalogue, c, no_boundary, run=Run("toeslagen_even_inloggen"))
    assert "de bezoeker vroeg u in te loggen: dat mag niet" in result.feedback[2].text.lower()


def test_remarks_name_missed_facts_jargon_and_the_live_triage(
    library: CaseLibrary, catalogue: Catalogue, recogniser: QuestionRecogniser
) -> None:
    c = case(library, "kinderbijslag_of_budget")
    run = Run("kinderbijslag_of_budget")
    answer(c, run, recogniser, "Wat verdient u?")
    answer(c, run, recogniser, "Weet u wat het toetsingsinkomen is?")
    live = LiveTriage(topic="kinderbijslag", digid_required=False)
    result = score(catalogue, c, right_decision(catalogue, c), run=run, live=live)
    remarks = " ".join(result.remarks)
    assert "U vroeg niet naar: het huishouden, DigiD" in remarks
    assert "het inkomen" not in remarks.split("U vroeg niet naar:")[1].split(".")[0]
    assert "toetsingsinkomen" in remarks
    assert "Wegwijzer dacht bij deze woorden aan Kinderbijslag" in remarks
