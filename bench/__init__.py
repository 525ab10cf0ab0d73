"""Benchmarks: each ``bench/<name>_bench.py`` has ``run() -> list[dict]`` of figures measured
against a baseline taken in the same run. ``python run.py bench`` runs them all."""
