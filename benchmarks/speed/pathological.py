"""How reading and extracting a plain report grows with its size, for text shapes that make naive code quadratic.

    python -m benchmarks.speed.pathological [--size N] [--timeout S] [--only NAME ...]

Each shape is written to a file of about N and 2N characters and read the way `reconcile run` reads
it (`reconcile.pipeline._read`: the document reader, the extractor and the report checks). The table
gives both times and their ratio: linear work doubles, quadratic work quadruples. Every reading runs
in a forked process with a time limit, so one runaway shape cannot stall the rest.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reconcile.pipeline import ReadOptions, _extractor, _read  # noqa: E402

SEED = ROOT / "fixtures" / "seeds" / "000_644f3aaadc5aa323.txt"
NEWS_SENTENCE = (
    "Turkish Foreign Minister Hakan Fidan met U.S. Deputy Assistant Secretary Barbara Leaf in Ankara on "
    'Tuesday, and said "we support the political process" before the talks on Resolution 2254. '
)


def _repeat(unit: str) -> Callable[[int], str]:
    """A shape made of one unit written over and over."""
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _words(pick: Callable[[random.Random], str], joiner: str = " ") -> Callable[[int], str]:
    """A shape of generated words (distinct ones defeat any cache keyed on the text)."""

    def make(n: int) -> str:
        rng = random.Random(n)
        parts: list[str] = []
        size = 0
        while size < n:
            parts.append(pick(rng))
            size += len(parts[-1]) + len(joiner)
        return joiner.join(parts)

    return make


def _name(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 9))).capitalize()


def _seed_text(n: int) -> str:
    """The seed report's body repeated: ordinary news prose, the linear baseline."""
    body = SEED.read_text(encoding="utf-8")
    return (body * (n // len(body) + 1))[:n]


def _wrapped(n: int) -> str:
    """Hard-wrapped prose, 70 columns, paragraphs of eight lines."""
    words = _seed_text(n).split()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > 70:
            lines.append(line)
            line = ""
            if len(lines) % 9 == 8:
                lines.append("")
        line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _html(body: Callable[[int], str]) -> Callable[[int], str]:
    """An article page whose paragraph holds the shape."""
    return lambda n: f"<html><head><title>Report</title></head><body><article><p>{body(n)}</p></article></body></html>"


TEXT_SHAPES: dict[str, Callable[[int], str]] = {
    "seed report (baseline)": _seed_text,
    "news sentence repeated": _repeat(NEWS_SENTENCE),
    "hard-wrapped prose": _wrapped,
    "dots": _repeat("."),
    "dots and spaces": _repeat(". "),
    "ellipses": _repeat("…"),
    "'!?' runs": _repeat("!?"),
    "'Dr. '": _repeat("Dr. "),
    "'U.S. '": _repeat("U.S. "),
    "'No. 5 '": _repeat("No. 5 "),
    "initials 'J. '": _repeat("J. "),
    "'Dr. Smith '": _repeat("Dr. Smith "),
    "'Mr. ' + distinct names": _words(lambda r: f"Mr. {_name(r)}"),
    "straight quotes": _repeat('"'),
    "straight quotes spaced": _repeat('" '),
    "curly open quotes": _repeat("“"),
    "curly close quotes": _repeat("”"),
    "unbalanced quotes '“word '": _repeat("“word "),
    "short quotes said": _repeat('"a fair and free vote," Smith said. '),
    "quotes without full stops": lambda n: "John Smith spoke " + _repeat("“we want a fair vote” he said ")(n),
    "long quote, no close": lambda n: "“" + _repeat("we will support the process ")(n - 1),
    "parentheses": _repeat("("),
    "parentheses spaced": _repeat("( "),
    "'(23) '": _repeat("(23) "),
    "commas": _repeat(","),
    "commas spaced": _repeat(", "),
    "semicolons and colons": _repeat("; : "),
    "hyphens": _repeat("-"),
    "dashes spaced": _repeat(" — "),
    "capitalised word": _repeat("Word "),
    "distinct capitalised words": _words(_name),
    "distinct full names, commas": _words(lambda r: f"{_name(r)} {_name(r)},"),
    "distinct full names, sentences": _words(lambda r: f"{_name(r)} {_name(r)} said."),
    "surname mentions": lambda n: "John Smith was shot. " + _repeat("Smith ")(n),
    "one surname, distinct given names": _words(lambda r: f"{_name(r)} Smith said."),
    "hyphenated capitals": _repeat("A-"),
    "hyphenated names": _words(lambda r: f"{_name(r)}-{_name(r)}"),
    "honorifics 'Mr. Mrs. Dr. '": _repeat("Mr. Mrs. Dr. Prof. "),
    "'Secretary of State '": _repeat("Secretary of State "),
    "'Foreign Minister '": _repeat("Foreign Minister "),
    "titles then name": _repeat("Secretary of State John Kerry, "),
    "appositive titles": _repeat("John Kerry, head of the Commission, "),
    "group cues in one sentence": _words(lambda r: f"US officials, led by {_name(r)} {_name(r)},"),
    "organisations": _repeat("United Nations Security Council "),
    "distinct organisations": _words(lambda r: f"The {_name(r)} Commission said."),
    "acronyms": _words(lambda r: "".join(r.choice("ABCDEFGHIJ") for _ in range(3))),
    "'Resolution 2254, '": _repeat("Resolution 2254, "),
    "digits": _repeat("1234567890"),
    "numbers spaced": _repeat("12 "),
    "dates": _repeat("September 26, 2024 "),
    "ISO dates": _repeat("2024-09-26 "),
    "weekdays": _repeat("on Tuesday "),
    "bare weekdays": lambda n: "John Smith was shot. " + _repeat("Tuesday ")(n),
    "ages": _repeat("a 23-year-old man "),
    "described ages on lines": lambda n: "John Smith was shot.\n" + _repeat("a 23-year-old man\n")(n),
    "meeting words": _repeat("met with John Smith and also held talks "),
    "meetings with distinct names": _words(lambda r: f"He also met with {_name(r)} {_name(r)}."),
    "talks with distinct names": lambda n: (
        "They held talks with " + _words(lambda r: f"{_name(r)} {_name(r)},")(n) + " and others. Jamous spoke."
    ),
    "distinct names 'led by'": _words(lambda r: f"talks led by {_name(r)} {_name(r)} of Syria."),
    "'led by '": _repeat("led by John Smith "),
    "shooting words": _repeat("shot killed wounded "),
    "victims listed": _words(lambda r: f"{_name(r)} {_name(r)}, 25, and"),
    "victims, one sentence": lambda n: "Police said " + _repeat("John Smith was shot and ")(n),
    "stance words": _repeat("support for the process and "),
    "topic words": _repeat("discussed the need for talks "),
    "'he said' ": _repeat("he said "),
    "newlines": _repeat("\n"),
    "words on lines": _repeat("word\n"),
    "blank lines": _repeat("word\n\n"),
    "capitalised lines": _repeat("Word Word Word\n"),
    "spaces": lambda n: "x" + " " * (n - 1),
    "tabs": lambda n: "x" + "\t" * (n - 1),
    "long word": _repeat("a"),
    "long capital word": _repeat("A"),
    "CJK without spaces": _repeat("中文新闻报道"),
    "Arabic words": _repeat("وزير الخارجية "),
    "front-matter-like lines": lambda n: "---\n" + _repeat("key: value\n")(n),
    "rules '---'": _repeat("---\n"),
    "markdown headings": _repeat("# Heading Words Here\n"),
}

HTML_SHAPES: dict[str, Callable[[int], str]] = {
    "html: article (baseline)": _html(lambda n: _seed_text(n).replace("\n\n", "</p><p>")),
    "html: '<'": _repeat("<"),
    "html: '<' in a paragraph": _html(_repeat("<")),
    "html: '<p>'": _repeat("<p>"),
    "html: nested '<div>'": _repeat("<div>"),
    "html: unclosed '<a '": _repeat("<a "),
    "html: entities": _html(_repeat("&amp;")),
    "html: comments": _html(_repeat("<!-- c -->")),
    "html: unclosed comment": lambda n: "<p>x</p><!--" + "-" * n,
    "html: '>'": _repeat(">"),
    "html: '&'": _repeat("&"),
    "html: paragraphs of a sentence": _repeat(f"<p>{NEWS_SENTENCE}</p>"),
    "html: bold words in a paragraph": _html(_repeat("<b>word</b> ")),
    "html: links in a paragraph": _html(_repeat('<a href="/x">Link</a> ')),
    "html: links in a div": lambda n: _html(_repeat(NEWS_SENTENCE))(2000) + _repeat('<div><a href="/x">Link</a> |')(n),
    "html: '<html ' in a comment": lambda n: _html(_repeat(NEWS_SENTENCE))(2000) + "<!--" + _repeat("<html ")(n),
    "html: list items": lambda n: _html(_repeat(NEWS_SENTENCE))(2000) + "<ul>" + _repeat("<li>item one</li>")(n),
}


def _measure(path: Path, conn: Connection) -> None:
    """Read one file and send back the seconds it took and what came of it (run in a forked child)."""
    start = time.perf_counter()
    result = _read(path, ReadOptions())
    conn.send((time.perf_counter() - start, type(result).__name__))


def _timed(path: Path, timeout: float) -> tuple[float | None, str]:
    """Seconds to read `path` and the result's kind, or None when it ran past the limit."""
    parent, child = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_measure, args=(path, child))
    process.start()
    ready = parent.poll(timeout)
    if not ready:
        process.kill()
        process.join()
        return None, "timeout"
    seconds, kind = parent.recv()
    process.join()
    return seconds, kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=25_000, help="characters of the smaller input (default 25,000)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per reading (default 60)")
    parser.add_argument("--only", nargs="*", default=[], help="shapes whose name contains one of these words")
    args = parser.parse_args()
    _extractor(None)  # loaded once here, so that forked readers start warm
    shapes = {**{k: (".txt", v) for k, v in TEXT_SHAPES.items()}, **{k: (".html", v) for k, v in HTML_SHAPES.items()}}
    chosen = {k: v for k, v in shapes.items() if not args.only or any(w.lower() in k.lower() for w in args.only)}
    print(f"| shape | {args.size:,} chars s | {2 * args.size:,} chars s | ratio | result |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, make) in chosen.items():
            times: list[float | None] = []
            kind = ""
            for n in (args.size, 2 * args.size):
                path = Path(folder) / f"report{suffix}"
                path.write_text(make(n), encoding="utf-8")
                seconds, kind = _timed(path, args.timeout)
                times.append(seconds)
                if seconds is None:
                    break
            small, large = (times + [None])[:2]
            ratio = f"{large / small:.1f}" if small and large else "-"
            flag = " **superlinear**" if small and large and large / small > 3 and large > 0.2 else ""
            print(f"| {name} | {_fmt(small)} | {_fmt(large)} | {ratio}{flag} | {kind} |", flush=True)


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"


if __name__ == "__main__":
    main()
