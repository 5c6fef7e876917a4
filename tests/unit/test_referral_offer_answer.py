"""Reading a reply to the warm referral offer: only a plain yes is consent.

The sentences come from two reviews that found such replies opening the form.
"""

from __future__ import annotations

import pytest

from wegwijzer.pii import scrub
from wegwijzer.referrals.consent import OfferAnswer, answer_to_offer, answers_the_offer

CONSENT = [
    "/affirm",
    "ja",
    "ja graag",
    "jazeker",
    "ja doe maar",
    "ja, dat wil ik wel",
    "ja, wat fijn",
    "ja graag dank u wel!",
    "ja graag, bel me na vijf uur",
    "ja graag, maar bel me na vijf uur",
    "ja graag, maar kunt u mij na vijf uur bellen",
    "ja is goed maar mag het per mail?",
    "tak",
    "evet",
    "так",
    "نعم",
    "yes please",
    # A wish to be called, with the number the PII guard removed.
    scrub("ja hoor bel me maar op 0612345678").text,
]
DECLINE = [
    "ja maar ik wil het zelf doen",
    "ja ik doe het wel zelf",
    "ja ik regel het zelf wel",
    "ja, ik probeer het eerst zelf",
]
ASKS_ON = [
    "ja dat snap ik, maar waar doe ik dat precies",
    "ja, waar moet ik dat doen?",
    "yes but where do I do that?",
    "ja maar hoe vraag ik het aan",
]
UNSURE = [
    # No, not now, not sure.
    "ja nee",
    "ja, nee, liever niet",
    "ja nee ik wil het niet",
    "ja, dat hoeft niet",
    "ja bedankt, ik red me wel",
    "oke, nee toch maar niet",
    "ja maar niet nu",
    "ja misschien later",
    "ja, ik overleg eerst met mijn dochter",
    "ja mijn dochter helpt me wel",
    "nee ja graag",
    "ja?",
    # Questions about the offer itself: the check says what happens.
    "ja maar eerst wil ik weten of het gratis is",
    "ja maar kost het geld",
    "ja maar wat gebeurt er met mijn telefoonnummer?",
    "ja graag, wie gaat mij helpen?",
    # Contact words that are no wish.
    "ja maar ik bel zelf wel",
    "ja, maar ik wil geen contact",
    "ja maar ik wil niet gebeld worden",
    # Needing help is no "on my own"; the check then settles it with a button.
    "ja graag, ik kan het niet alleen doen",
    "ja graag want zelf doen lukt niet",
    "yes please, I cannot do this on my own",
    # A number alone is no wish about contact (the check says what the partner gets),
    # nor a BSN or a code; a number beside a no is no yes.
    scrub("ja graag, mijn telefoonnummer is 06-12345678").text,
    scrub("oke, mail naar piet.jansen@example.nl").text,
    scrub("ja graag, mijn bsn is 111222333").text,
    scrub("ja, de sms code is 12 34 56").text,
    scrub("ja maar bel me niet op 0612345678").text,
    # A time is no wish about contact; a wish not to be called is none either.
    "ja, mijn dochter doet het morgen wel",
    "ja, ik kom om twee uur terug",
    "yes, but please don't call me",
    "ja, bel me nooit",
    # Words we cannot read.
    "tak, ale co to znaczy",
    "evet ama bu ne demek",
]


@pytest.mark.parametrize(
    ("text", "answer"),
    [(t, OfferAnswer.CONSENT) for t in CONSENT]
    + [(t, OfferAnswer.DECLINE) for t in DECLINE]
    + [(t, OfferAnswer.ASKS_ON) for t in ASKS_ON]
    + [(t, OfferAnswer.UNSURE) for t in UNSURE],
)
def test_a_yes_is_read_for_what_it_says(text: str, answer: OfferAnswer) -> None:
    assert answer_to_offer(text, affirmed=True) is answer


@pytest.mark.parametrize("text", ["nee", "ja graag"])
def test_a_no_from_the_model_is_a_no_whatever_the_words(text: str) -> None:
    assert answer_to_offer(text, affirmed=False) is OfferAnswer.DECLINE


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("ja graag", True),
        ("oke, prima", True),
        (scrub("ja graag, mijn telefoonnummer is 06-12345678").text, True),
        (scrub("ok bel me op 0612345678").text, True),
        (scrub("ja, mail maar naar piet@example.nl").text, True),
        (scrub("ja graag 0612345678 of piet@example.nl").text, True),
        (scrub("ok 06 12 34 56 78").text, True),
        # A BSN, a PIN or an account number in any format is removed and is no answer.
        (scrub("ja graag mijn bsn is 123-45-6782").text, False),
        (scrub("ja graag, B.S.N. 111.222.333").text, False),
        (scrub("ja graag mijn pincode is 1 2 3 4 5").text, False),
        (scrub("ja graag, iban NL91 ABNA 0417 1643 00").text, False),
        # A yes with nothing but a question about the offer itself: the consent action
        # asks once more, with the buttons and what the help costs and who calls.
        ("ja graag, maar kost dat iets?", True),
        ("Ja, maar wat kost het?", True),
        ("ok, moet ik daarvoor betalen?", True),
        ("ja, wie belt mij dan?", True),
        ("ja graag, wat gebeurt er met mijn gegevens?", True),
        ("yes please, does it cost anything?", True),
        # A question about the matter, or anything beside the question, is not.
        ("ja graag, maar hoe betaal ik de boete?", False),
        ("ja, kost de aanvraag geld?", False),
        ("ja, kost dat iets? en kunt u inloggen?", False),
        ("ja graag, kunt u inloggen?", False),
        # Anything more stays with the topic action, as before: a request that staff
        # log in, a code, a question, thanks, a hedge, a new question, a plan.
        (scrub("ja goed, doet u dat maar, hier is mijn telefoon 06-12345678").text, False),
        (scrub("ja, de sms code is 123456 en mijn nummer is 0612345678").text, False),
        (scrub("ja, mijn bsn is 111222333, bel me op 0612345678").text, False),
        (scrub("ja maar kost het geld? 0612345678").text, False),
        (scrub("ja toch? 0612345678").text, False),
        (scrub("tak, ale nie teraz, 0612345678").text, False),
        ("oké, dank u wel", False),
        ("ja ik doe het wel zelf", False),
        ("ja, ik wil het morgen aanvragen", False),
        ("prima, en hoe zit het met de zorgtoeslag?", False),
        ("ja, en ik wil ook zorgtoeslag aanvragen", False),
        # No yes up front.
        ("graag wil ik weten hoe ik het aanvraag", False),
        (scrub("mijn telefoonnummer is 06-12345678").text, False),
        ("jaarlijks inkomen, telt dat mee?", False),
        ("okee", False),
    ],
)
def test_only_a_yes_with_at_most_a_number_is_handed_to_the_consent_action(
    text: str, answers: bool
) -> None:
    """The topic action hands these to the consent action when an offer is open."""
    assert answers_the_offer(text) is answers


@pytest.mark.parametrize(
    "text",
    ["ja graag, maar kost dat iets?", "ok, moet ik daarvoor betalen?", "ja, wie belt mij dan?"],
)
def test_a_yes_with_a_question_about_the_offer_is_checked_with_the_buttons(text: str) -> None:
    """Handed over by the topic action or heard as a yes, it is no consent yet."""
    assert answer_to_offer(text, affirmed=answers_the_offer(text)) is OfferAnswer.UNSURE
