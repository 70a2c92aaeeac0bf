"""Find who and what a report names: people, organisations, places and documents, with exact spans.

The rules read capitalisation, not a trained model: a run of capitalised words is cut where an
organisation's head word ends it ("... Near Eastern Affairs | Barbara Leaf") and where a job title
ends ("Turkish Foreign Minister | Hakan Fidan"), and each piece is then a place (gazetteer), an
organisation (head word or acronym), or a person (two or more name words, or one after an
honorific). A lone surname is a person only once the report has named that person in full, so a
capitalised word is never guessed to be someone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from reconcile.extract.lookup import Claimed
from reconcile.extract.parsed import sentence_of, text_in, text_of, tokens_of, words_of
from reconcile.extract.vocab import (
    DEMONYMS,
    FUNCTION_WORDS,
    HONORIFICS,
    NOT_NAMES,
    ORG_HEADS,
    PORTFOLIO_WORDS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from reconcile.normalize import PARTICLES, acronym, document_number
from reconcile.places import gazetteer, major_places
from reconcile.score import same_given_name

ENTITY_TYPES = ("person", "organisation", "place", "document")
_PIECE_ENDS = ORG_HEADS | {"affairs"}
_TITLE_WORDS = TITLE_HEADS | TITLE_MODIFIERS
# A word of a document's name has at most 100 characters: the bound keeps the search linear on a long hyphenated
# run ('A-A-A-...'), where every capital after a hyphen starts a word that would otherwise be read to the run's end.
_DOCUMENT = re.compile(
    r"\b(?:(?:the\s+)?(?:UN|U\.N\.|United Nations)\s+)?(?:Security Council\s+)?"
    r"(?:Resolutions?|UNSCR|UNSC Resolutions?)\s+(?P<first>\d{2,5})(?P<more>(?:(?:\s*,\s*|\s+and\s+)\d{2,5})*)"
    r"|\b(?P<named>(?:[A-Z][\w’'-]{1,100}+\s+){1,3}(?:Communiqu[eé]|Statement|Declaration|Accords?|Agreement|Protocol|"
    r"Convention|Treaty|Charter|Memorandum))\b"
)
_ALSO_NUMBER = re.compile(r"\d{2,5}")
_INITIAL = re.compile(r"[A-Z]\.")  # 'J.' of 'Antony J. Blinken' is part of a name, not an acronym
_HEADLINES = "reconcile.headlines"


@dataclass(frozen=True)
class TypedSpan:
    """One place a report names an entity (or writes a date), the canonical name it stands for, and the rule."""

    type: str
    start: int
    end: int
    text: str
    rule: str
    name: str = ""


def find_entities(doc: Doc) -> list[TypedSpan]:
    """People, organisations, places and documents, in text order, never overlapping one another."""
    text = text_of(doc)
    found = list(_documents(text))
    taken = Taken(found)
    for piece in _pieces(doc, taken):
        span = _classify(piece, text, headline(sentence_of(piece[0])))
        if span is not None:
            found.append(span)
    found += lone_names(doc, [s for s in found if s.type == "person"], Taken(found))
    return sorted(found, key=lambda s: s.start)


class Taken(Claimed):
    """Characters of spans already found, so rules run later never re-label earlier finds."""

    def __init__(self, spans: Iterable[TypedSpan]) -> None:
        super().__init__((s.start, s.end) for s in spans)

    def __contains__(self, token: Token) -> bool:
        return self.overlaps(token.idx, token.idx + len(token.text))


def _documents(text: str) -> Iterator[TypedSpan]:
    """Resolutions by number (each number of 'Resolutions 2254 and 2118' its own) and named texts."""
    for m in _DOCUMENT.finditer(text):
        if m["named"]:
            words = m["named"].split()
            if words[0] in NOT_NAMES:
                continue
            yield TypedSpan("document", m.start(), m.end(), m["named"], "document.named", m["named"])
            continue
        prefix = "UN Resolution" if re.match(r"(?:the\s+)?(?:UN|U\.N\.|United Nations)", m[0]) else "Resolution"
        yield TypedSpan(
            "document",
            m.start(),
            m.end("first"),
            text[m.start() : m.end("first")],
            "document.number",
            f"{prefix} {m['first']}",
        )
        base = m.start("more")
        for n in _ALSO_NUMBER.finditer(m["more"] or ""):
            yield TypedSpan(
                "document", base + n.start(), base + n.end(), n[0], "document.number.list", f"{prefix} {n[0]}"
            )


def _is_cap(token: Token) -> bool:
    """A word that can be part of a name: capitalised, or an acronym such as SNC or U.S."""
    word = token.text
    return word[:1].isupper() and any(c.isalpha() for c in word) and not word.endswith("’s")


def _pieces(doc: Doc, taken: Taken) -> Iterator[list[Token]]:
    """Runs of capitalised words (joined across hyphens and name particles), cut into name-sized pieces."""
    tokens = tokens_of(doc)
    i = 0
    while i < len(tokens):
        if not _is_cap(tokens[i]) or tokens[i] in taken or _glued(tokens, i):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens) and tokens[j] not in taken and not tokens[j - 1].is_sent_end:
            if _is_cap(tokens[j]) and tokens[j - 1].whitespace_ in (" ", "") and tokens[j - 1].text not in ",;:":
                run.append(tokens[j])
            elif _joins(tokens, j):
                run.append(tokens[j])
            else:
                break
            j += 1
        while len(run) > 1 and run[0].text in FUNCTION_WORDS:
            run = run[1:]
        yield from _cut(run)
        i = j


def _glued(tokens: list[Token], i: int) -> bool:
    """A capital stuck to the word before it ('$500M', 'Ph.D') is the end of that word, never a name's start."""
    before = tokens[i - 1] if i else None
    return before is not None and not before.whitespace_ and before.text[-1:].isalnum()


