"""The one triage function behind both the conversation and POST /api/triage.

Input is what the NLU engine said (an intent ranking) plus the visitor's words;
output is the topic (or none), the task, whether DigiD is needed, and what to
show. Because the chat and the staff API call the same function with the same
ranking, they cannot disagree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from wegwijzer.answers import (
    ResolvedLink,
    ResolvedQuestion,
    compose_answer,
    resolve_branch,
)
from wegwijzer.catalogue.models import Catalogue, Family, Task, Topic
from wegwijzer.digid import digid_by_task, digid_for_the_words, digid_required
from wegwijzer.guide import LETTER_INTENT
from wegwijzer.tasks import (
    BOUNDARY_FIRST,
    CONFIDENT,
    TaskDecision,
    TaskMatch,
    TaskScore,
    contradicts_the_boundary,
    decide,
    override,
)
from wegwijzer.text import normalize

OUT_OF_SCOPE_INTENT = "out_of_scope"
FALLBACK_INTENT = "nlu_fallback"
# Requests that staff act inside the visitor's account, without a topic.
BOUNDARY_INTENT = "ask_login_for_me"
BOUNDARY_REASON = "De bezoeker vraagt iemand anders iets in zijn eigen account te doen."
# "En hoe vraag ik het aan?": a task without a topic, about the topic just discussed.
FOLLOW_UP_INTENT = "follow_up"
LIFE_EVENT_PREFIX = "life_"
# Conversation messages that get a reply of their own (catalogue texts `reply_<intent>`).
SMALL_TALK_INTENTS = frozenset(
    {"greet", "goodbye", "thanks", "affirm", "ask_human", "bot_challenge"}
)
# Closing words that the model may also hear in a question: "wat moet ik doen?"
# is not a goodbye.
_CLOSING_INTENTS = frozenset({"goodbye", "thanks"})
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"
_MAY_FOLLOW_UP = _CLOSING_INTENTS | {AFFIRM_INTENT, DENY_INTENT}
# "Nee, ik heb geen werk en geen spaargeld" answers the conversation; "nee" or
# "nee, dat bedoel ik niet" turns the assistant down. A no with this many words or
# more, that does not correct the assistant, goes on with the topic.
DENY_FOLLOW_UP_WORDS = 6
# Small talk with another topic this likely ("ja, en ook een paspoort") names it.
OWN_TOPIC = 0.2
_CORRECTS_THE_ASSISTANT = re.compile(
    r"\b(bedoel\w*|iets anders|ander\w* onderwerp|verkeerd\w*|niet wat ik|niet mijn vraag"
    r"|klopt (\w+ )?niet|fout)\b"
)
# A no that closes the conversation: "nee, ik heb geen vragen meer", "nee dank u".
_CLOSES = re.compile(r"\b(geen (\w+ )*vragen|geholpen|dank\w*|bedankt|tot ziens|doei)\b")
# A yes that says the visitor wants to act: "ja dat wil ik dan nu meteen doen".
# The verbs of acting on a scheme, shared by the patterns below.
_ACT_VERBS = r"regelen|aanvragen|invullen|doorgeven|stopzetten|opzeggen|wijzigen|aanpassen"
_WANTS_TO_ACT = re.compile(
    r"\b((ik|we|wij)\s+(wil|willen|wou)|(wil|willen|wou)\s+(ik|we|wij))\s+"
    r"((?!(niet|geen|niks|niets|nooit|weten|eerst)\b)\w+\s+){0,4}"
    rf"(doen|{_ACT_VERBS})\b"
)
# Asking for legal advice is Het Juridisch Loket, even about the decision at hand:
# "waar kan ik gratis iemand spreken, een advocaat of zo".
_SEEKS_ADVICE = re.compile(
    r"^(?=.*\b(waar|zoek\w*|nodig|gratis|spreken|iemand|kan ik|hulp|helpen|wil|krijg|naar)\b)"
    r".*\b(advocaat|advocaten|jurist|juridisch\w*|rechtshulp|rechtsbijstand)\b"
    r"|\bwaar\s+(\w+\s+){0,3}advies\b|\badvies\s+(krijgen|vragen|nodig|inwinnen)\b"
)
# A yes with a reservation that asks something: "ja dat snap ik, maar waar doe ik dat?".
_BUT_ASKS = re.compile(r"\bmaar\b(?P<rest>.*)")
# Thanks before a question, and an exclamation that starts like one ("wat fijn!").
_THANKS_FIRST = re.compile(
    r"^((dank (u|je) wel|dank (u|je)|dankjewel|dankuwel|bedankt|thanks|thx|top|fijn|ok|oke)\s*)+"
)
_EXCLAIMS = re.compile(
    r"^(wat|hoe)\s+(\w+\s+)?(fijn|lief|aardig|mooi|goed|leuk|top|jammer|handig|knap|snel"
    r"|vervelend|heerlijk|super|geweldig|prima|vriendelijk|duidelijk)\b"
)
# DigiD named as the means to the task at hand, and DigiD as the visitor's problem.
_DIGID_PROBLEM = r"(?!.*\b(maar|niet|geen|app|code|brief|gebruikersnaam|wachtwoord|sms)\b)"
_DIGID_MEANS = re.compile(
    r"\b(met|via|zonder|eigen) (de |mijn |uw |je |m n )?digid\b|\bdigid (voor )?(nodig|gebruiken)\b"
    # "Ik heb zelf DigiD hoor", "ja ik heb digid gekregen": the visitor has the means,
    # when none of these problem words follows ("maar de app doet het niet").
    rf"|\b(heb|hebben)( (al|zelf|wel|nu|ook|een|mijn|mn|m n|onze))* digid\b{_DIGID_PROBLEM}"
    rf"|\bheeft( (al|zelf|wel|nu|ook|een))* digid\b{_DIGID_PROBLEM}"
    # At hand: "ik heb mn digid app bij me", "de DigiD heb ik hier in de jas zitten"
    # (development set 13: both got the page about applying for a DigiD).
    rf"|\b(heb|hebben)( (al|zelf|wel|nu|ook|mijn|mn|m n|me|onze|de|het))* digid( ?app)?"
    rf" (bij (me|mij|ons)|hier|op (mijn|mn|m n|me|de) (telefoon|mobiel|gsm))\b{_DIGID_PROBLEM}"
    r"|(?<!zijn )(?<!haar )(?<!hun )\b((de|mijn|mn|m n|onze) )?digid( ?app)?"
    rf" (heb|hebben) (ik|we|wij)\b{_DIGID_PROBLEM}"
    rf"|\b(ik|we|wij) digid( ?app)? (heb|hebben)\b{_DIGID_PROBLEM}"
)
# "Ze heeft haar eigen digid", "ik heb mijn eigen digid": the one who acts has a DigiD
# of their own; subject and owner agree ("hij heeft mijn digid" is someone else's).
_HAS_OWN_DIGID = re.compile(
    r"\b(ik heb|heb ik|(we|wij) hebben|hebben we|(ze|zij|hij|en) heeft|heeft (ze|zij|hij))"
    r"( (al|zelf|wel|nu|ook))* ((mijn|m n|onze|haar|zijn) )?eigen digid\b"
    rf"{_DIGID_PROBLEM}"
)
# A DigiD of someone else's: "de digid van mijn moeder", "met haar digid".
_WHOSE = r"(haar|zijn|hun|moeders|vaders|mams|paps|omas|opas|mans|vrouws|zoons|dochters|broers)"
_SOMEONE_ELSES_DIGID = re.compile(
    rf"\bdigid van\b|\b{_WHOSE} digid\b|\b(hij|zij|ze) heeft (mijn|m n) digid\b"
)
# DigiD as the visitor's trouble, beyond _DIGID_ITSELF: "inloggen met digid lukt niet".
_DIGID_TROUBLE = re.compile(
    r"\b(lukt|werkt|gaat|doet)( het)? niet\b|\bniet (lukken|werken)\b|\bfout\w*"
    r"|\b(sms|code)\s+(\w+\s+)?(komt|kwam|krijg)\w*\s+(\w+\s+)?niet\b"
)
_DIGID_ITSELF = re.compile(
    r"\b(geen|nog geen) digid\b"
    r"|(?<!met )(?<!via )(?<!met de )(?<!via de )(?<!met mijn )(?<!via mijn )"
    r"\bdigid (aanvragen|aan vragen|kwijt|code|app(?! (heb|hebben|bij|hier|op)\b))\b"
    r"|\bhoe werkt (het )?(inloggen met )?(de |die )?digid\b"
    r"|vergeten|kwijt|geblokkeerd|activ|wachtwoord|brief met de code|machtig"
    r"|(?<!met )(?<!mijn )(?<!m n )\bdigid (\w+ ){0,3}aangevraagd"
)
# A statement that brings up a new matter: "ik heb ook nog een boete", "iets anders",
# "ik heb een vraag over ...", a letter, a fine, or something lost or expired.
_NEW_MATTER = re.compile(
    r"\b(ook|anders|vraag\w*|brief|brieven|boete\w*|bon|bekeuring|aanmaning\w*"
    r"|verlopen|gestolen|kwijt|vergeten|geblokkeerd)\b"
)
# Background has a person in it: "ik heb alleen AOW", "ze heeft een klein pensioen".
_PERSON = re.compile(r"\b(ik|we|wij|ze|zij|hij|mijn|m n|mn|ons|onze|haar|zijn)\b")
# Background is what the visitor has, gets, earns or lives on ("ik heb alleen AOW",
# "we krijgen kinderbijslag", "ik verdien maar 1400"); something that happened
# ("gekregen", "gehad", "geflitst", "aangevraagd", "ontslagen") is a new matter.
_HAVING = re.compile(
    r"\b(heb|hebben|heeft|krijg|krijgen|krijgt|ontvang|ontvangen|ontvangt|verdien|verdient"
    r"|verdienen|woon|woont|wonen|leef|leeft|leven)\b"
)
# Participles that say how things are, not what happened: "ik ben gescheiden".
_STATES = re.compile(r"\b(gescheiden|gepensioneerd|getrouwd|gehuwd|gehandicapt|gedetineerd)\b")
_HAPPENED = re.compile(r"\b\w*ge\w{2,}(d|t|en)\b|\bont(?!vang)\w+(d|t|en)\b")
BACKGROUND_WORDS = 4
# "Andere vraag", "nog iets heel anders", "trouwens": the visitor says a new matter
# follows, so the model's reading of it stands even when no topic is named.
_TURNS_TO_ANOTHER = re.compile(
    r"\b(trouwens|ook nog|daarnaast|iets (heel )?anders|ander\w* (vraag|vraagje|onderwerp|ding"
    r"|probleem|zaak)|nog (een|iets|wat)|nog iets)\b"
)
# A question that goes on from the last answer: "dus ik krijg minder?", "en als ik
# thuis blijf wonen, ...?", "klopt het dat ...?".
_ASKS_ON = re.compile(r"^(?:(?:en|maar|ok|oke)\s+)*(dus|als|stel|klopt)\b")
# A step of a government scheme, named in a question that points back to it.
_A_STEP_OF_THE_SCHEME = re.compile(
    rf"\b({_ACT_VERBS}|aanvraag|aanvragen|site|website|webpagina|formulier|inloggen|digid)\b"
)
# The library's own things: printing, scanning, the wifi, books, the building.
_LIBRARY_MATTERS = re.compile(
    r"\b(\w*print\w*|\w*afdruk\w*|kopie\w*|kopieer\w*|scan\w*|wifi|wi fi|boek\w*|lenen|koffie"
    r"|toilet|wc|bibliotheekpas|pasje|bieb|bibliotheek|open\w*|dicht|sluit\w*|hoe laat|hond\w*)\b"
)
# Dutch words that point back to what was said: "hoe vraag ik het aan", "daar".
_REFERS_BACK = re.compile(
    r"\b(het|dat|die|deze|dit|hem|zoiets|dan|dus|daar\w*|er(voor|van|mee|over|aan|op|in|bij|uit))\b"
)
# An act on "it", the scheme just discussed: "ik wil het opzeggen", "dat zet ik stop".
_ACTS_ON_IT = re.compile(
    r"\b(het|dat|die|dit|deze|hem)\s+((ik|we|wij|wil|wou|moet|kan|mag|graag|nu|even|toch|dan|gewoon|meteen|zet|zetten)\s+){0,3}"
    rf"({_ACT_VERBS}|stoppen|stop|beeindigen|veranderen|aanmelden|afmelden)\b"
)
# The DigiD app with trouble after it: "de digid app doet het niet op mijn nieuwe telefoon".
# Looked for after the first "digid app" only, so a long message is read once.
_DIGID_APP = re.compile(r"\bdigid ?app\b")
_APP_TROUBLE = re.compile(
    r"\b(lukt|werkt|doet|gaat)( \w+){0,2} niet\b|\bfout\w*|\bnieuwe telefoon\b|\bhoe werkt\b"
    r"|\bkoppel\w*|\binstall\w*|\b(pin)?code\b"
)
# "Een andere toeslag", "ook een uitkering": one more of the family, not the one at hand.
# Only right before the family's word: "kan ik de uitkering ook op een andere rekening
# krijgen" asks about the scheme at hand.
_ANOTHER_ONE = (
    r"\b(ander\w*|ook|nog een|tweede|extra)\s+((een|nog|ook|soort|vorm van|type)\s+){0,3}"
)
_MORE_AFTER = r"(\s+\w+){0,4}?\s+(nog meer|verder nog)\b"
# The visitor will do the step now, themselves: "dobra, dan ik doe het nu", "dat regel
# ik meteen", "dan vraag ik het nu meteen aan". Not later, at home, by phone or post,
# as a question ("doe ik het nu goed?"), as a habit ("ik doe het nu al jaren zelf"),
# with someone else's DigiD, or on a condition ("als mijn zoon er is").
_FILL = r"((zelf|maar|wel|gewoon|dan|nou|maor|even|ff|hier)\s+)*"
_NOW = r"(nu|meteen|gelijk|direct|vandaag)(\s+(meteen|gelijk|direct|nog))?\b"
_NOT_AFTER_NOW = (
    r"(?!\s+(\w+\s+){0,2}?(niet|nooit|al|goed|fout|verkeerd|altijd|eenmaal|sinds|elke|vaak"
    r"|meestal)\b)"
)
_PARTICLE = r"(aan|door|in|af|stop|aanvragen|doorgeven|invullen|stopzetten|opzeggen|doen|regelen)"
_DOES_IT_NOW = re.compile(
    r"^(?!.*\b(thuis|later|morgen|volgende|straks|liever|weten|zodra|of|telefonisch|bellen"
    r"|bel|post|papier|balie|loket|kenmerk|betalingskenmerk|overmaken"
    r"|raadslieden|raadsman|formulierenhulp|humanitas"
    r"|schuldhulp\w*|wijkteam|vrijwilliger\w*)\b)"
    r"(?!.*\bpas\s+(morgen|later|na|als|volgende)\b)"
    r"(?!.*\bnee\b(?!\s+(hoor|joh)\b))"
    r"(?!.*\b(als|wanneer)\s+(ik|mijn|m n|mn|de|het|hij|zij|ze|we|wij)\b)"
    r"(?!.*\bna\s+(de|het|mijn|m n|afloop)\b)"
    r"(?!(doe|regel|ga)\s+ik\b)"
    r"(?!.*\b(hoe|wat|waarom|wanneer|waar)\s+(doe|regel|ga)\s+ik\b)"
    r"(?!.*\b(niet|geen)\s+(\w+\s+){0,2}(doe|regel|ga)\s+ik\b)"
    r".*\b("
    rf"((doe|regel)\s+ik|ik\s+(doe|regel))\s+(het|dat|dit|t)\s+{_FILL}{_NOW}{_NOT_AFTER_NOW}"
    rf"|(dat|dit)\s+(doe|regel)\s+ik\s+{_FILL}{_NOW}{_NOT_AFTER_NOW}"
    rf"|((ik\s+)?(ga|vraag|geef|vul|meld|zet)\s+ik|ik\s+(ga|vraag|geef|vul|meld|zet))"
    rf"\s+(het|dat|dit|t)\s+{_FILL}{_NOW}\s+{_FILL}{_PARTICLE}\b"
    rf"|(dat|dit)\s+(vraag|geef|vul|meld|zet)\s+ik\s+{_FILL}{_NOW}\s+{_FILL}{_PARTICLE}\b"
    rf"|(maak|teken|doe)\s+ik\s+{_FILL}{_NOW}\s+{_FILL}bezwaar\b"
    rf"|(ik\s+(doe|regel)|(doe|regel)\s+ik)\s+{_NOW}\s*$"
    r")"
)
# Words that make acting now a change, an objection or a payment rather than applying.
_A_CHANGE = re.compile(
    r"\b(doorgeven|doorgegeven|door te geven|geef\s+(\w+\s+){1,4}door|melden|meld|wijzigen"
    r"|wijziging|veranderen|veranderd|gewijzigd|aanpassen|aangepast|stopzetten|stop\s+zetten"
    r"|zet\s+(\w+\s+){1,4}stop|opzeggen|afmelden|verhuisd|nieuwe\s+(baan|adres|rekening\w*)"
    r"|stop\w*\s+met\s+(mijn\s+|de\s+)?(studie|opleiding|school))\b"
)
# Registering as a job seeker or stopping work is applying (for WW, for AOW), not a change.
_NO_CHANGE = re.compile(r"\bwerkzoekend\w*\b|\bstop\w*\s+met\s+(werken|werk|mijn\s+baan)\b")
_AN_OBJECTION = re.compile(
    r"(?<!geen )\b(bezwaar\w*|beroep)\b(?!\s+(\w+\s+){0,3}?(geen zin|niet|heeft geen)\b)"
)
# The repayment's own terms: changing them is about repaying, not the allowance.
_THE_REPAYMENT_PLAN = re.compile(
    r"\b(\w*regeling\w*|afbetal\w*|aflos\w*|termijn\w*|per maand|bedrag\w*|rekeningnummer\w*"
    r"|iban|rente)\b"
)
_A_PAYMENT = re.compile(r"\b(betaal\w*|ideal|overmak\w*|in (een|1) keer)\b")
# A letter that has just come: "ik heb een brief gekregen", "er lag een brief op de mat".
_A_LETTER_CAME = re.compile(
    r"\b(gekregen|ontvangen|kreeg|krijg|kregen|gehad|binnen\w*|bus|mat|gestuurd|stuurde)\b"
    r"|\b(heb|hier|deze)\s+(\w+\s+){0,2}brief\b"
)
# The words a Dutch question opens with (see _QUESTION_WORDS and _ASKS_ANYWHERE).
_QUESTION_WORD = r"(hoe|wat|wanneer|waar|waarom|wie|welke|hoeveel|hoelang)"
# A question anywhere in the words, not only at the start: "dan moet ik dat melden,
# hoe doe ik dat" asks something.
_ASKS_ANYWHERE = re.compile(
    rf"\b{_QUESTION_WORD}\b|\b(kan|kun|kunt|mag|moet|krijg)\s+(ik|je|jij|u|we|wij)\b"
)
# In a conversation about a topic, another topic must be this sure to take over;
# a weaker guess that still ranks the current topic in its top three keeps it.
SWITCH_CONFIDENCE = 0.7
# Topics about DigiD itself. "Druk jij op goedkeuren in mijn DigiD app" names DigiD,
# but in a conversation about a scheme the visitor wants that scheme's account opened.
DIGID_TOPIC = "digid_aanvragen"
DIGID_MANDATE_TOPIC = "digid_machtigen"
LOGIN_TOPICS = frozenset({DIGID_TOPIC, DIGID_MANDATE_TOPIC})
# Objecting in general (Het Juridisch Loket, the ombudsman): in a conversation about
# a fine or a benefit, "ik wil bezwaar maken" means objecting to that decision.
GENERAL_OBJECTION_TOPIC = "bezwaar_algemeen"
# Words that open a question: a letter mentioned in a question about the current
# topic ("krijg ik dan geen brieven meer?") continues it.
_QUESTION_WORDS = re.compile(
    # "En tot welke leeftijd?", "ok maar hoe dan": a question may open with a link
    # word, and a question word may follow a preposition.
    r"^(?:(?:en|maar|ok|oke|okay|dus|ja|nee)\s+)*"
    r"(?:(?:(?:tot|vanaf|voor|met|bij|in|op|over|aan|naar|van)\s+)?"
    rf"{_QUESTION_WORD}\b"
    # A verb first is a question only with its subject after it: "heb ik ...?", while
    # "heb nog een brief gekregen" (the subject left out, as in chat) is a statement.
    r"|(kan|kun|kunt|mag|moet|krijg|heb|is|zijn|wordt|geldt)\s+(ik|je|jij|u|we|wij|dat|het|dit|die|er)\b)"
)


def is_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_WORDS.match(normalize(text)))


class Verdict(StrEnum):
    """Why the triage did or did not settle on a topic."""

    TOPIC = "topic"
    UNCLEAR = "unclear"
    OUT_OF_SCOPE = "out_of_scope"
    CONVERSATION = "conversation"
    # A life event ("we krijgen een baby"): the schemes that may apply are offered.
    LIFE_EVENT = "life_event"


@dataclass(frozen=True)
class Score:
    name: str
    confidence: float


@dataclass(frozen=True)
class Provider:
    name: str
    url: str


@dataclass(frozen=True)
class TriageResult:
    verdict: Verdict
    topic: str | None
    confidence: float
    task: Task
    digid_required: bool
    provider: Provider | None
    links: tuple[ResolvedLink, ...]
    # The next-best topics after the top one (at most two).
    alternatives: tuple[Score, ...]
    # Topics worth offering as "Bedoelt u ...?" when the verdict is UNCLEAR.
    candidates: tuple[Score, ...]
    # The guidance text for this topic and task (empty without a topic).
    answer: str
    explanation: str
    task_reason: str | None
    # How sure the task is, and the other tasks the words may mean when unsure:
    # then `digid_required` is true if any of them needs DigiD.
    task_confidence: float = 1.0
    task_doubt: tuple[Task, ...] = ()
    # Asked before the answer when the route depends on the visitor's letter.
    question: ResolvedQuestion | None = None
    # The three most likely topics, whatever the verdict.
    top_topics: tuple[Score, ...] = ()
    # The life event the words name (Verdict.LIFE_EVENT), a key of catalogue.life_events.
    life_event: str | None = None
    # The visitor arranges this for someone else ("voor mijn moeder").
    for_someone_else: bool = False
    # The topic came from the conversation, not from these words.
    from_context: bool = False
    # The candidates are the topics the assistant had just offered, asked again.
    offered_again: bool = False
    # The conversation message to reply to (Verdict.CONVERSATION): greet, thanks, ...
    small_talk: str | None = None

    @property
    def task_uncertain(self) -> bool:
        return bool(self.task_doubt)

    @property
    def at_the_boundary(self) -> bool:
        """Library staff stop here and offer a warm referral.

        Every step that needs the visitor's DigiD, except arranging DigiD Machtigen:
        that is the legal way for someone the visitor trusts to help with their own
        DigiD, and the spec lists it as "not the boundary". `digid_required` stays
        true (the visitor logs in to machtigen.digid.nl). The outside writers of the
        development conversations agree: all 27 that end on DigiD Machtigen without a
        request that staff act expect no boundary. Such a request stays the boundary.
        """
        if not self.digid_required or self.task is Task.INLOGGEN_VOOR_MIJ:
            return self.digid_required
        if self.topic is None:
            # Topics to choose from first: the boundary only if none of them is Machtigen.
            return all(c.name != DIGID_MANDATE_TOPIC for c in self.candidates)
        return self.topic != DIGID_MANDATE_TOPIC


def ranking_from_parse(parse: Mapping[str, Any]) -> list[Score]:
    """Scores from a Rasa parse result, best first, without the fallback pseudo-intent."""
    raw = parse.get("intent_ranking") or []
    if not raw and isinstance(parse.get("intent"), Mapping):
        raw = [parse["intent"]]
    scores = [
        Score(str(item["name"]), float(item.get("confidence") or 0.0))
        for item in raw
        if isinstance(item, Mapping) and item.get("name") and item["name"] != FALLBACK_INTENT
    ]
    return sorted(scores, key=lambda s: s.confidence, reverse=True)


def _percent(confidence: float) -> str:
    return f"{round(confidence * 100)}%"


def _explain(
    catalogue: Catalogue,
    *,
    verdict: Verdict,
    topic: str | None,
    confidence: float,
    task: Task,
    needs_digid: bool,
    candidates: Iterable[Score],
) -> str:
    titles = catalogue.topics
    if verdict is Verdict.TOPIC and topic is not None:
        digid = "daarvoor is DigiD nodig" if needs_digid else "daarvoor is geen DigiD nodig"
        return (
            f"Gaat over {titles[topic].title} ({_percent(confidence)} zeker); "
            f"taak: {task.value}, {digid}."
        )
    login = ""
    if needs_digid and task is Task.INLOGGEN_VOOR_MIJ:
        login = " Let op: de bezoeker vraagt om voor hem in te loggen."
    elif needs_digid:
        login = f" Taak: {task.value}; daarvoor is bij elk van deze onderwerpen DigiD nodig."
    if verdict is Verdict.UNCLEAR:
        options = " of ".join(
            f"{titles[c.name].title} ({_percent(c.confidence)})" for c in candidates
        )
        if options:
            return f"Niet zeker genoeg; misschien {options}.{login}"
        return f"Niet duidelijk over welk onderwerp dit gaat.{login}"
    if verdict is Verdict.OUT_OF_SCOPE:
        return f"Geen vraag over de overheid ({_percent(confidence)} zeker).{login}"
    if verdict is Verdict.LIFE_EVENT:
        options = ", ".join(titles[c.name].title for c in candidates)
        return f"Een gebeurtenis in het leven, geen regeling; mogelijk: {options}.{login}"
    return f"Geen vraag over een onderwerp, maar een gespreksbericht.{login}"


def family_candidates(
    catalogue: Catalogue, text: str, topic_scores: Sequence[Score]
) -> tuple[Score, ...]:
    """The topics of the most specific family the words name, most likely first.

    "Een uitkering" names a family, not a topic: the model's top three may miss
    the right one, the family's list never does. The family with the fewest
    topics wins ("uitkering van het UWV" is WW or Ziektewet, not bijstand).
    """
    words = normalize(text)
    named = [family for family in catalogue.families.values() if family.named_in(words)]
    if not named:
        return ()
    family = min(named, key=lambda f: len(f.topics))
    scores = {s.name: s.confidence for s in topic_scores}
    found = [Score(topic, scores.get(topic, 0.0)) for topic in family.topics]
    return tuple(sorted(found, key=lambda s: s.confidence, reverse=True))


def _task(
    catalogue: Catalogue,
    match: TaskMatch | None,
    *,
    topic: str | None,
    top_intent: str,
    task_ranking: Sequence[TaskScore],
    chosen: Task | None,
    chosen_doubt: Sequence[Task] = (),
) -> TaskDecision:
    needs_login = digid_by_task(catalogue.topics[topic] if topic is not None else None)
    if chosen is not None:
        # Doubt the earlier words left matters only where it differs on DigiD.
        doubt = tuple(t for t in chosen_doubt if needs_login[t] != needs_login[chosen])
        return TaskDecision(chosen, 1.0, None, doubt)
    if top_intent == BOUNDARY_INTENT and not contradicts_the_boundary(task_ranking):
        return TaskDecision(Task.INLOGGEN_VOOR_MIJ, 1.0, BOUNDARY_REASON)
    return decide(match, task_ranking, needs_login=needs_login)


def _topic_verdict(
    catalogue: Catalogue, top: Score, topic_scores: Sequence[Score]
) -> tuple[Verdict, str | None]:
    """The verdict from the intent ranking alone, with the FallbackClassifier's limits."""
    limits = catalogue.triage
    if top.name in catalogue.topics:
        second = topic_scores[1].confidence if len(topic_scores) > 1 else 0.0
        if top.confidence >= limits.threshold and top.confidence - second >= limits.ambiguity:
            return Verdict.TOPIC, top.name
        return Verdict.UNCLEAR, None
    if top.confidence >= limits.threshold and top.name != BOUNDARY_INTENT:
        if top.name == OUT_OF_SCOPE_INTENT:
            return Verdict.OUT_OF_SCOPE, None
        return Verdict.CONVERSATION, None
    return Verdict.UNCLEAR, None


