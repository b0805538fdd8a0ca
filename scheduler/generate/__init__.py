"""Synthetic instances: a county's (or a prefecture's) three-tier party-school system.

`generate(size, seed)` builds a realistic `Instance` of size S, M or L. It is feasible by
construction: while generating, a greedy planner places every session (time, teachers, venue)
obeying every hard rule of `scheduler.rules`, and anything it cannot place is left out of the
instance. `generate_with_plan` also returns that witness plan. Slack is built in: every class
uses at most 60 % of its usable blocks, teachers are chosen least-loaded first, and obligations
are kept only where the witness meets them.

Everything is deterministic: one `random.Random` seeded from the size and the seed, drawn from in
a fixed order (term, places, staff, blackouts, classes, witness, decorations), lists and
insertion-ordered dicts only (no set iteration order), the term chosen from fixed dates.

Sizes (per county: townships, villages, teachers; weeks): S 1 county 4/20/40, 8 weeks, about
400 sessions; M 1 county 12/120/200, 20 weeks, about 3,000; L four M-sized counties in one
prefecture (4 county schools, 800 teachers), about 12,000.

The modules, in the order they draw: sizes, topics, names (pools and teacher ids), places,
staff, blackouts, availability, drafts, classes (and curricula), witness (the feasibility plan),
assembly (`generate`, the instance and the plan), dump (`dump_instance`).

Functions over 60 lines: none.
"""

from scheduler.generate.assembly import generate, generate_with_plan
from scheduler.generate.dump import dump_instance
from scheduler.generate.sizes import SIZES, Size

__all__ = ["SIZES", "Size", "dump_instance", "generate", "generate_with_plan"]
