"""Person resolution side by side with Splink, on the data Splink demonstrates itself with.

    python -m benchmarks.eval.historical_figures                    # all 50,578 records: Splink, then ours
    python -m benchmarks.eval.historical_figures --limit 5000       # the first 5,000 records, a quick check
    python -m benchmarks.eval.historical_figures --names-only       # ours given the names alone, no claims
    python -m benchmarks.eval.historical_figures --only reconcile --json out.json
    python -m benchmarks.eval.historical_figures --splink-python /work/splink-venv/bin/python

`historical_figures_with_errors_50k.parquet` (splink_datasets, MIT; read where it lies, never copied) holds 50,578
noisy records of 5,156 real people, each with its gold `cluster`. Splink runs its own documented demo for this
data (docs/demos/examples/duckdb/deduplicate_50k_synthetic: forename-surname, date of birth, postcode, birthplace
and occupation comparisons, its ten blocking rules, prior, u by random sampling, EM on two blocking rules, clusters
at match probability 0.95) on DuckDB, in a child process; that child imports no part of reconcile, so it can run
under another interpreter (`--splink-python`) when Splink cannot share the project's virtual environment.

Ours: each record becomes one JSON report about one person. The text names the person (first name and surname as
the record has them) and, unless --names-only, says the occupation (a `title` claim on the person) and the birth
(an event of kind `other` whose `date` is the date of birth, whose `place` is the birthplace and which `involves`
the person): the report schema has no birth date or birthplace on a person, and `date` and `place` belong to
events. The reports are ingested and matched into a fresh SQLite file; each record's predicted cluster is the
entity its person mention resolved to.

Timed end to end: Splink from loading the records into DuckDB to reading the clusters back; ours ingest and match
(reading, validating and storing the files, resolving, findings). Writing our files and creating the database are
setup, reported apart. Scored: pairwise precision, recall and F1 over record pairs, from the contingency of
predicted and gold clusters (no pair is listed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "splink_datasets" / "historical_figures_with_errors_50k.parquet"
SOURCE = "historical_figures_with_errors_50k"
PERSON, PLACE, BIRTH = "p1", "l1", "e1"  # the local ids of each report's subjects
SPLINK_THRESHOLD = 0.95  # the demo's threshold_match_probability for clustering
SPLINK_SEED = 1  # the demo samples u without a seed; one is fixed here so that runs repeat
T = TypeVar("T")

# --- records ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One row of the dataset: what both systems see, and the gold cluster only the scorer reads."""

    unique_id: str
    cluster: str
    first_name: str | None
    surname: str | None
    dob: str | None
    birth_place: str | None
    occupation: str | None


def read_records(path: Path, limit: int | None = None) -> list[Record]:
    """The first `limit` rows (all by default), in file order, which both systems get alike."""
    # pyarrow comes with Splink (`pip install -e .[bench]`); imported only where used, as the child does.
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pq.read_table(path)
    if limit is not None:
        table = table.slice(0, limit)
    return [
        Record(r["unique_id"], r["cluster"], r["first_name"], r["surname"], r["dob"], r["birth_place"], r["occupation"])
        for r in table.to_pylist()
    ]


def person_name(record: Record) -> str:
    """First name and surname as the record has them, skipping a missing part; '' when it has neither."""
    return " ".join(part for part in (record.first_name, record.surname) if part)


def calendar_date(value: str | None) -> str | None:
    """The date of birth if it is a calendar date a `date` claim can state; the corrupted ones ('1856-86-18',
    '1845-00-01') and years before 1 AD ('-0050-01-01') are not, and stay out of the report."""
    if value is None or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


# --- our reports ------------------------------------------------------------------------------------------------


