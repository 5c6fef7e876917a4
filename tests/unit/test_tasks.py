"""The task decision: readable overrides, the model's ranking, and doubt that is never "no"."""

from __future__ import annotations

import pytest

from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.pii import scrub
from wegwijzer.tasks import (
    TaskScore,
    decide_task,
    override,
    rule_text,
    task_ranking_from_parse,
)
from wegwijzer.text import normalize

# Huurtoeslag's DigiD verdict per task: what the decision weighs doubt against.
HUURTOESLAG_LOGIN = {
    Task.INFORMATIE: False,
    Task.AANVRAGEN: True,
    Task.WIJZIGEN: True,
    Task.INZIEN: True,
    Task.BEZWAAR: True,
    Task.BETALEN: False,
    Task.INLOGGEN_VOOR_MIJ: True,
}


def ranked(*pairs: tuple[Task, float]) -> list[TaskScore]:
    return [TaskScore(task, confidence) for task, confidence in pairs]


@pytest.mark.parametrize(
    "text",
    [
        "mijn wachtwoord is geheim123 kun je het invullen",
        "Kunt u voor mij inloggen bij de toeslagen?",
        "wilt u even voor mij inloggen",
        "log jij even voor me in",
        "can you log in for me",
        "hier is mijn pincode is 1234",
        "ik geef u mijn wachtwoord, dan kunt u verder",
        "kunt u even inloggen en kijken wat er aan de hand is?",
        "Mevrouw, zou jij snel inloggen voor de huurtoeslag",
        # Handing over the DigiD itself.
        "Wilt u hem voor mij openmaken en vertellen wat erin staat? Ik geef u mijn DigiD.",
        "ik geef je gewoon m'n digid",
        "neem mijn DigiD maar",
        "gebruikt u maar mijn DigiD",
        "kunt u niet even mijn digid gebruiken",
        "kun je mijn digid gebruiken",
        "u mag mijn DigiD gebruiken hoor",
        "log maar in met mijn digid",
        # Doing a step in the account for the visitor (development set 9).
        "mevrouw kan u voor mij invullen op computer met mijn digid?",
        "kunt u mijn nieuwe adres voor me doorgeven",
        # A reviewer's: common wordings the first version missed.
        "kunt u voor mij de huurtoeslag aanvragen",
        "kan u voor mij mijn adres wijzigen",
        "kunnen jullie het voor mij invullen",
        "kunt u het voor mij regelen",
        "kan u de aangifte voor mij doen",
        "zou u het voor mij willen invullen",
        "kunt u het in vullen voor mij",
        "waar kan ik dat vinden? kunt u het dan voor mij aanvragen",
        "ik wil de aangifte doen maar ik snap het niet, kan u het doen met mijn digid",
        "kan ik dat stopzetten? ik heb digid hier, doet u het maar",
        # A second review's: an object noun, imperatives, no "voor mij", plural verbs,
        # and a request after a letter, an appointment or an organisation named earlier.
        "kunt u het formulier voor mij invullen",
        # Who is asked, in a visitor's words (development set 14).
        "kan iemand van de bieb die betalingsregeling gewoon voor mij regelen",
        "kan iemand hier het voor mij invullen",
        "kan iemand hier voor mij inloggen",
        "kunnen jullie even voor me inloggen",
        "kun je die aanvraag voor mij afmaken",
        "vult u het even voor mij in?",
        "vul jij het maar in voor mij",
        "doe jij het maar",
        "regel jij het maar",
        "kunt u mijn zorgtoeslag stopzetten",
        "kunt u mijn adres wijzigen?",
        "ik wil dat u mijn formulier invult",
        "ik wil graag dat jullie het regelen",
        "de gemeente zegt dat het online moet, kunt u het voor mij invullen?",
        "ik heb geen afspraak, kunt u het voor mij invullen",
        "ik kreeg de brief per post, kunt u het voor mij invullen",
        "ik heb het al aan de gemeente gevraagd, kunt u het nu voor mij aanvragen",
        "kunt u mijn verhuizing voor mij doorgeven aan de gemeente",
        "can you fill it in for me",
        "wil je het voor mij aanvragen",
        "kunt u mijn formulier afmaken voor mij",
        "kun jij de wijziging voor me versturen",
        "ja hallo ik wil dat u het inlogt met mijn gegevens want de letters zijn te klein",
        "kan iemand van de bibliotheek dat op mijn cbr voor mij doen?",
        "kunt u het even voor me doen",
        # Typing or reading out a code, digits or not (development sets 1 and 10).
        "kun je de code intypen voor mij",
        "kunt u de code intypen op mijn telefoon? ik zie slecht de letters",
        "Wilt u de code van de brief voor mij overtypen op mijn telefoon?",
        "kunt u de sms code voor mij invullen",
        "kan jij die cijfers intikken, ik zie ze niet",
        "typt u de code even in",
        "leest u de code even voor?",
        # A review's misses: a pronoun before the code, "mag u", an imperative.
        "kunt u mij de code voorlezen",
        "kun je voor mij de code invullen",
        "mag u de code intypen",
        "mag jij de code invullen, ik zie het niet",
        "typ de code maar in",
        "ok typ de code maar in voor mij",
        "Typ jij de sms code even in?",
        "lees die cijfers even voor",
        # A second review's: words the first rule did not know, "die/hem" for a code.
        "kunt u de code die ik heb gekregen intypen",
        "ik weet niet hoe dat moet kunt u de code voor mij intypen",
        "kan je de code voor mij intypen ik doe het steeds verkeerd",
        "ik heb een sms gekregen met een code kunt u die even intypen",
        "hier is mijn telefoon, typ de code maar in",
        "goedemorgen vul de code maar in",
        "wilt u alstublieft de code intoetsen",
        "u mag de code intypen hoor",
        # Development NLU set 4: a password to type, a look inside one's own portal, and
        # a request after a sentence that ends in "hoe".
        "kunt u mijn wachtwoord intikken? ik zeg het wel zachtjes hoor",
        "wil je even mijn digid wachtwoord invullen",
        "kun je in mijn berichtenbox kijken wat voor brief er is?",
        "kunt u even kijken op mijn toeslagen",
        "mag iemand hier in mijn mijn uwv kijken of het geld al komt",
        "Ik moet het online doorgeven. Ik heb geen idee hoe. Kan iemand hier dat voor me doen?",
        # A review's: where one types it, or whose portal it is, does not make it a question.
        "Kunt u mijn wachtwoord intypen? Het staat in mijn mail.",
        "kun je mijn digid wachtwoord even intypen op de computer van de bieb?",
        "Mevrouw, u kunt mijn wachtwoord intypen, ik zeg het wel",
        "kunt u niet even mijn wachtwoord intypen?",
        "kunt u mijn wachtwoord voor de belastingdienst intypen",
        "kunt u in mijn toeslagen kijken of het geld al is overgemaakt",
    ],
)
def test_offered_secrets_and_explicit_requests_are_always_the_boundary(
    catalogue: Catalogue, text: str
) -> None:
    # The overrides read the text after the PII guard, as the chat and triage do.
    match = override(scrub(text).text, catalogue.task_rules)
    assert match is not None, text
    assert match.task is Task.INLOGGEN_VOOR_MIJ


