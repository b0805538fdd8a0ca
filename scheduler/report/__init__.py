"""Human-readable output: timetables, summaries, findings."""
