"""Words that say the visitor does the step themselves: no request that staff act.

"Het inloggen en invullen doe ik zelf", "ik doe het verder zelf hoor": the visitor
will act in their own account, so it is no request that staff do (the DigiD
boundary's `inloggen_voor_mij`), and no yes to a referral. Both models read the
rest of such sentences ("kunt u me laten zien waar ...") as a request to act.
"""

from __future__ import annotations

import re

from wegwijzer.text import normalize

_FILLER = (
    r"((het|dat|dit|alles|verder|wel|eerst|liever|maar|gewoon|dan|straks|thuis|vanavond|morgen)"
    r"\s+)*"
)
_ON_THEIR_OWN = re.compile(
    # "ik doe het verder zelf", "ik regel het thuis zelf wel", "we vullen het zelf in"
    rf"\b(ik|we|wij)\s+(doe|doen|regel|regelen|vul|vullen|probeer|proberen)\s+{_FILLER}zelf\b"
    # "het invullen doe ik zelf", "dan doe ik het thuis zelf wel"
    rf"|\b(doe|regel|vul|probeer)\s+(ik|we|wij)\s+{_FILLER}zelf\b"
    # "ja, doe het wel zelf" (short replies drop the "ik")
    r"|^(ja\s+|nee\s+|ok\s+|oke\s+)?(doe|regel|probeer|vul)\s+(het|ik het)\s+"
    r"((wel|eerst|liever|maar)\s+)*zelf\b"
    # "ik wil het eerst zelf proberen", "we gaan het zelf aanvragen"
    r"|\b(ik|we|wij)\s+(wil|willen|ga|gaan)\s+((het|dat)\s+)?((eerst|liever|wel|thuis|gewoon)\s+)*zelf\s+"
    r"(doen|regelen|proberen|invullen|aanvragen|versturen)\b"
    # "hoe ik dat zelf doe"
    r"|\bik\s+(het|dat|dit)\s+zelf\s+(doe|regel|invul)\b"
    r"|\bzelf\s+(proberen|doen|regelen)\s+(eerst|wel)\b"
    r"|\bi(\s+will|\s+ll)\s+do\s+(it|the rest)\s+myself\b"
)
# "Ik kan het niet zelf", "zelf lukt het niet": needing help is no "on my own".
_NEEDS_HELP = re.compile(
    r"\b(kan|kun|lukt|durf|mag)\b(\s+\w+){0,3}\s+niet\b"
    r"|\bniet\s+(\w+\s+){0,2}zelf\b|\bzelf\s+(\w+\s+){0,2}(niet|nooit)\b"
    r"|\b(cannot|can t|not)\b"
)
# "Ik doe zelf de DigiD en u vult de rest": the same words hand the rest to staff.
_HANDS_OVER = re.compile(
    r"\b(u|jij|je)\s+(doet|vult|typt|tikt|regelt|drukt|klikt|maakt|verstuurt|leest)\b"
    r"|\b(doet|vult|typt|tikt|regelt|drukt|klikt|verstuurt|leest)\s+(u|jij|je)\b"
)


def does_it_themselves(text: str) -> bool:
    """Whether the words say the visitor does the step on their own."""
    words = normalize(text)
    return (
        bool(_ON_THEIR_OWN.search(words))
        and not _NEEDS_HELP.search(words)
        and not _HANDS_OVER.search(words)
    )