@pytest.mark.parametrize(
    "text",
    [
        "mijn wachtwoord is verlopen, wat nu?",
        "ik ben mijn wachtwoord vergeten",
        "hoe log ik in met de digid app",
        "kan ik inloggen zonder sms",
        "mijn dochter wil voor mij inloggen, mag dat",
        "hoe kun je inloggen bij mijn toeslagen",
        "ja maar waar kan je inloggen dan",
        "ik geef u mijn digid niet, dat weet ik wel",
        "mag ik mijn digid aan mijn zoon geven?",
        "hoe gebruik ik mijn digid dan",
        "mijn zoon gebruikt mijn digid altijd, mag dat",
        "waarom gebruikt u mijn digid niet",
        "ik laat u mijn DigiD-brief zien",
        "ik geef u mijn DigiD-gegevens niet",
        "ik geef je nooit mijn digid",
        "neemt u mijn digid aanvraag in behandeling?",
        "hoe log ik in met mijn digid",
        # Asking who could do it, or how: an organisation or information, not staff.
        "wie kan dat voor mij invullen?",
        "hoe kunt u mij helpen met invullen",
        "waar kan je dat voor mij aanvragen",
        "kunt u mij helpen om het zelf in te vullen",
        "kan je moeder het voor je invullen",
        "ik wil dat u weet dat mijn dochter het regelt",
        "ik wil niet dat u inlogt",
        "kunt u mij vertellen of mijn zoon het voor mij kan doen",
        "wie kan dat voor mij doen",
        # A reviewer's: passing on to an organisation (the warm referral), post, an
        # appointment, reported speech.
        "kunt u dat even voor me doorgeven aan de sociaal raadslieden",
        "kan u voor mij doorgeven aan formulierenhulp dat ik hulp wil",
        "kun je de brief voor me versturen met de post",
        "kunt u mijn bezwaarbrief voor mij versturen per post",
        "kan u voor mij aanvragen een afspraak bij formulierenhulp",
        "mijn zoon zei: kun je het voor mij invullen? maar hij kan niet",
        "kan de gemeente het voor mij aanvragen",
        "ik wil niet dat u het voor mij invult",
        # A second review's: a question after "voor mij", an organisation, a letter.
        "kunt u voor mij kijken hoe aanvragen werkt",
        "kunt u voor mij uitleggen hoe invullen gaat",
        "kun je voor mij uitzoeken wanneer opzeggen kan",
        "kunt u het voor mij regelen met de formulierenhulp",
        "kunt u dat voor mij regelen via humanitas",
        "kunt u het voor mij doorgeven bij het juridisch loket",
        "kunt u de bezwaarbrief voor mij versturen",
        "kunt u mijn bezwaarbrief voor mij opsturen",
        "kan je vader het voor mij doen",
        # A letter is paper, not an account (a second review counted it as a miss).
        "kunt u deze brief voor mij invullen",
        # A code: asking how or where, or someone else typing it.
        "hoe kan ik de code intypen",
        "waar moet ik de code invullen",
        "kunt u mij laten zien waar ik de code moet intypen",
        "mijn zoon kan de code voor mij intypen",
        "kan je de code ook per post krijgen",
        "hoe vul je de code in",
        "waar kun je de code invullen",
        "kunt u uitleggen welke code ik moet invullen",
        # A review's: questions about codes, quotes, and codes of other things.
        "Hoelang kun je de activeringscode nog invullen?",
        "Hoeveel keer kun je de code fout intypen?",
        "Kun je de code ook later nog invullen?",
        "Vul je de code in bij DigiD of bij Mijn Belastingdienst?",
        "Er staat op het scherm: wilt u de sms-code invoeren. Wat moet ik doen?",
        "De mevrouw van de gemeente zei: kunt u de code even invullen. Welke code bedoelt ze?",
        "Kunt u de code van de wifi even voorlezen?",
        "Kunt u de code van de printer intypen?",
        # Next to the review's misses: showing where, the visitor typing, quotes.
        "kunt u mij de code laten zien die ik moet invullen",
        "kunt u mij uitleggen waar ik de code moet invullen",
        "mag ik de code zelf intypen?",
        "mag je de code aan iemand anders geven",
        "typ de code in staat er, maar welke code?",
        "Op het scherm: typ de code in. Wat moet ik doen?",
        "kunt u mij de code van de wifi voorlezen",
        "kunt u mij de code per post sturen",
        "hoe moet ik de activatiecode invoeren?",
        # A second review's: the screen's own words, other things' codes, a phone
        # reading aloud.
        "vul de activatiecode in wat betekent dat",
        "typ de code in of klik op opnieuw versturen wat moet ik kiezen",
        "kunt u mij de inlogcode voor de computer voorlezen",
        "kunt u mij de code voor de fietsenstalling voorlezen",
        "kunt u de cijfers op mijn energierekening voorlezen",
        "kan je de code laten voorlezen door de app",
        "kunt u mij uitleggen hoe ik de code intyp op mijn telefoon",
        # A diff review's: every form of the imperative leaves other things' codes alone.
        "vul die code in voor mij bij de printer",
        "typ hem maar in, het is de wifi code",
        # Paper, a referral or an appointment asked of someone here (a review's).
        "kan iemand hier het formulier voor mij printen en opsturen?",
        "kan iemand van de bieb mijn vraag doorgeven aan iemand die me kan helpen?",
        "kan iemand van de bieb het voor mij regelen dat de formulierenhulp mij belt?",
        "kan iemand van jullie een afspraak voor mij aanvragen bij de gemeente?",
        # Looking, or a password, that is not a request to act in one's own account.
        "hoe kan ik in mijn berichtenbox kijken?",
        "kunt u mij laten zien hoe ik in mijn berichtenbox kijk?",
        "kan ik zelf in mijn toeslagen kijken?",
        "waar kan je in mijn uwv zien wanneer het geld komt?",
        "kunt u in mijn brief kijken wat er staat?",
        "kunt u het wachtwoord van de wifi intypen?",
        "kunt u mijn wachtwoord van mijn mail intypen?",
        "hoe kan ik mijn wachtwoord intypen als ik het vergeten ben?",
        # One sentence asks how, and nothing follows that asks staff to act.
        "ik weet niet hoe kan ik dat voor mij laten doen",
        # A review's: the generic "je", another account, a paper letter, reported speech,
        # and a line break that ends no sentence.
        "Wat kun je in Mijn Overheid zien?",
        "Welke brieven kun je in mijn overheid zien?",
        "Kan je op Mijn DUO zien hoeveel studieschuld je nog hebt?",
        "kunt u in mijn account kijken of mijn boeken verlengd zijn?",
        "kunt u op mijn belastingdienst brief kijken",
        "mijn zoon zei: kun je in mijn berichtenbox kijken",
        "mijn zoon vroeg: kunt u mijn wachtwoord intypen",
        "kan je het wachtwoord invullen met hoofdletters?",
        "mag je het wachtwoord invoeren op een telefoon van een ander?",
        "Hoe\nkunt u mijn wachtwoord intypen?",
    ],
)
def test_questions_about_logging_in_are_left_to_the_model(catalogue: Catalogue, text: str) -> None:
    assert override(scrub(text).text, catalogue.task_rules) is None


