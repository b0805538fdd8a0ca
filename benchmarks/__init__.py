"""Benchmarks: speed, memory and plan quality, measured by scripts and recorded in RESULTS.md."""
