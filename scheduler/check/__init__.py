"""The independent checker: every hard rule verified from the instance and the plan alone.

Imports nothing of the solver or of the session expansion; see scheduler.rules for the
contract each check implements.
"""

from scheduler.check.context import CheckContext
from scheduler.check.registry import CHECKS, validate_plan
from scheduler.check.violation import Violation

__all__ = ["CHECKS", "CheckContext", "Violation", "validate_plan"]
