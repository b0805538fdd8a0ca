"""Everything CP-SAT: variables, one module per rule, the model, the run, reading plans back.

The only package that imports OR-Tools.
"""

from scheduler.solve.options import SolveOptions, command_options
from scheduler.solve.result import Assignment, Result, Stats, Status, to_plan
from scheduler.solve.run import solve_expansion

__all__ = ["Assignment", "Result", "SolveOptions", "Stats", "Status", "command_options", "solve_expansion",
           "to_plan"]
