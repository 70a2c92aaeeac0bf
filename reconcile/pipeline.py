"""The stages in order: ingest files, resolve entities and events, update findings. No printing here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from reconcile.errors import InputError
from reconcile.ingest.load import Outcome, store_report
from reconcile.ingest.reader import read_report, report_files
from reconcile.match.findings import FindingStats, update_findings
from reconcile.resolve.aliases import AliasBook
from reconcile.resolve.entities import Resolver, ResolveStats
from reconcile.resolve.events import EventStats, resolve_events


@dataclass
class IngestSummary:
    """What a batch did to each file: stored, replaced, skipped as unchanged, or failed (with why)."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    failures: list[InputError] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o is outcome)


@dataclass
class MatchSummary:
    entities: ResolveStats
    events: EventStats
    findings: FindingStats


def ingest(session: Session, paths: Iterable[Path], progress: Callable[[Path], None] | None = None) -> IngestSummary:
    """Store every valid report in `paths`; a bad file is recorded and skipped, the rest go in."""
    summary = IngestSummary()
    for path in report_files(paths):
        try:
            report = read_report(path)
        except InputError as exc:
            summary.failures.append(exc)
        else:
            summary.outcomes[report.id] = store_report(session, report)
        if progress is not None:
            progress(path)
    return summary


def match(session: Session, aliases: AliasBook) -> MatchSummary:
    """Resolve new mentions, then recompute the findings of whatever they touched."""
    entities = Resolver(session, aliases).resolve()
    events = resolve_events(session)
    findings = update_findings(session)
    return MatchSummary(entities, events, findings)
