"""Pure text normalisation shared by the resolver and the matcher: folding, name keys, title parts.

Nothing here touches the database or scores strings; keys made here feed the candidate index, so
two spellings of one name must fold to the same key as often as possible without merging strangers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reconcile import limits

# The same few thousand names and titles recur across a batch: their normal forms are computed once.
CACHE_SIZE = 1 << 17

HONORIFICS = frozenset(
    "dr mr mrs ms miss prof professor sir dame sheikh shaikh h e he hon amb ambassador gen general col".split()
)
# Ranks and offices said before a name as a form of address ('Trooper William Hakim', 'Capt. Tom Tennant'):
# like honorifics, reports add or omit them, so they are no part of the name itself.
ADDRESS_RANKS = frozenset(
    """capt captain lt lieutenant sgt sergeant cpl corporal pte pvt trooper officer const constable det detective
    insp inspector supt superintendent cmdr commander adm admiral maj major brig rev reverend fr father sen senator
    rep gov governor pres president judge justice chief deputy mayor""".split()
)
# Short forms of English given names that a report may use for the formal one ('Bill Hakim' = 'William Hakim').
NICKNAMES = {
    short: formal
    for formal, shorts in (
        ("william", "bill billy will willie"),
        ("robert", "bob bobby rob robbie bert"),
        ("richard", "rick ricky dick rich"),
        ("michael", "mike mick mickey"),
        ("james", "jim jimmy jamie"),
        ("thomas", "tom tommy"),
        ("joseph", "joe joey"),
        ("anthony", "tony"),
        ("david", "dave davey"),
        ("daniel", "dan danny"),
        ("christopher", "chris"),
        ("matthew", "matt"),
        ("stephen", "steve"),
        ("edward", "ed eddie ted teddy"),
        ("andrew", "andy drew"),
        ("alexander", "alex"),
        ("samuel", "sam sammy"),
        ("benjamin", "ben benny"),
        ("nicholas", "nick nicky"),
        ("patrick", "pat paddy"),
        ("elizabeth", "liz lizzie beth betty"),
        ("katherine", "kate katie kathy"),
        ("jennifer", "jenny jen"),
        ("margaret", "peggy meg maggie"),
        ("susan", "sue susie"),
        ("john", "jack johnny"),
        ("lawrence", "larry"),
        ("gerald", "jerry"),
        ("gregory", "greg"),
        ("jeffrey", "jeff"),
        ("kenneth", "ken kenny"),
        ("ronald", "ron ronnie"),
        ("donald", "don donnie"),
        ("frederick", "fred freddie"),
        ("henry", "hank harry"),
        ("charles", "charlie chuck"),
        ("timothy", "tim timmy"),
        ("douglas", "doug"),
        ("raymond", "ray"),
        ("philip", "phil"),
    )
    for short in shorts.split()
}
PARTICLES = frozenset("al el ul ad ar as at an bin ibn bint ben abu abou de da di del della van von der la le".split())
STOPWORDS = frozenset("the of for and in at to on a an de".split())
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_VOWELS = frozenset("aeiouy")
_DOCUMENT_NUMBER = re.compile(r"\b(\d{2,5})\b")
_SUFFIXES = ("ations", "ation", "ating", "ated", "ions", "ion", "ing", "ern", "ers", "er", "es", "s", "e")

# Words that name the same rank of office ("head of the SNC" = "President of the SNC").
RANK_SYNONYMS = {
    "president": "head",
    "chair": "head",
    "chairman": "head",
    "chairwoman": "head",
    "chairperson": "head",
    "leader": "head",
    "chief": "head",
    "director": "head",  # 'Director of Consular Affairs' is the head of that department
    "director general": "head",
    "special envoy": "envoy",
    "representative": "envoy",
    "special representative": "envoy",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "official spokesperson": "spokesperson",
    "general secretary": "secretary general",
    "vice president": "deputy head",
    "deputy leader": "deputy head",
    "deputy chair": "deputy head",
    "vice minister": "deputy minister",
    "top diplomat": "minister",  # newsroom for a foreign minister; the portfolio is filled in below
}
# Words that add nothing to a portfolio: 'Middle East Affairs' is the 'Middle East' portfolio.
PORTFOLIO_NOISE = frozenset({"affairs", "affair"})
# Adjectives of nationality that prefix a title without changing the post ("U.S. Deputy Assistant Secretary").
NATIONALITY_PREFIXES = frozenset("us u s american french turkish syrian british german russian un".split())


@lru_cache(maxsize=CACHE_SIZE)
def fold(text: str) -> str:
    """Lowercase, accents removed, punctuation to spaces, dotted acronyms joined (U.S. -> us)."""
    text = _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain.replace("_", " ")).lower().split())


def strip_honorifics(folded: str) -> str:
    """Drop leading honorifics and ranks, which reports add or omit at will (Dr. Badr Jamous = Badr Jamous)."""
    words = folded.split()
    while len(words) > 1 and (words[0] in HONORIFICS or words[0] in ADDRESS_RANKS):
        words.pop(0)
    return " ".join(words)


def formal_given_name(name: str) -> str:
    """A comparable person name with a short given name made formal ('bill hakim' -> 'william hakim'), so a
    name and its familiar form score as one name while each report's own spelling is kept."""
    first, _, rest = name.partition(" ")
    return f"{NICKNAMES[first]} {rest}" if rest and first in NICKNAMES else name


