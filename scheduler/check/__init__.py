"""The independent checker: every hard rule verified, and every soft rule scored, from the
instance and the plan alone.

Imports nothing of the solver or of the session expansion; see scheduler.rules for the
contract each check implements.
"""

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.registry import CHECKS, SOFT_CHECKS, score_plan, validate_plan
from scheduler.check.violation import Violation

__all__ = ["CHECKS", "SOFT_CHECKS", "Case", "CheckContext", "Violation", "score_plan",
           "validate_plan"]
