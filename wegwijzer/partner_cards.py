"""A partner's public card, in B1: so a visitor can go there without the library next time.

Built from the partners file only; it holds nothing about the visitor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from wegwijzer.catalogue.models import Catalogue
from wegwijzer.partners import WEEKDAYS, Partners, Spreekuur
from wegwijzer.workdays import dutch_hour


@dataclass(frozen=True)
class SpreekuurText:
    branch: str
    # "elke dinsdag van 10 tot 12 uur hier in de bibliotheek"
    text: str
    # Its parts: "elke dinsdag", "van 10 tot 12 uur", "hier in de bibliotheek".
    every: str
    hours: str
    place: str


@dataclass(frozen=True)
class PartnerCard:
    id: str
    name: str
    helps_with: str | None
    address: str | None
    phone: str | None
    website: str | None
    opening_hours: tuple[str, ...]
    spreekuren: tuple[SpreekuurText, ...]
    # "Volgende keer kunt u ook zelf naar ... gaan. Zij zijn er elke dinsdag van 10 tot
    # 12 uur. Dat is hier in de bibliotheek."
    next_time: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "helps_with": self.helps_with,
            "address": self.address,
            "phone": self.phone,
            "website": self.website,
            "opening_hours": list(self.opening_hours),
            "spreekuren": [s.text for s in self.spreekuren],
            "next_time": self.next_time,
        }


# "elke dinsdag" in each language, Monday first: whole phrases, because the grammar
# changes with the day ("w każdy wtorek", "w każdą środę").
EVERY: dict[str, tuple[str, ...]] = {
    "nl": tuple(f"elke {day}" for day in WEEKDAYS),
    "en": (
        "every Monday", "every Tuesday", "every Wednesday", "every Thursday",
        "every Friday", "every Saturday", "every Sunday",
    ),
    "pl": (
        "w każdy poniedziałek", "w każdy wtorek", "w każdą środę", "w każdy czwartek",
        "w każdy piątek", "w każdą sobotę", "w każdą niedzielę",
    ),
    "tr": (
        "her pazartesi", "her salı", "her çarşamba", "her perşembe",
        "her cuma", "her cumartesi", "her pazar",
    ),
    "uk": (
        "щопонеділка", "щовівторка", "щосереди", "щочетверга",
        "щоп'ятниці", "щосуботи", "щонеділі",
    ),
    "ar": (
        "كل يوم اثنين", "كل يوم ثلاثاء", "كل يوم أربعاء", "كل يوم خميس",
        "كل يوم جمعة", "كل يوم سبت", "كل يوم أحد",
    ),
}  # fmt: skip


def every_text(catalogue: Catalogue, hour: Spreekuur) -> str:
    """ "elke dinsdag", in the language of `catalogue`."""
    return EVERY.get(catalogue.language, EVERY["nl"])[WEEKDAYS.index(hour.day)]


def _clock(moment: time, language: str) -> str:
    """Dutch as on a Dutch sign ("10", "9.30"); other languages as 10:00."""
    return dutch_hour(moment) if language == "nl" else f"{moment.hour}:{moment.minute:02d}"


def hours_text(hour: Spreekuur, catalogue: Catalogue | None = None) -> str:
    """ "van 10 tot 12 uur", in the language of `catalogue` (Dutch without one)."""
    language = catalogue.language if catalogue is not None else "nl"
    start, end = _clock(hour.start, language), _clock(hour.end, language)
    if catalogue is None:
        return f"van {start} tot {end} uur"
    return catalogue.ui("card_hours", start=start, end=end)


def place_text(catalogue: Catalogue, hour: Spreekuur, here: str | None) -> str:
    where = (
        catalogue.ui("card_here")
        if hour.branch == here
        else catalogue.ui("card_in_branch", branch=catalogue.branches[hour.branch].name)
    )
    return f"{where} ({hour.place})" if hour.place else where


def _spreekuur_text(catalogue: Catalogue, hour: Spreekuur, here: str | None) -> SpreekuurText:
    every, hours = every_text(catalogue, hour), hours_text(hour, catalogue)
    place = place_text(catalogue, hour, here)
    line = catalogue.ui("card_spreekuur_line", every=every, hours=hours, place=place)
    return SpreekuurText(branch=hour.branch, text=line, every=every, hours=hours, place=place)


def partner_card(
    catalogue: Catalogue, partners: Partners, partner_id: str, here: str | None
) -> PartnerCard:
    """The card of one partner, in the language of `catalogue`; `here` is the branch
    the visitor stands in."""
    partner = partners.partners[partner_id]
    face = partner.public
    # This branch's spreekuren first: "hier in de bibliotheek" is the easiest next step.
    hours = sorted(face.spreekuren if face else [], key=lambda h: h.branch != here)
    texts = tuple(_spreekuur_text(catalogue, h, here) for h in hours)
    # Short sentences (B1): who, when, where; one point each.
    go = catalogue.ui("card_next_go", partner=partner.name)
    if hours:
        first = texts[0]
        when = catalogue.ui(
            "card_next_when", every=first.every, hours=first.hours, place=first.place
        )
        next_time = f"{go} {when}"
    elif face and face.address:
        next_time = f"{go} {catalogue.ui('card_next_address', address=face.address)}"
    elif face and face.phone:
        next_time = catalogue.ui("card_next_call", partner=partner.name, phone=face.phone)
    else:
        next_time = catalogue.ui("card_next_contact", partner=partner.name)
    return PartnerCard(
        id=partner_id,
        name=partner.name,
        helps_with=face.helps_with if face else None,
        address=face.address if face else None,
        phone=face.phone if face else None,
        website=face.website if face else None,
        opening_hours=tuple(face.opening_hours) if face else (),
        spreekuren=texts,
        next_time=next_time,
    )


@dataclass(frozen=True)
class TodaysSpreekuur:
    partner: str
    helps_with: str | None
    hours: str
    place: str


def spreekuren_on(
    catalogue: Catalogue, partners: Partners, branch: str, day: date
) -> list[TodaysSpreekuur]:
    """The spreekuren at this branch on this day, earliest first: the kiosk's start screen."""
    found = []
    for partner in partners.partners.values():
        for hour in partner.public.spreekuren if partner.public else []:
            if hour.branch == branch and hour.held_on(day):
                found.append((hour.start, partner, hour))
    found.sort(key=lambda item: item[0])
    return [
        TodaysSpreekuur(
            partner=p.name,
            helps_with=p.public.helps_with if p.public else None,
            hours=hours_text(h, catalogue),
            place=place_text(catalogue, h, branch),
        )
        for _, p, h in found
    ]