def _joins(tokens: list[Token], j: int) -> bool:
    """A hyphen inside a name (Al-Bahra, Jean-François) or a particle before a capital (bin Salman)."""
    if j + 1 >= len(tokens) or not _is_cap(tokens[j + 1]):
        return False
    token = tokens[j]
    if token.text == "-" and not tokens[j - 1].whitespace_ and not token.whitespace_:
        return True
    return token.text.lower().rstrip("-") in PARTICLES and token.text.islower()


def _cut(run: list[Token]) -> Iterator[list[Token]]:
    """Cut after an organisation's head word and after a leading title, keeping what names someone.

    'General Assembly' after 'United Nations' continues one name: the rest of the run holds another head word
    and ends in no name. 'Barbara Leaf' after 'Affairs' does not continue it. What the rest ends in is the
    same for every cut before the run's last head word, so it is read once per run, not once per word.
    """
    last_head = max((k for k, t in enumerate(run) if t.text.lower() in ORG_HEADS), default=-1)
    ends_in_name = _name_shaped([t.text for t in run[last_head + 1 :]])
    piece: list[Token] = []
    for k, token in enumerate(run):
        piece.append(token)
        if k + 1 < len(run) and token.text.lower() in _PIECE_ENDS and _is_cap(run[k + 1]):
            continues = k < last_head and not ends_in_name
            if not continues:
                yield piece
                piece = []
    if piece:
        yield from _cut_title(piece)


def _cut_title(piece: list[Token]) -> Iterator[list[Token]]:
    """'Turkish Foreign Minister Hakan Fidan' -> the title words, then the name after them; a country's
    short name opening the title ('U.S. Deputy Assistant Secretary') is a piece of its own."""
    if len(piece) > 1 and piece[0].text in DEMONYMS and piece[0].text.isupper():
        yield piece[:1]
        piece = piece[1:]
    portfolio = _portfolio_words(piece)
    if 0 < portfolio < len(piece):
        yield piece[:portfolio]  # 'Secretary of | State | Dana Whitfield': the rest of the title, then the name
        piece = piece[portfolio:]
    last_head = -1
    for k, token in enumerate(piece):
        word = token.text.lower().rstrip(".")
        if word in _TITLE_WORDS or token.text in DEMONYMS or token.text in HONORIFICS:
            if word in TITLE_HEADS or token.text in HONORIFICS:
                last_head = k
            continue
        break
    if 0 <= last_head < len(piece) - 1:
        yield piece[: last_head + 1]
        yield piece[last_head + 1 :]
    else:
        yield piece


