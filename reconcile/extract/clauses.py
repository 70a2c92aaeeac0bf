"""What the parse says about the clause a word stands in: denied, planned, or told as background.

'Samuel Okafor did not attend', 'X was absent', 'Y declined to attend', 'Z denied meeting him': the
name stands in a clause whose verb is negated or says the opposite of taking part, so it gives no
attendance. 'The ministers will meet', 'are expected to meet': the meeting is planned, not held.
'They first met during talks in Riyadh in February', 'last week's phone call between A and B': an
earlier occurrence told as background, whose people, place and date belong to it and not to the
meeting the report is about. Each is read from dependency relations and the words' lemmas, so they
hold in any sentence the parser reads, not only in those these rules were written from.
"""

from __future__ import annotations

import calendar
import datetime as dt

from spacy.tokens import Token

# Verbs whose subject does not take part in what follows them ('declined to attend', 'denied meeting').
_REFUSALS = frozenset("decline refuse skip miss boycott deny cancel postpone reject snub avoid".split())
_ABSENT = frozenset("absent missing".split())
_NEGATIONS = frozenset("not n't never no".split())
# Verbs and adjectives that put what follows in the future ('expected to meet', 'plans to visit').
_PLANS = frozenset("expect plan schedule due set intend hope aim prepare propose".split())
_FUTURE = frozenset("will shall 'll".split())
# Words that set a clause before the reported event ('first met', 'met earlier', 'last week's call').
_EARLIER = frozenset("first earlier previously before ago once already formerly last prior past".split())
# Universal Dependencies names, then the ClearNLP ones of spaCy's own English pipelines.
_TIME_MODIFIERS = frozenset(
    {"advmod", "amod", "obl:tmod", "obl:npmod", "nmod:tmod", "nmod:poss", "npadvmod", "nmod"} | {"poss"}
)
_MAX_CLIMB = 12  # a chain of clauses longer than this is a parse gone astray, not a sentence
_TIME_ADJUNCTS = frozenset({"obl", "obl:tmod", "nmod", "nmod:tmod", "prep", "npadvmod", "advcl"})
_MAX_ANCESTORS = 4
_MONTHS = frozenset(m.lower() for m in calendar.month_name[1:]) | frozenset(m.lower() for m in calendar.month_abbr[1:])


def predicate(token: Token) -> Token:
    """The verb (or adjective, with 'be') the token's clause is about: the first head up from it that is one."""
    word = token
    for _ in range(_MAX_CLIMB):
        if word.pos_ in ("VERB", "AUX") or word.pos_ == "ADJ" and any(c.dep_ == "cop" for c in word.children):
            return word
        if word.head.i == word.i:
            return word
        word = word.head
    return word


def _clause_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it is the complement of ('attend' <- 'declined'; 'meeting' <- 'denied')."""
    chain = [verb]
    for _ in range(_MAX_CLIMB):
        if verb.dep_ not in ("xcomp", "ccomp", "csubj") or verb.head.i == verb.i:
            break
        verb = verb.head
        chain.append(verb)
    return chain


def _negated(word: Token) -> bool:
    return any(c.lower_ in _NEGATIONS or "Neg" in c.morph.get("Polarity", []) for c in word.children)


def denies_taking_part(token: Token) -> bool:
    """Whether the clause of `token` (a name) says it did not take part: negated, refused, or absent."""
    for verb in _clause_chain(predicate(token)):
        if _negated(verb) or verb.lemma_.lower() in _REFUSALS or verb.lower_ in _ABSENT:
            return True
    return False


def planned(trigger: Token) -> bool:
    """Whether the event word's clause puts it in the future: 'will meet', 'are expected to meet', 'planned talks'."""
    verb = predicate(trigger)
    for word in _clause_chain(verb):
        if any(c.lower_ in _FUTURE for c in word.children) or word.lemma_.lower() in _PLANS and word.i != trigger.i:
            return True
    return any(c.lemma_.lower() in _PLANS and c.dep_ == "amod" for c in trigger.children)


def background(word: Token) -> bool:
    """Whether the word is told as an earlier occurrence: 'first met', 'met ... ago', 'last week's call', 'the
    previous round of talks'. A word of that kind among its own modifiers counts; one elsewhere does not."""
    for child in word.children:
        if child.dep_ in _TIME_MODIFIERS and (
            child.lower_ in _EARLIER or any(t.lower_ in _EARLIER for t in child.children)
        ):
            return True
    return False


def in_background(token: Token, main: Token | None = None) -> bool:
    """Whether a name, place or date stands inside an earlier occurrence: some word above it in the parse, up to
    the main event's word `main`, is told as background ('between Trump and Putin' under 'last week's call')."""
    word = token
    for _ in range(_MAX_CLIMB):
        if main is not None and word.i == main.i:
            return False
        if background(word):
            return True
        if word.head.i == word.i:
            return False
        word = word.head
    return False


def set_in_earlier_year(predicate: Token, published: dt.date | None) -> bool:
    """Whether the verb's time adjuncts, the words it hangs from and their time adjuncts or, for a 'when' clause,
    the time it hangs on ('since 2007, when 28 were killed') name an earlier year: two or more years before the
    report, or the year before it standing alone ('in 2015'), since a full date of last year ('December 2, 2015'
    in a January report) is often the incident's own."""
    if published is None:
        return False
    clauses = [predicate]
    if any(c.lower_ == "when" for c in predicate.children):
        clauses.append(predicate.head)
    ancestors = list(predicate.ancestors)[:_MAX_ANCESTORS]
    path = {predicate.i} | {a.i for a in ancestors}
    words = [w for v in clauses for c in v.children if c.dep_ in _TIME_ADJUNCTS for w in c.subtree]
    words += ancestors
    words += [  # 'In December 2003, the city was razed by a quake that left 31,000 dead': the time of a clause above
        w
        for a in ancestors
        for c in a.children
        if c.dep_ in _TIME_ADJUNCTS and c.i not in path and c.pos_ in ("NOUN", "PROPN", "NUM")
        for w in c.subtree
    ]
    return any(_earlier(w, published.year) for w in words)


def _earlier(word: Token, year: int) -> bool:
    if not (word.is_digit and len(word.text) == 4 and 1900 <= int(word.text) < year):
        return False
    in_a_full_date = word.head.like_num or word.head.lower_ in _MONTHS
    return int(word.text) < year - 1 or not in_a_full_date
