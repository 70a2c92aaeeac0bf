"""Who and what a report names, when a trained pipeline has parsed it: the entity recogniser types each name,
the parse cuts it from the title around it, and the rules fill in what the model left out.

Capitals alone cannot tell 'White Helmets' (a group) from 'Maria Lopez' (a person), 'Elm Street' (a street)
or 'Independence Day' (a holiday): the recogniser's type can, so where the model and the rules both found a
name, the model's type stands. The rules' boundaries stand where both agree on the type, since they know
organisation head words and name particles; the rules' documents (resolutions by number) stand always.
A name after a job title ('Secretary of State Marco Rubio') is a person whatever the model's type says.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from reconcile.extract.mentions import Taken, TypedSpan, lone_names
from reconcile.extract.vocab import (
    DAY_HEADS,
    DEMONYMS,
    HONORIFICS,
    ORG_HEADS,
    PLACE_FIRST,
    PLACE_HEADS,
    PORTFOLIO_WORDS,
    SETTLEMENT_NOUNS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from reconcile.normalize import PARTICLES
from reconcile.places import capitals

MODEL_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
# The recogniser's other labels: spans of these are no entity of a report, and a rule's name inside one is
# a holiday, a nationality, a date or an event rather than a person ('Independence Day', 'Korean Peninsula').
NOT_ENTITIES = frozenset({"NORP", "EVENT", "DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"})
_NAME_PARTS = frozenset({"flat", "compound"})
_POSSESSIVE = frozenset({"'s", "’s"})
_PERSONAL = frozenset("he him his himself she her hers herself they them their themselves".split())
_TITLE_WORDS = frozenset(w.lower() for w in TITLE_HEADS | TITLE_MODIFIERS)
_HONORIFICS = frozenset(h.rstrip(".").lower() for h in HONORIFICS)
_TITLE_HEADS = frozenset(TITLE_HEADS) | _HONORIFICS


def is_parsed(doc: Doc) -> bool:
    """Whether a trained pipeline gave the report a dependency parse and entity types."""
    return doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")


def title_word(token: Token) -> bool:
    """A word of a job title or an honorific ('Minister', 'deputy', 'Dr.')."""
    word = token.lower_.rstrip(".")
    return word in _TITLE_WORDS or word in _HONORIFICS


def after_title(span: Span) -> bool:
    """'Secretary of State Marco Rubio', 'Dr. Amal Haddad': a title or honorific right before the name."""
    before = span.start - 1
    return before >= 0 and title_word(span.doc[before])


def _titled(ent: Span) -> bool:
    """'Finance Minister Paulo Ribeiro' marked as an organisation: a title head inside it, names after it."""
    return any(t.lower_.rstrip(".") in _TITLE_HEADS and t.text[:1].isupper() for t in ent[:-1])


def name_core(ent: Span) -> Span | None:
    """The name in a person span: no title, honorific or nationality before it, no possessive after it, and
    hyphenated particles on either side kept ('Ahmed al-Sharaa'). None when nothing of a name is left."""
    doc = ent.doc
    start, end = ent.start, ent.end
    heads = [t.i for t in ent[:-1] if t.lower_.rstrip(".") in _TITLE_HEADS]
    if heads:
        start = heads[-1] + 1  # 'National Security Advisor Mike Waltz': the name begins after the title's head
    while start < end and (
        title_word(doc[start])
        or doc[start].text in DEMONYMS
        or doc[start].is_punct
        or doc[start].is_space
        or doc[start].pos_ == "DET"
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].lower_ in _POSSESSIVE
    ):
        end -= 1
    start = _given_names_before(doc, _particles_before(doc, start))
    end = _surnames_after(doc, start, end)
    if end > start and _particle(doc[end - 1]) or end < len(doc) and _particle(doc[end]):
        end = _particles_after(doc, end)
    if start >= end or not any(t.text[:1].isupper() and t.lower_ not in PARTICLES for t in doc[start:end]):
        return None  # nothing of a name is left ('Al' alone is a particle)
    return doc[start:end]


def _particles_after(doc: Doc, end: int) -> int:
    """'al' '-' 'Sharaa' after a given name the model cut short ('Ahmed al'): the particle, its hyphen and the
    capitalised name after it go with the name."""
    while end < len(doc):
        particle = end - 1 if _particle(doc[end - 1]) else end if _particle(doc[end]) else None
        if particle is None:
            break
        after = particle + 1
        if after < len(doc) and doc[after].text == "-":
            after += 1
        if after < len(doc) and doc[after].text[:1].isupper():
            end = after + 1
        else:
            break
    return end


def _particle(token: Token) -> bool:
    return token.is_lower and token.lower_ in PARTICLES


def _given_names_before(doc: Doc, start: int) -> int:
    """'Marcus' before 'J. Holloway' when the model or the parse began the name late: capitalised proper nouns
    right before it that are no title, portfolio or nationality word."""
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].whitespace_
        and not title_word(doc[start - 1])
        and doc[start - 1].lower_ not in PORTFOLIO_WORDS
        and doc[start - 1].text not in DEMONYMS
        and doc[start - 1].ent_type_ in ("", "PERSON")
    ):
        start -= 1
    return start


def _surnames_after(doc: Doc, start: int, end: int) -> int:
    """'Paulo' + 'Ribeiro' when the model stopped one word short: capitalised proper nouns right after the name
    that the parse puts in the same name (one hangs from the other as its flat or compound part) or that the
    recogniser gave no other type."""
    while end < len(doc):
        after, last = doc[end], doc[end - 1]
        if not (after.pos_ == "PROPN" and after.text[:1].isupper() and last.whitespace_ and not title_word(after)):
            break
        joined = after.dep_ in _NAME_PARTS and start <= after.head.i < end
        if not (joined or last.dep_ in _NAME_PARTS and last.head.i == end or after.ent_type_ in ("", "PERSON")):
            break  # a proper noun the recogniser gave no other type is the rest of the name
        end += 1
    return end


def _particles_before(doc: Doc, start: int) -> int:
    """'al-Sharaa' where the model took only 'Sharaa': the hyphenated particle before it, and the given name."""
    if start >= 2 and doc[start - 1].text == "-" and _particle(doc[start - 2]):
        start -= 2
        if start >= 1 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
            start -= 1
    return start


def titled_names(doc: Doc) -> list[TypedSpan]:
    """'Secretary of State Dana Whitfield', 'President Biden': the proper nouns a capitalised title word's phrase
    is about, read from the parse (the title is a compound of the name, or the name a flat or appositive part
    of the title). A name after a title is a person, whatever the recogniser made of it."""
    found = []
    for title in doc:
        if not (title.text[:1].isupper() and title.lower_.rstrip(".") in _TITLE_HEADS):
            continue
        head = _named_by(title)
        if head is None:
            continue
        start = head.left_edge.i if head.head.i == title.i else title.right_edge.i + 1
        end = head.i + 1
        while end < len(doc) and doc[end].head.i == head.i and doc[end].dep_ == "flat":
            end += 1
        span = name_core(doc[start:end]) if start < end else None
        if span is not None and all(_name_word(t) for t in span):
            found.append(
                TypedSpan("person", span.start_char, span.end_char, span.text, "person.after-title", span.text)
            )
    return found


def settlement_names(doc: Doc) -> list[TypedSpan]:
    """'the town of Amatrice', 'the island town of Marvello': the proper noun after 'of' that a lower-case noun of
    settlement governs is a place, and the common words before it are no part of its name."""
    found = []
    for token in doc:
        head = token.head
        if not (
            token.pos_ == "PROPN"
            and token.dep_ == "nmod"
            and head.i < token.i
            and head.is_lower
            and head.lemma_.lower() in SETTLEMENT_NOUNS
            and any(c.dep_ == "case" and c.lower_ == "of" for c in token.children)
        ):
            continue
        start = min([token.i, *(c.i for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN")])
        end = token.i + 1
        while end < len(doc) and doc[end].head.i == token.i and doc[end].dep_ == "flat" and not doc[end].is_space:
            end += 1
        span = doc[start:end]
        found.append(TypedSpan("place", span.start_char, span.end_char, span.text, "place.settlement-of", span.text))
    return found


def capital_names(doc: Doc) -> list[TypedSpan]:
    """'the Turkish capital' is Ankara: a country's adjective on the noun 'capital' names that country's capital
    city, as GeoNames gives it. The span is the adjective and the noun; the entity's name is the city's."""
    found = []
    for token in doc:
        if not (token.lower_ == "capital" and token.pos_ == "NOUN"):
            continue
        adjective = next((c for c in token.children if c.i < token.i and c.text in DEMONYMS), None)
        city = capitals().get(DEMONYMS[adjective.text]) if adjective is not None else None
        if adjective is not None and city:
            start, end = adjective.idx, token.idx + len(token.text)
            found.append(TypedSpan("place", start, end, doc.text[start:end], "place.capital-of", city))
    return found


def _named_by(title: Token) -> Token | None:
    """The proper noun a title word stands before: its head when the title is a compound of the name, or its
    flat or appositive child when the parse made the title the phrase's head."""
    if title.dep_ in ("compound", "nmod:desc", "amod") and title.head.i > title.i and title.head.pos_ == "PROPN":
        return title.head
    return next(
        (c for c in title.children if c.dep_ in ("flat", "appos", "compound") and c.i > title.i and c.pos_ == "PROPN"),
        None,
    )