# Issue 20: newcomers offer a secret or ask staff to log in in their own language.
@pytest.mark.parametrize(
    "text",
    [
        "here is my password, can you fill it in",
        "I will give you my pin code",
        "could you please log me in",
        "can you log into Mijn toeslagen on my behalf",
        "tu jest moje hasło",
        "dam pani moje haslo do digid",
        "może pan się za mnie zalogować?",
        "prosze zalogowac sie moim digid",
        "işte şifrem",
        "size şifremi veriyorum",
        "benim yerime giriş yapar mısınız",
        "benim yerime Mijn toeslagen'e girer misiniz",
        "هذا الكود تبعي",
        "سأعطيك كلمة المرور",
        "ممكن تسجل الدخول عني",
        "momken tdkhol 3ani bel digid",
        "هل يمكنك تسجيل الدخول بحساب DigiD الخاص بي بدلاً مني؟",
        "ممكن تعمل تسجيل الدخول مكاني",
        "من فضلك سجل الدخول بدلا مني",
        "ось мій пароль",
        "даю вам свій пароль",
        "можете увійти за мене в Mijn toeslagen",
        "зайдіть моїм DigiD",
        "войдите за меня",
        "mozhete uviyty za mene",
        # Typing or reading out a code.
        "can you type the code for me",
        "could you please enter the sms code",
        "Can you read out the code?",
        "please enter the code for me",
        "Czy może pan wpisać kod?",
        "możesz mi przepisać ten kod",
        "czy mogłaby pani przeczytać kod",
        "kodu benim için girer misiniz",
        "kodu yazar mısınız?",
        "sms kodunu okur musunuz",
        "can you read me the code",
        "pls type the code for me",
        "czy pani moze wpisac kod",
        "proszę wpisać kod za mnie",
        "kodu benim yerime girer misiniz",
        "rakamları okur musunuz",
    ],
)
def test_the_boundary_rules_speak_the_newcomers_languages(catalogue: Catalogue, text: str) -> None:
    match = override(scrub(text).text, catalogue.task_rules)
    assert match is not None, text
    assert match.task is Task.INLOGGEN_VOOR_MIJ


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password",
        "how do I log in",
        "can you show me how to log in myself",
        "where do I find my activation code",
        "zapomniałem hasła do digid",
        "moje hasło jest zablokowane",
        "córka chce się za mnie zalogować, czy może",
        "şifremi unuttum",
        "şifrem şu an çalışmıyor",
        "kızım benim yerime giriş yapabilir mi",
        "نسيت كلمة السر",
        "ممكن بنتي تدخل عني",
        "ابني يعمل تسجيل الدخول بدالي، هل هذا مسموح؟",
        "ممكن ابني يعمل تسجيل الدخول بدالي",
        "من فضلك، تسجيل الدخول صعب علي، ابني يعمله بدالي",
        "كيف اعمل تسجيل الدخول بالديجي دي؟",
        "هذه كلمة السر لا تعمل",
        "я забув пароль",
        "донька хоче увійти за мене, чи можна",
        "мій код не приходить",
        "how can you enter the code",
        "where do I type the code",
        "can you tell me where to enter the code",
        "can you type the wifi code",
        "jak mogę wpisać kod?",
        "gdzie może pan wpisać kod",
        "kodu nereye yazmam gerekiyor?",
        "kodu nasıl girerim",
        "can you read the code on the locker for me",
        "can you type the code for the library computer",
        "czy może pani wpisać kod do drukarki",
        "czy moze pan przeczytac kod do wifi",
        "wifi için şifreyi yazar mısınız",
        "kodu benim için girer misiniz diye sordum ama hayır dediler",
    ],
)
def test_questions_about_logging_in_are_left_to_the_model_in_every_language(
    catalogue: Catalogue, text: str
) -> None:
    assert override(scrub(text).text, catalogue.task_rules) is None, text


