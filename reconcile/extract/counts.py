"""Tolls and counts: how many were killed, injured, missing or arrested, as an interval of what the report says.

Fact-checkers compare these numbers first ('at least 60 killed' against '115 dead'), so each count is read
from the parse, not from the words around it: the number (or 'dozens') counts a noun, or stands as one; the
noun is the subject of a passive or intransitive verb of dying, wounding, going missing or being arrested
('60 people were killed', '31 died', 'twelve crew members are missing'), the object of an active one
('killed 27 people', 'police arrested 12'), carries such a participle ('70 wounded', 'people left dead'), or
stands beside a toll ('the death toll rose to 133'). Who did the killing ('three gunmen killed 20') is the
active subject, and is not counted with the dead: a number on a noun for attackers counts the perpetrators.

The words modifying the number make the interval: 'at least 60' is [60, open), 'nearly 30' is [27, 30],
'about 30' [27, 33], 'up to 40' [0, 40], 'dozens' [24, 99]. Word numbers are read with text2num.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from reconcile.extract.clauses import background, in_background, set_in_earlier_year
from reconcile.extract.parsed import sentences
from reconcile.extract.relations import ClaimDraft, EventDraft

# The words that say what is counted, as lemmas and as written: the lemmatiser can leave a form as it is
# ('killing' as a noun's lemma) in one sentence and reduce it in the next.
MEASURES = {
    "killed": frozenset(
        """kill kills killed killing die dies died dying dead perish perished slay slew slain massacre massacred
        fatality fatalities death deaths""".split()
    ),
    "injured": frozenset("injure injures injured injuring wound wounds wounded wounding hurt hurting".split()),
    "missing": frozenset("missing unaccounted".split()),
    "arrested": frozenset("arrest arrests arrested arresting detain detains detained detaining".split()),
}
# Nouns that say how many were on board, counted when no verb of dying, wounding or going missing counts them
# ('carrying 150 passengers and six crew', 'a crew of 12'): the plane's or the ship's complement, not a toll.
ABOARD = {"passenger": "passengers", "crew": "crew", "crewman": "crew", "crewmen": "crew", "sailor": "crew"}
ON_BOARD = frozenset(ABOARD.values())
# Nouns for those who did it: a number on one counts the perpetrators ('four gunmen stormed the hall').
PERPETRATOR_NOUNS = frozenset(
    """gunman gunmen attacker attackers assailant assailants militant militants terrorist terrorists shooter shooters
    hijacker hijackers bomber bombers robber robbers thief thieves kidnapper kidnappers""".split()
)
TOLLS = frozenset({"killed", "injured", "missing"})
# Verbs whose active subject is the one counted ('31 died', 'twelve are missing'); for the others the active
# subject did it and the counted are the object or the passive subject.
_INTRANSITIVE = frozenset(
    "die dies died dying perish perished dead missing unaccounted fatality fatalities death deaths".split()
)
_TOLL = frozenset({"toll"})
_PERSON_NOUNS = frozenset({"death", "fatality"})
_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
_OBJECTS = frozenset({"obj", "dobj"})
_TOLL_SLOTS = frozenset({"obl", "nmod", "attr", "appos", "nummod", "pobj", "npadvmod", "obl:npmod"})
# Amount words that stand for a range rather than a number.
_VAGUE = {"dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2000, 9999)}
# Words before the number, longest first, and the interval they make of n.
_BOUNDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no", "fewer", "than"), "at least"),
    (("no", "less", "than"), "at least"),
    (("as", "many", "as"), "up to"),
    (("at", "least"), "at least"),
    (("more", "than"), "more than"),
    (("fewer", "than"), "fewer than"),
    (("less", "than"), "fewer than"),
    (("up", "to"), "up to"),
    (("at", "most"), "up to"),
    (("upwards", "of"), "at least"),
    (("close", "to"), "nearly"),
    (("over",), "more than"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
    (("about",), "about"),
    (("around",), "about"),
    (("approximately",), "about"),
    (("roughly",), "about"),
    (("some",), "about"),
    (("estimated",), "about"),
)


@dataclass(frozen=True)
class Count:
    """One count a report states: what is counted, the interval, and where the words and their verb are."""

    measure: str
    low: int
    high: int | None  # None: no upper bound ('at least 60')
    start: int
    end: int
    predicate: tuple[int, int]  # the verb or noun the count hangs on, the incident's trigger if it has none

    @property
    def text_value(self) -> str:
        return interval_words(self.low, self.high)


def find_counts(doc: Doc, published: dt.date | None = None) -> list[Count]:
    """Every count of the killed, injured, missing or arrested the report states outside background clauses;
    with the publication date, a count whose clause is set in an earlier year ('killed three men in the summer
    of 2012', 'since 2007, when 28 were killed') is background too."""
    found: dict[tuple[int, int], Count] = {}
    for token in doc:
        if not _is_amount(token):
            continue
        count = _count(token, published)
        if count is not None:
            found.setdefault((count.start, count.end), count)
    return sorted(found.values(), key=lambda c: c.start)


def _is_amount(token: Token) -> bool:
    """A cardinal number (the last word of one written in words) or a word for a vague amount ('dozens'), not
    part of a compound word ('17-year-old') or of a name ('Fox 47', 'Route 66')."""
    if token.lower_ in _VAGUE:
        return True
    if not (token.like_num and token.tag_ == "CD"):
        return False  # years and times are cardinals too, but no verb of dying or wounding takes them as its own
    doc = token.doc
    if token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "–") and not doc[token.i + 1].whitespace_:
        return False
    if token.i > 0 and doc[token.i - 1].pos_ == "PROPN" and not doc[token.i - 1].is_space:
        return False  # a paragraph's break may be tagged a proper noun: 'Five people died' after it is a count
    return not (token.dep_ in ("compound", "nummod") and token.head.like_num and token.head.tag_ == "CD")


