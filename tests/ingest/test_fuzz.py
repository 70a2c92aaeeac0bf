"""A few hundred mutated gold reports and raw texts in one batch: exit 0 or 1, no traceback, every refused
file named by an `Error:` line, and the reports stored exactly the accepted files, each whole.
`benchmarks/store/fuzz.py` runs the same mutations at full size over thousands of files."""

from __future__ import annotations

import random

from benchmarks.store.fuzz import (
    Counts,
    Sizes,
    accepted_in_batch,
    cases,
    check_output,
    check_store,
    expected_outcomes,
    json_mutations,
    text_mutations,
    write_cases,
)

FILES = 200
SEED = 9


def test_fuzzed_files_are_stored_whole_or_named(cli, db_url, tmp_path):
    paths = write_cases(tmp_path, list(cases(random.Random(SEED), FILES, Sizes())))
    counts = Counts(files=len(paths))
    accepted = accepted_in_batch(paths, expected_outcomes(paths, 20.0, counts))
    result = cli("ingest", *paths)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    check_output(paths, accepted, result.exit_code, result.stderr, counts)
    check_store(db_url, accepted, counts)
    assert counts.problems == []
    assert (counts.tracebacks, counts.hangs, counts.partial) == (0, 0, 0)
    # The mutations reach both outcomes: a fuzz run that refuses (or accepts) everything tests little.
    assert 0.2 * len(paths) < len(accepted) < 0.8 * len(paths)


def test_every_mutation_is_in_the_fuzzed_batch():
    made = {case.mutation for case in cases(random.Random(SEED), FILES, Sizes())}
    structured = {f"json:{name}" for name in json_mutations(Sizes())}
    plain = {f"text:{name}" for name in text_mutations(Sizes())}
    assert structured | plain <= made