def _named_at_the_boundary(
    catalogue: Catalogue, text: str, topic_scores: Sequence[Score]
) -> str | None:
    """The scheme a request that staff act is about, when words and model agree on it.

    The boundary intent says what the visitor wants done, not for which scheme, and
    it outranks every topic ("WIA aanvraag, half ingevuld ... wil jij het afronden?").
    The model's favourite topic counts only when it is a plausible candidate and the
    words name it: names alone mislead ("ik ben 67", "mijn ww" for a password, "ik
    heb klachten aan mijn ogen"). DigiD itself and acting on someone's behalf are
    named in nearly every such request, so they name no scheme here.
    """
    if not topic_scores or topic_scores[0].confidence < catalogue.triage.candidate_minimum:
        return None
    favourite = topic_scores[0].name
    if favourite in {DIGID_TOPIC, DIGID_MANDATE_TOPIC}:
        return None
    return favourite if catalogue.topics[favourite].named_in(normalize(text)) else None


# A repayment feared or avoided, not owed: "bang dat ik het terug moet betalen".
_HEDGED = re.compile(r"\b(bang|misschien|voorkom\w*|anders|straks|later|als ik)\b")
# Without the model's share, also not a what-if or money coming in: "moet ik huurtoeslag
# terugbetalen als mijn zoon bij mij komt wonen?", "ik krijg een terugbetaling".
_NOT_OWED = re.compile(
    r"\b(als|stel|zodat|geval)\b|\bgeen\s+(terugbetaling|terugvordering)\b|\b(niks|niets)\s+terug\b"
    r"|\b(hoef|hoeven)\b.*\b(niks|niets|geen)\b|^(moet|moeten|hoef|hoeven)\s+(ik|we|wij|je)\b"
    r"|\b(krijg|krijgen|ontvang\w*|kreeg|gekregen)\b.*\bterugbetaling|\bterugbetaald\s+(op|aan|naar)\b"
)


