"""Shared helper: one no-overlap per resource over the optional intervals of its sessions."""


def post_no_overlap(ctx, sessions_by_resource: dict, intervals_of: str) -> None:
    for resource_id, entries in sorted(sessions_by_resource.items()):
        intervals = [getattr(ctx.by_id[s.id], intervals_of)[resource_id] for s, _ in entries]
        if len(intervals) > 1:
            ctx.model.add_no_overlap(intervals)
