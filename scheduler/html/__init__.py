"""`scheduler report`: the plan as a static HTML site (index, one page per class, teacher, venue
and site, the 调整 page of a replanned plan) for people who look at it and print it."""

from scheduler.html.site import build_site, check_output, write_site

__all__ = ["build_site", "check_output", "write_site"]