def _portfolio_words(piece: list[Token]) -> int:
    """How many words opening the piece finish a title begun before it ('Secretary of State', 'Minister for
    Foreign Affairs'): portfolio words right after 'of' or 'for' after a title's head word."""
    first = piece[0]
    doc = first.doc
    if first.i < 2 or doc[first.i - 1].lower_ not in ("of", "for") or doc[first.i - 2].lower_ not in TITLE_HEADS:
        return 0
    count = 0
    while count < len(piece) and piece[count].lower_ in PORTFOLIO_WORDS:
        count += 1
    return count


def headline(sentence: Span) -> bool:
    """A Title Case line without a full stop capitalises every word, so capitals there say nothing about names.

    Worked out once per sentence: the rules ask for every name in it, and a long sentence names many.
    """
    known: dict[tuple[int, int], bool] = sentence.doc.user_data.setdefault(_HEADLINES, {})
    key = (sentence.start, sentence.end)
    if key not in known:
        known[key] = _title_case_line(sentence)
    return known[key]


def _title_case_line(sentence: Span) -> bool:
    if text_in(sentence).rstrip().endswith((".", "!", "?", "”", '"')):
        return False
    words = [t for t in words_of(sentence) if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


def _classify(piece: list[Token], text: str, headline: bool = False) -> TypedSpan | None:
    """Place, organisation or person, by gazetteer, head word and name shape, in that order."""
    start, end = piece[0].idx, piece[-1].idx + len(piece[-1].text)
    words = [t.text for t in piece]
    surface = text[start:end]
    places = gazetteer()
    if surface in places or surface.title() in places and surface.isupper() and len(surface) > 3:
        return TypedSpan("place", start, end, surface, "place.gazetteer", places.get(surface) or surface.title())
    last = words[-1].lower()
    if last in ORG_HEADS and len(words) > 1 and not all(w.lower() in _TITLE_WORDS for w in words):
        return TypedSpan("organisation", start, end, surface, "organisation.head-word", surface)
    if len(words) == 1 and surface.isupper() and 2 <= len(surface.replace(".", "")) <= 6:
        if surface in DEMONYMS:
            return None
        return TypedSpan("organisation", start, end, surface, "organisation.acronym", surface)
    if not headline and _name_shaped(words):
        return TypedSpan("person", start, end, surface, "person.name-shape", surface)
    return None


def _name_shaped(words: list[str]) -> bool:
    """Two or more name words, none of them a title, a month, a place or an institution's word."""
    names = [w for w in words if w != "-" and w.lower() not in PARTICLES]
    if len(names) < 2 or words[0] in NOT_NAMES or words[0] in HONORIFICS:
        return False
    places = major_places()
    for word in names:
        lower = word.lower()
        if lower in _TITLE_WORDS or lower in _PIECE_ENDS or word in NOT_NAMES or word in DEMONYMS:
            return False
        if (
            word.isupper()
            and len(word) > 1
            and not _INITIAL.fullmatch(word)
            or word in places
            or lower in PORTFOLIO_WORDS
        ):
            return False
    return True


def lone_names(doc: Doc, people: list[TypedSpan], taken: Taken) -> Iterator[TypedSpan]:
    """A single capitalised word is a person when it is the surname (or given name) of someone named in full."""
    by_word: dict[str, str] = {}
    for person in people:
        parts = [p for p in re.split(r"[\s]+", person.text) if p.lower() not in PARTICLES]
        by_word.setdefault(parts[-1], person.name)
        if len(parts) > 2:
            by_word.setdefault(" ".join(parts[-2:]), person.name)
    tokens = tokens_of(doc)
    for k, token in enumerate(tokens):
        if token in taken or not _is_cap(token) or _glued(tokens, k):
            continue
        word = token.text
        after_honorific = k > 0 and tokens[k - 1].text in HONORIFICS
        if word in by_word:
            yield TypedSpan("person", token.idx, token.idx + len(word), word, "person.surname", by_word[word])
        elif after_honorific and word not in NOT_NAMES and word.lower() not in _TITLE_WORDS:
            yield TypedSpan("person", token.idx, token.idx + len(word), word, "person.honorific", word)


def same_organisation(short: str, long: str) -> bool:
    """'SNC' and 'Negotiation Commission' both stand for 'Syrian Negotiation Commission'."""
    if short == long:
        return True
    if short.isupper() and acronym(short) == acronym(long):
        return True
    return len(short.split()) < len(long.split()) and long.endswith(short)


# same_person compares given names spelt two ways, so finding who a name is takes comparing it with the other
# names of its surname. A report naming more people of one surname than this is a list rather than news (the
# most in ECB+, GVDB and the UD treebanks is 7): a later name is compared with the first this many and with those
# of exactly its name, so that the work per name stays bounded.
COMPARED_PEOPLE = 50


def same_person(a: str, b: str) -> bool:
    """'Bader Jamous', 'Badr Jamous' and 'Jamous' name one person within a report: same surname, and given
    names that are one name spelt two ways (or only one of them given)."""
    return a == b or a.split()[-1] == b.split()[-1] and same_given_name(a, b)


def same_document(a: str, b: str) -> bool:
    """Two names of one document: the same resolution number, or the same words."""
    number = document_number(a)
    return number is not None and number == document_number(b) or a == b


_MODEL_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "TIME": "date",  # the shipped model's times ('Friday night'); only the mention benchmark takes them
}
_NAME_TYPES = frozenset({"person", "organisation", "place"})
_NAME_JOINERS = PARTICLES | {"of", "and", "for"}  # lower-case words inside a name: Bank of America, bin Salman