@pytest.mark.parametrize(
    "text", ["Kom ik in aanmerking voor zorgtoeslag?", "heb ik recht op huurtoeslag"]
)
def test_an_eligibility_question_is_information(catalogue: Catalogue, text: str) -> None:
    match = override(text, catalogue.task_rules)
    assert match is not None
    assert match.task is Task.INFORMATIE


@pytest.mark.parametrize(
    ("text", "information"),
    [
        ("kan ik toch zien hoeveel zorgtoeslag ik krijg? proefberekening of zo", True),
        ("kunt u een proef berekening maken voor de huurtoeslag", True),
        # One already made, or an act beside it: the rule stays out of it.
        ("ik heb een proefberekening gemaakt, hoe vraag ik het nu aan", False),
        ("kunt u met mijn digid een proefberekening doen", False),
        ("na de proefberekening wil ik het doorgeven", False),
        ("kan ik ergens proefberekenen voor huurtoeslag", True),
        # A reviewer's: a calculation already made, then an act or an objection.
        ("de proefberekening zegt 120 euro, hoe vraag ik het nu aan", False),
        ("de proefberekening klopt niet met mijn beschikking, ik wil bezwaar maken", False),
        ("na de proefberekening vraag ik het aan", False),
        ("proefberekening gedaan, nu wil ik mijn inkomen wijzigen", False),
        # Logging in or applying said not to be wanted (development set 9): still one.
        ("kan dat proefberekenen ook zonder in te loggen? ik wil nog niks aanvragen", True),
        ("een proefberekening zonder digid, gaat dat?", True),
        ("kan ik een proefberekening doen, ik wil het niet aanvragen", True),
        ("ik wil niet inloggen, alleen een proefberekening", True),
        ("kunt u voor mij een proefberekening maken", True),
        # A reviewer's: not managing to log in is no wish not to, and acting stays out.
        ("lukt niet inloggen. kan jij proefberekening in mijn account doen", False),
        ("proefberekening ging niet inloggen lukt niet wilt u het voor mij regelen", False),
        ("ik heb niks aangevraagd, maar kunt u de proefberekening in mijn account zetten", False),
        ("kunt u een proefberekening doen en daarna inloggen", False),
        ("zonder proefberekening wil ik het aanvragen", False),
    ],
)
def test_a_trial_calculation_is_information(
    catalogue: Catalogue, text: str, information: bool
) -> None:
    match = override(normalize(text), catalogue.task_rules)
    assert (match is not None and match.task is Task.INFORMATIE) is information, text


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        (
            # (Was "... kunt u het dan meteen voor mij invullen", which a rule now settles.)
            "heb ik recht op huurtoeslag? zo ja, dan mag u het meteen voor mij regelen",
            ranked((Task.INLOGGEN_VOOR_MIJ, 0.5), (Task.INFORMATIE, 0.4)),
        ),
        (
            "ik wil bijstand aanvragen, ik heb nooit met computers gewerkt, doet u het?",
            ranked((Task.INLOGGEN_VOOR_MIJ, 0.45), (Task.AANVRAGEN, 0.4)),
        ),
    ],
)
def test_a_likely_boundary_beats_a_rule_for_another_task(
    catalogue: Catalogue, text: str, ranking: list[TaskScore]
) -> None:
    # The words do match an information or a stated-task rule.
    match = override(normalize(text), catalogue.task_rules)
    assert match is not None
    assert match.task is not Task.INLOGGEN_VOOR_MIJ
    decision = decide_task(text, catalogue.task_rules, ranking, needs_login=HUURTOESLAG_LOGIN)
    assert decision.task is Task.INLOGGEN_VOOR_MIJ


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("kan ik een betalingsregeling krijgen", "betalingsregeling"),
        ("kan dat ook in delen? ik heb het nu niet", "in delen"),
        ("mag ik het in 6 termijnen betalen", "in 6 termijnen"),
        ("kan ik het gespreid terugbetalen", "gespreid terugbetalen"),
    ],
)
def test_a_payment_plan_counts_as_applying(catalogue: Catalogue, text: str, cue: str) -> None:
    match = override(normalize(text), catalogue.task_rules)
    assert match is not None
    assert match.task is Task.AANVRAGEN
    assert match.cue == cue


