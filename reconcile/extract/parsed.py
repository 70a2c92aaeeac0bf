"""What the rules read from a parsed report again and again, worked out once per report.

spaCy rebuilds `Doc.text` from every token on each access and walks every token for `Doc.sents`;
the rules ask for both inside their loops, which made those walks most of extraction's time.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_TEXT = "reconcile.text"
_SENTENCES = "reconcile.sentences"
_STARTS = "reconcile.sentence_starts"
_TOKENS = "reconcile.tokens"


def text_of(doc: Doc) -> str:
    """The report's text, as spaCy holds it."""
    if _TEXT not in doc.user_data:
        doc.user_data[_TEXT] = doc.text
    text: str = doc.user_data[_TEXT]
    return text


def tokens_of(doc: Doc) -> list[Token]:
    """The report's tokens as one list: iterating a Doc makes a new Token object for every word, every time."""
    if _TOKENS not in doc.user_data:
        doc.user_data[_TOKENS] = list(doc)
    found: list[Token] = doc.user_data[_TOKENS]
    return found


def sentences(doc: Doc) -> list[Span]:
    """The report's sentences, in order."""
    if _SENTENCES not in doc.user_data:
        doc.user_data[_SENTENCES] = list(doc.sents)
        doc.user_data[_STARTS] = [s.start for s in doc.user_data[_SENTENCES]]
    found: list[Span] = doc.user_data[_SENTENCES]
    return found


def sentence_of(token: Token) -> Span:
    """The sentence holding a token, by binary search over the sentence starts."""
    every = sentences(token.doc)
    return every[bisect_right(token.doc.user_data[_STARTS], token.i) - 1]


def words_of(span: Span) -> list[Token]:
    """A sentence's or span's tokens, cut from the report's one token list instead of made anew."""
    return tokens_of(span.doc)[span.start : span.end]


def text_in(span: Span) -> str:
    """A span's text, cut from the report's text (Span.text, too, joins its tokens on every call)."""
    return text_of(span.doc)[span.start_char : span.end_char]
