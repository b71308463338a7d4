"""The offices and terms of a body's members, for body-composition: each required office held,
each elected member chosen by a recorded election, and nobody serving past the end of a term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue
from overens.model.dates import DayRange, Tri
from overens.model.governance import Body, BodyMembers, Member, Seat

_Serving = list[tuple[int, Member]]


def check_roles(ctx: Context, body: Body, bm: BodyMembers, ordinary: _Serving) -> Iterator[Issue]:
    """Each required office is held by its number of serving members from its seats."""
    for role in body.roles:
        if not role.required:
            continue
        holders = [
            m
            for _, m in ordinary
            if role.id in m.roles and (not role.seats or m.seat in role.seats)
        ]
        if len(holders) < role.count:
            held = "held by nobody" if not holders else f"held by {len(holders)} of {role.count}"
            yield Issue(
                bm.path,
                ("members",),
                f"{body.name}: the office of {role.title} is {held} on {ctx.as_of}",
                hint=f"record `roles: [{role.id}]` on the member who holds it"
                + (f" (from the seats {', '.join(role.seats)})" if role.seats else ""),
            )


def term_end(bm: BodyMembers, seat: Seat | None, member: Member) -> DayRange | None:
    """The last day of the member's term: `term_until`, else the day before the election held the
    seat's `term_years` after the one that chose the member, else some day in that year; None when
    no term is known."""
    if member.term_until is not None:
        return member.term_until
    selection = seat.selection if seat is not None else None
    election = bm.election(member.elected) if member.elected else None
    if selection is None or not selection.term_years or election is None:
        return None
    year = election.date.first.year + selection.term_years
    following = [e for e in bm.elections if e.date.first.year == year and e is not election]
    if following:
        return min(following, key=lambda e: e.date.first).date.shifted(-1)
    return DayRange(dt.date(year, 1, 1), dt.date(year, 12, 31)).shifted(-1)


def check_terms(
    ctx: Context, body: Body, bm: BodyMembers, serving: _Serving, maybe: _Serving
) -> Iterator[Issue]:
    """Elected members name their election, and nobody serves past the end of the term."""
    day = ctx.as_of
    for i, m in [*serving, *maybe]:
        seat = body.seat(m.seat)
        uncertain_member = (i, m) in maybe
        elected_seat = seat is not None and seat.selection is not None and seat.selection.elected
        election = bm.election(m.elected) if m.elected else None
        if elected_seat and m.elected is None and not m.substitute_for:
            label = seat.label if seat is not None else m.seat
            yield Issue(
                bm.path,
                ("members", i),
                f"{body.name}: {m.name} holds an elected seat (\u201d{label}\u201d) but names "
                "no election",
                hint="record the election in `elections:` and name it with `elected:`",
                uncertain=uncertain_member,
            )
        if election is not None and election.date.first > m.start.last:
            yield Issue(
                bm.path,
                ("members", i, "elected"),
                f"{body.name}: {m.name} serves from {m.start}, before the election that chose "
                f"{m.name} ({election.id}, {election.date})",
                hint="check the dates, or name the election that chose the member",
            )
        end = term_end(bm, seat, m)
        if end is None:
            continue
        past = Tri.of(day > end.last, day > end.first)
        if uncertain_member and past.yes:
            past = Tri.MAYBE
        if past.no:
            continue
        ended = f"on {end}" if end.exact else f"in {end}"
        yield Issue(
            bm.path,
            ("members", i),
            f"{body.name}: {m.name}'s term ended {ended}, but {m.name} is still recorded as serving on {day}"
            if past.yes
            else f"{body.name}: whether {m.name}'s term has ended on {day} cannot be told: it "
            f"ends at the election of {end.last.year}, which is not recorded"
            if not end.exact and m.term_until is None
            else f"{body.name}: whether {m.name}'s term (until {end}) has ended on {day} cannot be told",
            hint="record the end of the term (`until:`), or the election that chose the member again "
            "as a new entry",
            uncertain=past.maybe,
        )