def _name_word(token: Token) -> bool:
    """A word of a person's name: a capitalised proper noun, an initial, a hyphen or a particle inside it."""
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "X") or token.text == "-" or _particle(token)


def model_spans(doc: Doc) -> tuple[list[TypedSpan], list[Span]]:
    """The recogniser's names as typed spans (person names cut to their core), and its spans of other labels."""
    found: list[TypedSpan] = []
    others: list[Span] = []
    for ent in doc.ents:
        kind = MODEL_TYPES.get(ent.label_)
        if kind is None:
            if ent.label_ in NOT_ENTITIES:
                others.append(ent)
            continue
        span: Span | None = ent
        if kind == "person" or (after_title(ent) or _titled(ent)) and ent[-1].pos_ == "PROPN":
            kind, span = "person", name_core(ent)
        else:
            span = _without_article(ent)
        if span is not None and len(span) and _whole_words(span):
            found.append(TypedSpan(kind, span.start_char, span.end_char, span.text, f"model.{kind}", span.text))
    return found, others


def _whole_words(span: Span) -> bool:
    """Whether the span starts and ends on word boundaries: 'Could' of "Couldn't" is no name."""
    doc = span.doc
    before = span.start == 0 or doc[span.start - 1].whitespace_ or not doc[span.start - 1].text[-1:].isalnum()
    after = span.end == len(doc) or span[-1].whitespace_ or not doc[span.end].text[:1].isalnum()
    return bool(before and after)


