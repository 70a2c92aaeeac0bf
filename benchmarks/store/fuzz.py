"""Fuzz the ingest: mutated gold reports and raw seed texts, run through `reconcile ingest` in batches.

Every file must end either stored whole or named by an `Error:` line, never in a traceback, a hang or a
partial report. Prints the counts: files, accepted, refused, tracebacks, hangs, partial writes (the last
three must be 0). `tests/ingest/test_fuzz.py` runs a few hundred of the same mutations on every test run.

    python -m benchmarks.store.fuzz --files 3000 --seed 1 --db sqlite:////tmp/fuzz.db
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.errors import InputError, printable
from reconcile.ingest.reader import ReportInput
from reconcile.models import Claim, Mention, Report
from reconcile.pipeline import ReadOptions, _read

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "fixtures" / "gold").glob("*.json"))
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
KEYS = ("source", "title", "text", "span", "name", "mentions", "claims", "value", "colour", "", "qualifiers")


@dataclass
class Sizes:
    """How big the hostile values get: the suite keeps them small, the benchmark goes to the limits."""

    huge_string: tuple[int, ...] = (301, 2_001, 100_000)
    depth: tuple[int, ...] = (20, 33, 1_000)
    oversize: bool = False  # files over the 5 MB limit


BENCHMARK_SIZES = Sizes((301, 2_001, 100_000, 1_000_000, 4_000_000), (20, 33, 1_000, 200_000), True)


@dataclass
class Case:
    """One file to write: where, what bytes (None for a named pipe, a Path for a symlink), which mutation."""

    name: str
    content: bytes | Path | None
    mutation: str


@dataclass
class Counts:
    files: int = 0
    accepted: int = 0
    refused: int = 0
    tracebacks: int = 0
    hangs: int = 0
    partial: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"files {self.files}, accepted {self.accepted}, refused {self.refused}, tracebacks {self.tracebacks}, "
            f"hangs {self.hangs}, partial writes {self.partial}"
        )


# --- mutations of structured reports ------------------------------------------------------------------------


def _nodes(data: Any, kind: type | tuple[type, ...]) -> list[tuple[Any, Any]]:
    """(container, key) of every value of `kind` inside data."""
    found: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            if isinstance(value, kind):
                found.append((node, key))
            stack.append(value)
    return found


def _random_value(rng: random.Random) -> Any:
    return rng.choice([None, True, 0, -1, 43.0, 1.5, 10**30, "", "x", [], {}, [1, 2], {"a": 1}, "\x00", "é" * 40])


def _set_random(rng: random.Random, data: Any, kind: type | tuple[type, ...], make: Callable[[Any], Any]) -> None:
    nodes = _nodes(data, kind)
    if nodes:
        parent, key = rng.choice(nodes)
        parent[key] = make(parent[key])


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


def _spans(data: Any) -> list[list[Any]]:
    return [v for parent, key in _nodes(data, list) if key == "span" and len(v := parent[key]) == 2]


def json_mutations(sizes: Sizes) -> dict[str, Callable[[random.Random, dict[str, Any]], dict[str, Any] | bytes]]:
    """Each mutation takes a gold report and returns changed data, or the raw bytes of a broken file."""

    def span_number(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
        span = rng.choice(_spans(data))
        if rng.random() < 0.4:  # whole-number floats pass jsonschema's "integer"
            span[:] = [float(span[0]), float(span[1])]
        else:
            span[rng.randint(0, 1)] = rng.choice([-span[1], 10**30, 2**31, 1.5, True, None, "3", float("inf")])
        return data

    def deep(rng: random.Random, data: dict[str, Any]) -> bytes:
        depth = rng.choice(sizes.depth)
        nested = "[" * depth + "1" + "]" * depth
        return json.dumps(data)[:-1].encode() + b', "title": ' + nested.encode() + b"}"

    def digits(rng: random.Random, data: dict[str, Any]) -> bytes:
        text = json.dumps(data)
        at = text.index('"span": [') + 9
        return (text[:at] + "9" * rng.choice([20, 5_000]) + text[text.index(",", at) :]).encode()

    def duplicate_keys(rng: random.Random, data: dict[str, Any]) -> bytes:
        return b'{"source": 5, "text": "", ' + json.dumps(data)[1:].encode()

    def truncate(rng: random.Random, data: dict[str, Any]) -> bytes:
        raw = json.dumps(data).encode()
        return raw[: rng.randint(0, len(raw) - 1)]

    def random_bytes(rng: random.Random, data: dict[str, Any]) -> bytes:
        raw = bytearray(json.dumps(data, ensure_ascii=False).encode())
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)

    def encoding(rng: random.Random, data: dict[str, Any]) -> bytes:
        text = json.dumps(data, ensure_ascii=False) + "é"
        return rng.choice(
            [b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16"), text.encode("latin-1", "replace"), b"", b"  \n"]
        )

    def oversize(rng: random.Random, data: dict[str, Any]) -> bytes:
        return json.dumps(data).encode()[:-1] + b', "pad": "' + b" " * 5_000_001 + b'"}'

    mutations: dict[str, Callable[[random.Random, dict[str, Any]], dict[str, Any] | bytes]] = {
        "valid": lambda rng, data: data,
        "text-edit": lambda rng, data: {**data, "text": data["text"] + " Updated."},
        "type-change": lambda rng, data: _mutated(
            data, lambda: _set_random(rng, data, object, lambda _: _random_value(rng))
        ),
        "delete-key": lambda rng, data: _mutated(data, lambda: _delete_key(rng, data)),
        "add-key": lambda rng, data: _mutated(
            data, lambda: _set_random(rng, data, dict, lambda d: {**d, rng.choice(KEYS): _random_value(rng)})
        ),
        "huge-string": lambda rng, data: _mutated(
            data, lambda: _set_random(rng, data, str, lambda _: "x" * rng.choice(sizes.huge_string))
        ),
        "nul": lambda rng, data: _mutated(data, lambda: _set_random(rng, data, str, lambda s: _insert(rng, s, "\x00"))),
        "surrogate": lambda rng, data: _mutated(
            data, lambda: _set_random(rng, data, str, lambda s: _insert(rng, s, chr(rng.randint(0xD800, 0xDFFF))))
        ),
        "span-number": span_number,
        "deep": deep,
        "digits": digits,
        "duplicate-keys": duplicate_keys,
        "truncate": truncate,
        "random-bytes": random_bytes,
        "encoding": encoding,
    }
    if sizes.oversize:
        mutations["oversize"] = oversize
    return mutations


def _mutated(data: dict[str, Any], change: Callable[[], None]) -> dict[str, Any]:
    change()
    return data


def _delete_key(rng: random.Random, data: dict[str, Any]) -> None:
    dicts = [parent[key] for parent, key in _nodes(data, dict) if parent[key]] + [data]
    target = rng.choice(dicts)
    del target[rng.choice(sorted(target))]


# --- mutations of plain reports -----------------------------------------------------------------------------


def text_mutations(sizes: Sizes) -> dict[str, Callable[[random.Random, str], tuple[str, bytes]]]:
    """Each takes a raw seed text and returns the suffix and the bytes of a plain report file."""

    def front_matter(rng: random.Random, text: str) -> tuple[str, bytes]:
        key = rng.choice(["title", "source", "published", "id", "url", "language", "author", "x" * 5_000])
        value = rng.choice(["", "'unclosed", "2024-02-30", "not an id!", "s" * 201, "t" * 600, "é" * 3])
        value = f"ok{rng.randrange(10**9)}" if rng.random() < 0.3 else value  # an id no other file has
        return ".md", f"---\n{key}: {value}\n---\n{text}".encode()

    def random_bytes(rng: random.Random, text: str) -> tuple[str, bytes]:
        raw = bytearray(text.encode())
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return ".txt", bytes(raw)

    return {
        "valid": lambda rng, text: (rng.choice([".txt", ".md"]), text.encode()),
        "front-matter": front_matter,
        "truncate": lambda rng, text: (".txt", text.encode()[: rng.randint(0, len(text))]),
        "random-bytes": random_bytes,
        "nul": lambda rng, text: (".txt", _insert(rng, text, "\x00").encode()),
        "encoding": lambda rng, text: (
            ".txt",
            rng.choice([b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16"), text.encode("latin-1", "replace")]),
        ),
        "html": lambda rng, text: (
            ".html",
            f"<html lang='en'><body><article><p>{text}</p></article></body></html>".encode(),
        ),
        "long-line": lambda rng, text: (
            ".md",
            f"---\ntitle: x{' ' * rng.choice(sizes.huge_string)}y\n---\n{text}".encode(),
        ),
    }


# --- a batch of cases ---------------------------------------------------------------------------------------


def cases(rng: random.Random, count: int, sizes: Sizes, first: int = 0) -> Iterator[Case]:
    """`count` files with unique ids, except the pairs made to collide and the names made to be refused."""
    gold = [json.loads(path.read_text(encoding="utf-8")) for path in GOLD]
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS]
    structured, plain = json_mutations(sizes), text_mutations(sizes)
    number = first
    while number < first + count:
        stem = f"f{number:06d}"
        roll = rng.random()
        if roll < 0.6:
            mutation = rng.choice(sorted(structured))
            data = json.loads(json.dumps(rng.choice(gold)))
            data["id"] = stem
            result = structured[mutation](rng, data)
            content = result if isinstance(result, bytes) else json.dumps(result).encode()
            yield Case(f"{stem}.json", content, f"json:{mutation}")
        elif roll < 0.9:
            mutation = rng.choice(sorted(plain))
            suffix, content = plain[mutation](rng, rng.choice(seeds))
            yield Case(f"{stem}{suffix}", content, f"text:{mutation}")
        else:
            yield from _named(rng, stem, rng.choice(seeds))
            number += 1  # named cases may be two files
        number += 1


def _named(rng: random.Random, stem: str, text: str) -> Iterator[Case]:
    """Cases about the file rather than its bytes: its name, its kind, its id shared with another file."""
    kind = rng.choice(["collision", "long-name", "non-utf8-name", "pipe", "device"])
    body = text.encode()
    if kind == "collision":
        yield Case(f"a/{stem}.txt", body, "name:collision-first")
        yield Case(f"b/{stem}.txt", body, "name:collision-later")
    elif kind == "long-name":
        yield Case(f"{stem}{'n' * rng.choice([100, 115, 140])}.json", _unnamed_gold(rng), "name:long")
    elif kind == "non-utf8-name":
        yield Case(os.fsdecode(stem.encode() + b"-caf\xe9.json"), _unnamed_gold(rng), "name:non-utf8")
    elif kind == "pipe":
        yield Case(f"{stem}.{rng.choice(['json', 'txt'])}", None, "special:pipe")
    else:
        yield Case(f"{stem}.json", Path("/dev/zero"), "special:device")


def _unnamed_gold(rng: random.Random) -> bytes:
    data = json.loads(rng.choice(GOLD).read_text(encoding="utf-8"))
    del data["id"]
    return json.dumps(data).encode()


def write_cases(folder: Path, batch: list[Case]) -> list[Path]:
    paths = []
    for case in batch:
        path = folder / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.content is None:
            os.mkfifo(path)
        elif isinstance(case.content, Path):
            path.symlink_to(case.content)
        else:
            path.write_bytes(case.content)
        paths.append(path)
    return paths


# --- running and checking -----------------------------------------------------------------------------------


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def expire(*_: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def expected_outcomes(paths: list[Path], timeout: float, counts: Counts) -> dict[Path, ReportInput | InputError]:
    """What each file should become, read one by one under a deadline: a hang or a crash is counted here."""
    outcomes: dict[Path, ReportInput | InputError] = {}
    for path in paths:
        try:
            with _deadline(timeout):
                outcomes[path] = _read(path, ReadOptions())
        except TimeoutError:
            counts.hangs += 1
            counts.problems.append(f"hang: {printable(str(path))}")
        except Exception as exc:  # a crash is what this run looks for; it is counted, not hidden
            counts.tracebacks += 1
            counts.problems.append(f"traceback: {printable(str(path))}: {type(exc).__name__}: {exc}"[:300])
    return outcomes


def accepted_in_batch(paths: list[Path], outcomes: dict[Path, ReportInput | InputError]) -> dict[str, ReportInput]:
    """The reports a batch stores: readable ones, the first of each id."""
    accepted: dict[str, ReportInput] = {}
    for path in paths:
        result = outcomes.get(path)
        if isinstance(result, ReportInput):
            accepted.setdefault(result.id, result)
    return accepted


def check_output(
    paths: list[Path], accepted: dict[str, ReportInput], returncode: int, stderr: str, counts: Counts
) -> None:
    """Exit 0 or 1, no traceback, and each refused file named by an Error: line."""
    if "Traceback" in stderr or returncode not in (0, 1):
        counts.tracebacks += 1
        counts.problems.append(f"batch exit {returncode}: {stderr[-500:]}")
    named = {line[7:].split(": $", 1)[0] for line in stderr.splitlines() if line.startswith("Error: ")}
    stored_paths = {report.path for report in accepted.values()}
    for path in paths:
        shown = printable(str(path))
        if (shown in named) == (shown in stored_paths):
            counts.partial += 1
            counts.problems.append(
                f"{'both stored and refused' if shown in named else 'neither stored nor named'}: {shown}"
            )
    if (returncode == 1) != bool(named):
        counts.problems.append(f"exit {returncode} with {len(named)} refused files")
        counts.tracebacks += 1


def check_store(url: str, accepted: dict[str, ReportInput], counts: Counts) -> None:
    """The reports stored are exactly the accepted ones, each whole: its path, its mentions, its claims."""
    engine = db.make_engine(url)
    with Session(engine) as session:
        stored = {row.id: row.path for row in session.execute(select(Report.id, Report.path))}
        claims = _per_report(session, Claim.report_id)
        mentions = _per_report(session, Mention.report_id)
    engine.dispose()
    if set(stored) != set(accepted):
        extra, missing = sorted(set(stored) - set(accepted)), sorted(set(accepted) - set(stored))
        counts.partial += len(extra) + len(missing)
        counts.problems.append(f"stored but not accepted: {extra[:5]}; accepted but not stored: {missing[:5]}")
    for report_id, report in accepted.items():
        names = sum(len(subject.mentions) for subject in report.subjects)
        whole = (stored.get(report_id), mentions.get(report_id, 0), claims.get(report_id, 0)) == (
            report.path,
            len(report.subjects),
            len(report.claims) + names,
        )
        if report_id in stored and not whole:
            counts.partial += 1
            counts.problems.append(f"partial: {report_id}")


def _per_report(session: Session, column: Any) -> dict[str, int]:
    return {row[0]: row[1] for row in session.execute(select(column, func.count()).group_by(column))}


def run(files: int, seed: int, url: str, batch_size: int, timeout: float, sizes: Sizes, work: Path) -> Counts:
    """Write, read and ingest `files` fuzzed files in batches; the counts of what came of them."""
    rng = random.Random(seed)
    counts = Counts()
    subprocess.run([sys.executable, "-m", "reconcile", "--db", url, "db", "upgrade"], check=True, capture_output=True)
    all_accepted: dict[str, ReportInput] = {}
    made = 0
    while made < files:
        folder = work / f"batch{made:06d}"
        batch = list(cases(rng, min(batch_size, files - made), sizes, first=made))
        paths = write_cases(folder, batch)
        made += len(batch)
        counts.files += len(paths)
        outcomes = expected_outcomes(paths, timeout, counts)
        accepted = accepted_in_batch(paths, outcomes)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "reconcile", "--db", url, "ingest", *map(str, paths)],
                capture_output=True,
                text=True,
                errors="backslashreplace",
                timeout=timeout * len(paths) + 60,
            )
        except subprocess.TimeoutExpired:
            counts.hangs += 1
            counts.problems.append(f"batch {folder} timed out")
            continue
        check_output(paths, accepted, done.returncode, done.stderr, counts)
        for report_id, report in accepted.items():  # an unchanged report keeps the path it was first stored from
            earlier = all_accepted.get(report_id)
            if earlier is None or earlier.content_hash != report.content_hash:
                all_accepted[report_id] = report
        counts.accepted += len(accepted)
        counts.refused += len(paths) - len(accepted)
        shutil.rmtree(folder)
    check_store(url, all_accepted, counts)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=3000, help="How many files to make (default 3000).")
    parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed makes the same files.")
    parser.add_argument("--db", default=None, help="Database URL (default: a new SQLite file). It is written to.")
    parser.add_argument("--batch", type=int, default=250, help="Files per `reconcile ingest` (default 250).")
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds one file may take (default 30).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reconcile-fuzz-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'fuzz.db'}"
        started = time.perf_counter()
        counts = run(args.files, args.seed, url, args.batch, args.timeout, BENCHMARK_SIZES, Path(tmp))
    for problem in counts.problems[:40]:
        print(problem, file=sys.stderr)
    print(f"{counts.line()} ({time.perf_counter() - started:.0f} s, seed {args.seed})")
    sys.exit(1 if counts.tracebacks or counts.hangs or counts.partial else 0)


if __name__ == "__main__":
    main()