# The visitor says what they want to do, or asks how to look in their own account.
STATED_TASKS = [
    ("ik wil huurtoeslag aanvragen, waar moet ik zijn", Task.AANVRAGEN),
    ("ze is 82 en wil huurtoeslag aanvragen maar ze snapt niks van computers", Task.AANVRAGEN),
    ("we willen samen kinderopvangtoeslag aanvragen", Task.AANVRAGEN),
    ("my mother wants to apply for rent benefit", Task.AANVRAGEN),
    ("ik wil mijn rekeningnummer veranderen bij de svb", Task.WIJZIGEN),
    ("hij wil zijn zorgtoeslag stopzetten", Task.WIJZIGEN),
    ("he wants to change his bank account for the AOW", Task.WIJZIGEN),
    ("en als ik eenmaal digid heb, hoe kijk ik dan in mijn berichtenbox", Task.INZIEN),
    ("hoe kan ik mijn studieschuld zien", Task.INZIEN),
    ("hoe zie ik wat er op mijn rekening is gestort", Task.INZIEN),
    # How to report a change is the change (the training data labels it so).
    ("mijn zoon komt bij mij wonen, moet ik dat doorgeven? hoe doe ik dat", Task.WIJZIGEN),
    ("ok dan moet ik dat melden denk ik, hoe doe ik dat", Task.WIJZIGEN),
    ("hoe geef ik mijn nieuwe adres door", Task.WIJZIGEN),
    # Filing the tax return is applying; asking to stop is wanting to (development sets).
    ("ik wil de aangifte over 2025 nu doen", Task.AANVRAGEN),
    ("we willen onze aangifte invullen", Task.AANVRAGEN),
    ("ik wil mijn belastingaangifte over vorig jaar doen", Task.AANVRAGEN),
    ("kan ik dat ook stopzetten? dan ben ik er van af", Task.WIJZIGEN),
    ("mag ik mijn zorgtoeslag opzeggen", Task.WIJZIGEN),
]
# Close to those lines, but information (or nothing a rule should settle).
NOT_STATED_TASKS = [
    "ik wil aangifte doen van de geboorte van mijn dochter",
    "ik wil aangifte doen van diefstal van mijn fiets",
    "ik wil geboorteaangifte doen",
    "ik wil aangifte doen van oplichting",
    "ik wil aangifte doen bij de politie",
    "ik wil weten of ik aangifte moet doen",
    "ik wil geen aangifte doen",
    "wie kan dat stopzetten",
    "ik wil weten of ik het kan stopzetten",
    "ik wil weten of ik huurtoeslag kan aanvragen",
    "ik wil het leren aanvragen",
    "kan ik huurtoeslag aanvragen als ik bij mijn ouders woon",
    "moet ik dat doorgeven aan de svb?",
    "hoe zie ik of ik recht heb op zorgtoeslag",
    "I want to know if I can apply",
    # Saying no, or only wanting to know (a reviewer's sentences).
    "ik wil het niet aanvragen, ik wil alleen weten hoeveel ik krijg",
    "ik wil geen huurtoeslag aanvragen",
    "mijn moeder wil geen bijstand aanvragen, ze wil alleen weten of het kan",
    "ik wil het aanvragen maar eerst weten of het kan",
    "ik wil mijn uitkering niet stopzetten",
    "ik wil niks wijzigen, maar moet ik iets doorgeven?",
    "we want to apply later, we just want to know the rules",
    # Public information, not one's own account.
    "hoe zie ik wanneer ik aow krijg",
    "hoe kan ik zien welke toeslagen er zijn",
    # Whether to report, who reports, signing up, or a mandate.
    "wie moet haar nieuwe adres doorgeven, zij zelf of het zorgcentrum? hoe werkt dat",
    "hoe meld ik me aan voor de digisterker cursus",
    "hoe geef ik iemand een machtiging via digid",
    # A reviewer's: signing up, objecting, a complaint, access, whether or who reports.
    "hoe meld ik me werkloos bij het uwv",
    "hoe meld ik mijn zoon aan voor de kinderopvang",
    "hoe geef ik aan dat ik het niet eens ben met de beslissing",
    "hoe meld ik een klacht",
    "hoe geef ik mijn zoon toegang tot mijn digid",
    "wie moet het doorgeven, hoe regel ik dat",
    "moet ik dat melden? hoe moet ik dat weten",
    # A second reviewer's: objecting or a complaint, however it is put.
    "ik ben het er niet mee eens en wil dat melden, hoe doe ik dat",
    "hoe meld ik dat bij de ombudsman",
]


