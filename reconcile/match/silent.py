"""Before a finding says "only A states X", look for X in the text of the reports said to be silent.

Extraction misses things: a quote given without quote marks, a topic in a sentence no rule read. A reader told
that report B does not say what B plainly says stops trusting the report, so an addition of a quote or a topic is
checked against B's whole text, compared without case, curly quotes or runs of spaces. Where the words are
there, B states them too: the finding shows B's words and sentence as its evidence, and if no report is left
silent it is an agreement.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.db import chunked
from reconcile.ingest.sentences import sentence_around, sentence_starts
from reconcile.match.classify import FindingDraft
from reconcile.models import Report
from reconcile.score import closest_stretch

# Properties whose words can be looked for, and how many words a value needs for its presence to mean
# anything: a two-word topic ('humanitarian aid') names a subject, a quote of three words is a stock phrase.
CHECKED = {"quote": 4, "topic": 2}
NEARLY = 90.0  # partial ratio at which a stretch of another report is the same words, retold
KEPT_TEXTS = 256  # reports' texts kept while findings are made: an event has a few reports, a run many events
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_EDGES = "\"'.,;:!?()[] "


class Texts:
    """Report texts read on demand, the last few hundred kept, each with its sentence starts and folded form."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.kept: OrderedDict[str, tuple[str, list[int], str]] = OrderedDict()

    def get(self, report_id: str) -> tuple[str, list[int], str]:
        if report_id not in self.kept:
            self.read([report_id])
        self.kept.move_to_end(report_id)
        return self.kept[report_id]

    def read(self, report_ids: Collection[str]) -> None:
        """Read the texts of these reports not kept yet, a chunk per statement, and keep them (see `windows`)."""
        for report_id in report_ids:
            if report_id in self.kept:
                self.kept.move_to_end(report_id)
        missing = sorted(set(report_ids) - self.kept.keys())
        for chunk in chunked(missing):
            rows = self.session.execute(select(Report.id, Report.text).where(Report.id.in_(chunk)))
            read: dict[str, str] = {report_id: text for report_id, text in rows}
            for report_id in chunk:
                text = read.get(report_id) or ""
                self.kept[report_id] = (text, sentence_starts(text), fold(text))
                if len(self.kept) > KEPT_TEXTS:
                    self.kept.popitem(last=False)


def fold(text: str) -> str:
    """The text with straight quotes, in lower case where that keeps every character in its place (a few letters
    lower to two), so offsets into it are offsets into the text."""
    straight = text.translate(_FOLD)
    lower = straight.lower()
    return lower if len(lower) == len(straight) else straight


def check_additions(drafts: list[FindingDraft], texts: Texts) -> None:
    """Turn 'not stated' into stated wherever a silent report's text holds the words; an addition none is left
    silent on becomes an agreement."""
    checked = [
        (draft, needle)
        for draft in drafts
        if draft.kind == "addition" and draft.property in CHECKED and (needle := _needle(draft)) is not None
    ]
    for window in _windows(checked):
        texts.read({report for draft, _ in window for report in draft.scores["not_stated_by"]})
        for draft, needle in window:
            retold = draft.property == "quote"
            found = [hit for report in draft.scores["not_stated_by"] if (hit := _find(report, needle, texts, retold))]
            if found:
                _restate(draft, found)


def _windows(checked: list[tuple[FindingDraft, str]]) -> Iterator[list[tuple[FindingDraft, str]]]:
    """The drafts in runs that need at most half the texts kept, so each run's texts are read in a few statements
    and all stay kept while it is checked."""
    window: list[tuple[FindingDraft, str]] = []
    reports: set[str] = set()
    for draft, needle in checked:
        needed = set(draft.scores["not_stated_by"])
        if window and len(reports | needed) > KEPT_TEXTS // 2:
            yield window
            window, reports = [], set()
        window.append((draft, needle))
        reports |= needed
    if window:
        yield window


def _needle(draft: FindingDraft) -> str | None:
    """The words to look for: the first claim's words, folded, single-spaced, without quote marks or end
    punctuation."""
    words = " ".join(fold(draft.claims[0].raw).split()).strip(_EDGES)
    return words if len(words.split()) >= CHECKED[draft.property] else None


def _find(report: str, needle: str, texts: Texts, retold: bool) -> dict[str, Any] | None:
    """The report's words where its folded text holds the needle between word boundaries, or else, for a quote
    (`retold`), its closest stretch if that is nearly the same (rapidfuzz's partial ratio): a quote retold
    without quote marks changes a pronoun ('we will not sign' -> 'they will not sign'), not the words that
    matter. A topic of two words is looked for as written: one letter makes 'peace talks' 'peace walks'."""
    text, starts, folded = texts.get(report)
    words = r"\s+".join(re.escape(word) for word in needle.split())
    match = re.search(rf"(?<!\w){words}(?!\w)", folded, re.IGNORECASE)
    if match is not None:
        start, end = match.start(), match.end()
    elif not retold:
        return None
    else:
        near = closest_stretch(needle, folded, NEARLY)
        if near is None:
            return None
        start, end = _whole_words(folded, *near)
    _, sentence = sentence_around(text, starts, start, end)
    return {"report": report, "span": [start, end], "raw": text[start:end], "evidence": sentence}


def _whole_words(folded: str, start: int, end: int) -> tuple[int, int]:
    """Widen a stretch to the words it cuts into."""
    while start > 0 and folded[start - 1].isalnum():
        start -= 1
    while end < len(folded) and folded[end].isalnum():
        end += 1
    return start, end


def _restate(draft: FindingDraft, found: list[dict[str, Any]]) -> None:
    silent = [r for r in draft.scores["not_stated_by"] if r not in {hit["report"] for hit in found}]
    draft.scores["stated_by"] = sorted([*draft.scores["stated_by"], *(hit["report"] for hit in found)])
    draft.scores["not_stated_by"] = silent
    draft.scores["found_in_text"] = found
    where = "; ".join(f"{hit['report']} at {hit['span'][0]}-{hit['span'][1]}" for hit in found)
    what = draft.property + (f" {draft.member!r}" if draft.member else "")
    if silent:
        draft.explanation += f"; the same words are in the text of {where}, though no claim was read from them"
        return
    draft.kind, draft.severity = "agreement", "none"
    draft.explanation = (
        f"rule text-found: every report states {what}; the words are in the text of {where}, "
        "though no claim was read from them there"
    )