def _narrower_topic_named(
    catalogue: Catalogue, text: str, topic_scores: Sequence[Score], context_topic: str | None
) -> str | None:
    """ "Ik moet 1400 euro huurtoeslag terugbetalen": repaying, not rent benefit.

    The model's favourite is a broad topic (or two are close), and the words name a
    narrower case of it that the model has among its candidates: the narrower one is
    meant (see Topic.narrows). On development set 8 such a repayment got a question
    which scheme it was about; "ik moet zorgtoeslag terugbetalen" got the allowance.
    Named in so many words beside the favourite it narrows, the narrower topic needs
    no share of the model's confidence: "ik moet 1200 euro huurtoeslag terugbetalen,
    kan dat in delen?" gave rent benefit 0.96 and repaying 0.02.
    In a conversation about the broad topic the words are about it: "ik ben bang dat
    ik het straks terug moet betalen" still asks about the allowance (set 4).
    """
    limits = catalogue.triage
    if not topic_scores:
        return None
    favourite = topic_scores[0].name
    words = normalize(text)
    runner_up = topic_scores[1].name if len(topic_scores) > 1 else None
    for score in topic_scores[:3]:
        narrower = catalogue.topics[score.name]
        broad = favourite if score.name != favourite else runner_up
        about_the_conversation = (
            context_topic is not None
            and broad == context_topic
            and not catalogue.topics[context_topic].named_in(words)
        )
        if (
            broad in narrower.narrows
            and not about_the_conversation
            and not _HEDGED.search(words)
            and (
                score.confidence >= limits.candidate_minimum
                or (broad == favourite and not _NOT_OWED.search(words))
            )
            and narrower.named_in(words)
        ):
            return score.name
    return None


