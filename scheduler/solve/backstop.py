"""Repeatable runs budget CP-SAT in deterministic time; the wall clock is only a backstop."""

LOAD_SECONDS = 5.0


def wall_backstop(deterministic_seconds: float) -> float:
    """Wall seconds after which a repeatable solve stops anyway: four times its deterministic
    budget, plus time to load the model. Loading costs wall time but no deterministic time, so
    without it a tiny budget on a loaded machine stops on the wall clock and does not repeat."""
    return 4 * deterministic_seconds + LOAD_SECONDS
