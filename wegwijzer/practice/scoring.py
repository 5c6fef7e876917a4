"""Scoring a trainee's decision against the case, with feedback in B1 Dutch.

Four points: the topic, the link, the DigiD boundary and the referral. Offering
to log in for the visitor during the conversation costs the boundary point,
whatever the trainee decides at the end: that is the line staff may not cross.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wegwijzer.catalogue.models import Catalogue
from wegwijzer.practice.cases import (
    FACT_TITLES,
    PARTNER_TITLES,
    Case,
    PartnerKind,
    link_url,
)
from wegwijzer.practice.visitor import Run

MAX_SCORE = 4


@dataclass(frozen=True)
class Decision:
    topic: str | None
    link_url: str | None
    digid_boundary: bool
    referral: bool
    partner: PartnerKind | None = None


@dataclass(frozen=True)
class LiveTriage:
    """What Wegwijzer's own triage makes of the visitor's words."""

    topic: str | None
    digid_required: bool


@dataclass(frozen=True)
class ExpectedLink:
    title: str
    url: str
    domain: str


@dataclass(frozen=True)
class ExpectedOutcome:
    topic: str
    topic_title: str
    task: str
    link: ExpectedLink
    also_links: tuple[ExpectedLink, ...]
    digid_boundary: bool
    referral: bool
    partner: PartnerKind | None
    partner_title: str | None
    advice: str


@dataclass(frozen=True)
class Point:
    ok: bool
    text: str


@dataclass(frozen=True)
class Result:
    score: int
    max_score: int
    # The scored points first, then remarks that carry no points (ok None).
    feedback: tuple[Point, ...]
    remarks: tuple[str, ...]
    expected: ExpectedOutcome
    live: LiveTriage | None = None
    parts: dict[str, bool] = field(default_factory=dict)


def _link(catalogue: Catalogue, case: Case, key: str, branch: str | None) -> ExpectedLink:
    url = link_url(catalogue, case.topic, key, branch)
    domain = (urlsplit(url).hostname or "").removeprefix("www.")
    return ExpectedLink(catalogue.topics[case.topic].links[key].title, url, domain)


def expected_outcome(catalogue: Catalogue, case: Case, branch: str | None) -> ExpectedOutcome:
    exp = case.expected
    return ExpectedOutcome(
        topic=case.topic,
        topic_title=catalogue.topics[case.topic].title,
        task=exp.task.value,
        link=_link(catalogue, case, exp.link, branch),
        also_links=tuple(_link(catalogue, case, k, branch) for k in exp.also_links),
        digid_boundary=exp.digid_boundary,
        referral=exp.referral,
        partner=exp.partner,
        partner_title=PARTNER_TITLES[exp.partner] if exp.partner else None,
        advice=exp.advice,
    )


def _same_url(a: str, b: str) -> bool:
    return a.strip().rstrip("/").lower() == b.strip().rstrip("/").lower()


def _topic_point(catalogue: Catalogue, want: ExpectedOutcome, decision: Decision) -> Point:
    if decision.topic == want.topic:
        return Point(True, f"Goed: het onderwerp is {want.topic_title}.")
    if decision.topic in catalogue.topics:
        chosen = catalogue.topics[decision.topic].title
        return Point(False, f"Het onderwerp is {want.topic_title}, niet {chosen}.")
    return Point(False, f"U koos geen onderwerp. Het onderwerp is {want.topic_title}.")


def _link_point(want: ExpectedOutcome, decision: Decision) -> Point:
    best = want.link
    if decision.link_url and _same_url(decision.link_url, best.url):
        return Point(True, f"Goed: u gaf de link '{best.title}' ({best.domain}).")
    for other in want.also_links:
        if decision.link_url and _same_url(decision.link_url, other.url):
            return Point(
                True,
                f"Goed: '{other.title}' helpt ook. Nog beter is '{best.title}' ({best.domain}).",
            )
    return Point(False, f"De link die deze bezoeker helpt is '{best.title}' ({best.domain}).")


def _boundary_point(case: Case, run: Run | None, decision: Decision) -> Point:
    want = case.expected.digid_boundary
    if run is not None and run.offered_login:
        return Point(
            False,
            "U bood aan om in te loggen voor de bezoeker. Dat mag nooit, ook niet 1 keer. "
            "Vraag nooit om codes of wachtwoorden.",
        )
    if want and decision.digid_boundary:
        return Point(True, "Goed: hier stopt u. Deze stap vraagt de eigen DigiD van de bezoeker.")
    if want and case.push_login is not None:
        return Point(
            False,
            "De bezoeker vroeg u in te loggen: dat mag niet. "
            "Deze stap vraagt de eigen DigiD van de bezoeker.",
        )
    if want:
        return Point(False, "Deze stap vraagt de eigen DigiD van de bezoeker. Daar stopt uw hulp.")
    if decision.digid_boundary:
        return Point(False, "Hier is geen DigiD nodig. U kunt de bezoeker dus verder helpen.")
    return Point(True, "Goed: hier is geen DigiD nodig. U kunt de bezoeker verder helpen.")


def _referral_point(want: ExpectedOutcome, decision: Decision) -> Point:
    if not want.referral:
        if decision.referral:
            return Point(False, "Een doorverwijzing is hier niet nodig. De bezoeker kan dit zelf.")
        return Point(True, "Goed: de bezoeker kan dit zelf. Een doorverwijzing is niet nodig.")
    if not decision.referral:
        return Point(False, f"Een warme doorverwijzing naar {want.partner_title} past hier.")
    if decision.partner != want.partner:
        return Point(False, f"Een doorverwijzing past, maar dan naar {want.partner_title}.")
    return Point(True, f"Goed: een warme doorverwijzing naar {want.partner_title}.")


def _remarks(
    catalogue: Catalogue, case: Case, run: Run | None, live: LiveTriage | None
) -> list[str]:
    remarks = []
    if run is not None:
        missed = [FACT_TITLES[f] for f in case.facts if f not in run.asked]
        if missed:
            remarks.append(f"U vroeg niet naar: {', '.join(missed)}.")
        if run.jargon:
            remarks.append(
                f"De bezoeker begreep deze woorden niet: {', '.join(run.jargon)}. "
                "Leg moeilijke woorden uit."
            )
    if live is not None:
        title = catalogue.topics[case.topic].title
        if live.topic == case.topic:
            remarks.append(f"Wegwijzer herkent in de woorden van de bezoeker ook: {title}.")
        elif live.topic in catalogue.topics:
            other = catalogue.topics[live.topic].title
            remarks.append(
                f"Let op: Wegwijzer dacht bij deze woorden aan {other}. "
                f"Na doorvragen bleek het te gaan over {title}."
            )
        else:
            remarks.append(
                "Wegwijzer kon uit de eerste zin geen onderwerp halen. Doorvragen was nodig."
            )
    return remarks


def score(
    catalogue: Catalogue,
    case: Case,
    decision: Decision,
    *,
    run: Run | None = None,
    live: LiveTriage | None = None,
    branch: str | None = None,
) -> Result:
    want = expected_outcome(catalogue, case, branch)
    parts = {
        "topic": _topic_point(catalogue, want, decision),
        "link": _link_point(want, decision),
        "digid_boundary": _boundary_point(case, run, decision),
        "referral": _referral_point(want, decision),
    }
    return Result(
        score=sum(p.ok for p in parts.values()),
        max_score=MAX_SCORE,
        feedback=tuple(parts.values()),
        remarks=tuple(_remarks(catalogue, case, run, live)),
        expected=want,
        live=live,
        parts={k: p.ok for k, p in parts.items()},
    )