@pytest.mark.parametrize(("text", "task"), STATED_TASKS)
def test_a_stated_wish_or_a_look_in_the_account_settles_the_task(
    catalogue: Catalogue, text: str, task: Task
) -> None:
    match = override(normalize(text), catalogue.task_rules)
    assert match is not None, text
    assert match.task is task


@pytest.mark.parametrize("text", NOT_STATED_TASKS)
def test_wanting_to_know_is_not_a_stated_task(catalogue: Catalogue, text: str) -> None:
    match = override(normalize(text), catalogue.task_rules)
    assert match is None or match.task is Task.INFORMATIE, text


def test_paying_at_once_is_not_a_payment_plan(catalogue: Catalogue) -> None:
    assert override(normalize("ik wil het in een keer betalen"), catalogue.task_rules) is None


def test_override_beats_a_confident_model(catalogue: Catalogue) -> None:
    decision = decide_task(
        "hier is mijn sms code [code weggehaald], doet u het maar",
        catalogue.task_rules,
        ranked((Task.INFORMATIE, 0.95)),
        needs_login=HUURTOESLAG_LOGIN,
    )
    assert decision.task is Task.INLOGGEN_VOOR_MIJ
    assert decision.confidence == 1.0
    assert decision.reason is not None
    assert not decision.uncertain


