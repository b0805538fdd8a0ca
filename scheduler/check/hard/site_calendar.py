"""site_calendar: a session takes consecutive teaching blocks of its site, outside its item's bans."""

from __future__ import annotations

from scheduler.check.blocks import matching_blocks
from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import WEEKDAY_NAMES, joined, named, note_suffix, say
from scheduler.check.timing import block_span, clock_text
from scheduler.check.violation import Violation

RULE = "site_calendar"


def check_site_calendar(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        messages = _shape(placed) + _day(ctx, placed) + _blocks(ctx, placed)
        found.extend(Violation(RULE, message, (placed.id,)) for message in messages)
    return found


def _shape(placed: PlacedSession) -> list[str]:
    """The stated time is `length` consecutive site blocks from a block start (and `blocks` agrees)."""
    entry, site, length = placed.entry, placed.site, placed.item.length
    if placed.span is None:
        return [say("bad_time", session=placed.id, start=entry.start, end=entry.end)]
    starts = [block_span(b.start, b.end).start for b in site.blocks]
    if placed.span.start not in starts:
        listing = joined(f"{b.name} {block_span(b.start, b.end).label}" for b in site.blocks)
        return [say("not_block_start", session=placed.id, start=clock_text(placed.span.start),
                    site=named(site), blocks=listing)]
    first = starts.index(placed.span.start)
    wanted = site.blocks[first:first + length]
    if len(wanted) < length:
        return [say("too_few_blocks", session=placed.id, block=site.blocks[first].name,
                    length=length, site=named(site), available=len(wanted))]
    problems = []
    wanted_end = block_span(wanted[-1].start, wanted[-1].end).end
    if placed.span.end != wanted_end:
        problems.append(say("wrong_end", session=placed.id, length=length,
                            blocks=joined(b.name for b in wanted), wanted=clock_text(wanted_end),
                            found=clock_text(placed.span.end)))
    names = [b.name for b in wanted]
    if entry.blocks and list(entry.blocks) != names:
        problems.append(say("wrong_blocks", session=placed.id, found=joined(entry.blocks),
                            wanted=joined(names)))
    return problems


def _day(ctx: CheckContext, placed: PlacedSession) -> list[str]:
    """The date is in the term and the site teaches that day."""
    term, day, site = ctx.instance.term, placed.date, placed.site
    if not term.start <= day <= term.end:
        return [say("outside_term", session=placed.id, date=day, term=term.name,
                    start=term.start, end=term.end)]
    if ctx.calendar.site_teaches(site, day):
        return []
    holiday = ctx.calendar.holiday_name(day) if site.observe_holidays else None
    if holiday is not None:
        return [say("holiday", session=placed.id, date=day, holiday=holiday, site=named(site))]
    return [say("not_teaching_day", session=placed.id, date=day,
                weekday=WEEKDAY_NAMES[day.isoweekday()], site=named(site))]


def _blocks(ctx: CheckContext, placed: PlacedSession) -> list[str]:
    """No blackout of the site and no ban of the item matches an occupied block."""
    problems = []
    for blackout in ctx.site_blackouts(placed.site):
        hit = matching_blocks(blackout.when, placed)
        if hit:
            problems.append(say("site_blackout", session=placed.id, date=placed.date,
                                blocks=joined(hit), site=named(placed.site),
                                blackout=blackout.name))
    for rule in placed.item.unavailable:
        hit = matching_blocks(rule, placed)
        if hit:
            problems.append(say("item_unavailable", session=placed.id, date=placed.date,
                                blocks=joined(hit), title=placed.item.title,
                                note=note_suffix(rule.note)))
    return problems
