"""The visitor's answer to the warm referral offer: consent, a no, a question, or unsure.

The spec allows contact details only with explicit consent, so consent is read only
from a plain yes (a button, or yes-words and nothing else) and from a yes with a wish
about how or when to be contacted ("ja graag, bel me na vijf uur"). Anything else a
yes carries is not taken as consent: a question about the matter ("ja, maar waar doe
ik dat?") is answered first; doing it alone ("ja, ik doe het wel zelf") is a no; and
all the rest ("ja nee", "ja maar niet nu", "ja maar kost het geld?", a yes in words
we cannot read) gets one short question with the two buttons, which also says what
the partner receives. Two reviews found those replies opening the form.
"""

from __future__ import annotations

import re
from enum import StrEnum

from wegwijzer.pii import PLACEHOLDERS, PiiKind
from wegwijzer.text import normalize
from wegwijzer.triage import asks_something, yes_but_asks


class OfferAnswer(StrEnum):
    CONSENT = "consent"
    DECLINE = "decline"
    # A question about the matter: answer it; the offer stands.
    ASKS_ON = "asks_on"
    # Not sure what the visitor wants: ask once more, with the buttons.
    UNSURE = "unsure"


# The words of a yes, in the kiosk's languages; on their own they ask nothing.
_YES_WORDS = re.compile(
    r"^((ja|jawel|jazeker|graag|heel graag|ok|oke|okay|prima|goed|is goed|dat is goed|doe maar"
    r"|hoor|dank u wel|dank u|dank je|dankjewel|alstublieft|aub|top|zeker|akkoord|dat wil ik|wel"
    r"|wat fijn|fijn|super|heel fijn"
    r"|yes please|yes|please|sure|of course|tak prosze|tak|prosze|evet lutfen|evet"
    r"|lutfen|tamam|так|так будь ласка|будь ласка|добре|نعم|ايوه|اه|اجل|طيب|من فضلك)(\s+|$))+"
)
# A wish about contact: "bel me na vijf uur", "per mail", "kunnen ze mij bellen". A
# time alone is none: "ja, mijn dochter doet het morgen wel" is rather a no.
_CONTACT_WISH = re.compile(
    r"\b(bel|mail|sms|app)\s+(me|mij)\b|\bper\s+(mail|e mail|telefoon|sms|app|whatsapp)\b"
    r"|\b(kunnen|mogen|kan|mag|kunt|wilt)\s+(ze|zij|jullie|u)\s+(me|mij)\s+(\w+\s+){0,4}?"
    r"(bellen|mailen|appen)\b|\bcall me\b|\bby (e mail|email|phone)\b"
)
# A yes that a phone number or e-mail address came with ("ja graag, mijn nummer is
# [telefoonnummer weggehaald]"): the PII guard removed it, and the intent model heard
# no yes. Only these words may stand beside it, so that nothing else the visitor
# said (a code, a request that staff log in, a hedge, thanks) is passed over.
_CONTACT_PLACEHOLDERS = re.compile(
    "|".join(re.escape(normalize(PLACEHOLDERS[kind])) for kind in (PiiKind.PHONE, PiiKind.EMAIL))
)
_YES_FILLER = frozenset(
    (  # noqa: SIM905 (a word list reads best as words)
        "ja jawel jazeker graag heel ok oke okay prima akkoord goed is doe maar hoor yes please"
        " sure tak evet так добре نعم ايوه اجل mijn telefoonnummer nummer mobiele mobiel"
        " e mailadres emailadres email mail op naar of en bel bellen mailen me mij u kunt"
    ).split()
)
# A reply that starts with a clear yes ("graag" is left out: "graag wil ik weten hoe").
_LEADING_YES = re.compile(
    r"^(ja|jawel|jazeker|ok|oke|okay|prima|akkoord|doe maar"
    r"|yes|sure|tak|evet|так|добре|نعم|ايوه|اجل)\b"
)
# A yes with only a question that the check with the buttons answers: cost, who gets
# in touch, what happens with the visitor's details ("ja graag, maar kost dat iets?").
# The whole rest must be such a question, so that nothing else said is passed over.
_ONLY_ASKS_ABOUT_THE_OFFER = re.compile(
    r"((maar|en|eh|nou)\s+)*("
    r"(wat\s+)?kost\s+(dat|het|dit|die hulp|de hulp)(\s+(me|mij))?(\s+(iets|geld|wat))?(\s+extra)?"
    r"|is\s+(dat|het|dit|die hulp|de hulp)\s+((wel|ook|echt)\s+)?gratis"
    r"|moet\s+ik\s+((daar|er)\s*voor|iets|wat)\s+(iets\s+)?betalen"
    r"|wie\s+(belt|mailt)\s+(me|mij)"
    r"|wie\s+neemt\s+(er\s+)?contact\s+((met\s+)?(me|mij)\s+)?op"
    r"|wat\s+(gebeurt(\s+er)?|doen\s+ze|doen\s+jullie)\s+met\s+(mijn\s+)?(gegevens|nummer|telefoonnummer)"
    r"|does\s+it\s+cost\s+(anything|money)|is\s+it\s+free"
    r")(\s+dan)?"
)
# Said beside a wish, these make it no plain yes: a hedge, a negation, a question word,
# or the visitor getting in touch themselves ("ja maar ik bel zelf wel").
_NOT_PLAIN = re.compile(
    r"\b(nee|niet|geen|liever|misschien|later|nadenken|eerst|overleg\w*|bespre\w*|zelf"
    r"|nooit|wie|wat|waarom|hoe|hoeveel|welke|no|not|never|don t|do not|maybe)\b"
)
# A question about the offer itself (cost, who, what happens with a phone number):
# the short question that follows says that, so it is not sent back to the topic.
_ABOUT_THE_OFFER = re.compile(
    r"\b(kost\w*|gratis|geld|betal\w*|gegevens|telefoonnummer|nummer|mail\w*|privacy|wie"
    r"|organisatie|bel\w*|gebeld|contact|formulier|help\w*|hulp|cost|free|who|data)\b"
)
# "Ik doe het (wel) zelf", "ik probeer het eerst zelf", "ja ik regel het zelf wel".
_ON_THEIR_OWN = re.compile(
    r"\b(doe|regel|probeer|vul)\s+(het|ik het)\s+((wel|eerst|liever|maar)\s+)*zelf\b"
    r"|\b(ik|we)\s+(wil|willen|ga|gaan)\s+(het\s+)?((eerst|liever|wel)\s+)*zelf\s+"
    r"(doen|regelen|proberen|invullen|aanvragen)\b"
    r"|\bzelf\s+(proberen|doen|regelen)\s+(eerst|wel)\b|\bi ll do it myself\b"
)
# "Ik kan het niet alleen", "zelf lukt het niet": needing help is no "on my own".
_NEEDS_HELP = re.compile(r"\b(niet|lukt|kan niet|durf|cannot|can t|not)\b")