def test_a_confident_model_decides(catalogue: Catalogue) -> None:
    decision = decide_task(
        "kan dat aangepast worden",
        catalogue.task_rules,
        ranked((Task.WIJZIGEN, 0.8), (Task.INFORMATIE, 0.15)),
        needs_login=HUURTOESLAG_LOGIN,
    )
    assert (decision.task, decision.uncertain) == (Task.WIJZIGEN, False)
    assert decision.confidence == pytest.approx(0.8)
    assert decision.reason is not None
    assert "80%" in decision.reason


def test_weak_information_with_a_plausible_act_is_doubt(catalogue: Catalogue) -> None:
    decision = decide_task(
        "huurtoeslag regelen",
        catalogue.task_rules,
        ranked((Task.INFORMATIE, 0.45), (Task.AANVRAGEN, 0.4), (Task.BETALEN, 0.1)),
        needs_login=HUURTOESLAG_LOGIN,
    )
    assert decision.task is Task.INFORMATIE
    assert decision.doubt == (Task.AANVRAGEN,)
    assert decision.uncertain


def test_weak_but_same_digid_verdict_is_no_doubt(catalogue: Catalogue) -> None:
    # Aanvragen or wijzigen: either way DigiD is needed, so there is nothing to ask.
    decision = decide_task(
        "huurtoeslag regelen",
        catalogue.task_rules,
        ranked((Task.AANVRAGEN, 0.5), (Task.WIJZIGEN, 0.45)),
        needs_login=HUURTOESLAG_LOGIN,
    )
    assert decision.task is Task.AANVRAGEN
    assert not decision.uncertain


