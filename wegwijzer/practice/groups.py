"""Group sessions: a trainer plays a case for a room of participants, online.

The trainer asks the simulated visitor questions for everyone to see;
participants join with a short code and a nickname (no account, nothing
personal kept) and send their decision; the trainer reveals the expected
outcome with the spread of answers. Sessions live in a `Store` and expire
after 4 hours. Every change bumps `version` and wakes the event streams.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from dataclasses import dataclass, field

from wegwijzer.catalogue.models import Catalogue
from wegwijzer.practice.cases import PARTNER_TITLES, Case
from wegwijzer.practice.scoring import Decision, expected_outcome, score
from wegwijzer.practice.visitor import Run

# No 0/O, 1/I/L: read aloud and typed on a phone without mistakes. 31^8 is about
# 8.5e11 codes, and wrong codes count as failed sign-ins (rate limited).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_PARTICIPANTS = 100
NO_CHOICE = "Geen keuze"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: str) -> str | None:
    """The code as typed ("abcd-2345", " ABCD 2345 ") in its stored form, or None."""
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


class GroupFullError(Exception):
    """The session has as many participants as it can take."""


@dataclass
class Participant:
    nickname: str
    decision: Decision | None = None


@dataclass
class Group:
    code: str
    case_id: str
    # The conversation with the visitor, which the trainer leads for the room.
    run: Run
    participants: dict[str, Participant] = field(default_factory=dict)
    revealed: bool = False
    version: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def touch(self) -> None:
        """Wake every stream waiting on this session (call from the event loop)."""
        self.version += 1
        old, self.changed = self.changed, asyncio.Event()
        old.set()

    def join(self, nickname: str) -> str:
        if len(self.participants) >= MAX_PARTICIPANTS:
            raise GroupFullError(self.code)
        participant_id = secrets.token_urlsafe(16)
        self.participants[participant_id] = Participant(nickname)
        self.touch()
        return participant_id

    @property
    def answered(self) -> int:
        return sum(p.decision is not None for p in self.participants.values())


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    # True for the expected answer.
    right: bool


def _bars(counts: Counter[str], right: str, labels: dict[str, str]) -> list[Bar]:
    keys = sorted(counts, key=lambda k: (-counts[k], labels.get(k, k)))
    if right not in counts:
        keys.append(right)
    return [Bar(labels.get(k, k), counts[k], k == right) for k in keys]


def spread(catalogue: Catalogue, case: Case, group: Group) -> dict[str, list[Bar]]:
    """Per part of the decision, how many chose what: the bars the trainer shows."""
    decisions = [p.decision for p in group.participants.values() if p.decision is not None]
    want = expected_outcome(catalogue, case, None)
    topic_labels = {k: t.title for k, t in catalogue.topics.items()}
    topic_labels[""] = NO_CHOICE
    good_links = {want.link.url, *(link.url for link in want.also_links)}
    referral_labels: dict[str, str] = {"": "Niet doorverwijzen"}
    referral_labels.update({str(k): v for k, v in PARTNER_TITLES.items()})
    return {
        "topic": _bars(Counter(d.topic or "" for d in decisions), case.topic, topic_labels),
        "link": _bars(
            Counter(
                "goed" if d.link_url and d.link_url.rstrip("/") in good_links else "anders"
                for d in decisions
            ),
            "goed",
            {"goed": f"Een goede link ({want.link.domain})", "anders": "Een andere link"},
        ),
        "digid_boundary": _bars(
            Counter("ja" if d.digid_boundary else "nee" for d in decisions),
            "ja" if want.digid_boundary else "nee",
            {"ja": "DigiD-grens: ja", "nee": "DigiD-grens: nee"},
        ),
        "referral": _bars(
            Counter(str(d.partner) if d.referral and d.partner else "" for d in decisions),
            str(want.partner) if want.referral and want.partner else "",
            referral_labels,
        ),
    }


def average_score(catalogue: Catalogue, case: Case, group: Group) -> float | None:
    scores = [
        score(catalogue, case, p.decision).score
        for p in group.participants.values()
        if p.decision is not None
    ]
    return sum(scores) / len(scores) if scores else None
