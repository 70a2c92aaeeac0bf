"""Who said what, from the parse: the subject of a verb of saying, and what a reported clause says.

'“The talks were useful,” Hakan Fidan told reporters' and 'Fidan said the talks were useful' are one
statement: the speaker is the subject of the verb of saying (a pronoun standing for the last person named
before it), and what was said is the quote, or the clause the verb reports when no quote marks are used.
Verbs are recognised by lemma ('say', 'tell', 'add'...), so every tense and person counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.parsed import sentence_of, sentences, text_of, words_of

SPEECH_LEMMAS = frozenset(
    """say tell add write state declare note announce stress insist warn explain claim argue conclude reply
    confirm affirm reaffirm reveal underscore emphasize emphasise tweet""".split()
)
_PRONOUNS = frozenset("he she".split())
_MARKS = frozenset('“”"')
MIN_CHARS = 12  # a reported clause shorter than this says nothing a reader would compare


class Speech:
    """The report's speakers and people, looked up by position."""

    def __init__(self, doc: Doc, entities: list[TypedSpan]) -> None:
        self.doc = doc
        self.speakers = ByStart(e for e in entities if e.type in ("person", "organisation"))
        self.people = ByStart(e for e in entities if e.type == "person")

    def speaker(self, start: int, end: int) -> TypedSpan | None:
        """The speaker of the quote text[start:end]: the subject of the nearest verb of saying in its sentence
        outside the quote, or the X of 'according to X'."""
        first = self.doc.char_span(start, end, alignment_mode="expand")
        if first is None or not len(first):
            return None
        sentence = sentence_of(first[0])
        verbs = [t for t in words_of(sentence) if _says(t) and not start <= t.idx < end]
        for verb in sorted(verbs, key=lambda v: min(abs(v.idx - start), abs(v.idx - end))):
            found = self._subject(verb, start)
            if found is not None:
                return found
        return None

    def reported(self) -> Iterator[tuple[int, int, TypedSpan]]:
        """'Fidan said the talks were useful': each clause a verb of saying reports outside quote marks, with
        its speaker; a clause nobody named is said to report is no one's quote. Sentences with quote marks are
        left to the quotes themselves."""
        text = text_of(self.doc)
        for sentence in sentences(self.doc):
            if any(mark in text[sentence.start_char : sentence.end_char] for mark in _MARKS):
                continue
            for verb in (t for t in words_of(sentence) if _says(t)):
                clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
                if clause is None:
                    continue
                words = _without_mark(self.doc[clause.left_edge.i : clause.right_edge.i + 1])
                speaker = self._subject(verb, sentence.start_char)
                if words is not None and len(words.text) >= MIN_CHARS and speaker is not None:
                    yield words.start_char, words.end_char, speaker

    def _subject(self, verb: Token, before: int) -> TypedSpan | None:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subject is None:
            return None
        if subject.pos_ == "PRON":
            return self.people.last_ending_by(before) if subject.lower_ in _PRONOUNS else None
        named = self.speakers.starting(subject.left_edge.idx, subject.idx + 1)
        return next((n for n in named if n.start <= subject.idx < n.end), None)


def _says(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_LEMMAS


def _without_mark(span: Span) -> Span | None:
    """The reported clause without its 'that' and final punctuation."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].dep_ == "mark" or span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[start:end] if start < end else None