def _broader_topic_for_the_task(
    catalogue: Catalogue, text: str, topic: str | None, verdict: Verdict, task: Task
) -> str | None:
    """ "Dan wil ik dat ze de zorgtoeslag stopzetten, anders moet ik alles terugbetalen."

    The model read repaying, but the visitor asks for a task that repaying does not
    have and the allowance named in the words does (stopping it): the allowance is
    meant (development set 13). The reverse of _narrower_topic_named.
    """
    if topic is None or verdict is not Verdict.TOPIC:
        return topic
    narrower = catalogue.topics[topic]
    if not narrower.narrows or task in narrower.tasks or task is Task.INLOGGEN_VOOR_MIJ:
        return topic
    words = normalize(text)
    if _THE_REPAYMENT_PLAN.search(words):
        # "Kan ik het bedrag per maand aanpassen?": a change to the repayment itself.
        return topic
    named = [
        broad
        for broad in narrower.narrows
        if task in catalogue.topics[broad].tasks and catalogue.topics[broad].named_in(words)
    ]
    return named[0] if len(named) == 1 else topic


def _first_verdict(
    catalogue: Catalogue,
    text: str,
    top: Score,
    topic_scores: Sequence[Score],
    *,
    context_topic: str | None,
) -> tuple[Verdict, str | None, str | None]:
    """Verdict, topic and life event from these words, before the conversation's reading.

    The conversation's topic only keeps the words on a broad topic it is about (see
    _narrower_topic_named) and a request to act from naming a scheme by chance.
    """
    verdict, topic = _topic_verdict(catalogue, top, topic_scores)
    if verdict in {Verdict.TOPIC, Verdict.UNCLEAR}:
        narrower = _narrower_topic_named(catalogue, text, topic_scores, context_topic)
        if narrower is not None:
            verdict, topic = Verdict.TOPIC, narrower
    if top.name == BOUNDARY_INTENT and context_topic is None:
        # In a conversation the request is about the topic at hand: words such as
        # "pas" ("mijn pas en wachtwoord") would name a scheme the visitor never meant.
        named = _named_at_the_boundary(catalogue, text, topic_scores)
        if named is not None:
            return Verdict.TOPIC, named, None
    if verdict is Verdict.TOPIC and names_only_a_family(catalogue, text):
        return Verdict.UNCLEAR, None, None
    if verdict is Verdict.TOPIC and topic == DIGID_TOPIC:
        topic = _scheme_reached_with_digid(catalogue, text) or topic
    life_event = life_event_of(catalogue, top.name) if verdict is Verdict.CONVERSATION else None
    if life_event is not None:
        return Verdict.LIFE_EVENT, None, life_event
    return verdict, topic, None


def _scheme_reached_with_digid(catalogue: Catalogue, text: str) -> str | None:
    """ "Moet ik inloggen met DigiD voor een nieuw paspoort?": the one scheme it is for.

    DigiD named as the means, and exactly one scheme named in so many words: the
    question is about that scheme, which the model drowned in the DigiD words
    (development set 9: a passport question answered about DigiD itself). Not from
    DigiD Machtigen, not with someone else's DigiD, and not when DigiD is the trouble:
    those are about DigiD, and may be the boundary.
    """
    words = normalize(text)
    if (
        not digid_as_a_means(text)
        or _SOMEONE_ELSES_DIGID.search(words)
        or _DIGID_TROUBLE.search(words)
        or helps_someone_else(catalogue, text)
    ):
        return None
    schemes = _topics_named(catalogue, words) - LOGIN_TOPICS
    return next(iter(schemes)) if len(schemes) == 1 else None


