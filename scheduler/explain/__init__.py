"""Why an instance has no plan: a minimal set of the instance's own statements that cannot hold
together, found with assumption literals in CP-SAT and told in the user's words.

    explanation = explain_expansion(expand(instance), time_limit=30)
    lines = describe(explanation, expansion)
"""

from scheduler.explain.describe import describe, describe_group
from scheduler.explain.groups import Group, build_relaxed_model
from scheduler.explain.minimize import Explanation, explain_expansion

__all__ = ["Explanation", "Group", "build_relaxed_model", "describe", "describe_group",
           "explain_expansion"]