def _count(amount: Token, published: dt.date | None) -> Count | None:
    counted = amount.head if amount.dep_ == "nummod" and amount.head.pos_ in ("NOUN", "PROPN") else amount
    while counted.dep_ == "compound" and counted.head.pos_ == "NOUN" and counted.head.i > counted.i:
        counted = counted.head  # 'two police officers': the number may hang on the compound's first noun
    if counted.i != amount.i and counted.lower_ in _VAGUE:
        return None  # 'two dozen': the vague word is the amount
    measure, predicate = _measure(amount, counted)
    if measure is None or predicate is None or _told_before(predicate) or set_in_earlier_year(predicate, published):
        return None
    bounds = _interval(amount)
    if bounds is None:
        return None
    (low, high), start = bounds
    return Count(
        measure, low, high, start, amount.idx + len(amount.text), (predicate.idx, predicate.idx + len(predicate))
    )


def _measure(amount: Token, counted: Token) -> tuple[str | None, Token | None]:
    """What the amount counts, and the word that says so."""
    before = _verb_before(amount)
    if before is not None:  # 'killing 60 people and wounding dozens', which a parse may join as one phrase
        return _measure_of(before), before
    for word in (counted, *([amount] if amount.i != counted.i else [])):
        for child in word.children:  # '70 wounded', '60 people killed', 'people left dead'
            measure = _measure_of(child)
            if measure and (
                child.dep_ == "amod" or child.dep_ in ("acl", "acl:relcl", "xcomp", "conj") and child.i > word.i
            ):
                return measure, child
    if amount.dep_ == "nummod" and _measure_of(amount.head) and _counts_people(amount.head):
        return _measure_of(amount.head), amount.head  # '70 wounded' as the participle's number; 'three deaths'
    after = amount.doc[amount.i + 1] if amount.i + 1 < len(amount.doc) else None
    if after is not None and after.tag_ in ("VBN", "JJ", "VBG") and _measure_of(after):
        return _measure_of(after), after  # '27 were killed and 40 injured': the participle after the number
    head, relation = _governor(counted)
    measure = _measure_of(head)
    if measure:
        intransitive = bool(_INTRANSITIVE & {head.lemma_.lower(), head.lower_})
        if not intransitive and (relation in _OBJECTS or relation in ("nsubj:pass", "nsubjpass")):
            return measure, head
        if not intransitive and _bare_object(counted, relation):
            return measure, head
        if relation == "nsubj" and (intransitive or head.tag_ in ("VBN", "JJ")):
            return measure, head
    if relation in _TOLL_SLOTS | {"nsubj"} and (
        head.lemma_.lower() in _TOLL or any(c.lemma_.lower() in _TOLL for c in head.children)
    ):
        return "killed", head
    for sibling in head.children:  # 'left nearly thirty people dead'
        if sibling.dep_ == "xcomp" and relation in _OBJECTS and _measure_of(sibling) == "killed":
            return "killed", sibling
    if counted.i != amount.i and PERPETRATOR_NOUNS & {counted.lower_, counted.lemma_.lower()}:
        return "perpetrators", counted  # 'three gunmen killed 20': who did it, counted apart from the dead
    return _aboard(amount, counted)