def _without_article(ent: Span) -> Span | None:
    """An organisation's or place's name without 'the' before it, or "'s" or a common noun after it."""
    start, end = ent.start, ent.end
    while start < end and (ent.doc[start].pos_ == "DET" or ent.doc[start].is_punct or ent.doc[start].is_space):
        start += 1
    while end > start and (ent.doc[end - 1].tag_ == "POS" or ent.doc[end - 1].is_punct or ent.doc[end - 1].is_space):
        end -= 1
    return ent.doc[start:end] if start < end else None


def combine(doc: Doc, rules: list[TypedSpan]) -> list[TypedSpan]:
    """The report's entities: the model's types where it found a name, the rules' spans where both agree on the
    type, the rules' documents, the rules' other names only where the model marked nothing there, and the
    surnames of everyone so named."""
    model, others = model_spans(doc)
    settled = settlement_names(doc) + capital_names(doc)  # 'the village of Ostrava Nova', 'the Turkish capital'
    settled_ranges = [(t.start, t.end) for t in settled]
    titled = titled_names(doc) + settled
    titled_ranges = [(t.start, t.end) for t in titled]
    model = [m for m in model if not _overlaps_any(m, titled_ranges)] + titled
    rules = [r for r in rules if r.type == "document" or not _overlaps_any(r, settled_ranges)]
    blocked = [(s.start_char, s.end_char) for s in others]
    kept: list[TypedSpan] = []
    taken: list[tuple[int, int]] = []
    for span in rules:
        if span.type == "document":
            kept.append(span)
            taken.append((span.start, span.end))
            continue
        overlapping = [m for m in model if m.start < span.end and span.start < m.end]
        if not overlapping:
            if not _inside_any(span, blocked) and not (span.type == "person" and _place_shaped(doc, span)):
                kept.append(span)
                taken.append((span.start, span.end))
            continue
        if (
            any(m.type == span.type for m in overlapping)
            or span.rule == "place.gazetteer"
            and all(m.rule != "person.after-title" for m in overlapping)
            or span.rule == "person.name-shape"
            and all(m.type != "person" for m in overlapping)
        ):
            # The model agrees on the type for part of it ('Yusuf' | 'bin' | 'Tariq'); the gazetteer knows
            # countries and cities, which act like organisations ('Turkey said') and which a small recogniser
            # takes for people, unless a title stands before the name ('King Abdullah'); two or more name
            # words are a person the recogniser may call an organisation ('Clara Nunes'), and `_retyped`
            # then reads the head word: a place's or a day's noun, or a plural ('White Helmets').
            kept.append(span)
            taken.append((span.start, span.end))
    for span in model:
        if not _overlaps_any(span, taken):
            kept.append(span)
            taken.append((span.start, span.end))
    found = _unique(sorted((_retyped(doc, s) for s in kept), key=lambda s: (s.start, -s.end)))
    found = without_role_words(doc, [s for s in found if s.type])
    people = [s for s in found if s.type == "person"]
    return sorted([*found, *lone_names(doc, people, Taken(found))], key=lambda s: s.start)


