"""Universal Dependencies files as spaCy Docs: words, tags, parse and lemmas, and GUM's named entities.

The tagger, parser and lemmatizer learn from every word of GUM and EWT; the entity recogniser learns
from GUM's entity layer, which covers every mention in a document. A mention counts as a name when its
head is a proper noun (a Wikipedia identity alone also marks 'the team' or 'we').
GUM has one 'place' type; it is split into country/city (GPE), other location (LOC) and facility (FAC)
by the mention's last word, the way OntoNotes-style labels separate them, so the extractor can tell a
capital from a palace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from reconcile.extract.vocab import DEMONYMS, HONORIFICS, TITLE_HEADS, TITLE_MODIFIERS

_OPEN = re.compile(r"\((\d+)-([a-z]+)-[^()|]*")
_CLOSE = re.compile(r"(\d+)\)")
_FACILITY_WORDS = frozenset(
    """street road avenue boulevard lane square palace hall airport hotel building stadium arena bridge church
    cathedral mosque temple museum house tower center centre station hospital prison castle theatre theater
    park gate plaza mall library embassy base camp port harbour harbor""".split()
)
LOCATION_WORDS = frozenset(
    """river mountain mountains mount ocean sea lake peninsula valley island islands coast desert gulf bay strait
    canal forest region continent hills range basin delta""".split()
)
_CONTINENTS = frozenset("Europe Asia Africa America Antarctica Oceania Arctic Antarctic Middle East".split())
_CLOCK = re.compile(
    r"\d:\d\d|\b(?:a\.?m\.?|p\.?m\.?|noon|midnight|morning|evening|night|afternoon|tonight|o'clock)\b", re.I
)
_TIME_CUES = re.compile(
    r"\d|\b(?:yesterday|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|year|month|week|day|century|decade|"
    r"spring|summer|autumn|fall|winter)s?\b",
    re.I,
)
_PERSON_PREFIX = frozenset(w.lower().rstrip(".") for w in HONORIFICS | TITLE_HEADS | TITLE_MODIFIERS | set(DEMONYMS))
_GROUP_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|i|ic|ch|ss|ab|ek|im)$")
_LEADING = frozenset({"DET", "PUNCT", "CCONJ", "ADP"})
MAX_NAME_WORDS = 8


@dataclass
class Word:
    """One syntactic word of a CoNLL-U sentence."""

    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    space: bool
    opens: list[tuple[str, str]] = field(default_factory=list)  # (mention id, entity type)
    closes: list[str] = field(default_factory=list)


def _misc(column: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in column.split("|") if "=" in item)


def read_documents(path: Path) -> Iterator[tuple[str, list[list[Word]]]]:
    """(document id, sentences) for each document in a CoNLL-U file; a file without `# newdoc` is one document."""
    doc_id = path.stem
    sentences: list[list[Word]] = []
    words: list[Word] = []
    range_end, range_space = 0, True
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            if sentences:
                yield doc_id, sentences
            doc_id, sentences = line.split("=", 1)[1].strip(), []
            continue
        if not line.strip():
            if words:
                sentences.append(words)
            words, range_end = [], 0
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue  # empty nodes of the enhanced graph
        misc = _misc(cols[9])
        if "-" in cols[0]:
            range_end = int(cols[0].split("-")[1])
            range_space = misc.get("SpaceAfter") != "No"
            continue
        number = int(cols[0])
        space = misc.get("SpaceAfter") != "No"
        if number < range_end:
            space = False
        elif number == range_end:
            space = range_space
        word = Word(cols[1], cols[2], cols[3], cols[4], cols[5], int(cols[6]) if cols[6] != "_" else 0, cols[7], space)
        entity = misc.get("Entity", "")
        word.opens = [(match.group(1), match.group(2)) for match in _OPEN.finditer(entity)]
        word.closes = _CLOSE.findall(re.sub(r"\([^()]*", "", entity)) + [
            m.group(1) for m in _OPEN.finditer(entity) if m.group(0).endswith(")") or f"{m.group(0)})" in entity
        ]
        words.append(word)
    if words:
        sentences.append(words)
    if sentences:
        yield doc_id, sentences


def _place_label(words: list[Word]) -> str:
    last = words[-1].form.lower()
    if last in _FACILITY_WORDS:
        return "FAC"
    if last in LOCATION_WORDS or words[0].form.lower() in LOCATION_WORDS or words[-1].form in _CONTINENTS:
        return "LOC"
    return "GPE"


def _time_label(text: str) -> str | None:
    if _CLOCK.search(text):
        return "TIME"
    return "DATE" if _TIME_CUES.search(text) else None


def _trim(words: list[Word], start: int, end: int) -> tuple[int, int]:
    """The name core: no leading article, preposition or punctuation, no trailing possessive or punctuation."""
    while start < end and (words[start].upos in _LEADING or words[start].xpos == "PRP$"):
        start += 1
    while end > start and (words[end - 1].upos in ("PUNCT", "PART") or words[end - 1].xpos == "POS"):
        end -= 1
    return start, end


def _person_core(words: list[Word], start: int, end: int, head: int) -> tuple[int, int]:
    """The proper-noun run around the head, without the titles, honorifics and demonyms before the name."""
    first = last = head
    while first > start and words[first - 1].upos == "PROPN":
        first -= 1
    while last + 1 < end and words[last + 1].upos == "PROPN":
        last += 1
    while first < last and words[first].form.lower().rstrip(".") in _PERSON_PREFIX:
        first += 1
    return first, last + 1


def _label(kind: str, words: list[Word], start: int, end: int) -> tuple[str, int, int] | None:
    """The entity label and span for one GUM mention, or None for a mention that is not a name."""
    start, end = _trim(words, start, end)
    if start >= end:
        return None
    inside = range(start, end)
    heads = [i for i in inside if not (start <= words[i].head - 1 < end)]
    head = heads[0] if heads else end - 1
    text = " ".join(words[i].form for i in inside)
    if kind == "time":
        label = _time_label(text)
        return (label, start, end) if label and end - start <= MAX_NAME_WORDS else None
    if words[head].upos != "PROPN" or end - start > MAX_NAME_WORDS:
        return None  # a Wikipedia identity also marks 'the team' or 'we' when they refer to a named thing
    if kind == "person":
        start, end = _person_core(words, start, end, head)
        if words[start].form.lower().rstrip(".") in _PERSON_PREFIX:
            return None  # a title alone ('the President') names no one
        return ("NORP", start, end) if words[head].xpos == "NNPS" else ("PERSON", start, end)
    if kind == "organization":
        return ("ORG", start, end)
    if kind == "place":
        return (_place_label(words[start:end]), start, end)
    if kind == "event":
        return ("EVENT", start, end)
    return None


def _mentions(words: list[Word]) -> list[tuple[str, int, int]]:
    """Every named mention of a sentence as (label, first word, end word)."""
    found = []
    open_at: dict[str, list[tuple[int, str]]] = {}
    for i, word in enumerate(words):
        for mention_id, kind in word.opens:
            open_at.setdefault(mention_id, []).append((i, kind))
        for mention_id in word.closes:
            stack = open_at.get(mention_id)
            if not stack:
                continue
            start, kind = stack.pop()
            labelled = _label(kind, words, start, i + 1)
            if labelled:
                found.append(labelled)
    for i, word in enumerate(words):
        if word.upos == "ADJ" and i > 0 and words[i - 1].upos != "PUNCT" and _GROUP_ADJECTIVE.fullmatch(word.form):
            found.append(("NORP", i, i + 1))  # "Russian Foreign Minister": a capitalised adjective is a group
    return found


def to_doc(vocab: Vocab, sentences: list[list[Word]], entities: bool) -> Doc:
    """One Doc with the treebank's words, tags, morphology, lemmas, parse and sentence starts, and (for GUM)
    its named entities with every other word outside any entity."""
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = [], [], [], [], [], [], [], [], []
    spans: list[tuple[str, int, int]] = []
    for sentence in sentences:
        offset = len(words)
        for i, w in enumerate(sentence):
            words.append(w.form)
            spaces.append(w.space)
            tags.append(w.xpos if w.xpos != "_" else "")
            pos.append(w.upos)
            morphs.append(w.feats if w.feats != "_" else "")
            lemmas.append(w.lemma if w.lemma != "_" else w.form)
            heads.append(offset + (w.head - 1 if w.head else i))
            deps.append("ROOT" if w.head == 0 else w.deprel)
            starts.append(i == 0)
        if entities:
            spans.extend((label, offset + s, offset + e) for label, s, e in _mentions(sentence))
    if spaces:
        spaces[-1] = False
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        sent_starts=starts,
    )
    if entities:
        doc.set_ents(filter_spans([Span(doc, s, e, label=label) for label, s, e in spans]), default="outside")
    return doc