@lru_cache(maxsize=CACHE_SIZE)
def person_name(name: str) -> str:
    """The comparable form of a person's name: folded, no honorifics, particles joined to what follows."""
    words = strip_honorifics(fold(name)).split()
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in PARTICLES:
            joined[-1] = joined[-1] + word
        else:
            joined.append(word)
    return " ".join(joined)


def skeleton(word: str) -> str:
    """A transliteration-tolerant key: first letter kept, later vowels dropped, doubled letters merged.

    Badr/Bader -> bdr, Abdulrahman/Abdurrahman stay close; used only for blocking, never as a verdict.
    """
    if not word:
        return ""
    out = [word[0]]
    for ch in word[1:]:
        if ch in _VOWELS or ch == out[-1]:
            continue
        out.append(ch)
    return "".join(out)


def person_keys(name: str) -> set[str]:
    """Blocking keys for a person: surname skeleton, and given-name skeleton with surname initial.

    Particles are left out (al-Assad and Assad share a key); honorifics too.
    """
    words = [w for w in strip_honorifics(fold(name)).split() if w not in PARTICLES]
    if not words:
        return set()
    surname = skeleton(words[-1])
    keys = {f"sn:{surname}"}
    if len(words) > 1:
        keys.add(f"gn:{skeleton(words[0])}:{surname[:1]}")
    return keys


