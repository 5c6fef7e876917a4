"""Words that say the visitor does the step themselves: no request that staff act.

"Het inloggen en invullen doe ik zelf", "ik doe het verder zelf hoor": the visitor
will act in their own account, so it is no request that staff do (the DigiD
boundary's `inloggen_voor_mij`). Both models read the rest of such sentences
("kunt u me laten zien waar ...") as a request to act. Missing a request to act
costs more than a false alarm, so any sign that staff are still asked to act in the
account, or that the visitor needs help, keeps the request (a review's cases:
"het invullen doe ik zelf, wilt u het versturen", "ik doe zelf niks met computers").
"""

from __future__ import annotations

import re

from wegwijzer.text import normalize

_FILLER = (
    r"((het|dat|dit|alles|verder|wel|eerst|liever|maar|gewoon|dan|straks|thuis|vanavond|morgen)"
    r"\s+)*"
)
# "zelf" that is not "zelf niks/weinig/niet ..." ("ik doe zelf niks met computers").
_ZELF = r"zelf\b(?!\s+(niks|niets|weinig|nooit|geen|niet|altijd|vaak)\b)"
_ON_THEIR_OWN = re.compile(
    # "ik doe het verder zelf", "ik regel het thuis zelf wel"
    rf"\b(ik|we|wij)\s+(doe|doen|regel|regelen|vul|vullen|probeer|proberen)\s+{_FILLER}{_ZELF}"
    # "het invullen doe ik zelf", "dan doe ik het thuis zelf wel"
    rf"|\b(doe|regel|vul|probeer)\s+(ik|we|wij)\s+{_FILLER}{_ZELF}"
    # "ik wil het eerst zelf proberen", "we gaan het zelf aanvragen"
    r"|\b(ik|we|wij)\s+(wil|willen|ga|gaan)\s+((het|dat)\s+)?((eerst|liever|wel|thuis|gewoon)\s+)*"
    r"zelf\s+(doen|regelen|proberen|invullen|aanvragen|versturen)\b"
    # "hoe ik dat zelf doe"
    r"|\bik\s+(het|dat|dit)\s+zelf\s+(doe|regel|invul)\b"
    r"|\bi(\s+will|\s+ll)\s+do\s+(it|the rest)\s+myself\b"
)
# "Ik kan het niet zelf", "als het niet lukt", "ik weet niet hoe": needing help.
_NEEDS_HELP = re.compile(
    r"\b(kan|kun|lukt|durf|mag|weet|snap|begrijp)\b(\s+\w+){0,3}\s+niet\b"
    r"|\bniet\s+(\w+\s+){0,2}(zelf|lukt|lukken)\b|\bzelf\s+(\w+\s+){0,2}(niet|nooit)\b"
    r"|\b(fout|hulp|help\w*|lastig|moeilijk)\b"
    r"|\b(cannot|can t|not|help)\b"
)
# Staff still asked to act: a modal or an account verb with u/jij/je/jullie, "als u ...",
# an imperative to log in, "of doet u het?", or "you" in English. Showing or explaining
# where to click is no act in the account.
_SHOW_ME = (
    r"(?!\s+((even|misschien|alstublieft|aub|dan|niet)\s+)*((me|mij|ons)\s+)?((even|dan)\s+)?"
    r"(laten zien|uitleggen|vertellen|zeggen|wijzen|tonen)\b)"
)
_STAFF_ASKED = re.compile(
    # "Kunt u me laten zien waar ...": showing or explaining asks nothing in the account.
    rf"\b(kunt|kun|kan|wilt|wil|zou|moet|moeten|mag|mogen|kunnen|willen)\s+(u|jij|je|jullie)\b{_SHOW_ME}"
    r"|\b(u|jij|je|jullie)\s+(kunt|kan|wilt|wil|moet|moeten|mag|mogen|zou|kunnen|willen"
    r"|doet|doen|vult|vullen|typt|typen|tikt|regelt|regelen|drukt|drukken|klikt|klikken"
    r"|maakt|verstuurt|versturen|leest|logt|loggen|keurt|voert|neemt)\b"
    r"|\b(doe|vul|typ|tik|regel|druk|klik|maak|verstuur|lees|log|keur)\s+(u|jij|je|jullie)\b"
    r"|\b(als|zodat|terwijl|wanneer)\s+(u|jij|je|jullie)\b"
    r"|\blog\s+((even|maar|dan|gewoon|aub)\s+)*in\b"
    r"|\bjullie\b|\b(of|en)\s+(doet|doen|kunt|kan|wilt)\s+(u|jij|je|jullie)\b"
    r"|\byou\b"
)


def does_it_themselves(text: str) -> bool:
    """Whether the words say the visitor does the step on their own, and ask staff nothing."""
    words = normalize(text)
    return (
        bool(_ON_THEIR_OWN.search(words))
        and not _NEEDS_HELP.search(words)
        and not _STAFF_ASKED.search(words)
    )