# Words that add nothing to a broad word: "ik heb een vraag over toeslag" is still
# only "toeslag".
_FILLER = frozenset(
    [
        "ik",
        "heb",
        "wil",
        "een",
        "de",
        "het",
        "over",
        "mijn",
        "m",
        "n",
        "iets",
        "vraag",
        "vraagje",
        "graag",
        "hoe",
        "zit",
        "dat",
        "wat",
        "is",
        "er",
        "aan",
        "met",
        "van",
        "voor",
        "u",
        "kunt",
        "mij",
        "help",
        "helpen",
        "alstublieft",
        "aub",
        "a",
        "u",
        "b",
        "please",
    ]
)


def names_only_a_family(catalogue: Catalogue, text: str) -> bool:
    """The words, apart from filler, are one family's cue and nothing more.

    "Toeslag" or "een uitkering" may look confident to the model, but the visitor
    has not said which one: they must choose, not get the model's favourite.
    """
    words = " ".join(w for w in normalize(text).split() if w not in _FILLER)
    return any(words == cue for family in catalogue.families.values() for cue in family.cues)


def names_its_family(catalogue: Catalogue, text: str, context_topic: str) -> bool:
    """ "Ik wil een uitkering aanvragen" while talking about WW: the broad word for it.

    The words name the current topic's family by a kind of scheme ("uitkering",
    "toeslag"; Family.kind_of_scheme) and no other family or topic: the visitor means
    the scheme at hand, not a choice among all of the family's. On development set 8
    "ik wil een uitkering" after "ik ben ontslagen" got welfare, and with "aanvragen" a
    question which benefit.
    """
    words = normalize(text)
    if _TURNS_TO_ANOTHER.search(words):
        return False
    if _other_topics_named(catalogue, context_topic, words):
        return False
    named = [family for family in catalogue.families.values() if family.named_in(words)]
    if any(_one_more_of(family, words) for family in named):
        return False
    return bool(named) and all(
        family.kind_of_scheme and context_topic in family.topics for family in named
    )


def _one_more_of(family: Family, words: str) -> bool:
    return _one_more_pattern(tuple(family.cues)).search(words) is not None


@functools.cache
def _one_more_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """ "Een andere toeslag", "toeslagen ... nog meer", "zijn er nog (meer) toeslagen?"."""
    alternatives = "|".join(re.escape(cue) for cue in cues)
    patterns = [rf"{_ANOTHER_ONE}({alternatives})\b", rf"\b({alternatives})\b{_MORE_AFTER}"]
    plurals = "|".join(re.escape(cue) for cue in cues if cue.endswith("en"))
    if plurals:
        patterns.append(rf"\bnog(\s+meer)?\s+({plurals})\b")
    return re.compile("|".join(patterns))


def _unclear_candidates(
    catalogue: Catalogue, text: str, topic_scores: Sequence[Score]
) -> tuple[Score, ...]:
    minimum = catalogue.triage.candidate_minimum
    return family_candidates(catalogue, text, topic_scores) or tuple(
        s for s in topic_scores[:3] if s.confidence >= minimum
    )


def life_event_of(catalogue: Catalogue, intent: str) -> str | None:
    event = intent.removeprefix(LIFE_EVENT_PREFIX)
    known = intent.startswith(LIFE_EVENT_PREFIX) and event in catalogue.life_events
    return event if known else None


def helps_someone_else(catalogue: Catalogue, text: str) -> bool:
    words = normalize(text)
    return any(re.search(pattern, words) for pattern in catalogue.helping_cues)


def _stays_with_context(
    catalogue: Catalogue,
    *,
    text: str,
    match: TaskMatch | None,
    topic: str | None,
    top: Score,
    topic_scores: Sequence[Score],
    context_topic: str,
    task_ranking: Sequence[TaskScore],
) -> bool:
    """Does a message with a topic of its own still belong to the current topic?

    It does when its words keep it there (see _words_keep_the_topic), or when it
    names the other topic only weakly while the current one is still among the
    model's three most likely.
    """
    if topic == context_topic:
        return False
    named = _other_topics_named(catalogue, context_topic, normalize(text))
    if _words_keep_the_topic(
        catalogue,
        text=text,
        match=match,
        topic=topic,
        context_topic=context_topic,
        task_ranking=task_ranking,
        named=named,
    ):
        return True
    acting = _request_to_act(match, task_ranking)
    if topic in LOGIN_TOPICS and context_topic not in LOGIN_TOPICS:
        # Asking staff to act with the visitor's DigiD, about the current topic.
        return acting >= BOUNDARY_FIRST
    if acting >= CONFIDENT and topic in named:
        # A request that names the model's topic in so many words ("voor mijn
        # huurtoeslag, kunt u dat doorgeven?") is about that one.
        return False
    top3 = [s.name for s in topic_scores[:3]]
    weak = acting >= BOUNDARY_FIRST or top.confidence < SWITCH_CONFIDENCE
    return context_topic in top3 and weak


def _words_keep_the_topic(
    catalogue: Catalogue,
    *,
    text: str,
    match: TaskMatch | None,
    topic: str | None,
    context_topic: str,
    task_ranking: Sequence[TaskScore],
    named: frozenset[str],
) -> bool:
    """However sure the model is of another topic, these words are about the current one.

    DigiD as the means to the task at hand; background that names another scheme
    in passing; objecting to the decision at hand; a request to act; words that
    point back and do not name the other topic.
    """
    if topic == DIGID_TOPIC and context_topic not in LOGIN_TOPICS and digid_as_a_means(text):
        return True
    if (
        topic == DIGID_MANDATE_TOPIC
        and context_topic not in LOGIN_TOPICS
        and _has_own_digid(catalogue, text)
    ):
        return True
    if topic not in LOGIN_TOPICS and gives_background(text, match, task_ranking):
        return True
    objecting = bool(task_ranking) and task_ranking[0].task is Task.BEZWAAR
    if topic == GENERAL_OBJECTION_TOPIC:
        # Objecting, about the decision the conversation is about. A question for
        # advice or about a complaint's route (information), or for a lawyer even when
        # the visitor disagrees (development set 9), goes on to the rules below.
        advice = bool(_SEEKS_ADVICE.search(normalize(text))) and (
            _request_to_act(match, task_ranking) < BOUNDARY_FIRST
        )
        if objecting and not advice and Task.BEZWAAR in catalogue.topics[context_topic].tasks:
            return True
    elif topic is not None and not named and _points_back(text):
        return True
    # "Kunt u die regeling voor mij maken?", "de app van de toeslagen staat open,
    # doet u de rest?": a request to act is about the scheme at hand and names
    # another topic only in passing (on the development conversations, four such
    # requests were pulled off their topic, and none meant another one). A
    # conversation about DigiD itself or objecting in general gives way to the scheme.
    # A request that names another scheme in so many words is about that one (DigiD
    # named in a request is the means: "ik heb digid maar weet niet hoe, jij doe").
    specific = context_topic not in LOGIN_TOPICS and context_topic != GENERAL_OBJECTION_TOPIC
    schemes = named - LOGIN_TOPICS
    requested = specific and not schemes and _request_to_act(match, task_ranking) >= CONFIDENT
    # "Oh ik heb al een brief gehad van de SVB ja" about AOW: a word that names the
    # current topic as much as the model's ("svb", "uwv") cannot tell them apart, and
    # no other word names the model's topic: the conversation decides (development set 15).
    # A question is left to the model: "krijg ik van de svb geld voor mijn kinderen?".
    words = normalize(text)
    shared_word = (
        topic is not None
        and not named
        and not is_question(text)
        and catalogue.topics[context_topic].named_in(words)
        and catalogue.topics[topic].named_in(words)
    )
    return requested or shared_word


def _points_back(text: str) -> bool:
    """ "Wil het laten aanpassen", "moet ik dat doorgeven?": words about what went before.

    With no other topic named, they stay with the conversation's: on the development
    conversations the model read such follow-ups as debts, a passport or welfare
    (0.9 and more) and the visitor's request left the conversation's topic. A new
    matter announced ("trouwens", "andere vraag", "ook nog") lets the model's reading stand.
    """
    words = normalize(text)
    return bool(_REFERS_BACK.search(words)) and not _TURNS_TO_ANOTHER.search(words)


def _topics_named(catalogue: Catalogue, words: str) -> frozenset[str]:
    """The topics these normalized words name in so many words (see Topic.names)."""
    return frozenset(name for name, topic in catalogue.topics.items() if topic.named_in(words))


def _other_topics_named(catalogue: Catalogue, context_topic: str, words: str) -> frozenset[str]:
    """The topics other than the conversation's that these words name (see Topic.names).

    A word that names the conversation's topic too ("uwv" for WW and for sickness)
    names no other one.
    """
    rest = catalogue.topics[context_topic].without_names(words)
    return _topics_named(catalogue, rest) - {context_topic}


