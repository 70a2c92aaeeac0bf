"""Amounts of money: what a deal cost, what was stolen, pledged, fined or paid, with its currency.

Reports of one deal or one donors' conference give its amount in many shapes ('$1.65 billion', 'US$1.65bn',
'1.65 billion dollars', 'more than €40m'), so each is read into one value: the interval a count would be, in
units of its currency, with the ISO code after it ('1650000000 USD', 'at least 40000001 EUR'). An amount is the
event's when the parse hangs it, within its sentence of the lead, on one of the event's triggers or on a verb of
paying or giving ('pledged $50 million', 'fined the bank $2.3bn', 'jewels worth 85 million euros'), or when it
stands just before a trigger ('the $1.65bn deal'). Word numbers are read with text2num, as counts are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from reconcile.extract.counts import bounded, interval_words, number_of
from reconcile.extract.parsed import sentences
from reconcile.extract.relations import ClaimDraft, EventDraft

SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "a$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "r$": "BRL",
}
# Currency nouns after the number; 'pounds' only with 'sterling' (a US report weighs in pounds), and 'won' and
# 'rand' only as nouns after a number (the tagger decides).
NOUNS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "riyal": "SAR",
    "riyals": "SAR",
    "dirham": "AED",
    "dirhams": "AED",
    "lira": "TRY",
    "shekel": "ILS",
    "shekels": "ILS",
    "naira": "NGN",
    "rand": "ZAR",
    "won": "KRW",
}
CODES = frozenset("USD EUR GBP JPY CNY INR RUB SAR AED TRY ILS NGN ZAR KRW AUD CAD HKD NZD SGD BRL CHF".split())
# Whose dollars: 'Australian dollars', 'Hong Kong dollars'.
DOLLAR_COUNTRIES = {
    "us": "USD",
    "u.s.": "USD",
    "american": "USD",
    "australian": "AUD",
    "canadian": "CAD",
    "kong": "HKD",
    "zealand": "NZD",
    "singapore": "SGD",
}
SCALES = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
}
_JOINED = re.compile(r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<s>k|m|mn|mln|bn|b|tn)", re.IGNORECASE)
# Verbs (and the adjective 'worth') whose amount is the event's: what was paid, pledged, given, fined or taken.
PAYING = frozenset(
    """pay paid pledge pledged promise promised give donate donated provide provided offer offered bid fine fined
    award awarded grant granted lend lent loan raise raised cost worth value valued sell sold buy bought spend spent
    invest invested seize seized steal stole stolen approve approved allocate allocated""".split()
)


@dataclass(frozen=True)
class Amount:
    """An amount of money as written: the interval in units of its currency, and where its words are."""

    low: int
    high: int | None
    currency: str
    start: int
    end: int
    words: tuple[int, int]  # token range of the number, the scale and the currency

    @property
    def value(self) -> str:
        return f"{interval_words(self.low, self.high)} {self.currency}"


def amount_claims(doc: Doc, event: EventDraft, until: int) -> list[ClaimDraft]:
    """The first amount the lead (up to `until`) gives for the event, as a claim on it."""
    triggers = {start for start, _ in event.triggers}
    for sentence in sentences(doc):
        if sentence.start_char >= until:
            break
        for amount in amounts(sentence):
            if _belongs(doc, amount, triggers):
                return [ClaimDraft(event, "amount", amount.value, amount.start, amount.end, "amount.parse")]
    return []


def amounts(sentence: Span) -> list[Amount]:
    """Every amount of money the sentence writes, left to right."""
    found = []
    doc, i = sentence.doc, sentence.start
    while i < sentence.end:
        amount = _amount_at(doc, i, sentence.end)
        if amount is None:
            i += 1
            continue
        found.append(amount)
        i = amount.words[1]
    return found


def money_of(doc: Doc) -> str | None:
    """The value of the one amount a parsed text states, as the extractor reads it (a claim's span must read back
    as its value); None when it states none or several."""
    found = amounts(doc[:])
    return found[0].value if len(found) == 1 else None


def _amount_at(doc: Doc, i: int, end: int) -> Amount | None:
    """The amount whose first word (a currency sign or the number) is token i, if one is."""
    token = doc[i]
    currency = SYMBOLS.get(token.lower_) or (token.text if token.text in CODES else None)
    first = i
    if currency is not None:
        i += 1
    number = _number_words(doc, i, end)
    if number is None:
        return None
    value, after = number
    if currency is None:
        currency, after = _currency_after(doc, after, end)
        if currency is None:
            return None
    (low, high), opening = bounded(doc, first, value)
    last = doc[after - 1]
    return Amount(low, high, currency, doc[opening].idx, last.idx + len(last.text), (first, after))


def _number_words(doc: Doc, i: int, end: int) -> tuple[int, int] | None:
    """The whole number (in currency units) written from token i with its scale ('1.65 billion', '2.3bn', 'fifty
    million', '$137-million'), and the index after its last word."""
    if i >= end:
        return None
    joined = _JOINED.fullmatch(doc[i].text)
    if joined is not None:
        return round(float(joined.group("n").replace(",", "")) * SCALES[joined.group("s").lower()]), i + 1
    words: list[Token] = []
    j = i
    while j < end and (doc[j].like_num and doc[j].tag_ == "CD" or words and doc[j].lower_ in SCALES):
        if doc[j].lower_ in SCALES and not words:
            break
        if _hyphen_to_scale(doc, j + 1, end):  # '137-million': the hyphen joins the number to its scale
            words.append(doc[j])
            j += 2
            continue
        words.append(doc[j])
        j += 1
        if words[-1].lower_ in SCALES:
            break
    if not words:
        return None
    scale = SCALES.get(words[-1].lower_, 1) if len(words) > 1 else 1
    numeral = words[:-1] if scale > 1 else words
    text = " ".join(t.text for t in numeral)
    try:
        number: float | None = float(text.replace(",", ""))
    except ValueError:
        number = number_of(text)
        if number is None and scale == 1:
            number = number_of(" ".join(t.text for t in words))
    return None if number is None else (round(number * scale), j)


def _hyphen_to_scale(doc: Doc, i: int, end: int) -> bool:
    """Whether token i is a hyphen written close between a number and a scale word."""
    return (
        i + 1 < end
        and doc[i].text in ("-", "–")
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].lower_ in SCALES
    )