def _verb_before(amount: Token) -> Token | None:
    """A verb of dying, wounding, going missing or arresting written just before the amount and the words that
    bound it ('wounding dozens', 'killed at least 27'): the amount is its object, whatever the parse says."""
    _, first = _number(amount) if amount.lower_ not in _VAGUE else (None, amount)
    _, opening = bounded(amount.doc, first.i, 0)
    if opening == 0:
        return None
    word = amount.doc[opening - 1]
    if word.tag_ in ("VBG", "VBD") and _measure_of(word) and not _INTRANSITIVE & {word.lemma_.lower(), word.lower_}:
        return word
    return None


def _aboard(amount: Token, counted: Token) -> tuple[str | None, Token | None]:
    """Passengers or crew on board, told by the counted noun ('150 passengers', 'ten crew members') or by the noun
    the amount is 'of' ('a crew of 12')."""
    if counted.i == amount.i and amount.dep_ == "nmod" and any(c.lower_ == "of" for c in amount.children):
        counted = amount.head
    nouns = [counted, *(c for c in counted.children if c.dep_ == "compound")]
    found = next((ABOARD[w.lemma_.lower()] for w in nouns if w.lemma_.lower() in ABOARD), None)
    return (found, counted) if found and counted.i != amount.i else (None, None)


def _counts_people(word: Token) -> bool:
    """A participle or adjective ('70 wounded', '12 missing'), or a noun whose each one is a person lost ('three
    deaths', 'two fatalities'); 'six gunshot wounds' counts wounds, not the wounded."""
    return word.pos_ != "NOUN" or word.lemma_.lower() in _PERSON_NOUNS


def _bare_object(counted: Token, relation: str) -> bool:
    """An object the parser took for an adjunct ('killing at least 40 people' as obl): no preposition marks it, and
    it is no stretch of time ('killed two days ago')."""
    if relation not in ("obl", "obl:npmod", "npadvmod") or counted.ent_type_ in ("DATE", "TIME"):
        return False
    return not any(c.dep_ in ("case", "prep") and not _bound_word(c) for c in counted.children)


def _bound_word(word: Token) -> bool:
    """'at' of 'at least' and 'at most', which the parser may hang on the counted noun as its preposition."""
    doc = word.doc
    return word.lower_ == "at" and word.i + 1 < len(doc) and doc[word.i + 1].lower_ in ("least", "most")


def _governor(word: Token) -> tuple[Token, str]:
    """The word's head and relation; a conjunct takes those of the first conjunct ('killed 30 and wounded 70')."""
    relation = word.dep_
    for _ in range(6):
        if relation != "conj" or word.head.i == word.i:
            break
        word = word.head
        relation = word.dep_
    return word.head, relation


