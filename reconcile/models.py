"""The database schema as SQLAlchemy 2.x typed models: tables, enums and constraint names; no queries."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql import text

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
WITHIN = text("property = 'within'")  # the claims of partial indexes (see Claim)
UNPROFILED = text("profile IS NULL")  # the mentions of a partial index (see Mention)


def utcnow() -> dt.datetime:
    """Timestamps are stored in UTC without a zone so SQLite and PostgreSQL agree."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EntityType(enum.StrEnum):
    person = "person"
    organisation = "organisation"
    place = "place"
    document = "document"


class MentionRole(enum.StrEnum):
    """Whether a report-local subject is an entity or an event."""

    entity = "entity"
    event = "event"


class Verdict(enum.StrEnum):
    same = "same"
    uncertain = "uncertain"
    different = "different"


class FindingKind(enum.StrEnum):
    agreement = "agreement"
    addition = "addition"
    variant = "variant"
    conflict = "conflict"
    update = "update"  # a count that rises as later reports come out


class Severity(enum.StrEnum):
    none = "none"
    low = "low"
    medium = "medium"
    high = "high"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    """Enums are stored as plain strings with a CHECK, which both SQLite and PostgreSQL handle alike."""
    return Enum(cls, name=name, native_enum=False, create_constraint=True, length=20)


class Source(Base):
    """An outlet that publishes reports."""

    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Report(Base):
    """One source report, stored whole: its text is what every claim span points into."""

    __tablename__ = "report"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str | None] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(String(2000))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    source: Mapped[Source] = relationship()


class Entity(Base):
    """A person, organisation, place or document, resolved across reports."""

    __tablename__ = "entity"
    # SQLite would give a new entity the id of one a merge deleted; rulings name entities by id, so never reuse one.
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[EntityType] = mapped_column(_enum(EntityType, "entity_type"))
    name: Mapped[str] = mapped_column(String(300))
    # Set when the entity's mentions change, so the next match run recomputes only its findings.
    stale: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EntityAlias(Base):
    """A blocking key of an entity: the candidate index that keeps resolution away from all-pairs."""

    __tablename__ = "entity_alias"
    __table_args__ = (
        UniqueConstraint("entity_id", "key"),
        Index("ix_entity_alias_type_key", "type", "key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    type: Mapped[EntityType] = mapped_column(_enum(EntityType, "alias_entity_type"))
    key: Mapped[str] = mapped_column(String(300))


class Event(Base):
    """A real-world event (e.g. a meeting) that one or more report-local event mentions describe."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    stale: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Mention(Base):
    """A report-local subject (an entity or event the report names), before and after resolution."""

    __tablename__ = "mention"
    __table_args__ = (
        UniqueConstraint("report_id", "local_id"),
        # By role too: a match asks for the mentions not yet resolved of one role, and every entity mention is
        # without an event (every event mention without an entity); by the id alone that walks all of them.
        Index("ix_mention_entity_id_role", "entity_id", "role"),
        Index("ix_mention_event_id_role", "event_id", "role"),
        # The few resolved mentions without a profile (stored before profiles were kept), found without walking
        # every mention of a busy entity.
        Index("ix_mention_unprofiled", "entity_id", sqlite_where=UNPROFILED, postgresql_where=UNPROFILED),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(60))
    role: Mapped[MentionRole] = mapped_column(_enum(MentionRole, "mention_role"))
    type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    # What the resolver compared when it resolved an entity mention (resolve.entities.Profile, canonical JSON):
    # its names and, for a person, its roles and organisations. Later mentions are compared with it.
    profile: Mapped[str | None] = mapped_column(Text)


class Claim(Base):
    """One value that one report asserts for one property of one subject, with its evidence."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint("span_end > span_start", name="span_order"),
        # The few claims that a venue lies in a town, by either end: without them, asking where a busy city's
        # venues are walks every claim naming the city.
        Index("ix_claim_within_venue", "mention_id", sqlite_where=WITHIN, postgresql_where=WITHIN),
        Index("ix_claim_within_town", "object_mention_id", sqlite_where=WITHIN, postgresql_where=WITHIN),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("mention.id", ondelete="CASCADE"), index=True)
    property: Mapped[str] = mapped_column(String(40))
    raw_value: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    normalised: Mapped[str] = mapped_column(Text)
    object_mention_id: Mapped[int | None] = mapped_column(ForeignKey("mention.id", ondelete="CASCADE"), index=True)
    qualifiers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str | None] = mapped_column(String(80))  # the extraction rule; None when written by hand


