"""Passwords, PINs and SMS or activation codes: values near a word that names them.

Visitors do not write "wachtwoord: X". They write "ww is Zomer2024!",
"de code uit de sms is 48 29 17", "ik kreeg een sms met 123456" or
"482913 is de code". So a context word opens a window of a few words on both
sides, and within it:

- a value named directly ("wachtwoord (van digid) is X", "X is mijn ww",
  "pincode 1234") is a secret, even when it looks like a date, unless it is a
  word that describes the secret ("wachtwoord is vergeten");
- any other code-like value (5 to 8 digits in any grouping, 4 near "pin", a
  token mixing letters and digits, capital groups joined by dashes) is a secret
  too, unless it is a date, an amount, a year, a time, a postcode or a phone
  number.

"ww" (also the unemployment benefit) and "pass" are weaker words: what they
name must look like a password, so "mijn WW is gestopt" keeps its meaning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from enum import Enum

from wegwijzer.pii.text import Chain, Span, Token, chains, overlaps, tokens, window, word_positions

WINDOW = 6
# Words allowed between a context word and "is" ("de code uit de sms is ...").
MAX_FILLERS = 4


class Context(Enum):
    PASSWORD = "password"
    WEAK = "weak"  # "ww", "pass": only what looks like a password
    CODE = "code"
    LETTERS = "letters"  # activation and link codes may be letters only
    PIN = "pin"  # a PIN may have four digits
    TYPED = "typed"  # "kunt u 482913 intypen": only five or six digits close by


_PASSWORD = re.compile(
    r"(?:digid-?|inlog-?)?(?:wachtwoord(?:je|en)?|password|paswoord|passwoord)|pw|pwd"
)
_WEAK = frozenset({"ww", "pass"})
_CODE = re.compile(
    r"(?:sms|inlog|login|koppel|activerings|activatie|controle|verificatie|digid"
    r"|beveiligings|toegangs|bevestigings|tan|otp)?-?codes?|sms(?:je|jes|'je)?|tan|otp"
)
_LETTER_CODE = re.compile(
    r"(?:activerings|activatie|koppel|controle|verificatie|beveiligings|toegangs|bevestigings)"
    r"-?codes?"
)
_PIN = re.compile(r"pin(?:-?codes?)?")
# Asking someone to type or read out digits: an SMS code (six digits) or an app PIN
# (five) without its name. Forms are filled in with amounts too, so only those lengths.
_TYPING = frozenset(
    {
        *("intypen", "typen", "typ", "typt", "intikken", "tikken", "tik", "tikt", "intoetsen"),
        *("toets", "invullen", "vul", "vult", "invoeren", "voer", "voert", "voorlezen", "lees"),
        *("overtypen", "type", "enter", "read"),
    }
)
_TYPED_WINDOW = 3
# Words for an amount within this many words of the number, in its clause, make the
# digits an amount ("ik moet 230000 invullen als inkomen"). Whole words, or the end of a
# Dutch compound ("jaarinkomen"); topic names such as "huurtoeslag" are not amounts:
# visitors ask for a code to be typed for exactly those.
_MONEY_WINDOW = 5
# Of those, the words that say a number is an amount wherever they stand in the sentence.
_AMOUNT = ("bedrag", "euro", "inkomen", "salaris", "amount", "income", "salary")
_MONEY = (*_AMOUNT, "loon", "vermogen", "spaargeld", "kosten")
# Five digits are a PIN only in a request to someone else: "u", "jij", "please", or an
# imperative ("vul 12345 in"); "ik moet 23000 invullen" is a figure on a form.
_TO_SOMEONE = frozenset({"u", "jij", "je", "jullie", "you", "please", "pls"})
_IMPERATIVE = frozenset({"typ", "tik", "vul", "voer", "toets", "lees", "type", "enter", "read"})
# A number named as something else ("klantnummer 204518 invullen", "kenmerk",
# "meterstand", "geboortedatum") or counted ("482913 kilometer") is no code.
_LABELLED = re.compile(r"\w*(nummer|nr|kenmerk|stand|postcode|datum)")
_UNITS = frozenset(
    {
        *("kilometer", "km", "meter", "kilo", "kg", "stappen", "stuks", "punten", "minuten"),
        *("paginas", "pagina", "pages", "steps", "points", "miles", "euro", "eur"),
    }
)
# The machines in the library have codes of their own.
_ELSEWHERE = ("printer", "kopieer", "kluis", "wifi", "locker", "pinautomaat", "computer")
# "Lees" and "read" ask someone else only with "voor" or "out": "I read 482913 pages".
_READING = frozenset({"lees", "read"})
_READ_OUT = frozenset({"voor", "out", "aloud"})
# The end of a clause: a comma or full stop followed by a space, not "1.234".
_CLAUSE_END = re.compile(r"[,.;?!](?=\s|$)")
_CLAUSE_MARKS = (", ", ". ", "; ", "? ", "! ")
_SENTENCE_MARKS = (". ", "; ", "? ", "! ")
# "12-03-80": a date with a short year, not a code written in pairs ("48 29 13").
_SHORT_DATE = re.compile(r"(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.]\d{2}")
# The newcomer languages (issue 20): Polish, Turkish, Ukrainian and Arabic words for a
# password are weak (only a value that looks like a password goes), so no list of
# descriptive words per language is needed; words for a code open a code window.
_FOREIGN_PASSWORD = frozenset(
    {
        *("hasło", "haslo", "hasła", "hasla", "hasłem", "haslem"),
        *("şifre", "sifre", "şifrem", "sifrem", "şifremi", "sifremi", "parola", "parolam"),
        *("пароль", "пароля", "паролем", "паролі"),
        *("باسورد", "الباسورد"),
    }
)
_FOREIGN_CODE = frozenset(
    {
        *("kod", "kodu", "kodem", "kody", "kodzik", "kodum", "kodunu"),
        *("код", "коду", "кодом", "коди"),
        *("رمز", "الرمز", "كود", "الكود"),
    }
)
# Words between a newcomer-language password word and its value: "my" and "is"
# ("الباسورد تبعي هو X", "الباسورد الخاص بي X", "пароль мій X", "hasło moje X").
_POSSESSIVES = frozenset(
    {"تبعي", "تبعى", "حقي", "بتاعي", "الخاص", "بي", "هو", "هي", "мій", "мой", "moje", "mój"}
    | {"taba3i", "tab3i", "ta3i", "dyali", "diali", "3andi", "3ndi", "ma3i", "m3i"}
)
# "الرقم السري": the secret number, a PIN.
_FOREIGN_PIN = frozenset({"السري"})
_SIGNS = frozenset({":", "=", "-", "=>", "->"})
_QUOTES = "\"'‘’“”„"
# "huwa"/"hiya": "is" in Arabizi ("el password taba3i huwa X").
_COPULA = frozenset(
    {
        "is",
        "was",
        "luidt",
        "wordt",
        "zijn",
        ":",
        "=",
        "-",
        "=>",
        "->",
        "huwa",
        "howa",
        "hiya",
        "hia",
    }
)
# Small words between a value and its name in "X is mijn wachtwoord".
_ARTICLES = frozenset({"mijn", "m'n", "mn", "de", "het", "uw", "je", "een", "digid", "sms"})
# Capitals that are names, not codes.
_ACRONYMS = frozenset({"DIGID", "IBAN", "BSN", "SMS", "UWV", "SVB", "CJIB", "DUO", "RDW", "CAK"})
# Words after "wachtwoord is" that describe the secret rather than reveal it (Dutch, then
# English: "my password is not working", issue 20).
_DESCRIPTIVE = """
    verlopen kwijt vergeten geblokkeerd ongeldig fout niet weg nodig nieuw nieuwe oud oude
    veranderd gewijzigd goed juist onjuist verkeerd onbekend bekend gestolen gehackt verdwenen
    vergrendeld geldig correct lastig moeilijk makkelijk zwak sterk lang kort anders veilig
    onveilig gewoon hetzelfde zelfde gelijk precies zeker nu dan toen te van voor bij in op
    per via met om en of maar dat die dit het de een mijn uw je jouw zijn haar ik u we wij ze
    zij hier daar aangevraagd gekregen ontvangen binnen komt kwam sturen gestuurd opgestuurd
    vergeet werkt klopt aanvragen wijzigen veranderen resetten herstellen invullen intypen
    geven al ook nog echt toch dus niks niets geen misschien waarschijnlijk helaas weer
    alweer steeds altijd nooit wel erg heel zo wat hoe waar wie welke welk weggehaald
    sinds vanaf tot na over onder door zonder bijna pas net gisteren vandaag morgen vorige
    volgende deze week maand jaar dag keer opnieuw meer minder ingevuld ingetypt gebruikt
    geweigerd afgewezen geaccepteerd vervallen kapot stuk raar vreemd zelf simpel eenvoudig
    geheim privé persoonlijk belangrijk
    invoeren ingevoerd intikken ingetikt tikken getikt typen getypt overtypen overgetypt
    plakken geplakt kopieren gekopieerd scannen gescand gebruiken activeren geactiveerd
    aanmaken aangemaakt opvragen opgevraagd ophalen opgehaald doorgeven doorgegeven
    voorlezen voorgelezen bewaren bewaard vinden gevonden zoeken versturen verstuurd
    krijgen kreeg bevestigen bevestigd controleren gecontroleerd invoer ontvangst
    intoetsen ingetoetst ingeven ingegeven terugvinden teruggevonden overnemen overgenomen
    aflezen afgelezen tonen getoond geeft verloopt staat stond binnengekomen zoekgeraakt
    not no expired lost forgotten blocked locked invalid wrong incorrect correct right gone
    new old changed stolen hacked working still too the a my your same different
    enter entered type typed use used paste scan received send sent
    """
# Arabizi (Arabic in Latin letters, issue 20) writes sounds with digits: "taba3i" (my),
# "3andi" (I have), "a3mel" (I do). Near a password word these are words, not codes;
# named outright ("wachtwoord is 3andi", "password: taba3i") they are still removed.
_ARABIZI = """
    taba3i tab3i ta3i ta3ie taba3ak tab3ak ta3ak 3andi 3ndi 3andak 3ndak 3andi 3andna ma3i
    m3i ma3ak a3mel a3ml na3mel n3mel 3amel 3mel 3amalt 3melt 7aseb 7asab 7sab l7sab
    ba3d b3d 3ala 3la wa7ed wa7d wa7da ma3lesh ma3lish sa3dni sa3edni sa3idni 3afak 3afek
    3tini a3tini 3tih 5ase2 khase2 ghalat ghalt 2alli 2al ya3ni y3ni 3aref 3arf ba3ref
    ma3ref mab3arafsh 3ayez 3ayz 7ad 7add 7aja 7aga 7ata 7atta sa7 s7i7 sa7i7 ra2m r2m
    """
ARABIZI_WORDS = frozenset(_ARABIZI.split())
NOT_A_SECRET = frozenset(_DESCRIPTIVE.split())
# "06-nummer", "18-plusser", "3-jarig": a number joined to a word is no code;
# "12a", "10bis": a house number is not one either.
_NUMBER_WORD = re.compile(r"\d+(?:-[a-z]{2,})+|\d{1,4}[a-zA-Z]{1,3}")
_CAPITAL_GROUPS = re.compile(r"[A-Z0-9]{3,6}(?:-[A-Z0-9]{3,6}){1,4}")
# One group of a code typed with spaces: "ABCD EFGH J".
_GROUP = re.compile(r"[A-Z0-9]{1,6}")
_SYMBOLS = frozenset("!@#$%&*+=?~^_")


_BY_WORD = dict.fromkeys(_FOREIGN_CODE, Context.CODE) | dict.fromkeys(_TYPING, Context.TYPED)


def context_of(word: str) -> Context | None:
    if _PIN.fullmatch(word) or word in _FOREIGN_PIN:
        return Context.PIN
    if _LETTER_CODE.fullmatch(word):
        return Context.LETTERS
    if _CODE.fullmatch(word):
        return Context.CODE
    if _PASSWORD.fullmatch(word):
        return Context.PASSWORD
    if word in _WEAK or word in _FOREIGN_PASSWORD:
        return Context.WEAK
    return _BY_WORD.get(word)


def looks_like_password(value: str) -> bool:
    """Five or more characters: letters with digits, or letters with a symbol inside."""
    if len(value) < 5 or not any(c.isalpha() for c in value) or _NUMBER_WORD.fullmatch(value):
        return False
    if value.lower() in ARABIZI_WORDS:
        return False
    return any(c.isdigit() for c in value) or any(c in _SYMBOLS for c in value[:-1])


def looks_like_code(value: str) -> bool:
    """Capital or digit groups joined by dashes, letters mixed with digits, or capitals only."""
    if _CAPITAL_GROUPS.fullmatch(value):
        return True
    if not (5 <= len(value) <= 16 and value.isalnum()):
        return False
    if any(c.isdigit() for c in value):
        return (
            any(c.isalpha() for c in value)
            and not _NUMBER_WORD.fullmatch(value)
            and value.lower() not in ARABIZI_WORDS
        )
    return value.isupper() and value not in _ACRONYMS


class _Reader:
    """One pass over a normalised text: its tokens, digit chains and protected spans."""

    def __init__(self, text: str, never: list[Span], kept: list[Span], soft: list[Span]) -> None:
        self.text = text
        self.tokens = tokens(text, lambda word: context_of(word) is not None)
        self.never = never
        self.protected = never + kept + soft
        # A value named directly may look like a date; one found nearby may not.
        self.named_chains = chains(text, never)
        self.nearby_chains = chains(text, never + kept)
        self.positions = word_positions(self.tokens, self.named_chains)
        # Which protected span (if any) each digit group lies in: a named number
        # runs on only through groups of the same kind ("12-03-2024 1234" is two).
        self.protected_by = {
            group: next((p for p in self.protected if overlaps(group, [p])), None)
            for chain in self.named_chains
            for group in chain.groups
        }
        # Read once: every typing verb and every number beside one looks at these.
        self.words = [token.word for token in self.tokens]
        self.word_set = frozenset(self.words)
        self.starts = [token.start for token in self.tokens]
        self.ends = [token.end for token in self.tokens]
        self.chain_starts = [chain.span()[0] for chain in self.nearby_chains]

    def _value(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    def _chain(self, token: Token, forward: bool) -> Span | None:
        """The number starting (or ending) at this token, as far as it goes."""
        start, end = token.value_span
        for chain in self.named_chains:
            for index, (group_start, group_end) in enumerate(chain.groups):
                if forward and group_start == start:
                    return self._run(chain, index, 1)
                if not forward and group_end == end:
                    return self._run(chain, index, -1)
        return None

    def _run(self, chain: Chain, index: int, step: int) -> Span:
        last = index
        kind = self.protected_by[chain.groups[index]]
        while 0 <= last + step < len(chain.groups):
            if self.protected_by[chain.groups[last + step]] != kind:
                break
            last += step
        return chain.span(min(index, last), max(index, last))

    def named(self, token: Token, context: Context, forward: bool = True) -> Span | None:
        """The value a context word names, if it can be one."""
        span = token.value_span
        value = self._value(span)
        number = None if any(c.isalpha() for c in value) else self._chain(token, forward)
        if number is not None:
            digits = sum(c.isdigit() for c in self._value(number))
            if context is Context.WEAK:
                ok = digits >= 5 and not overlaps(number, self.protected)
            else:
                ok = digits >= 4
            return number if ok else None
        if not value or value.startswith("[") or overlaps(span, self.never):
            return None
        if context in (Context.CODE, Context.LETTERS):
            run = self._groups(token, context)
            if run is not None:
                return run
        quoted = token.raw[0] in _QUOTES  # "wachtwoord is 'Mijn tuin 7'": all of it
        if value.lower().rstrip("!") in NOT_A_SECRET and not quoted:
            return None
        if context is Context.PASSWORD:
            ok = any(c.isalnum() for c in value)
        elif context is Context.WEAK:
            ok = looks_like_password(value)
        else:
            ok = looks_like_code(value) or looks_like_password(value)
            if context is Context.LETTERS:
                ok = ok or (value.isalpha() and len(value) >= 4)
        return span if ok else None

    def _groups(self, token: Token, context: Context) -> Span | None:
        """A code typed in groups of capitals and digits ("ABCD EFGH J", "K7XP 2QRT").

        Each group alone may look like no code at all, so the run is judged as one.
        """
        toks = self.tokens
        index = bisect_left(self.starts, token.start)
        parts: list[Token] = []
        for k in range(index, len(toks)):
            value = self._value(toks[k].value_span)
            if (
                not _GROUP.fullmatch(value)
                or value in _ACRONYMS
                or value.lower() in NOT_A_SECRET
                or (parts and parts[-1].raw[-1] in ".,;:?!")
            ):
                break
            parts.append(toks[k])
        joined = "".join(self._value(t.value_span) for t in parts)
        if len(parts) < 2 or not 5 <= len(joined) <= 16 or not any(c.isalpha() for c in joined):
            return None
        run = (parts[0].value_span[0], parts[-1].value_span[1])
        if not joined.isalpha():
            return run if looks_like_code(joined) else None
        # Letters only: after an activation or link-code word ("de sms: BEL ONS NU" is
        # text), in groups of one length, the last no longer ("ABC DEF GHI", "ABCD EFGH
        # J"); "ABN AMRO", "ING BANK" and "NL ALERT" are names.
        sizes = [len(self._value(t.value_span)) for t in parts]
        regular = sizes[0] >= 3 and len(set(sizes[:-1])) == 1 and sizes[-1] <= sizes[0]
        return run if context is Context.LETTERS and regular else None

    def _password_end(self, index: int) -> int:
        """Where a password named at token `index` ends: a quoted one at its closing
        quote; otherwise it takes along up to two following parts with a digit or a
        symbol ("Zomer 2024", "appel taart!").
        """
        toks = self.tokens
        first = toks[index]
        if first.raw[0] in _QUOTES and first.raw.rstrip(".,;:?!")[-1:] not in _QUOTES:
            for k in range(index + 1, min(len(toks), index + 5)):
                if toks[k].raw.rstrip(".,;:?!")[-1:] in _QUOTES:
                    return toks[k].value_span[1]
        end = first.value_span[1]
        for k in range(index + 1, min(len(toks), index + 3)):
            if toks[k - 1].raw[-1] in ".,;?" or toks[k].word in NOT_A_SECRET:
                break
            part = toks[k].raw
            if not any(c.isdigit() or c in _SYMBOLS for c in part):
                break
            end = toks[k].value_span[1]
        return end

    def direct(self, index: int, context: Context) -> Iterable[Span]:
        """`word X`, `word (fillers) is X` after the word; `X is (mijn) word` before it."""
        # Without "is" the value must look like one ("code aanvragen" is not a code).
        loose = Context.WEAK if context is Context.PASSWORD else context
        yield from self._right_after(index, loose)
        yield from self._after_copula(index, context)
        yield from self._before(index, loose)

    def _right_after(self, index: int, context: Context) -> Iterable[Span]:
        toks = self.tokens
        if toks[index].raw[-1] in ".?!,":
            return
        if toks[index].word in _FOREIGN_PASSWORD or context is Context.WEAK:
            # "الباسورد تبعي X", "password taba3i X": "my" between the word and its value.
            while index + 1 < len(toks) and toks[index + 1].word in _POSSESSIVES:
                index += 1
        if index + 1 < len(toks):
            following = toks[index + 1]
            if following.word not in _COPULA:
                span = self.named(following, context)
                if span is not None:
                    yield span

    def _after_copula(self, index: int, context: Context) -> Iterable[Span]:
        toks = self.tokens
        for j in range(index + 1, min(len(toks), index + 2 + MAX_FILLERS)):
            if toks[j].word in _COPULA or toks[j].raw in _SIGNS:
                k = j + 1
                while k < len(toks) and toks[k].raw in _SIGNS:  # "is : X", "= > X"
                    k += 1
                span = self.named(toks[k], context) if k < len(toks) else None
                if span is not None and context is Context.PASSWORD:
                    span = (span[0], max(span[1], self._password_end(k)))
                if span is not None:
                    yield span
                return
            filler_digits = (
                any(c.isdigit() for c in toks[j].raw) and toks[j].word not in ARABIZI_WORDS
            )
            if filler_digits or toks[j].raw[-1] in ".?!":
                return

    def _before(self, index: int, context: Context) -> Iterable[Span]:
        toks = self.tokens
        j = index - 1
        while j >= 0 and index - j <= 3 and toks[j].word in _ARTICLES:
            j -= 1
        if j >= 1 and toks[j].word in ("is", "was", "="):
            span = self.named(toks[j - 1], context, forward=False)
            if span is not None:
                yield span

    def nearby(self, index: int, context: Context) -> Iterable[Span]:
        """Code-like values within WINDOW tokens on either side, not protected."""
        low, high = window(self.tokens, self.positions, index, WINDOW)
        least = 4 if context is Context.PIN else 5
        for chain in self.nearby_chains:
            span = chain.span()
            # A year or a time is one only alone: "00.00 0" is not a time.
            inside = any(p[0] <= span[0] and span[1] <= p[1] for p in self.protected)
            if not low <= span[0] < high or inside:
                continue
            count = len(chain.digits(self.text))
            if least <= count <= 8:
                yield span
            elif count > 8:
                yield from (g for g in chain.groups if least <= g[1] - g[0] <= 8)
        for token in self.tokens:
            span = token.value_span
            if not low <= span[0] < high:
                continue
            value = self._value(span)
            if not value or value.startswith("[") or overlaps(span, self.protected):
                continue
            code = context in (Context.CODE, Context.LETTERS, Context.PIN)
            code = code and not value.isalpha()
            if looks_like_password(value) or (code and looks_like_code(value)):
                yield span

    def typed(self, index: int) -> Iterable[Span]:
        """Five or six digits beside a typing verb: "typ 482913 maar in"."""
        verb = self.words[index]
        if verb in _READING and not _READ_OUT & self.word_set:
            return
        asked = bool(_TO_SOMEONE & self.word_set) or verb in _IMPERATIVE
        low, high = window(self.tokens, self.positions, index, _TYPED_WINDOW)
        first, last = bisect_left(self.chain_starts, low), bisect_left(self.chain_starts, high)
        for chain in self.nearby_chains[first:last]:
            span = chain.span()
            inside = any(p[0] <= span[0] and span[1] <= p[1] for p in self.protected)
            if inside or self._named_otherwise(span):
                continue
            count = len(chain.digits(self.text))
            if count == 6 or (count == 5 and asked):
                yield span
        if asked:
            # A code with letters in it, or a typo ("kunt u 4829l3 intypen").
            for token in self.tokens[
                bisect_left(self.starts, low) : bisect_left(self.starts, high)
            ]:
                value = self._value(token.value_span)
                mixed = any(c.isdigit() for c in value) and looks_like_code(value)
                if mixed and not overlaps(token.value_span, self.protected):
                    yield token.value_span

    def _named_otherwise(self, span: Span) -> bool:
        """A short date, an amount, or a number with a label before it or a unit after it."""
        if _SHORT_DATE.fullmatch(self.text[span[0] : span[1]]):
            return True
        # Tokens before last_before end before the number; from first_after on, they start after it.
        last_before = bisect_right(self.ends, span[0])
        first_after = bisect_left(self.starts, span[1])
        if (last_before and _LABELLED.fullmatch(self.words[last_before - 1])) or (
            first_after < len(self.words) and self.words[first_after] in _UNITS
        ):
            return True
        # Money words close by, in the same clause ("23000 invullen bij de huurtoeslag"),
        # or a word for an amount earlier in the sentence ("welk bedrag vul ik in,
        # 23000?"); not "ik heb huurtoeslag, kunt u 482913 intypen", "typ 482913 in,
        # ik heb schulden" or "kunt u 482913 intypen? ik moet mijn huur betalen".
        head = self.text[: span[0]]
        sentence = max((head.rfind(c) + 1 for c in _SENTENCE_MARKS), default=0)
        clause = max((head.rfind(c) + 1 for c in _CLAUSE_MARKS), default=0)
        found = _CLAUSE_END.search(self.text, span[1])
        end = found.start() + 1 if found else len(self.text)
        from_clause = max(bisect_left(self.starts, clause), last_before - _MONEY_WINDOW)
        to_clause = min(bisect_right(self.ends, end), first_after + _MONEY_WINDOW)
        near = self.words[from_clause:last_before] + self.words[first_after:to_clause]
        earlier = self.words[bisect_left(self.starts, sentence) : last_before]
        # A library machine's own code, in the same clause ("de printer vraagt 482913").
        if any(word.startswith(_ELSEWHERE) for word in near):
            return True
        return any(word.endswith(_MONEY) for word in near) or any(
            word.endswith(_AMOUNT) for word in earlier
        )

    def spans(self) -> Iterable[Span]:
        for index, token in enumerate(self.tokens):
            context = context_of(token.word)
            if context is Context.TYPED:
                yield from self.typed(index)
            elif context is not None:
                yield from self.direct(index, context)
                yield from self.nearby(index, context)


def secret_spans(text: str, never: list[Span], kept: list[Span], soft: list[Span]) -> list[Span]:
    """Spans of passwords and codes in a normalised text.

    `never`: spans that are something else (phone numbers, e-mail addresses);
    `kept`: dates and amounts, a secret only when named directly;
    `soft`: years, times, postcodes, links, a secret only when named directly.
    """
    return list(_Reader(text, never, kept, soft).spans())
