"""A store with more event mentions and reports than PostgreSQL takes bound parameters in one statement (65,535):
every stage that reads or writes them by id (match, the report, the export, the queue, the run log) must chunk its
lists, or a first match of a large batch fails on the team server; so must the review layer, whose live decisions
outlive what they rule on. Each store is made by the database itself (INSERT ... SELECT over a run of numbers), so it
is quick enough to run on every backend."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import reduce
from typing import Any

from sqlalchemy import CTE, String, cast, func, insert, literal, select, update
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.ingest.load import Outcome, store_report
from reconcile.ingest.reader import ReportInput
from reconcile.models import (
    Claim,
    Decision,
    Entity,
    EntityType,
    Event,
    Finding,
    FindingClaim,
    FindingKey,
    FindingKind,
    Mention,
    MentionRole,
    MergedMention,
    Report,
    Severity,
    Source,
    TargetKind,
)
from reconcile.pipeline import match
from reconcile.report.build import build_report
from reconcile.resolve.aliases import AliasBook
from reconcile.resolve.event_score import EventFacts
from reconcile.resolve.events import _add_report_names, load_facts
from reconcile.resolve.rulings import take_back
from reconcile.review.decisions import Target
from reconcile.review.export import build_export
from reconcile.review.queue import _replaced, finding_evidence, queue_page
from reconcile.review.runs import diff_runs, record_run
from reconcile.review.thread import with_review

PARAMETER_LIMIT = 65_535  # psycopg's (the PostgreSQL protocol's) bound parameters per statement
REPORTS = PARAMETER_LIMIT + 1_000
PAIRS = REPORTS // 2  # rulings on two ids each: more ids than one statement takes
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 700  # the reports' dates run over this many days, then again
DECIDED = dt.datetime(2030, 1, 1)  # after every report is stored: an accepted value stands
LONG_AGO = dt.datetime(2000, 1, 1)  # before: a report stored since that gives another value reopens it
CONFLICT = "0123456789" + "0" * 30  # a finding's id


def _numbers(count: int, start: int = 1) -> CTE:
    """The numbers from `start`, `count` of them, as a table the database makes itself."""
    n = select(literal(start).label("n")).cte("numbers", recursive=True)
    return n.union_all(select(n.c.n + 1).where(n.c.n < start + count - 1))


def _insert_numbered(session: Session, model: Any, count: int, start: int = 1, **columns: Any) -> None:
    """`count` rows of `model`, one for each number n from `start`, in one INSERT ... SELECT: each column is a value,
    or a function of n. Sent row by row, a store this size takes PostgreSQL a minute to insert; so, a second."""
    n = _numbers(count, start).c.n
    table = model.__table__
    values = [v(n) if callable(v) else literal(v, table.c[k].type) for k, v in columns.items()]
    session.execute(insert(model).from_select(list(columns), select(*values)))


def _text(*parts: Any) -> Any:
    """A string made of constants and numbers, in SQL: 'f' || n."""
    return reduce(lambda a, b: a + b, [cast(p, String) if not isinstance(p, str) else literal(p) for p in parts])


def _day(session: Session, n: Any, as_text: bool) -> Any:
    """FIRST_DAY and n % DAYS days after it, in SQL: a date, or its ISO text as a claim states it. Each database has
    its own date arithmetic."""
    if session.get_bind().dialect.name == "postgresql":
        day = literal(FIRST_DAY) + n % DAYS
        return func.to_char(day, "YYYY-MM-DD") if as_text else day
    return func.date(FIRST_DAY.isoformat(), _text("+", n % DAYS, " days"))


def _json(key: str, value: Any, session: Session) -> Any:
    """A JSON object of one key, made in SQL: each database has its own function for it."""
    make = func.json_build_object if session.get_bind().dialect.name == "postgresql" else func.json_object
    return make(key, value)


def _report_id(n: Any) -> Any:
    """The id of the report of number n, in SQL: r000000, r000001, ..."""
    return _text("r", func.substr(cast(1_000_000 + n, String), 2))


def _store(engine, reports: int = REPORTS) -> None:  # type: ignore[no-untyped-def]
    """`reports` one-line reports, each the dated account of one incident: as many mentions, claims and events."""
    stored = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.session_scope(engine) as session:
        session.execute(insert(Source), [{"id": 1, "name": "Wire"}])
        said = {"source_id": 1, "text": "A fire broke out.", "ingested_at": stored}
        _insert_numbered(
            session,
            Report,
            reports,
            0,
            id=_report_id,
            content_hash=lambda n: cast(n, String),
            published=lambda n: _day(session, n, as_text=False),
            **said,
        )
        account = {"local_id": "e1", "role": MentionRole.event, "type": "incident", "name": "Fire"}
        _insert_numbered(session, Mention, reports, 0, id=lambda n: n + 1, report_id=_report_id, **account)
        dated = {"property": "date", "raw_value": "A fire", "qualifiers": {}, "span_start": 0, "span_end": 6}
        _insert_numbered(
            session,
            Claim,
            reports,
            0,
            report_id=_report_id,
            mention_id=lambda n: n + 1,
            value=lambda n: _day(session, n, as_text=True),
            normalised=lambda n: _day(session, n, as_text=True),
            sentence="A fire broke out.",
            sentence_start=0,
            **dated,
        )


def test_a_store_larger_than_one_statement_takes_is_matched_reported_and_logged(engine):
    _store(engine)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.session_scope(engine) as session:
        result = match(session, AliasBook())
        record_run(session, "match", started, [], {})
    assert result.events.mentions == REPORTS
    with db.session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == REPORTS
        assert session.scalar(select(func.count()).select_from(Event).where(Event.stale)) == 0
        report = build_report(session)
        assert report["summary"]["reports"] == report["summary"]["events"] == REPORTS
        assert len(build_export(session)["records"]) == REPORTS
        assert queue_page(session, "open", None, 10, 0).total == 0
        record_run(session, "match", started, [], {})
        diff = diff_runs(session)
        assert (diff["new"], diff["resolved"], diff["changed"]) == ([], [], [])


def _rulings(session: Session, kind: TargetKind, action: str, count: int, key: Any, **more: Any) -> None:
    """`count` live decisions as `record` leaves them, the key of each a function of its number."""
    live = {"reviewer": "ana", "note": "", "decided_at": DECIDED, "live": True}
    _insert_numbered(session, Decision, count, target_kind=kind, target_key=key, action=action, **live | more)


def _reopened(session: Session) -> None:
    """One event every account tells, and a conflict on its date with all their claims, whose value a reviewer
    accepted before the reports were stored: they reopen it."""
    session.execute(insert(Event), [{"id": 1, "kind": "incident", "name": "Fire"}])
    session.execute(update(Mention).values(event_id=1))
    conflict = {"kind": FindingKind.conflict, "severity": Severity.high, "property": "date", "explanation": "."}
    session.execute(insert(Finding), [{"id": CONFLICT, "event_id": 1} | conflict])
    session.execute(insert(FindingClaim).from_select(["finding_id", "claim_id"], select(literal(CONFLICT), Claim.id)))
    accepted = {"target_kind": TargetKind.finding, "target_key": CONFLICT, "action": "accept", "value": "1999-12-31"}
    session.execute(insert(Decision), [accepted | {"reviewer": "ana", "decided_at": LONG_AGO}])


def _reviewed_store(engine) -> None:  # type: ignore[no-untyped-def]
    """Two accounts of a reopened conflict; and the live decisions a long-used store keeps on what is gone since (a
    decision outlives what it rules on): a value accepted on REPORTS - 1 findings, and PAIRS rulings on links and on
    entity pairs, each naming two ids; only the first link's accounts are stored."""
    _store(engine, 2)
    with db.session_scope(engine) as session:
        _reopened(session)
        _rulings(session, TargetKind.finding, "accept", REPORTS - 1, lambda n: _text("f", n), value="1999-12-31")
        _rulings(session, TargetKind.link, "different", PAIRS, lambda n: _text(2 * n - 1, "-", 2 * n))
        _rulings(session, TargetKind.entities, "split", PAIRS, lambda n: _text(2 * n - 1, "-", 2 * n))


