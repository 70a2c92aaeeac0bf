"""Turn a plain report into the same structured claims a person would write by hand.

The output is a report in the shape of schemas/report.schema.json, so an extracted report goes
through exactly the checks and the storage path of a hand-written one. spaCy does the text work
(tokens and sentences; a trained pipeline's entities too, when the user installed one); the rules
in mentions.py and relations.py do the rest, and each claim names the rule that made it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from reconcile import settings
from reconcile.errors import ReconcileError
from reconcile.extract.assemble import assemble
from reconcile.extract.dates import find_dates
from reconcile.extract.mentions import TypedSpan, find_entities, merge_model_entities
from reconcile.extract.names import combine, is_parsed, personal_pronouns
from reconcile.extract.tokenizer import bound_tokenizer
from reconcile.ingest.documents import Document, locate_dateline
from reconcile.ingest.sentences import sentence_starts

__all__ = ["Extractor", "TypedSpan"]

BATCH = 64
MAX_LENGTH = 6_000_000  # spaCy's guard is for parsers' memory; we only tokenise, and files are capped earlier
# Pipelines shipped inside the package, by the name --nlp-model takes. "news": the compact NER model trained
# on ECB+ and GVDB dev by benchmarks/train/ner.py (ner_model/ATTRIBUTION.md says what it may be used for).
# "pipeline": the English pipeline (tags, parse, lemmas, entities) trained by benchmarks/train/pipeline.py on the
# UD treebanks GUM and EWT, ECB+ and GVDB (pipeline_model/ATTRIBUTION.md), the default for plain reports.
BUILTIN_MODELS = {"news": Path(__file__).with_name("ner_model"), "pipeline": Path(__file__).with_name("pipeline_model")}
RULES_ONLY = "rules"  # tokens and sentences only: the rules on capitals, about twenty times faster


class Extractor:
    """One loaded text engine per process: loading is the slow part, extracting is cheap."""

    def __init__(self, model: str | None = None) -> None:
        self.model = settings.nlp_model(model)
        self.nlp = _load(self.model)

    def extract(self, document: Document) -> dict[str, Any]:
        """The report, with the entities, events and claims found in its text."""
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
        """Extract in batches through nlp.pipe, which is much faster than one call per report."""
        pending = list(documents)
        for document, doc in zip(pending, self.nlp.pipe((d.text for d in pending), batch_size=BATCH), strict=True):
            dateline = locate_dateline(document.text, document.published)
            dates = find_dates(document.text, anchor_date(document, dateline))
            yield assemble(document, doc, self._entities(doc), dates, dateline[1] if dateline else 0)

    def mentions(self, text: str, published: dt.date | None = None) -> list[TypedSpan]:
        """Every typed span found, dates included, for measuring extraction on its own: with a parsing pipeline,
        the report's entities and the personal pronouns that stand for people; with an entity model alone, every
        span it marks (pronouns and descriptions too, which never become entities of a report)."""
        doc = self.nlp(text)
        dates = [TypedSpan("date", d.start, d.end, text[d.start : d.end], d.rule) for d in find_dates(text, published)]
        if is_parsed(doc):
            return sorted([*self._entities(doc), *dates, *personal_pronouns(doc)], key=lambda s: s.start)
        spans = find_entities(doc) + dates
        if doc.has_annotation("ENT_IOB"):
            spans = merge_model_entities(doc, spans, names_only=False)
        return sorted(spans, key=lambda s: s.start)

    def _entities(self, doc: Doc) -> list[TypedSpan]:
        """Rule-found entities; with a parsing pipeline, typed by its recogniser and cut by its parse; with an
        entity recogniser alone, its people, organisations and places added where rules missed."""
        found = find_entities(doc)
        if is_parsed(doc):
            return combine(doc, found)
        return merge_model_entities(doc, found) if doc.has_annotation("ENT_IOB") else found


def anchor_date(document: Document, dateline: tuple[dt.date | None, int] | None) -> dt.date | None:
    """The day 'on Tuesday' and 'yesterday' count back from: a wire dateline's date, which is when the story was
    filed, else the publication date (a report updated a day later still tells of the dateline's Tuesday)."""
    return dateline[0] if dateline and dateline[0] else document.published


@Language.component("report_sentences")
def report_sentences(doc: Doc) -> Doc:
    """Sentences cut by the splitter that cuts evidence sentences, so a rule reads the sentence a reader is shown.

    It knows abbreviations ('Dr.', 'U.S.') and ends a sentence at a line break, where headlines, captions and
    datelines carry no full stop of their own. Set through arrays: per-token Python would be the slow part.
    """
    if not len(doc):
        return doc
    offsets = doc.to_array("IDX")
    first = numpy.searchsorted(offsets, sentence_starts(doc.text), side="right") - 1
    starts = numpy.full(len(doc), -1, dtype="int64")
    starts[numpy.unique(first.clip(0))] = 1
    return doc.from_array(["SENT_START"], cast(Ints2d, starts.reshape(-1, 1).astype("uint64")))


def _load(model: str) -> Language:
    """A blank English pipeline with a sentence splitter, a pipeline shipped with reconcile, or an installed one."""
    if model == RULES_ONLY:
        nlp = spacy.blank("en")
        nlp.add_pipe("report_sentences")
    else:
        try:
            nlp = spacy.load(BUILTIN_MODELS.get(model, model), exclude=["lemmatizer"])
        except OSError:
            raise ReconcileError(
                f"spaCy pipeline {model!r} is not installed; install it with `python -m spacy download {model}`"
            ) from None
        nlp.add_pipe("report_sentences", first=True)  # a parser, if any, keeps boundaries already set
    nlp.max_length = MAX_LENGTH
    bound_tokenizer(nlp)
    return nlp
