"""The stages in order: ingest files, resolve entities and events, update findings. No printing here."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.db import session_scope
from reconcile.errors import DatabaseError, InputError
from reconcile.extract import Extractor
from reconcile.ingest.documents import DOCUMENT_SUFFIXES, read_document
from reconcile.ingest.load import Outcome, store_report, store_reports
from reconcile.ingest.reader import (
    JSON_SUFFIXES,
    ReportInput,
    check_report,
    read_report,
    report_files,
    unique_in_batch,
)
from reconcile.match.findings import FindingStats, update_findings
from reconcile.models import Claim, Entity, Event, EventLink, Mention, Report
from reconcile.resolve.aliases import AliasBook
from reconcile.resolve.entities import Resolver, ResolveStats
from reconcile.resolve.events import EventStats, resolve_events

T = TypeVar("T")


@dataclass
class IngestSummary:
    """What a batch did to each file: stored, replaced, skipped as unchanged, or failed (with why)."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    failures: list[InputError] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o is outcome)


@dataclass(frozen=True)
class ReadOptions:
    """How plain reports are read: the outlet to assume and the spaCy pipeline to add, if any."""

    source: str | None = None
    nlp_model: str | None = None


REPORT_SUFFIXES = JSON_SUFFIXES + DOCUMENT_SUFFIXES


def input_files(paths: Iterable[Path]) -> list[Path]:
    """Every report file under `paths`: structured JSON and plain text, Markdown and HTML."""
    return list(report_files(paths, REPORT_SUFFIXES))


@dataclass
class MatchSummary:
    entities: ResolveStats
    events: EventStats
    findings: FindingStats


def ingest(
    engine: Engine,
    paths: Iterable[Path],
    progress: Callable[[Path], None] | None = None,
    options: ReadOptions = ReadOptions(),
) -> IngestSummary:
    """Store every valid report in `paths`, each whole or not at all; a bad file is recorded and skipped, the rest go
    in.

    Reports are written in batches, one transaction each, on every database alike: whatever stops the run (a crash,
    a kill) leaves every batch before it stored and none half-written. A batch that fails is written again report by
    report, so the reports before the failing one are kept and the failure is raised at its own report. Reading and
    validating is pure work per file, so large batches spread it over the CPUs while this process writes, in file
    order, what comes back.
    """
    summary = IngestSummary()
    first_paths: dict[str, str] = {}
    files = input_files(paths)
    workers = min(os.cpu_count() or 1, 8) if len(files) >= PARALLEL_FROM else 1
    pool = ProcessPoolExecutor(workers, initializer=_end_with, initargs=(os.getpid(),)) if workers > 1 else _InProcess()
    batch: list[tuple[Path, ReportInput]] = []
    claims = written = 0
    with pool:
        for path, read in zip(files, pool.map(partial(_read, options=options), files, chunksize=32), strict=True):
            result = read if isinstance(read, InputError) else unique_in_batch(first_paths, read)
            if isinstance(result, InputError):
                summary.failures.append(result)
                if progress is not None:
                    progress(path)
                continue
            batch.append((path, result))
            claims += len(result.claims)
            if len(batch) >= STORE_BATCH or claims >= STORE_BATCH_CLAIMS:
                _store_batch(engine, batch, summary, progress)
                batch, written, claims = [], written + claims, 0
        _store_batch(engine, batch, summary, progress)
    if written + claims >= db.STATISTICS_AFTER:  # the match that follows plans its reads by these
        with session_scope(engine, writes=False) as session:
            db.refresh_statistics(session, Report, Mention, Claim)
    return summary


STORE_BATCH = 250  # reports written in one transaction, or fewer when they hold more than STORE_BATCH_CLAIMS claims
STORE_BATCH_CLAIMS = 20_000


def _store_batch(
    engine: Engine,
    batch: list[tuple[Path, ReportInput]],
    summary: IngestSummary,
    progress: Callable[[Path], None] | None,
) -> None:
    """Write a batch in one transaction; if it fails, write it again one transaction per report (see ingest)."""
    if not batch:
        return
    reports = [report for _, report in batch]
    try:
        with session_scope(engine) as session:
            outcomes = store_reports(session, reports)
    except DatabaseError:
        raise  # the store is busy or gone: writing report by report would only wait again
    except Exception:
        outcomes = []
        for report in reports:
            with session_scope(engine) as session:
                outcomes.append(store_report(session, report))
    summary.outcomes.update((report.id, outcome) for report, outcome in zip(reports, outcomes, strict=True))
    if progress is not None:
        for path, _ in batch:
            progress(path)


PARALLEL_FROM = 200  # below this, starting worker processes costs more than it saves
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when the process that started it dies


def _end_with(parent: int) -> None:
    """A worker only reads files for the process that started it; if that process dies, kill -9 included, the
    worker ends too instead of lingering. Linux signals it at once; elsewhere a thread watches the parent."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _read(path: Path, options: ReadOptions) -> ReportInput | InputError:
    """A checked report from a JSON file or from a plain one through the extractor; a bad file's error is
    returned rather than raised, so the batch goes on."""
    try:
        if path.suffix.lower() in JSON_SUFFIXES:
            return read_report(path)
        document = read_document(path, options.source)
        return check_report(path, _extractor(options.nlp_model).extract(document))
    except InputError as exc:
        return exc


def extract_files(paths: Iterable[Path], options: ReadOptions = ReadOptions()) -> Iterator[dict[str, Any] | InputError]:
    """Each plain report's extracted claims, checked as ingest checks them, or the file's error; no database.

    A plain map over files, so a large batch can be cut into parts and run in parallel by any job runner.
    """
    first_paths: dict[str, str] = {}
    for path in report_files(paths, REPORT_SUFFIXES):
        if path.suffix.lower() in JSON_SUFFIXES:
            yield InputError(str(path), ["already a structured report: extract reads plain reports (.txt, .md, .html)"])
            continue
        try:
            document = read_document(path, options.source)
            data = _extractor(options.nlp_model).extract(document)
            checked = unique_in_batch(first_paths, check_report(path, data))
        except InputError as exc:
            checked = exc
        yield checked if isinstance(checked, InputError) else data


@cache
def _extractor(model: str | None) -> Extractor:
    """One extractor per process and model: loading spaCy is the slow part."""
    return Extractor(model)


class _InProcess:
    """The executor interface, run here: small batches and single files need no workers."""

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def map(self, fn: Callable[[Path], T], items: Iterable[Path], chunksize: int = 1) -> Iterator[T]:
        return map(fn, items)


def match(session: Session, aliases: AliasBook) -> MatchSummary:
    """Resolve new mentions, then recompute the findings of whatever they touched."""
    entities = Resolver(session, aliases).resolve()
    events = resolve_events(session, rescore=entities.rescore, renamed=entities.renamed)
    if entities.mentions + events.mentions >= db.STATISTICS_AFTER:  # the findings read by what was just written
        db.refresh_statistics(session, Mention, Entity, Event, EventLink)
    findings = update_findings(session)
    return MatchSummary(entities, events, findings)