def test_no_model_output_means_information_with_no_confidence(catalogue: Catalogue) -> None:
    decision = decide_task("huurtoeslag", catalogue.task_rules, [], needs_login=HUURTOESLAG_LOGIN)
    assert (decision.task, decision.confidence, decision.reason) == (Task.INFORMATIE, 0.0, None)


def test_task_ranking_from_parse_sorts_and_skips_unknown_names() -> None:
    parse = {
        "task": {
            "name": "aanvragen",
            "confidence": 0.7,
            "ranking": [
                {"name": "informatie", "confidence": 0.2},
                {"name": "aanvragen", "confidence": 0.7},
                {"name": "dansen", "confidence": 0.1},
                "rommel",
            ],
        }
    }
    assert task_ranking_from_parse(parse) == ranked((Task.AANVRAGEN, 0.7), (Task.INFORMATIE, 0.2))
    assert task_ranking_from_parse({}) == []
    assert task_ranking_from_parse({"task": "aanvragen"}) == []


def test_the_rules_read_sentences_apart() -> None:
    assert rule_text("Ik heb geen idee hoe. Kan iemand hier?\nDank u!") == (
        "ik heb geen idee hoe  kan iemand hier  dank u"
    )
    # A full stop inside a number ends no sentence.
    assert rule_text("Het is 3.5 euro, graag") == "het is 3 5 euro graag"


def test_normalize() -> None:
    assert normalize("  Crèche-kosten, ÉÉN vraag?! ") == "creche kosten een vraag"


@pytest.mark.parametrize(
    "text",
    [
        "ik wil huurtoeslag aanvragen, mijn sms code is 483 920",
        "ik wil mijn rekening wijzigen, hier is mijn pincode is 1234",
        "hoe kijk ik in mijn toeslagen, mijn wachtwoord is Geheim!23",
    ],
)
def test_an_offered_secret_beats_a_stated_task(catalogue: Catalogue, text: str) -> None:
    """The boundary rules come first in tasks.yml; the PII guard runs before any rule."""
    scrubbed = scrub(text).text
    assert "weggehaald" in scrubbed
    match = override(scrubbed, catalogue.task_rules)
    assert match is not None
    assert match.task is Task.INLOGGEN_VOOR_MIJ
