"""Everything CP-SAT: variables, one module per rule, the model, the run, reading plans back.

The only package that imports OR-Tools.
"""

from scheduler.solve.result import Assignment, Result, to_plan
from scheduler.solve.run import SolveOptions, command_options, solve_expansion

__all__ = ["Assignment", "Result", "SolveOptions", "command_options", "solve_expansion", "to_plan"]