@dataclass
class _Text:
    """A report text built piece by piece, so that every span points at exactly the words it names."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, piece: str) -> list[int]:
        """Append `piece`; its [start, end) span."""
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return [start, self.length]

    def __str__(self) -> str:
        return "".join(self.parts)


def report_for(record: Record, report_id: str, names_only: bool = False) -> dict[str, Any] | None:
    """One record as one report about one person, or None when the record names nobody (there is nothing to
    resolve; the scorer counts it as a cluster of its own).

    'thomas chudleigh, politician, was born on 1630-08-01 in devon.': the occupation is a `title` of the person;
    date of birth and birthplace are the `date` and `place` of a birth event that `involves` the person, the nearest
    the report schema allows (a person has no date or place of its own).
    """
    name = person_name(record)
    if not name:
        return None
    text = _Text()
    person_span = text.add(name)
    entities: list[dict[str, Any]] = [
        {"id": PERSON, "type": "person", "name": name, "mentions": [{"text": name, "span": person_span}]}
    ]
    report: dict[str, Any] = {"id": report_id, "source": SOURCE, "published": None, "language": "en"}
    if names_only:
        return report | {"text": str(text), "entities": entities, "claims": []}
    claims: list[dict[str, Any]] = []
    born = calendar_date(record.dob)
    birth = born is not None or bool(record.birth_place)
    if record.occupation:
        text.add(", ")
        span = text.add(record.occupation)
        text.add("," if birth else "")  # an appositive is closed only when the sentence goes on
        claims.append({"subject": PERSON, "property": "title", "value": record.occupation, "span": span})
    events = _birth(record, born, name, person_span, text, entities, claims) if birth else []
    text.add(".")
    return report | {"text": str(text), "entities": entities, "events": events, "claims": claims}


def _birth(
    record: Record,
    born: str | None,
    name: str,
    person_span: list[int],
    text: _Text,
    entities: list[dict[str, Any]],
    claims: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """'was born on DATE in PLACE': the birth event, its claims and the place entity, added in place. The caller
    asks for one only when the record gives a calendar date or a place: a birth with nothing said of it compares
    nothing."""
    text.add(" was ")
    trigger = text.add("born")
    claims.append({"subject": BIRTH, "property": "involves", "value": name, "object": PERSON, "span": person_span})
    if born is not None:
        text.add(" on ")
        claims.append({"subject": BIRTH, "property": "date", "value": born, "span": text.add(born)})
    if record.birth_place:
        text.add(" in ")
        span = text.add(record.birth_place)
        entities.append(
            {
                "id": PLACE,
                "type": "place",
                "name": record.birth_place,
                "mentions": [{"text": record.birth_place, "span": span}],
            }
        )
        claims.append(
            {"subject": BIRTH, "property": "place", "value": record.birth_place, "object": PLACE, "span": span}
        )
    return [{"id": BIRTH, "kind": "other", "name": f"birth of {name}", "mentions": [{"text": "born", "span": trigger}]}]


def report_id(index: int) -> str:
    """Reports are named by row number, not by the record's unique_id, which carries the gold cluster's QID."""
    return f"hf{index:06d}"


def write_reports(records: Sequence[Record], folder: Path, names_only: bool) -> list[Path]:
    """One JSON file per record that names someone."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, record in enumerate(records):
        report = report_for(record, report_id(index), names_only)
        if report is not None:
            path = folder / f"{report['id']}.json"
            path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
            paths.append(path)
    return paths


# --- scoring ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairScores:
    """Pairwise figures: a pair of records is predicted when both fall in one predicted cluster."""

    true_positive: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def pairwise_scores(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PairScores:
    """Pairwise P/R/F1 from cluster sizes alone: the true pairs are the pairs inside each cell of the
    (predicted, gold) contingency table, so 50k records cost a Counter, not the ~10^6 pairs inside clusters."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted")
    cells = Counter(zip(predicted, gold, strict=True))
    return PairScores(
        true_positive=sum(_pairs(n) for n in cells.values()),
        predicted=sum(_pairs(n) for n in Counter(predicted).values()),
        gold=sum(_pairs(n) for n in Counter(gold).values()),
    )


def largest_cluster(labels: Sequence[Hashable]) -> int:
    """The size of the biggest predicted cluster: gold clusters hold at most 21 records, so one far larger shows
    matches chaining through a common name."""
    return max(Counter(labels).values(), default=0)


def labels_in_order(unique_ids: Sequence[str], clusters: dict[str, Hashable]) -> list[Hashable]:
    """Each record's predicted cluster, in record order; a record the system left out is a cluster of its own."""
    return [clusters.get(uid, ("alone", uid)) for uid in unique_ids]


# --- runs -------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One system's run: what is timed, what is setup, the stages within the timed part, and its scores."""

    system: str
    records: int
    seconds: float
    setup_seconds: float
    stages: dict[str, float]
    scores: PairScores
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def run_ours(records: Sequence[Record], folder: Path, names_only: bool) -> Run:
    """Write the reports (setup), then ingest and match them into a fresh SQLite file (timed)."""
    # Imported here, not at the top: the Splink child runs this file and may run under an interpreter without
    # reconcile installed.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from reconcile import db
    from reconcile.pipeline import ingest, match
    from reconcile.resolve.aliases import AliasBook

    reports = folder / ("reports-names" if names_only else "reports-claims")
    shutil.rmtree(reports, ignore_errors=True)  # a kept --workdir from an earlier run
    paths, write_s = timed(lambda: write_reports(records, reports, names_only))
    engine, create_s = timed(lambda: _fresh_sqlite(db, folder / f"{reports.name}.db"))
    summary, ingest_s = timed(lambda: ingest(engine, paths))
    if summary.failures:
        raise SystemExit(f"{len(summary.failures)} reports refused, first: {summary.failures[0]}")
    with db.session_scope(engine) as session:
        _, match_s = timed(lambda: match(session, AliasBook()))
    clusters = _entity_of_each_report(db, engine)
    engine.dispose()
    predicted = labels_in_order([report_id(i) for i in range(len(records))], clusters)
    return Run(
        system="reconcile, names only" if names_only else "reconcile, name + claims",
        records=len(records),
        seconds=ingest_s + match_s,
        setup_seconds=write_s + create_s,
        stages={"write files (setup)": write_s, "create db (setup)": create_s, "ingest": ingest_s, "match": match_s},
        scores=pairwise_scores([r.cluster for r in records], predicted),
        notes={
            "reports": len(paths),
            "records naming nobody": len(records) - len(paths),
            "largest predicted cluster": largest_cluster(predicted),
        },
    )


def _fresh_sqlite(db: Any, path: Path) -> Any:
    """A new SQLite file at the head revision, as benchmarks/speed/bench.py makes one."""
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)  # a kept --workdir from an earlier run
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    return engine