def _measure_of(word: Token) -> str | None:
    lemma, lower = word.lemma_.lower(), word.lower_
    for measure, words in MEASURES.items():
        if lemma in words or lower in words:
            return measure
    return None


def _told_before(predicate: Token) -> bool:
    """A toll told as background ('the war has killed 500,000 since 2011', 'killed 12 last year') is not this
    incident's."""
    if in_background(predicate) or background(predicate):
        return True
    return any(
        c.dep_ in ("obl", "prep", "advcl") and any(g.lower_ == "since" for g in (c, *c.children))
        for c in predicate.children
    )


def _interval(amount: Token) -> tuple[tuple[int, int | None], int] | None:
    """The interval the amount and the words before it state, and where those words begin."""
    if amount.lower_ in _VAGUE:
        low, high = _VAGUE[amount.lower_]
        return (low, high), amount.idx
    number, first = _number(amount)
    if number is None:
        return None
    bounds, start = bounded(amount.doc, first.i, number)
    return bounds, amount.doc[start].idx


def bounded(doc: Doc, first: int, number: int) -> tuple[tuple[int, int | None], int]:
    """The interval the words before token `first` make of `number` ('at least 60' is [60, open)), and the index
    of the first of those words."""
    before = [t.lower_ for t in doc[max(0, first - 3) : first]]
    for words, kind in _BOUNDS:
        if tuple(before[-len(words) :]) == words:
            return _bounded(kind, number), first - len(words)
    return (number, number), first


def _number(amount: Token) -> tuple[int | None, Token]:
    """The number a cardinal states, with its first word ('one hundred fifteen', '2,300', 'thirty-four')."""
    words = [amount]
    doc = amount.doc
    while words[0].i > 0:  # 'one hundred fifteen'; 'thirty - four' as the tokenizer splits 'thirty-four'
        left = doc[words[0].i - 1]
        if left.text == "-" and left.i > 0 and doc[left.i - 1].like_num and not doc[left.i - 1].is_digit:
            words.insert(0, doc[left.i - 1])
        elif left.like_num and left.tag_ == "CD":
            words.insert(0, left)
        else:
            break
    return number_of(" ".join(t.text for t in words)), words[0]


def number_of(words: str) -> int | None:
    """'2,300' -> 2300, 'thirty - four' -> 34, 'one hundred fifteen' -> 115 (text2num); None if no number."""
    text = words.replace(",", "").replace(" - ", "-").strip()
    if text.isdigit():
        return int(text)
    try:
        return int(text2num(text.lower(), "en"))
    except ValueError:
        return None


def amount_of(words: str) -> str | None:
    """The value an amount written on its own states ('at least 60' -> 'at least 60', 'nearly thirty' ->
    '27-30', 'Dozens' -> '24-99'), read as the extractor reads it: a claim's span must read back as its value."""
    folded = words.lower().split()
    if len(folded) == 1 and folded[0] in _VAGUE:
        low, high = _VAGUE[folded[0]]
        return interval_words(low, high)
    for bound, kind in _BOUNDS:
        if tuple(folded[: len(bound)]) == bound:
            number = number_of(" ".join(folded[len(bound) :]))
            return None if number is None else interval_words(*_bounded(kind, number))
    number = number_of(words)
    return None if number is None else interval_words(number, number)


def interval_words(low: int, high: int | None) -> str:
    """The interval in words, as stored and shown: '60', 'at least 60', 'up to 40', '27-33'."""
    if high is None:
        return f"at least {low}"
    if low == high:
        return str(low)
    if low == 0:
        return f"up to {high}"
    return f"{low}-{high}"


