"""Benchmarks for `reconcile`, one folder per purpose (benchmarks/README.md has a line on each).

synth/ generates synthetic reports with ground truth and scores output against it; eval/ measures extraction and
resolution on data we did not write (ECB+, GVDB) and on the seed reports; train/ builds the shipped spaCy
pipelines; speed/ times the pipeline, the review queue and pathological inputs; store/ fuzzes the ingest and
probes the store. This is a package so tests can import `benchmarks.synth` and the rest; each script runs from
the repository root as `python -m benchmarks.<folder>.<script>` (or `python benchmarks/<folder>/<script>.py`).
"""
