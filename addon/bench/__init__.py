"""Benchmarks of the add-on (not tests; they print figures)."""
