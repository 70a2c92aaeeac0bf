"""Benchmarks for `reconcile`: a synthetic report generator with ground truth, and its scorer.

This is a package so tests can import `benchmarks.synth`; the scripts in it also run as
`python benchmarks/make_synth.py`.
"""