def merge_model_entities(doc: Doc, found: list[TypedSpan], names_only: bool = True) -> list[TypedSpan]:
    """A trained pipeline's entities fill the gaps the rules left; where both found something, the rules stand.

    Entities in claims must be names, and the shipped model (`--nlp-model news`) also marks pronouns,
    descriptions ('the suspect', 'police') and times, as ECB+ annotates them. So by default a model span
    counts only as the name inside it; names_only=False keeps every span, for measuring mentions.
    """
    taken = Taken(found)
    evidence = _name_evidence(doc) if names_only else set()
    extra = []
    for ent in doc.ents:
        kind = _MODEL_TYPES.get(ent.label_)
        span: Span | None = ent
        if names_only:
            span = _model_name(ent, evidence) if kind in _NAME_TYPES else None
        if kind is None or span is None or any(token in taken for token in span):
            continue
        rule = f"model.{ent.label_.lower()}"
        extra.append(TypedSpan(kind, span.start_char, span.end_char, span.text, rule, span.text))
    return sorted([*found, *extra], key=lambda s: s.start)


def _name_evidence(doc: Doc) -> set[str]:
    """Words that capitals mark as names here: seen capitalised inside a sentence, never in lower case, and
    not a word the rules refuse to take as a name on its own (titles, demonyms, institutions' head words),
    so the model cannot bring back the 'Assistant' or 'Syrian' the rules left out on purpose."""
    lower = {t.text for t in doc if t.is_lower}
    return {
        t.text
        for t in doc
        if _is_cap(t) and not t.is_sent_start and t.text.lower() not in lower and not _vocabulary_word(t.text)
    }


def _vocabulary_word(word: str) -> bool:
    """A word the rules' vocabulary says is no name by itself ('Assistant', 'Commission', 'Syrians')."""
    lower = word.lower()
    return (
        lower in _TITLE_WORDS
        or lower in _PIECE_ENDS
        or lower in PORTFOLIO_WORDS
        or word in NOT_NAMES
        or word in HONORIFICS
        or word in DEMONYMS
        or word.removesuffix("s") in DEMONYMS
    )


def _model_name(ent: Span, evidence: set[str]) -> Span | None:
    """The name in a model span, without its leading 'the'/'in' or trailing "'s"; None for 'he', 'the suspect',
    and 'Police' opening a sentence: every word left must be capitalised, and one of them a name by `evidence`."""
    tokens = list(ent)
    while tokens and (tokens[0].is_stop or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and (tokens[-1].is_stop or tokens[-1].is_punct):
        tokens.pop()
    words = [t for t in tokens if t.is_alpha or _is_cap(t)]
    if not words or not all(_is_cap(t) or t.text in _NAME_JOINERS for t in words):
        return None
    if not any(t.text in evidence for t in words):
        return None
    return ent.doc[tokens[0].i : tokens[-1].i + 1]