def asks_back(catalogue: Catalogue, text: str, context_topic: str) -> bool:
    """A question that starts as one, points back, and names no other topic.

    "Mag ik ondertussen een opleiding doen, of raak ik het dan kwijt?" sounds like
    starting to study, "dus ik krijg dan minder?" like an income that drops: on the
    development conversations such questions about the scheme at hand were answered
    with a life event's schemes. "Ik ben mijn baan kwijt, kan ik dan iets krijgen?"
    tells the event first, and is one.
    """
    words = normalize(text)
    starts_asking = bool(_QUESTION_WORDS.match(words) or _ASKS_ON.match(words))
    return (
        starts_asking
        and _points_back(text)
        and not _other_topics_named(catalogue, context_topic, words)
    )


def acts_on_the_scheme(
    catalogue: Catalogue,
    text: str,
    *,
    life_event: str,
    context_topic: str,
    match: TaskMatch | None,
    task_ranking: Sequence[TaskScore],
) -> bool:
    """ "Ik stop met mijn opleiding. Ik wil het opzeggen", about student finance.

    The words tell a life event, but ask to act on "it": the scheme at hand, when
    that scheme is one of the event's own. On development set 8 the visitor got
    the event's list of schemes instead of the DigiD step to stop the payments.
    "Ik ben ontslagen, wat nu?" asks nothing of the scheme at hand and stays an event.
    """
    if context_topic not in catalogue.life_events[life_event].topics:
        return False
    words = normalize(text)
    if not _ACTS_ON_IT.search(words) or _TURNS_TO_ANOTHER.search(words):
        return False
    if _other_topics_named(catalogue, context_topic, words):
        return False
    if match is not None:
        act: Task | None = match.task
    else:
        act = task_ranking[0].task if states_an_act(task_ranking) else None
    event = catalogue.life_events[life_event]
    named_here = catalogue.topics[context_topic].named_in(words)
    if (
        act is Task.AANVRAGEN
        and event.applied_for_first
        and context_topic != event.topics[0]
        and not named_here
    ):
        # "Ik ben mijn baan verloren, hoe moet ik dat aanvragen?" during rent benefit:
        # what one applies for after losing a job is first of all WW, so the event's
        # list is shown rather than the rent benefit's application.
        return False
    return act is not None and act is not Task.INFORMATIE


def digid_as_a_means(text: str) -> bool:
    """ "Met DigiD toch?", "kan dat zonder DigiD?": DigiD as the way to do the task at hand.

    On the development conversations such questions about a scheme were answered
    about DigiD itself. A question about getting, or getting back into, a DigiD is not this.
    """
    words = normalize(text)
    if not _DIGID_MEANS.search(words) or _about_digid_itself(words):
        return False
    return not _SOMEONE_ELSES_DIGID.search(words)


def _about_digid_itself(words: str) -> bool:
    """Normalized words about DigiD itself: getting one, a problem, or the app's trouble."""
    if _DIGID_ITSELF.search(words):
        return True
    app = _DIGID_APP.search(words)
    return app is not None and _APP_TROUBLE.search(words, app.end()) is not None


def _has_own_digid(catalogue: Catalogue, text: str) -> bool:
    """ "Ze zit naast me en heeft haar eigen digid. Waar moet ze het aanvragen?"

    The one who acts has a DigiD of their own: the means for the scheme at hand, not
    a mandate. On development set 9 the model heard DigiD Machtigen in it ("eigen
    digid"). Helping someone else, a mandate, or someone else's DigiD is not this.
    """
    words = normalize(text)
    return (
        bool(_HAS_OWN_DIGID.search(words))
        and not _about_digid_itself(words)
        and not _SOMEONE_ELSES_DIGID.search(words)
        and not helps_someone_else(catalogue, text)
    )


def gives_background(text: str, match: TaskMatch | None, task_ranking: Sequence[TaskScore]) -> bool:
    """ "Ik ben alleen en heb alleen AOW", "huur moet betaald, ik heb bijstand".

    Background to the question at hand, which names another scheme in passing: on
    the development conversations such statements moved the conversation to that
    scheme, and the visitor's next question ("kunt u het voor me uitrekenen?") was
    then answered about it. A question, a task, or a new matter (a letter, a fine,
    "ook nog", something lost, anything that happened) still switches, as does a
    topic named on its own.
    """
    words = normalize(text)
    if is_question(text) or _ASKS_ANYWHERE.search(words) or match is not None:
        return False
    new_matter = _NEW_MATTER.search(words) or _TURNS_TO_ANOTHER.search(words)
    if new_matter or _HAPPENED.search(_STATES.sub(" ", words)) or not _HAVING.search(words):
        return False
    if len(words.split()) < BACKGROUND_WORDS or not _PERSON.search(words):
        return False
    return not states_an_act(task_ranking) and _request_to_act(match, task_ranking) < BOUNDARY_FIRST


def states_an_act(task_ranking: Sequence[TaskScore]) -> bool:
    """The task model is sure the words ask for something other than information."""
    best = task_ranking[0] if task_ranking else None
    return best is not None and best.task is not Task.INFORMATIE and best.confidence >= CONFIDENT


def _request_to_act(match: TaskMatch | None, task_ranking: Sequence[TaskScore]) -> float:
    """How surely the words ask staff to act in the visitor's account: 1.0 for a rule."""
    if match is not None and match.task is Task.INLOGGEN_VOOR_MIJ:
        return 1.0
    return max(
        (s.confidence for s in task_ranking if s.task is Task.INLOGGEN_VOOR_MIJ), default=0.0
    )


def _reads_as_follow_up(
    text: str,
    top: Score,
    *,
    topic_scores: Sequence[Score],
    context_topic: str | None,
    match: TaskMatch | None,
    task_ranking: Sequence[TaskScore],
) -> bool:
    """Small talk that carries a question or a task is a follow-up, not small talk.

    On the development conversations "wat moet ik doen?" and "en tot welke leeftijd?"
    were heard as goodbyes, "ja, doorgeven" or "ja dat, ik wil het aanvragen" as a
    bare yes, and "nee, ik heb geen werk en geen spaargeld" as turning the assistant
    down: the visitor got "Tot ziens!", "Wat wilt u weten?" or a fresh start. Words
    that name a topic of their own ("ja, en ook een paspoort") stay small talk, as
    before: a follow-up would hide that topic behind the current one.
    """
    # "Dank u, kunt u dan ook even mijn Berichtenbox openen?": a sure request to act
    # in a conversation is never small talk (a probe found thanks, a yes or a no with
    # such words read as small talk, without the boundary).
    sure_request = context_topic is not None and _request_to_act(match, task_ranking) >= CONFIDENT
    if top.name not in _MAY_FOLLOW_UP or sure_request:
        return top.name in _MAY_FOLLOW_UP
    own = [s for s in topic_scores if s.name != context_topic]
    if own and own[0].confidence >= OWN_TOPIC:
        return False
    if top.name in _CLOSING_INTENTS:
        return asks_something(text)
    words = normalize(text)
    if top.name == DENY_INTENT:
        return (
            len(words.split()) >= DENY_FOLLOW_UP_WORDS
            and not _CORRECTS_THE_ASSISTANT.search(words)
            and not _CLOSES.search(words)
        )
    # A request to act comes before any rule for another task: "ja, kunt u die
    # proefberekening in mijn account doen" is a request, not a yes.
    acting = _request_to_act(match, task_ranking) >= BOUNDARY_FIRST
    if match is not None and not acting:
        return match.task is not Task.INFORMATIE
    stated = states_an_act(task_ranking)
    wants = top.name == AFFIRM_INTENT and bool(_WANTS_TO_ACT.search(normalize(text)))
    return stated or acting or wants or is_question(text) or yes_but_asks(text)


def yes_but_asks(text: str) -> bool:
    """ "Ja dat snap ik, maar waar doe ik dat precies": a yes that goes on with a question.

    It agrees with what was said and asks on, so it is neither a bare yes nor consent to
    a referral offer (development set 8: it opened the referral form). "Ja graag, maar
    bel me na vijf uur" asks nothing and stays a yes.
    """
    # A question mark is already a question (is_question); here the words must ask.
    found = _BUT_ASKS.search(normalize(text))
    return found is not None and bool(_ASKS_ANYWHERE.search(found.group("rest")))


def asks_something(text: str) -> bool:
    """A question after any thanks ("dank je, hoe lang duurt dat?"); "wat fijn!" is none."""
    rest = _THANKS_FIRST.sub("", normalize(text))
    if _EXCLAIMS.match(rest):
        return False
    return "?" in text or is_question(rest)