class EventLink(Base):
    """The event matcher's verdict on whether two event mentions describe the same event."""

    __tablename__ = "event_link"
    __table_args__ = (UniqueConstraint("left_mention_id", "right_mention_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    left_mention_id: Mapped[int] = mapped_column(ForeignKey("mention.id", ondelete="CASCADE"), index=True)
    right_mention_id: Mapped[int] = mapped_column(ForeignKey("mention.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[Verdict] = mapped_column(_enum(Verdict, "verdict"))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)


class Finding(Base):
    """One verdict of the matcher on one property (or set member) of one subject across reports."""

    __tablename__ = "finding"
    # sha1 of what the finding is about (subject, property, member): the same question keeps its id
    # when findings are recomputed, and rows insert in bulk without waiting for generated keys.
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[FindingKind] = mapped_column(_enum(FindingKind, "finding_kind"))
    severity: Mapped[Severity] = mapped_column(_enum(Severity, "severity"))
    property: Mapped[str] = mapped_column(String(40))
    member: Mapped[str | None] = mapped_column(String(300))
    member_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("event_link.id", ondelete="CASCADE"), index=True)
    explanation: Mapped[str] = mapped_column(Text)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class FindingClaim(Base):
    """The claims behind a finding: its evidence, one row per claim."""

    __tablename__ = "finding_claim"
    finding_id: Mapped[str] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, index=True)


class FindingKey(Base):
    """What a finding id stands for (match/keys.py), kept after the finding goes: a merge of its subject deletes it
    with its evidence, and this is what still tells which finding replaced it, so decisions and ids people wrote
    down follow. No foreign keys, for that reason."""

    __tablename__ = "finding_key"
    __table_args__ = (Index("ix_finding_key_anchor", "anchor_report", "anchor_local"),)
    finding_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    about: Mapped[str] = mapped_column(Text)  # the canonical JSON the id hashes
    # The first mention of its (first) subject: where to look for it when that subject is recomputed.
    anchor_report: Mapped[str] = mapped_column(String(120))
    anchor_local: Mapped[str] = mapped_column(String(60))
    # The claims behind it when last stored: the finding that holds them after a merge is the one that replaced it.
    claims: Mapped[list[int]] = mapped_column(JSON, default=list)
    successor_id: Mapped[str | None] = mapped_column(String(40))  # set once the finding is gone and replaced
    replaced_because: Mapped[str | None] = mapped_column(Text)  # "its two events were joined into one"
    replaced_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TargetKind(enum.StrEnum):
    """What a reviewer decides on: a finding, a link between two event mentions, a pair of entities, or a claim
    (struck out as an extraction error)."""

    finding = "finding"
    link = "link"
    entities = "entities"
    claim = "claim"


class Decision(Base):
    """A reviewer's decision on one target. Rows are only ever added: a new decision on the same target
    supersedes the live one (live=False, superseded_by set) and the trail stays whole. The partial unique
    index makes two live decisions for one target impossible, whatever writers race."""

    __tablename__ = "decision"
    __table_args__ = (
        Index(
            "uq_decision_live_target",
            "target_kind",
            "target_key",
            unique=True,
            sqlite_where=text("live"),
            postgresql_where=text("live"),
        ),
        Index("ix_decision_target", "target_kind", "target_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[TargetKind] = mapped_column(_enum(TargetKind, "target_kind"))
    # Stable across runs: a finding's id (a hash of what it is about), a link's two mention ids.
    target_key: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    value: Mapped[str | None] = mapped_column(Text)
    value_source: Mapped[str | None] = mapped_column(String(500))  # where a corrected value comes from
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    live: Mapped[bool] = mapped_column(Boolean, default=True)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))


class MergedMention(Base):
    """Which of two entities held a mention just before a reviewer's merge folded them into one: the merge deletes
    the folded entity, and this is what lets a later split or withdrawal give each of the two its mentions back."""

    __tablename__ = "merged_mention"
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), primary_key=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("mention.id", ondelete="CASCADE"), primary_key=True, index=True)
    entity_id: Mapped[int] = mapped_column(Integer)  # no foreign key: the folded entity is gone until taken back


class Run(Base):
    """One `reconcile run` or `reconcile match`: when, on which files, with what result, so `reconcile diff`
    can say what changed between two of them."""

    __tablename__ = "run"
    id: Mapped[int] = mapped_column(primary_key=True)
    command: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    files: Mapped[list[str]] = mapped_column(JSON, default=list)  # the paths as given on the command line
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # files stored, skipped, failed; findings


class RunFinding(Base):
    """A finding as a run left it, written only where that differs from the run before: new, changed, or gone
    (kind None). The findings at the end of any run are each finding's latest row up to that run, so a daily
    run stores what it changed, not the whole store again."""

    __tablename__ = "run_finding"
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), primary_key=True)
    finding_id: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    kind: Mapped[FindingKind | None] = mapped_column(_enum(FindingKind, "run_finding_kind"))
    severity: Mapped[Severity | None] = mapped_column(_enum(Severity, "run_finding_severity"))
    values_hash: Mapped[str | None] = mapped_column(String(40))  # sha1 of the sorted (report, value) pairs
    subject: Mapped[str] = mapped_column(Text)  # names kept for display: the entity or event may be pruned later
    property: Mapped[str] = mapped_column(Text)
