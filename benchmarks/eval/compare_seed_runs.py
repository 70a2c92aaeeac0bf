"""The seed comparison from the raw texts against the one from the hand-written gold claims.

    python -m benchmarks.eval.compare_seed_runs [--json OUT]

Runs `reconcile run` twice, on fixtures/gold (claims written by hand) and on fixtures/seeds (the
same two reports as plain text, claims extracted), each into a fresh SQLite file, and lists every
finding that is not the same in both: found by one run only, or found by both with a different kind
(agreement, addition, variant, conflict). Findings are matched on what they are about, not on ids:
the property, the subject (a person by surname, an event link as "the link") and the member (a person
by surname); stances, topics and quotes, whose phrase ends are judgement calls, by overlapping evidence.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def run(folder: Path, workdir: Path) -> dict[str, Any]:
    """The JSON comparison `reconcile run` writes for one folder, on a database of its own."""
    out = workdir / f"{folder.name}.json"
    database = f"sqlite:///{workdir / folder.name}.db"
    command = [sys.executable, "-m", "reconcile", "--db", database, "run", str(folder)]
    command += ["--aliases", str(FIXTURES / "aliases.json"), "-f", "json", "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def _short(name: str | None) -> str:
    """A name as both runs would write it: 'Badr Jamous' and 'Bader Jamous' are both 'jamous'."""
    words = (name or "").replace("’", "'").lower().split()
    return words[-1] if words else ""


@dataclass
class Found:
    """One finding, reduced to what both runs can agree on."""

    property: str
    subject: str
    member: str
    kind: str
    spans: set[tuple[str, int, int]]

    def same_as(self, other: Found) -> bool:
        """Same property and subject, and the same member, or for phrases (stances, topics, quotes, whose
        ends are judgement calls) evidence spans that overlap in the same report."""
        if (self.property, self.subject) != (other.property, other.subject):
            return False
        if self.property in PHRASES:
            return any(r == q and s < f and t < e for r, s, e in self.spans for q, t, f in other.spans)
        return self.member == other.member


PHRASES = frozenset({"stance", "topic", "quote"})
PEOPLE = frozenset({"attendee", "victim", "perpetrator"})  # members that are people, named two ways


def findings(report: dict[str, Any]) -> list[Found]:
    """Every finding of a comparison with its subject, member and evidence spans."""
    found = []
    for finding, subject in _all(report):
        member = finding.get("member") or ""  # a single-valued property (title, date): one finding per subject
        spans = {(v["report"], *v["span"]) for v in finding["values"] if v.get("span")}
        short = _short(member) if finding["property"] in PEOPLE else member.lower()
        found.append(Found(finding["property"], subject, short, finding["kind"], spans))
    return found


def _all(report: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    for entity in report["entities"]:
        for finding in entity["findings"]:
            yield finding, f"{entity['type']} {_short(entity['name'])}"
    for event in report["events"]:
        for finding in event["findings"]:
            yield finding, f"{event['kind']} {event['name']}"
    for link in report["links"]:
        for finding in link["findings"]:
            yield finding, "the link"


def compare(gold: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """What differs between the two runs, finding by finding, and the event links of each."""
    ours, theirs = findings(gold), findings(raw)
    pairs = [(a, next((b for b in theirs if a.same_as(b)), None)) for a in ours]
    matched = [id(b) for _, b in pairs if b is not None]
    return {
        "same": sum(b is not None and a.kind == b.kind for a, b in pairs),
        "kind_differs": [(a, f"{a.kind} -> {b.kind}") for a, b in pairs if b is not None and a.kind != b.kind],
        "gold_only": [(a, a.kind) for a, b in pairs if b is None],
        "raw_only": [(b, b.kind) for b in theirs if id(b) not in matched],
        "links": {
            name: [(x["verdict"], round(x["score"], 3)) for x in r["links"]]
            for name, r in (("gold", gold), ("raw", raw))
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the differences here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = compare(run(FIXTURES / "gold", Path(workdir)), run(FIXTURES / "seeds", Path(workdir)))
    print(f"Event links: gold claims {result['links']['gold']}, raw text {result['links']['raw']}")
    print(f"Findings the same in both runs: {result['same']}")
    for title, rows in (
        ("Same finding, different kind (gold -> raw)", result["kind_differs"]),
        ("Only from the gold claims", result["gold_only"]),
        ("Only from the raw text", result["raw_only"]),
    ):
        print(f"\n{title}: {len(rows)}")
        for found, kind in sorted(rows, key=lambda row: (row[0].property, row[0].subject, row[0].member)):
            where = ", ".join(f"{r[:3]}@{s}" for r, s, _ in sorted(found.spans))
            print(f"  {kind:<20} {found.property:<12} {found.subject[:40]:<40} {found.member:<14} {where}")
    if args.json:
        rows = {k: [(asdict(f), kind) for f, kind in v] for k, v in result.items() if k.endswith(("only", "differs"))}
        args.json.write_text(json.dumps(result | rows, indent=2, default=sorted), encoding="utf-8")


if __name__ == "__main__":
    main()
