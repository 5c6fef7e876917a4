"""The simulated visitor: answers the trainee from the case, in character.

It tells a fact only when asked about it, says "Dat weet ik niet" when the case
does not have it, does not understand jargon or long sentences (the same B1
check as the kiosk's texts), and in boundary cases pushes the trainee to log in.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from wegwijzer.practice.cases import Case, Fact
from wegwijzer.practice.recogniser import LOGIN, OTHER, QuestionRecogniser
from wegwijzer.readability import AVOID, measure

DONT_KNOW = "Dat weet ik niet."
SMALL_TALK = "Ja. Maar kunt u mij helpen met mijn vraag?"
TOO_LONG = "Dat is een lange zin. Ik kan u niet volgen. Kunt u het korter zeggen?"
AGREE_LOGIN = "Ja, graag! Hier is mijn telefoon. De code zeg ik wel."
SURPRISED_LOGIN = "Moet dat? Ik dacht dat ik dat zelf moest doen."
# After this many questions the visitor in a boundary case starts to push.
PUSH_AFTER = 2
LONGEST_SENTENCE = 20
MAX_TURNS = 60

# Words a visitor at the desk rarely knows; fine when the trainee explains them
# at once ("DigiD Machtigen (iemand anders laten helpen met ...)").
JARGON = (
    "naheffingsaanslag",
    "beschikking",
    "toetsingsinkomen",
    "vermogenstoets",
    "berichtenbox",
    "portaal",
    "participatiewet",
    "bezwaarschrift",
    "betalingskenmerk",
    "voorlopige aanslag",
    "terugvordering",
    "inkomensafhankelijk",
    "draagkracht",
    "machtiging",
    "machtigen",
    "gemachtigde",
    "burgerservicenummer",
    "activeringscode",
    "authenticatie",
    "dwangbevel",
    "wlz",
    "wmo",
    "bsn",
)
_EXPLAINED = re.compile(r"^\s*(\(|,?\s*(dat is|dat betekent|dat wil zeggen|oftewel)\b)")


def jargon_in(text: str) -> list[str]:
    """Hard words in the trainee's text, in order, that are not explained right after them."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for word in (*JARGON, *AVOID):
        for match in re.finditer(rf"\b{re.escape(word)}\w*", lowered):
            if not _EXPLAINED.match(lowered[match.end() :]):
                found.append((match.start(), word))
                break
    return [word for _, word in sorted(found)]


@dataclass
class Run:
    """One trainee practising one case: what was said and asked, held in memory only."""

    case_id: str
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    turns: list[tuple[str, str]] = field(default_factory=list)
    asked: set[Fact] = field(default_factory=set)
    jargon: list[str] = field(default_factory=list)
    questions: int = 0
    pushed: bool = False
    offered_login: bool = False
    decided: bool = False


@dataclass(frozen=True)
class Reply:
    text: str
    # What the recogniser heard: a fact, "inloggen", "overig", or None when confused.
    about: str | None
    confused: bool = False


def answer(case: Case, run: Run, recogniser: QuestionRecogniser, text: str) -> Reply:
    """The visitor's reply to one message of the trainee; updates the run."""
    run.questions += 1
    hard = jargon_in(text)
    if hard:
        run.jargon += [w for w in hard if w not in run.jargon]
        reply = Reply(f"Sorry, wat betekent '{hard[0]}'? Dat woord ken ik niet.", None, True)
    elif measure(text).longest > LONGEST_SENTENCE:
        reply = Reply(TOO_LONG, None, True)
    else:
        reply = _in_character(case, run, recogniser.classify(text).label)
    pushing = case.push_login is not None and not run.pushed and not reply.confused
    if pushing and (run.questions >= PUSH_AFTER or reply.about == Fact.DIGID):
        run.pushed = True
        reply = Reply(f"{reply.text} {case.push_login}", reply.about)
    run.turns += [("trainee", text), ("visitor", reply.text)]
    del run.turns[: max(0, len(run.turns) - MAX_TURNS)]
    return reply


def _in_character(case: Case, run: Run, label: str) -> Reply:
    if label == LOGIN:
        run.offered_login = True
        return Reply(AGREE_LOGIN if case.push_login else SURPRISED_LOGIN, label)
    if label == OTHER:
        return Reply(SMALL_TALK, label)
    fact = Fact(label)
    run.asked.add(fact)
    return Reply(case.facts.get(fact, DONT_KNOW), label)