def without_role_words(doc: Doc, spans: list[TypedSpan]) -> list[TypedSpan]:
    """A Title Case headline writes a role into the name ('Receptionist Madeline Kafoury', 'Lineman Jorge Abelar'):
    when the report writes that word in lower case elsewhere, it is a common word, not a name, and when it also
    names the person without it, the name begins after it. A one-word remainder ('Mark Vinar' beside 'Vinar' and
    'a mark') is too little to be sure of, so names keep three words or more to be cut."""
    lower = {t.text for t in doc if t.is_alpha and t.is_lower}
    names = {s.name for s in spans if s.type == "person"}
    return [_after_role_word(s) if _role_word_first(s, lower, names) else s for s in spans]


def _role_word_first(span: TypedSpan, lower: set[str], names: set[str]) -> bool:
    words = span.name.split()
    return (
        span.type == "person"
        and len(words) >= 3
        and span.text.startswith(words[0])
        and span.text[len(words[0]) :].lstrip().startswith(words[1])
        and words[0].lower() in lower
        and " ".join(words[1:]) in names
    )


def _after_role_word(span: TypedSpan) -> TypedSpan:
    first, rest = span.name.split(" ", 1)
    cut = len(span.text) - len(span.text[len(first) :].lstrip())
    return TypedSpan(span.type, span.start + cut, span.end, span.text[cut:], span.rule, rest)


def _retyped(doc: Doc, span: TypedSpan) -> TypedSpan:
    """A 'person' headed by a place's or a day's noun is a place ('Marlow Palace') or no entity ('Independence
    Day'); one that is a single word the tagger reads as a common noun ('Volunteers') or a plural proper noun
    ('Syrians') is no entity either; a name ending in a plural or an organisation's head word, or written
    after 'the', is a group ('White Helmets', 'the Red Crescent'): people's names take no article."""
    if span.type != "person":
        return span
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None or not len(words):
        return span
    head = words[-1].lower_
    if head in PLACE_HEADS and len(words) > 1 or words[0].lower_.rstrip(".") in PLACE_FIRST and len(words) > 1:
        return TypedSpan("place", span.start, span.end, span.text, f"{span.rule}.place-head", span.name)
    if span.rule == "person.name-shape" and _after_locative(words):
        return TypedSpan("place", span.start, span.end, span.text, f"{span.rule}.locative", span.name)
    if head in DAY_HEADS or len(words) == 1 and (words[0].pos_ != "PROPN" or words[0].tag_ == "NNPS"):
        return TypedSpan("", span.start, span.end, span.text, span.rule, span.name)
    article = words.start > 0 and words.doc[words.start - 1].lower_ == "the"
    if words[-1].tag_ == "NNPS" or words[-1].lower_ in ORG_HEADS or article:
        return TypedSpan("organisation", span.start, span.end, span.text, f"{span.rule}.group", span.name)
    return span


def _after_locative(words: Span) -> bool:
    """A name only its shape called a person, governed by 'in', 'near' or 'at' ('crashed near Lake Ornis', 'held
    in Valmora'): people are met with, spoken to and named, rarely the place something happens in."""
    before = [c for c in words.root.children if c.dep_ == "case" and c.i < words.start]
    if words.root.dep_ == "pobj":
        before.append(words.root.head)
    return any(c.text in ("in", "near", "at") for c in before)  # as written: 'Near Eastern Affairs' is a name


def _inside_any(span: TypedSpan, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether the span lies wholly inside one of the ranges: 'Independence Day' inside a DATE or an EVENT."""
    return any(start <= span.start and span.end <= end for start, end in ranges)


def _overlaps_any(span: TypedSpan, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start < span.end and span.start < end for start, end in ranges)


def _place_shaped(doc: Doc, span: TypedSpan) -> bool:
    """A rule's 'person' the model left unmarked whose last word the tagger reads as a common noun ('Palace')."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    return words is not None and len(words) > 0 and words[-1].pos_ not in ("PROPN", "X")


def _unique(spans: list[TypedSpan]) -> list[TypedSpan]:
    """Spans in text order, none overlapping one taken before it."""
    out: list[TypedSpan] = []
    end = -1
    for span in spans:
        if span.start >= end:
            out.append(span)
            end = span.end
    return out


def personal_pronouns(doc: Doc) -> list[TypedSpan]:
    """'he', 'her', 'they' as the tagger reads them: mentions of people for measuring, never entities of a report."""
    return [
        TypedSpan("person", t.idx, t.idx + len(t.text), t.text, "model.pronoun", t.text)
        for t in doc
        if t.pos_ == "PRON" and t.lower_ in _PERSONAL
    ]
