"""A partner's public card, in B1: so a visitor can go there without the library next time.

Built from the partners file only; it holds nothing about the visitor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wegwijzer.catalogue.models import Catalogue
from wegwijzer.partners import Partners, Spreekuur
from wegwijzer.workdays import dutch_hour


@dataclass(frozen=True)
class SpreekuurText:
    branch: str
    # "elke dinsdag van 10 tot 12 uur hier in de bibliotheek"
    text: str
    # "van 10 tot 12 uur"
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


def hours_text(hour: Spreekuur) -> str:
    return f"van {dutch_hour(hour.start)} tot {dutch_hour(hour.end)} uur"


def place_text(catalogue: Catalogue, hour: Spreekuur, here: str | None) -> str:
    where = (
        "hier in de bibliotheek"
        if hour.branch == here
        else f"in {catalogue.branches[hour.branch].name}"
    )
    return f"{where} ({hour.place})" if hour.place else where


def partner_card(
    catalogue: Catalogue, partners: Partners, partner_id: str, here: str | None
) -> PartnerCard:
    """The card of one partner; `here` is the branch the visitor stands in."""
    partner = partners.partners[partner_id]
    face = partner.public
    # This branch's spreekuren first: "hier in de bibliotheek" is the easiest next step.
    hours = sorted(face.spreekuren if face else [], key=lambda h: h.branch != here)
    texts = tuple(
        SpreekuurText(
            branch=h.branch,
            text=f"elke {h.day} {hours_text(h)} {place_text(catalogue, h, here)}",
            hours=hours_text(h),
            place=place_text(catalogue, h, here),
        )
        for h in hours
    )
    # Short sentences (B1): who, when, where; one point each.
    go = f"Volgende keer kunt u ook zelf naar {partner.name} gaan."
    if hours:
        first = hours[0]
        next_time = (
            f"{go} Zij zijn er elke {first.day} {hours_text(first)}. "
            f"Dat is {place_text(catalogue, first, here)}."
        )
    elif face and face.address:
        next_time = f"{go} Het adres is {face.address}."
    elif face and face.phone:
        next_time = (
            f"Volgende keer kunt u {partner.name} ook zelf bellen. Het nummer is {face.phone}."
        )
    else:
        next_time = f"Volgende keer kunt u ook zelf contact opnemen met {partner.name}."
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
            hours=hours_text(h),
            place=place_text(catalogue, h, branch),
        )
        for _, p, h in found
    ]