def test_more_live_decisions_than_one_statement_takes_are_reported_listed_and_exported(engine):
    _reviewed_store(engine)
    with db.session_scope(engine) as session:
        report = with_review(session, build_report(session))  # `reconcile report` with the review on it
        [finding] = [f for event in report["events"] for f in event["findings"]]
        assert finding["status"] == "reopened" and finding["decision"]["value"] == "1999-12-31"
        listed = queue_page(session).items  # `reconcile review list`: every item, with its evidence
        assert Counter((i.kind, i.status) for i in listed) == {
            ("conflict", "reopened"): 1,
            ("link", "decided"): 1,
            ("entities", "decided"): PAIRS,
        }
        [record] = [r for r in build_export(session)["records"] if r["properties"]]
        assert [(p["status"], p["reopened"]) for p in record["properties"]] == [("open", True)]
        decided = [CONFLICT, *(f"f{n}" for n in range(1, REPORTS))]  # as many as a page of every finding asks for
        assert {key: len(claims) for key, claims in finding_evidence(session, decided).items()} == {CONFLICT: 2}


def test_a_finding_that_replaced_more_findings_than_one_statement_takes_names_them_all(engine):
    with db.session_scope(engine) as session:
        stored = {"about": "{}", "anchor_report": "r", "anchor_local": "e1", "claims": []}
        _insert_numbered(
            session, FindingKey, REPORTS, finding_id=lambda n: _text("f", n), successor_id=CONFLICT, **stored
        )
        found = _replaced(session, Target(TargetKind.finding, CONFLICT, "F"))  # the trail `review show` reads
    assert found == {f"f{n}" for n in range(1, REPORTS + 1)}