def answers_the_offer(text: str) -> bool:
    """Whether typed words are a yes to an open offer that the intent model missed.

    Only a yes, alone or with a phone number or e-mail address ("ja graag, mijn
    telefoonnummer is ..."), which the model read as a question about DigiD, or with
    nothing but a question about the offer itself ("ja graag, maar kost dat iets?"). The
    consent action then reads it as always: a number is no consent by itself, so the
    visitor gets the check with the buttons. Anything more stays with the topic
    action, as before: a request that staff log in must hear the boundary.
    """
    words = normalize(text)
    if not _LEADING_YES.match(words):
        return False
    if _ONLY_ASKS_ABOUT_THE_OFFER.fullmatch(_YES_WORDS.sub("", words).strip()):
        # The model may hear a topic question in "ja graag, maar kost dat iets?"; the
        # consent action asks once more with the buttons, which answer it.
        return True
    if "?" in text:
        return False
    return set(_CONTACT_PLACEHOLDERS.sub(" ", words).split()) <= _YES_FILLER


def answer_to_offer(text: str, *, affirmed: bool) -> OfferAnswer:
    """Read a reply to "Wilt u gratis hulp van een organisatie in de buurt?".

    `affirmed` is the intent model's yes; a button press ("/affirm") carries no words.
    """
    if not affirmed:
        return OfferAnswer.DECLINE
    if text.startswith("/"):
        return OfferAnswer.CONSENT
    return _read(text)


def _read(text: str) -> OfferAnswer:
    """What a typed yes says beside the yes."""
    words = normalize(text)
    rest = _YES_WORDS.sub("", words).strip()
    if not rest:
        # "Ja?" asks rather than agrees.
        return OfferAnswer.UNSURE if "?" in text else OfferAnswer.CONSENT
    if _ON_THEIR_OWN.search(words) and not _NEEDS_HELP.search(words):
        return OfferAnswer.DECLINE
    if _CONTACT_WISH.search(rest) and not _NOT_PLAIN.search(rest):
        return OfferAnswer.CONSENT
    asks = yes_but_asks(text) or "?" in text or asks_something(rest)
    return OfferAnswer.ASKS_ON if asks and not _ABOUT_THE_OFFER.search(rest) else OfferAnswer.UNSURE