def _entity_of_each_report(db: Any, engine: Any) -> dict[str, Hashable]:
    """Report id -> the entity its person mention resolved to."""
    from sqlalchemy import select

    from reconcile.models import Mention

    query = select(Mention.report_id, Mention.entity_id).where(Mention.local_id == PERSON)
    with db.session_scope(engine, writes=False) as session:
        return {rid: ("entity", eid) for rid, eid in session.execute(query) if eid is not None}


def run_splink(
    data: Path, records: Sequence[Record], limit: int | None, python: str, without_postcode: bool, folder: Path
) -> Run:
    """Splink in a child process (its own memory, and possibly its own interpreter); the child times itself."""
    out = folder / "splink_clusters.json"
    cmd = [python, str(Path(__file__).resolve()), "--splink-child", str(out), "--data", str(data)]
    cmd += (["--limit", str(limit)] if limit is not None else []) + (["--splink-without-postcode"] * without_postcode)
    done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)  # its stderr is shown as it comes
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    clusters: dict[str, Hashable] = json.loads(out.read_text(encoding="utf-8"))
    predicted = labels_in_order([r.unique_id for r in records], clusters)
    stages = figures["stages"]
    return Run(
        system=f"Splink {figures['version']} (DuckDB{', no postcode' if without_postcode else ''})",
        records=len(records),
        seconds=sum(stages.values()),
        setup_seconds=figures["read_s"],
        stages=stages,
        scores=pairwise_scores([r.cluster for r in records], predicted),
        notes={
            "pairs Splink scored (blocked)": figures["predictions"],
            "largest predicted cluster": largest_cluster(predicted),
        },
    )


# --- the Splink child -------------------------------------------------------------------------------------------


def splink_child(data: Path, limit: int | None, out: Path, without_postcode: bool) -> dict[str, Any]:
    """Splink's deduplicate_50k_synthetic demo, timed stage by stage; writes unique_id -> cluster_id to `out`."""
    import logging

    import pyarrow.parquet as pq
    import splink
    from splink import DuckDBAPI, Linker

    table, read_s = timed(lambda: pq.read_table(data))
    if limit is not None:
        table = table.slice(0, limit)
    stages: dict[str, float] = {}
    start = time.perf_counter()
    db_api = DuckDBAPI()
    # The demo adds this column so that term frequencies apply to the forename-surname comparison.
    relation = db_api.duckdb_con.from_arrow(table).project(
        "*, first_name || ' ' || surname as first_name_surname_concat"
    )
    linker = Linker(db_api.register(relation), splink_settings(without_postcode), log_level=logging.WARNING)
    stages["load"] = _lap(start)
    start = time.perf_counter()
    train(linker, without_postcode)
    stages["train"] = _lap(start)
    start = time.perf_counter()
    predictions = linker.inference.predict()
    stages["predict"] = _lap(start)
    start = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=SPLINK_THRESHOLD
    )
    rows = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    stages["cluster"] = _lap(start)
    count = predictions.as_duckdbpyrelation().count("*").fetchall()
    out.write_text(json.dumps({str(uid): str(cid) for uid, cid in rows}), encoding="utf-8")
    return {
        "version": splink.__version__,
        "read_s": read_s,
        "stages": stages,
        "predictions": int(count[0][0]),
    }


def _lap(start: float) -> float:
    return time.perf_counter() - start