def test_an_account_naming_every_other_and_a_conflict_every_report_reopens_are_read(engine):
    """The first report's account names every other account as a side, and the last one's is also an organisation's
    mention; every account tells one event, whose reopened conflict has every report's claim."""
    _store(engine)
    side = {"report_id": "r000000", "mention_id": 1, "property": "topic", "raw_value": "fire", "value": "fire"}
    side |= {"normalised": "fire", "span_start": 2, "span_end": 6, "sentence": "A fire broke out.", "sentence_start": 0}
    with db.session_scope(engine) as session:
        session.execute(insert(Entity), [{"id": 1, "type": EntityType.organisation, "name": "Wire"}])
        session.execute(update(Mention).where(Mention.id == REPORTS).values(entity_id=1))
        _reopened(session)
        _insert_numbered(session, Claim, REPORTS - 1, 2, qualifiers=lambda n: _json("side", n, session), **side)
        facts = load_facts(session, [1])
        accounts = [EventFacts(i + 1, f"r{i:06d}", kind="incident") for i in range(REPORTS)]
        _add_report_names(session, accounts)
        [item] = queue_page(session, kind="conflict").items  # reopened: when each report was stored is read
    assert facts[1].names == {1: "Wire"} and len(facts[1].topics) == REPORTS - 1
    assert [a.report_names for a in accounts if a.report_names] == [{1}]
    assert item.status == "reopened" and len(item.evidence) == REPORTS


def test_a_report_whose_mentions_more_entities_hold_than_one_statement_takes_is_unmerged_and_replaced(engine):
    """Entity 1 kept, entity 2 folded into it, and since then each merged mention went to an entity of its own: the
    merge is taken back. Then each mention again has an entity of its own, and the report is replaced."""
    holders = range(3, REPORTS + 3)
    person = {"type": EntityType.person, "name": "Ann Lee", "stale": False}
    with db.session_scope(engine) as session:
        session.execute(insert(Source), [{"id": 1, "name": "Wire"}])
        session.execute(insert(Report), [{"id": "big", "source_id": 1, "text": "Names.", "content_hash": "old"}])
        session.execute(insert(Entity), [{"id": 1} | person])
        _insert_numbered(session, Entity, REPORTS, 3, id=lambda n: n, created_at=DECIDED, **person)
        mention = {"report_id": "big", "role": MentionRole.entity, "type": "person", "name": "Ann Lee"}
        own = {"id": lambda n: n, "entity_id": lambda n: n, "local_id": lambda n: _text("p", n)}
        _insert_numbered(session, Mention, REPORTS, 3, **own, **mention)
        session.execute(
            insert(Decision),
            [{"target_kind": TargetKind.entities, "target_key": "1-2", "action": "merge"} | {"reviewer": "ana"}],
        )
        merge = session.scalar(select(Decision.id))
        _insert_numbered(
            session, MergedMention, REPORTS, 3, decision_id=merge, mention_id=lambda n: n, entity_id=lambda n: 1 + n % 2
        )
        assert take_back(session, 1, 2) is not None
        held = Counter(session.scalars(select(Mention.entity_id)))
        assert held == Counter(1 + e % 2 for e in holders)  # each back with the entity that held it before the merge
        session.execute(update(Mention).values(entity_id=Mention.id))
        session.execute(update(Entity).values(stale=False))
        conflict = {"kind": FindingKind.conflict, "severity": Severity.high, "property": "age", "explanation": "."}
        session.execute(insert(Finding), [{"id": CONFLICT, "entity_id": holders[-1]} | conflict])
    new = ReportInput("big", "big.txt", "Wire", None, None, None, None, "No names.", "new", (), ())
    with db.session_scope(engine) as session:
        assert store_report(session, new) is Outcome.replaced
    with db.session_scope(engine) as session:
        assert set(session.scalars(select(Entity.id).where(Entity.stale))) == set(holders)
        assert session.scalar(select(func.count()).select_from(Finding)) == 0