def _currency_after(doc: Doc, i: int, end: int) -> tuple[str | None, int]:
    """The currency named after a number ('85 million euros', '2.3bn dollars', '12 million pounds sterling',
    'USD'), and the index after it."""
    if i >= end:
        return None, i
    word = doc[i]
    if word.text in CODES:
        return word.text, i + 1
    lower = word.lower_
    if lower in ("pound", "pounds") and i + 1 < end and doc[i + 1].lower_ == "sterling":
        return "GBP", i + 2
    for width in (1, 2):  # 'Australian dollars', 'Hong Kong dollars'
        if i + width < end and doc[i + width].lower_ in ("dollar", "dollars"):
            country = DOLLAR_COUNTRIES.get(doc[i + width - 1].lower_)
            if country is not None:
                return country, i + width + 1
    if lower in NOUNS and word.pos_ in ("NOUN", "PROPN"):
        return NOUNS[lower], i + 1
    return None, i


def _belongs(doc: Doc, amount: Amount, triggers: set[int]) -> bool:
    """Whether the parse hangs the amount on the event: on a trigger or a verb of paying among its heads, or just
    before a trigger ('the $1.65bn deal')."""
    first, after = amount.words
    if after < len(doc) and doc[after].idx in triggers:
        return True
    token: Token = next((w for w in doc[first:after] if not first <= w.head.i < after), doc[first])
    for _ in range(8):
        if token.idx in triggers or token.lemma_.lower() in PAYING or token.lower_ in PAYING:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False