def _bounded(kind: str, n: int) -> tuple[int, int | None]:
    if kind == "at least":
        return n, None
    if kind == "more than":
        return n + 1, None
    if kind == "fewer than":
        return 0, max(n - 1, 0)
    if kind == "up to":
        return 0, n
    if kind == "nearly":
        return math.floor(n * 0.9), n
    return math.floor(n * 0.9), math.ceil(n * 1.1)  # about


def count_claims(event: EventDraft, counts: list[Count]) -> list[ClaimDraft]:
    """Each count as a claim on the incident: the value is the interval in words ('at least 60'), which the
    matcher reads back, so a corrected report can state it the same way."""
    return [ClaimDraft(event, c.measure, c.text_value, c.start, c.end, "count.parse") for c in counts]


@dataclass(frozen=True)
class Gauge:
    """A measure told as one number beside the word that names it: an earthquake's magnitude ('a 6.2-magnitude
    quake', 'measured 6.1 on the Richter scale'), an election's turnout ('turnout was 64 percent')."""

    property: str
    words: frozenset[str]  # the measure's words, lower case; one must stand near the number
    low: float
    high: float  # the values the measure can take: a number outside is something else
    joined: re.Pattern[str] | None = None  # the measure written in one word with its number ('magnitude-6.4')
    linking: frozenset[str] = frozenset()  # verbs that may stand between the word and the number
    percent: bool = False  # the number must be followed by '%' or 'percent'


MAGNITUDE = Gauge(
    "magnitude",
    frozenset({"magnitude", "richter"}),
    1.0,
    10.0,
    re.compile(r"magnitude-(\d{1,2}(?:\.\d{1,2})?)", re.IGNORECASE),
    frozenset({"measuring"}),
)
TURNOUT = Gauge(
    "turnout", frozenset({"turnout"}), 1.0, 100.0, None, frozenset({"stood", "reached", "hit", "rose", "fell"}), True
)
_GAUGE_REACH = 4  # 'measured 6.1 on the Richter scale': the measure's word is a few words from the number


def gauge_claims(doc: Doc, event: EventDraft, gauge: Gauge, until: int) -> list[ClaimDraft]:
    """The first value the report gives for `gauge` before `until` (the lead, for a magnitude: later sentences
    compare the quake with aftershocks and past ones). The parse of such phrases varies (the number may hang on
    the quake, on 'magnitude' or on an adjective), so the number is taken when the measure's word stands within a
    few words of it in one clause."""
    for sentence in sentences(doc):
        if sentence.start_char >= until:
            break
        for token in sentence:
            joined = gauge.joined.fullmatch(token.text) if gauge.joined is not None else None
            if joined is not None:
                value, start, end = joined.group(1), token.idx + joined.start(1), token.idx + len(token.text)
            elif token.like_num and _gauge_near(token, sentence, gauge):
                value, start, end = token.text, token.idx, token.idx + len(token.text)
            else:
                continue
            if _within_gauge(value, gauge):
                return [ClaimDraft(event, gauge.property, value, start, end, f"{gauge.property}.parse")]
    return []


def _gauge_near(number: Token, sentence: Span, gauge: Gauge) -> bool:
    """Whether the gauge's word stands within reach of the number with no clause break between them."""
    doc = number.doc
    if gauge.percent and not (number.i + 1 < len(doc) and doc[number.i + 1].lower_ in ("%", "percent", "per")):
        return False
    low, high = max(sentence.start, number.i - _GAUGE_REACH), min(sentence.end, number.i + _GAUGE_REACH + 1)
    for word in doc[low:high]:
        if word.lower_ in gauge.words:
            between = doc[min(word.i, number.i) + 1 : max(word.i, number.i)]
            return not any(t.text in (",", ";") or t.pos_ == "VERB" and t.lower_ not in gauge.linking for t in between)
    return False


def _within_gauge(value: str, gauge: Gauge) -> bool:
    try:
        return gauge.low <= float(value) <= gauge.high
    except ValueError:
        return False
