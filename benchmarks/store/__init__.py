"""The store under hostile input and daily use: the ingest fuzzer, the store probe, and the report form they compare."""
