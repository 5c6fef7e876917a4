"""The visitor's answer to the warm referral offer: consent, a no, or a question.

The spec allows contact details only with explicit consent. A yes that goes on with a
question about the matter ("ja, maar waar doe ik dat?") or that says the visitor will
do it alone ("ja, ik doe het zelf") is not that consent; a yes with a wish about how or
when to be contacted ("ja graag, maar bel me na vijf uur") is.
"""

from __future__ import annotations

import re
from enum import StrEnum

from wegwijzer.text import normalize
from wegwijzer.triage import asks_something, yes_but_asks


class OfferAnswer(StrEnum):
    CONSENT = "consent"
    DECLINE = "decline"
    # A question about the matter: answer it; the offer stands.
    ASKS_ON = "asks_on"


# "Ik doe het (wel) zelf", "ja ik wil het zelf doen", "ik probeer het eerst alleen".
_ON_THEIR_OWN = re.compile(
    r"\b(zelf|alleen)\s+((\w+\s+){0,2})?(doen|regelen|proberen|invullen|aanvragen)\b"
    r"|\bdoe\s+(het|ik het)\s+(wel\s+|eerst\s+)?zelf\b|\bmyself\b|\bon my own\b"
)
# How or when the partner gets in touch: a wish that goes with consent.
_ABOUT_CONTACT = re.compile(
    r"\b(bel\w*|gebeld|mail\w*|telefoon\w*|uur|morgen|ochtend|middag|avond|contact|sms"
    r"|appen|whatsapp|call|phone|email)\b"
)
# The words of a yes, however it is said; on their own they ask nothing.
_YES_WORDS = re.compile(
    r"^((ja|jawel|jazeker|graag|ok|oke|okay|prima|goed|is goed|dat is goed|doe maar|yes|please"
    r"|hoor|dank u|dank je|dank u wel|dankjewel|alstublieft|aub|top|zeker|akkoord)(\s+|$))+"
)


def answer_to_offer(text: str, *, affirmed: bool) -> OfferAnswer:
    """Read a reply to "Mag een organisatie in de buurt u helpen?".

    `affirmed` is the intent model's yes; a button press ("/affirm") carries no words.
    """
    if not affirmed:
        return OfferAnswer.DECLINE
    words = normalize(text)
    rest = _YES_WORDS.sub("", words).strip()
    if text.startswith("/") or not rest:
        return OfferAnswer.CONSENT
    if _ON_THEIR_OWN.search(words):
        return OfferAnswer.DECLINE
    asks = yes_but_asks(text) or "?" in text or asks_something(rest)
    if asks and not _ABOUT_CONTACT.search(words):
        return OfferAnswer.ASKS_ON
    return OfferAnswer.CONSENT