def splink_blocking_rules(without_postcode: bool) -> list[Any]:
    """The demo's blocking rules for predictions, less those on the postcode when it is left out."""
    from splink import block_on

    rules = [
        ("substr(first_name,1,3)", "substr(surname,1,4)"),
        ("surname", "dob"),
        ("first_name", "dob"),
        ("postcode_fake", "first_name"),
        ("postcode_fake", "surname"),
        ("dob", "birth_place"),
        ("substr(postcode_fake,1,3)", "dob"),
        ("substr(postcode_fake,1,3)", "first_name"),
        ("substr(postcode_fake,1,3)", "surname"),
        ("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
    ]
    return [block_on(*rule) for rule in rules if not (without_postcode and any("postcode" in c for c in rule))]


def splink_settings(without_postcode: bool) -> Any:
    """The demo's model: forename-surname, date of birth, postcode, birthplace and occupation."""
    import splink.comparison_library as cl
    from splink import SettingsCreator

    comparisons: list[Any] = [
        cl.ForenameSurnameComparison(
            "first_name", "surname", forename_surname_concat_col_name="first_name_surname_concat"
        ),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        *([] if without_postcode else [cl.PostcodeComparison("postcode_fake")]),
        cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
        cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
    ]
    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=splink_blocking_rules(without_postcode),
        comparisons=comparisons,
        retain_intermediate_calculation_columns=True,
    )


def train(linker: Any, without_postcode: bool) -> None:
    """The demo's training: the prior from deterministic rules at recall 0.6, u by random sampling (1e7 pairs),
    then m by EM blocked on first name and surname, and again on date of birth."""
    from splink import block_on

    deterministic = [block_on("first_name", "surname", "dob")]
    if not without_postcode:
        deterministic += [
            block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
            block_on("dob", "postcode_fake"),
        ]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=SPLINK_SEED)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, estimate_without_term_frequencies=True)


# --- output -----------------------------------------------------------------------------------------------------


def markdown_table(runs: Iterable[Run]) -> str:
    """system | records | seconds | records/s | pairwise P | R | F1, one row per run."""
    lines = ["| system | records | seconds | records/s | pairwise P | R | F1 |", "|---|---|---|---|---|---|---|"]
    for run in runs:
        s = run.scores
        lines.append(
            f"| {run.system} | {run.records:,} | {run.seconds:.1f} | {run.per_second:,.0f} "
            f"| {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |"
        )
    return "\n".join(lines)


def details(runs: Iterable[Run]) -> str:
    """Where each run's time went, its setup and pair counts: what the table's one figure hides."""
    lines = []
    for run in runs:
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in run.stages.items())
        notes = "".join(f", {name} {value:,}" for name, value in run.notes.items())
        s = run.scores
        lines.append(
            f"- {run.system}: {stages}; setup {run.setup_seconds:.1f} s; pairs predicted {s.predicted:,}, "
            f"gold {s.gold:,}, both {s.true_positive:,}{notes}"
        )
    return "\n".join(lines)


def as_json(run: Run) -> dict[str, Any]:
    scores = asdict(run.scores) | {"precision": run.scores.precision, "recall": run.scores.recall, "f1": run.scores.f1}
    return asdict(run) | {"records_per_second": run.per_second, "scores": scores}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the dataset's parquet file")
    parser.add_argument("--limit", type=int, help="only the first N records (default: all)")
    parser.add_argument("--names-only", action="store_true", help="give reconcile the names alone, no claims")
    parser.add_argument("--only", choices=("splink", "reconcile"), help="run one system alone (default: both)")
    parser.add_argument("--splink-python", default=sys.executable, help="interpreter with splink installed")
    parser.add_argument(
        "--splink-without-postcode", action="store_true", help="leave the postcode, which reconcile never gets, out"
    )
    parser.add_argument("--workdir", type=Path, help="keep the reports, database and clusters here")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--splink-child", type=Path, help=argparse.SUPPRESS)  # the child: where to write clusters
    args = parser.parse_args(argv)
    if args.splink_child:
        print(json.dumps(splink_child(args.data, args.limit, args.splink_child, args.splink_without_postcode)))
        return 0
    with tempfile.TemporaryDirectory(prefix="reconcile-hf-") as tmp:
        folder = args.workdir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        records = read_records(args.data, args.limit)
        runs = []
        if args.only != "reconcile":
            print(f"Splink on {len(records):,} records…", file=sys.stderr, flush=True)
            runs.append(
                run_splink(args.data, records, args.limit, args.splink_python, args.splink_without_postcode, folder)
            )
        if args.only != "splink":
            print(f"reconcile on {len(records):,} records…", file=sys.stderr, flush=True)
            runs.append(run_ours(records, folder, args.names_only))
    print(markdown_table(runs))
    print()
    print(details(runs))
    if args.json:
        args.json.write_text(json.dumps([as_json(r) for r in runs], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
