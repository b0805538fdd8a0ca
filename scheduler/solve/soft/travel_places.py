"""教师一天少跑几个乡镇: per teacher and day, townships visited beyond the first."""

from collections import defaultdict

from scheduler.solve.soft._common import at_least_excess, day_literals

RULE_ID = "travel_places"


def post(ctx) -> list:
    model = ctx.model
    terms = []
    for teacher_id, entries in sorted(ctx.expansion.sessions_by_teacher.items()):
        # day -> township -> [(y, literals of the session on that day)]
        by_day: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for session, _ in entries:
            sv = ctx.by_id[session.id]
            for day, literals in day_literals(sv).items():
                by_day[day][session.site.township].append((sv.y[teacher_id], literals))
        for day, towns in sorted(by_day.items()):
            if len(towns) < 2:
                continue
            visited = []
            for town, uses in sorted(towns.items()):
                w = model.new_bool_var(f"visit[{teacher_id},{day},{town}]")
                for y, literals in uses:
                    model.add(w >= y + sum(literals) - 1)
                visited.append(w)
            terms.append(at_least_excess(model, visited, 1, f"travel[{teacher_id},{day}]"))
    return terms