def _follows_up(
    catalogue: Catalogue,
    *,
    text: str,
    match: TaskMatch | None,
    verdict: Verdict,
    topic: str | None,
    top: Score,
    topic_scores: Sequence[Score],
    context_topic: str,
    task_ranking: Sequence[TaskScore],
) -> bool:
    """Do these words continue the conversation about `context_topic`?

    A follow-up names a task but no topic ("kan dat in termijnen?"); a message
    that clearly names another topic switches. (A life event is decided before
    this: it switches unless it asks back, see asks_back.)
    """
    if verdict is Verdict.TOPIC:
        return _stays_with_context(
            catalogue,
            text=text,
            match=match,
            topic=topic,
            top=top,
            topic_scores=topic_scores,
            context_topic=context_topic,
            task_ranking=task_ranking,
        )
    if top.name in {FOLLOW_UP_INTENT, BOUNDARY_INTENT}:
        return True
    if top.name == LETTER_INTENT:
        # "Ik heb nog een brief" starts the intake; a question goes on with the topic,
        # as does an act on letters that did not just come: "ik wil kijken of er voor
        # mij ook brieven klaarstaan" (development set 8, about MijnOverheid).
        words = normalize(text)
        came = _A_LETTER_CAME.search(words) or _other_topics_named(catalogue, context_topic, words)
        return is_question(text) or (not came and states_an_act(task_ranking))
    if verdict is Verdict.UNCLEAR:
        # No topic named clearly (none reached the threshold): the current one goes
        # on. Two other topics both above it are a real doubt: ask which one.
        limits = catalogue.triage
        plausible = [s.name for s in topic_scores[:3] if s.confidence >= limits.candidate_minimum]
        named = bool(topic_scores) and topic_scores[0].confidence >= limits.threshold
        return not named or context_topic in plausible
    # "Kun je de code intypen voor mij": a rule hears a request to act that the topic
    # model read as out of scope; "kan iemand hier het voor mij invullen?" as asking for
    # a person (ask_human, development set 14). Either is about the topic at hand.
    requested = match is not None and match.task is Task.INLOGGEN_VOOR_MIJ
    if verdict is Verdict.OUT_OF_SCOPE:
        return (
            states_an_act(task_ranking)
            or requested
            or _asks_about_the_step(catalogue, text, context_topic)
        )
    small_talk = verdict is Verdict.CONVERSATION and life_event_of(catalogue, top.name) is None
    words = normalize(text)
    return small_talk and requested and not _other_topics_named(catalogue, context_topic, words)


def _asks_about_the_step(catalogue: Catalogue, text: str, context_topic: str) -> bool:
    """A question about the step at hand that the topic model heard as out of scope.

    "Ik doe het vanavond thuis, op welke site moet ik zijn?" (out of scope 1.00) and
    "vanaf welke leeftijd mag hij het aanvragen?" (development set 16) ask on about
    the scheme just discussed: they point back and name a step of it. A question
    about the library's own things ("kan ik dat formulier hier printen?") stays out
    of scope, as does one that names another topic.
    """
    words = normalize(text)
    if _LIBRARY_MATTERS.search(words) or _other_topics_named(catalogue, context_topic, words):
        return False
    # The sentence that asks must point back and name the step itself: "hoe laat
    # sluiten jullie? dan kan ik de aanvraag afmaken" asks about the library.
    return any(
        is_question(sentence)
        and _points_back(sentence)
        and bool(_A_STEP_OF_THE_SCHEME.search(normalize(sentence)))
        for sentence in _asking_sentences(text)
    )


def _asking_sentences(text: str) -> list[str]:
    """The sentences of a message, each with its own closing punctuation."""
    return [part for part in re.split(r"(?<=[.!?;])\s+", text) if part.strip()]


DONE_NOW_REASON = "De bezoeker wil het nu zelf regelen. Dat doet hij met zijn eigen DigiD."


def _done_now(
    catalogue: Catalogue,
    topic: str | None,
    context_topic: str | None,
    text: str,
    decision: TaskDecision,
) -> TaskDecision:
    """ "Dobra, dan ik doe het nu. Waar moet ik klikken?": the act, not information.

    Only where the task model read information and no rule decided: on development
    sets 11 and 13 the visitor who said they would do it now was told no DigiD was
    needed. The act is the change, or the objection, the words name; else applying.
    Paying, or a topic without that act, keeps the model's reading.
    """
    if topic is None or topic != context_topic:
        return decision
    if decision.by_rule or decision.task is not Task.INFORMATIE:
        return decision
    words = normalize(text)
    if not _DOES_IT_NOW.search(words) or _SOMEONE_ELSES_DIGID.search(words):
        return decision
    if _A_PAYMENT.search(words):
        # Paying with the reference number needs no DigiD: the model's reading stands.
        return decision
    if _AN_OBJECTION.search(words):
        act = Task.BEZWAAR
    elif _A_CHANGE.search(words) and not _NO_CHANGE.search(words):
        act = Task.WIJZIGEN
    else:
        act = Task.AANVRAGEN
    if act not in catalogue.topics[topic].tasks:
        return decision
    return TaskDecision(act, decision.confidence, DONE_NOW_REASON)


FOLLOW_UP_REASON = (
    "Vervolgvraag: de informatie over dit onderwerp had de bezoeker al. "
    "Bij twijfel gaat het om de stap waarvoor DigiD nodig is."
)


def _settled_by_the_conversation(
    catalogue: Catalogue,
    topic: str,
    decision: TaskDecision,
    task_ranking: Sequence[TaskScore],
) -> TaskDecision:
    """A follow-up in doubt between information and an act on the same topic is the act.

    The conversation has already given this topic's information, so asking
    "informatie, of nu regelen?" again would only repeat it; the act's answer says
    that DigiD is needed. Only that doubt is settled: paying (no DigiD) against
    objecting, or a weak reading of "log in for me", is still asked about.
    """
    model = catalogue.topics[topic]
    tasks = (decision.task, *decision.doubt)
    without_login = [t for t in tasks if not digid_required(model, t)]
    acts = [t for t in tasks if digid_required(model, t) and t is not Task.INLOGGEN_VOOR_MIJ]
    if without_login != [Task.INFORMATIE] or not acts:
        return decision
    confidence = next((s.confidence for s in task_ranking if s.task is acts[0]), 0.0)
    return TaskDecision(acts[0], confidence, FOLLOW_UP_REASON)


def _after_a_no(
    catalogue: Catalogue,
    topic: str,
    decision: TaskDecision,
    match: TaskMatch | None,
    task_ranking: Sequence[TaskScore],
) -> TaskDecision:
    """The task of a long no ("nee ik wil het niet aanvragen, alleen weten hoeveel").

    A request to act in the visitor's account stays the boundary, as anywhere. Any
    other act named in a no may be the very thing declined: the visitor is asked
    "Wilt u informatie, of wilt u het nu regelen?" rather than told either answer.
    """
    if decision.by_rule or _request_to_act(match, task_ranking) >= BOUNDARY_FIRST:
        acting = decision.task is Task.INLOGGEN_VOOR_MIJ or decision.by_rule
        return decision if acting else TaskDecision(Task.INLOGGEN_VOOR_MIJ, 1.0, BOUNDARY_REASON)
    model = catalogue.topics[topic]
    acts = [t for t in (decision.task, *decision.doubt) if digid_required(model, t)]
    if not acts:
        return TaskDecision(Task.INFORMATIE, decision.confidence, None)
    return TaskDecision(Task.INFORMATIE, decision.confidence, None, (acts[0],))


def _doubt_for(
    catalogue: Catalogue,
    match: TaskMatch | None,
    task_ranking: Sequence[TaskScore],
    topics: Iterable[Score],
    chosen: Task,
) -> tuple[Task, ...]:
    """The other tasks the words may mean, for any of these topics, as DigiD goes.

    Before a choice of topics the doubt depends on the topic picked: informatie
    or aanvragen differ on DigiD for huurtoeslag, not for a paspoort. The doubt
    travels with the choice, so the picked topic is asked about, not guessed.
    """
    doubt: list[Task] = []
    for score in topics:
        needs_login = digid_by_task(catalogue.topics[score.name])
        decision = decide(match, task_ranking, needs_login=needs_login)
        if decision.task is chosen:
            doubt += [t for t in decision.doubt if t not in doubt]
    return tuple(doubt)


def _every_candidate_needs_digid(
    catalogue: Catalogue, candidates: Sequence[Score], decision: TaskDecision
) -> bool:
    """The task needs DigiD whichever of the offered topics is meant.

    "Ik wil het nu aanvragen" after a baby's schemes were offered: each of them is
    applied for with the visitor's own DigiD, which the visitor hears now, before
    choosing (as before a route question). A task in doubt is not settled here.
    """
    return (
        bool(candidates)
        and not decision.doubt
        and decision.task is not Task.INFORMATIE
        and all(digid_required(catalogue.topics[c.name], decision.task) for c in candidates)
    )


def _candidates(
    catalogue: Catalogue,
    text: str,
    topic_scores: Sequence[Score],
    *,
    verdict: Verdict,
    offered: Sequence[str],
    life_event: str | None,
) -> tuple[Score, ...]:
    """The topics to offer as buttons: those offered again, a life event's, or the likeliest."""
    scores = {s.name: s.confidence for s in topic_scores}
    if offered:
        return tuple(Score(t, scores.get(t, 0.0)) for t in offered)
    if life_event is not None:
        return tuple(Score(t, scores.get(t, 0.0)) for t in catalogue.life_events[life_event].topics)
    if verdict is Verdict.UNCLEAR:
        return _unclear_candidates(catalogue, text, topic_scores)
    return ()