def stem(word: str) -> str:
    """Crude English suffix stripping so word forms meet (Negotiating/Negotiation -> negoti)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=CACHE_SIZE)
def stemmed(text: str) -> str:
    """Significant words of a name, stemmed, in order (the comparable form of organisation names)."""
    return " ".join(stem(w) for w in fold(text).split() if w not in STOPWORDS)


@lru_cache(maxsize=CACHE_SIZE)
def acronym(text: str) -> str | None:
    """The acronym a name is or would have: 'SNC' -> snc, 'Syrian Negotiating Commission' -> snc."""
    folded = fold(text)
    words = folded.split()
    if len(words) == 1 and 2 <= len(words[0]) <= 6 and text.strip(". ").replace(".", "").isupper():
        return words[0]
    significant = [w for w in words if w not in STOPWORDS]
    if len(significant) >= 2:
        return "".join(w[0] for w in significant)
    return None


def document_number(name: str) -> str | None:
    """The number of a numbered document (UNSCR 2254, Resolution 2254 -> 2254), else None."""
    match = _DOCUMENT_NUMBER.search(name)
    return match.group(1) if match else None


def entity_keys(entity_type: str, name: str) -> set[str]:
    """Blocking keys for one name of an entity of `entity_type`; candidates share at least one.

    Keys are cut to the stored length: folding can lengthen a name (ß -> ss), and a cut key still
    finds the candidates that the matcher then compares in full.
    """
    return {key[: limits.NAME] for key in _entity_keys(entity_type, name)}


def _entity_keys(entity_type: str, name: str) -> set[str]:
    if entity_type == "person":
        return person_keys(name)
    if entity_type == "document":
        number = document_number(name)
        return {f"num:{number}"} if number else {f"name:{stemmed(name)}"}
    keys = {f"name:{stemmed(name)}"}
    short = acronym(name)
    if short:
        keys.add(f"acr:{short}")
    return keys


@dataclass(frozen=True)
class TitleParts:
    """A job title split into its rank, the portfolio it covers, where that portfolio sits, and the
    nationality it was prefixed with ('Turkish Foreign Minister' -> minister, foreign, '', turkish)."""

    rank: str
    portfolio: str
    within: str
    nationality: tuple[str, ...] = ()


_PORTFOLIO = re.compile(r"\b(?:of|for|to)\b")
_WITHIN = re.compile(r"\b(?:at|in)\b")
_PREFIX_RANKS = frozenset({*RANK_SYNONYMS, "head", "minister", "director", "spokesperson", "member", "chair"})
# Words that belong to a rank rather than to its portfolio ('Deputy Foreign Minister' -> deputy minister).
RANK_MODIFIERS = frozenset("deputy assistant acting special senior vice first under prime".split())


@lru_cache(maxsize=CACHE_SIZE)
def title_parts(title: str) -> TitleParts:
    """'Deputy Assistant Secretary for the Levant in the Bureau of X' -> rank, 'levant', 'bureau x'.

    Prefix forms ('National Coalition head', 'Turkish Foreign Minister') keep their last word as the
    rank and the rest as the portfolio. 'of State' belongs to the rank of US secretaries, so it is
    dropped, and so is a leading nationality ('U.S. Deputy Assistant Secretary').
    """
    folded_title = re.sub(r"\bsecretary of state\b", "secretary", fold(title))
    folded_title = re.sub(r"\btop diplomat\b", "foreign minister", folded_title)
    words = folded_title.split()
    nationality = []
    while len(words) > 1 and words[0] in NATIONALITY_PREFIXES | {"the"}:
        word = words.pop(0)
        if word != "the":
            nationality.append(word)
    folded = " ".join(words)
    match = _PORTFOLIO.search(folded)
    rank, rest = (folded[: match.start()], folded[match.end() :]) if match else (folded, "")
    rank_words = [w for w in rank.split() if w not in STOPWORDS]
    if len(rank_words) > 1 and rank_words[-1] in _PREFIX_RANKS:
        qualifiers = [w for w in rank_words[:-1] if w not in RANK_MODIFIERS]
        rest = " ".join([*qualifiers, rest]).strip()
        rank_words = [w for w in rank_words[:-1] if w in RANK_MODIFIERS] + rank_words[-1:]
    inner = _WITHIN.search(rest)
    portfolio, within = (rest[: inner.start()], rest[inner.end() :]) if inner else (rest, "")
    rank = " ".join(rank_words)
    portfolio = " ".join(w for w in portfolio.split() if w not in PORTFOLIO_NOISE)
    return TitleParts(RANK_SYNONYMS.get(rank, rank), stemmed(portfolio), stemmed(within), tuple(nationality))


def normalise_value(prop: str, value: str) -> str:
    """The comparable form of a claim value; entity-valued properties compare entities, not strings."""
    if prop == "date":
        return value
    if prop == "name":
        return person_name(value)
    if prop in ("topic", "stance", "quote"):
        return stemmed(value)  # free text compares on its content words
    return fold(value)


# Agencies and reports round an earthquake's magnitude differently (6.1 and 6.2 for one quake), and a turnout
# or a share of the vote ('64 percent' against '63.8%'): two values this far apart or nearer can both be true.
MAGNITUDE_TOLERANCE = 0.2
TOLERANCES = {"magnitude": MAGNITUDE_TOLERANCE, "turnout": 1.0, "vote_share": 1.0}


# Amounts of money are rounded in the telling ('$1.65 billion', '$1.6bn'): two within 5% of each other can both be
# true, as a magnitude within 0.2 can.
AMOUNT_ROUNDING = 0.05


def number_interval(prop: str, value: str) -> tuple[float, float]:
    """The interval a numeric claim's value states: a count's own ('at least 60'), a magnitude or a turnout
    widened by half its tolerance either side, so that two values overlap when they are at most that far apart,
    an amount of money ('1650000000 USD') widened by half its rounding, and a length ('3 hours') in minutes."""
    if prop in TOLERANCES:
        half = TOLERANCES[prop] / 2 + 1e-9
        return float(value) - half, float(value) + half
    if prop == "duration":
        number, unit = value.rsplit(" ", 1)
        low, high = count_interval(number)
        return low * MINUTES[unit], high * MINUTES[unit]
    if prop == "amount":
        low, high = count_interval(value.rsplit(" ", 1)[0])
        return low * (1 - AMOUNT_ROUNDING / 2), high * (1 + AMOUNT_ROUNDING / 2)
    return count_interval(value)


# A length's unit in minutes: '3 hours' and '180 minutes' are one length; months and years are calendar averages.
MINUTES = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080, "months": 43830, "years": 525960}


def currency(value: str) -> str:
    """The ISO code an amount of money is stated in: '1650000000 USD' -> 'USD'."""
    return value.rsplit(" ", 1)[-1]


def count_interval(value: str) -> tuple[int, float]:
    """The interval a count's value states: '60' -> (60, 60), 'at least 60' -> (60, inf), 'up to 40' -> (0, 40),
    '27-33' -> (27, 33)."""
    if value.startswith("at least "):
        return int(value.removeprefix("at least ")), math.inf
    if value.startswith("up to "):
        return 0, int(value.removeprefix("up to "))
    low, _, high = value.partition("-")
    return int(low), int(high or low)