@dataclass(frozen=True)
class _Reading:
    """What the words are about, before and after the conversation is taken into account."""

    verdict: Verdict
    topic: str | None
    life_event: str | None
    from_context: bool = False
    # Background to the current topic ("ik heb alleen AOW"): it asks for nothing.
    background: bool = False


def _in_the_conversation(
    catalogue: Catalogue,
    reading: _Reading,
    *,
    text: str,
    match: TaskMatch | None,
    top: Score,
    topic_scores: Sequence[Score],
    context_topic: str,
    task_ranking: Sequence[TaskScore],
) -> _Reading:
    """The reading once the conversation's topic is known: a follow-up goes on with it."""
    if reading.life_event is not None:
        acts_on_it = acts_on_the_scheme(
            catalogue,
            text,
            life_event=reading.life_event,
            context_topic=context_topic,
            match=match,
            task_ranking=task_ranking,
        )
        if acts_on_it or asks_back(catalogue, text, context_topic):
            return _Reading(Verdict.TOPIC, context_topic, None, from_context=True)
        return reading
    if (
        reading.verdict in {Verdict.TOPIC, Verdict.UNCLEAR}
        and reading.topic != context_topic
        and names_its_family(catalogue, text, context_topic)
    ):
        background = gives_background(text, match, task_ranking)
        return _Reading(
            Verdict.TOPIC, context_topic, None, from_context=True, background=background
        )
    follows = _follows_up(
        catalogue,
        text=text,
        match=match,
        verdict=reading.verdict,
        topic=reading.topic,
        top=top,
        topic_scores=topic_scores,
        context_topic=context_topic,
        task_ranking=task_ranking,
    )
    if not follows:
        return reading
    background = (
        reading.verdict is Verdict.TOPIC
        and reading.topic not in LOGIN_TOPICS
        and gives_background(text, match, task_ranking)
    )
    return _Reading(Verdict.TOPIC, context_topic, None, from_context=True, background=background)


def _digid_after_all(topic: Topic, task: Task, doubt: Sequence[Task], text: str) -> bool:
    """Never conclude "no DigiD" from doubt, nor when the words take the DigiD route."""
    return any(digid_required(topic, t) for t in doubt) or digid_for_the_words(
        topic, task, normalize(text)
    )


def triage(
    catalogue: Catalogue,
    text: str,
    ranking: list[Score],
    branch_id: str | None = None,
    *,
    task: Task | None = None,
    task_ranking: Sequence[TaskScore] = (),
    context_topic: str | None = None,
    information_given: bool = True,
    offered_topics: Sequence[str] = (),
    task_doubt: Sequence[Task] = (),
) -> TriageResult:
    """Decide topic, task and DigiD for one visitor message.

    `task_ranking` is the task model's output for the words. `task` overrides
    the decision: used when the visitor picks a topic or a task from buttons,
    after the words were read the first time. `context_topic` is the topic of the
    conversation so far: a follow-up without a topic of its own is about it.
    `information_given` is false while the conversation has only asked "Wilt u
    informatie, of wilt u het nu regelen?" about it: then doubt is asked, not settled.
    `offered_topics` are the topics the assistant just offered as buttons ("Bedoelt
    u ...?", a life event's schemes): a follow-up without a topic is about one of them.
    `task_doubt` goes with `task`: the other tasks the visitor's words may have meant
    before they pressed a topic; for that topic they may need asking about.
    """
    topic_scores = [s for s in ranking if s.name in catalogue.topics]
    top = ranking[0] if ranking else Score(OUT_OF_SCOPE_INTENT, 0.0)
    # The catalogue's task rules, read once for every decision below.
    match = override(text, catalogue.task_rules)
    follows_up = _reads_as_follow_up(
        text,
        top,
        topic_scores=topic_scores,
        context_topic=context_topic,
        match=match,
        task_ranking=task_ranking,
    )
    # Only a no read as a follow-up gets its own task rule (see _after_a_no).
    declined = follows_up and top.name == DENY_INTENT
    top = Score(FOLLOW_UP_INTENT, top.confidence) if follows_up else top
    verdict, topic, life_event = _first_verdict(
        catalogue, text, top, topic_scores, context_topic=context_topic
    )
    offered = tuple(dict.fromkeys(t for t in offered_topics if t in catalogue.topics))
    # "Ik moet iets aanvragen, hoe doe ik dat?" right after the assistant offered
    # schemes, with no topic in the conversation yet: the scheme is one of those
    # offered. Ask which, keeping the task (and its doubt), rather than guessing or
    # answering "not understood". With a topic, the follow-up goes on with it: on
    # the development conversations offering the schemes there instead cost two
    # right answers (a third conversation was wrong either way).
    reoffer = (
        bool(offered) and top.name == FOLLOW_UP_INTENT and context_topic not in catalogue.topics
    )
    if reoffer:
        verdict = Verdict.UNCLEAR
    reading = _Reading(verdict, topic, life_event)
    if context_topic in catalogue.topics:
        reading = _in_the_conversation(
            catalogue,
            reading,
            text=text,
            match=match,
            top=top,
            topic_scores=topic_scores,
            context_topic=context_topic,
            task_ranking=task_ranking,
        )
    verdict, topic, life_event, from_context, background = (
        reading.verdict,
        reading.topic,
        reading.life_event,
        reading.from_context,
        reading.background,
    )

    decision = _task(
        catalogue,
        match,
        topic=topic,
        top_intent=top.name,
        task_ranking=task_ranking,
        chosen=task,
        chosen_doubt=task_doubt,
    )
    topic = _broader_topic_for_the_task(catalogue, text, topic, verdict, decision.task)
    if background:
        # Background asks for nothing: no act, and no "informatie, of nu regelen?".
        decision = TaskDecision(Task.INFORMATIE, decision.confidence, None)
    elif declined and topic is not None:
        decision = _after_a_no(catalogue, topic, decision, match, task_ranking)
    elif decision.uncertain and information_given and topic is not None and topic == context_topic:
        decision = _settled_by_the_conversation(catalogue, topic, decision, task_ranking)
    decision = _done_now(catalogue, topic, context_topic, text, decision)
    if verdict in {Verdict.OUT_OF_SCOPE, Verdict.CONVERSATION} and not decision.by_rule:
        # "Zeg robot, ken jij grappen?" reads like "kun jij ..." to the task model:
        # off-topic words reach the boundary only through a rule or the boundary intent.
        decision = TaskDecision(Task.INFORMATIE, decision.confidence, None)
    chosen_task = decision.task
    boundary_without_topic = topic is None and chosen_task is Task.INLOGGEN_VOOR_MIJ
    if boundary_without_topic:
        verdict = Verdict.UNCLEAR

    candidates: tuple[Score, ...] = ()
    if not boundary_without_topic:
        candidates = _candidates(
            catalogue,
            text,
            topic_scores,
            verdict=verdict,
            offered=offered if reoffer else (),
            life_event=life_event,
        )
    if topic is None and not boundary_without_topic:
        # Without a topic only the boundary matters, and the doubt about the topics
        # offered as buttons, which travels with the choice.
        doubt = () if task else _doubt_for(catalogue, match, task_ranking, candidates, chosen_task)
        decision = TaskDecision(chosen_task, decision.confidence, decision.reason, doubt)
    alternatives = tuple(s for s in topic_scores if s.name != (topic or top.name))[:2]

    provider: Provider | None = None
    links: tuple[ResolvedLink, ...] = ()
    answer = ""
    question: ResolvedQuestion | None = None
    if topic is None:
        resolve_branch(catalogue, branch_id)  # an unknown branch is an error either way
        needs_digid = digid_required(None, chosen_task) or _every_candidate_needs_digid(
            catalogue, candidates, decision
        )
    else:
        composed = compose_answer(catalogue, topic, chosen_task, branch_id)
        provider = Provider(composed.provider, composed.info.url)
        links, answer, question = composed.links, composed.text, composed.question
        needs_digid = composed.digid_required or _digid_after_all(
            catalogue.topics[topic], chosen_task, decision.doubt, text
        )

    return TriageResult(
        verdict=verdict,
        topic=topic,
        confidence=top.confidence,
        task=chosen_task,
        digid_required=needs_digid,
        provider=provider,
        links=links,
        alternatives=alternatives,
        candidates=candidates,
        answer=answer,
        explanation=_explain(
            catalogue,
            verdict=verdict,
            topic=topic,
            confidence=top.confidence,
            task=chosen_task,
            needs_digid=needs_digid,
            candidates=candidates,
        ),
        task_reason=decision.reason,
        task_confidence=decision.confidence,
        task_doubt=decision.doubt,
        question=question,
        top_topics=tuple(topic_scores[:3]),
        life_event=life_event,
        for_someone_else=helps_someone_else(catalogue, text),
        from_context=from_context,
        offered_again=reoffer,
        small_talk=top.name
        if verdict is Verdict.CONVERSATION and top.name in SMALL_TALK_INTENTS
        else None,
    )
