"""Every reference in an agreement's files resolves: a body, a seat, a role, a party, a signatory,
an election, an event, a section, and the agreements a succession names (which must agree with
this one about the link). What a signatory file names is checked in
:mod:`overens.store.signatory_checks`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from overens.model.agreement import Agreement, Principle
from overens.model.events import EventYear
from overens.model.governance import Body, BodyMembers, Member
from overens.model.plans import Plan
from overens.model.signatory import Signatory
from overens.store.collector import Collector, Loaded
from overens.store.signatory_checks import check_signatory_references

JsonPath = list[str | int]


@dataclass(frozen=True, slots=True)
class Files:
    """An agreement's files, loaded and valid, as the references are checked in them."""

    main: Loaded
    principles: list[tuple[Loaded, Principle]]
    signatories: list[tuple[Loaded, Signatory]]
    members: list[tuple[Loaded, BodyMembers]]
    plans: list[tuple[Loaded, Plan]]
    events: list[tuple[Loaded, EventYear]]
    signatory_ids: set[str] | None
    """The names of every file in signatories/ (read or not); None when they were not listed."""


def _known(value: str | None, known: Any) -> bool:
    return value is None or value in known


def _listed(known: Any) -> str:
    return ", ".join(sorted(known)) or "none"


def check_references(c: Collector, agreement: Agreement, files: Files) -> None:
    """Everything in the agreement's files that names something else."""
    _check_bodies_named(c, agreement, files)
    _check_parties_named(c, agreement, files)
    _check_agreement_names(c, agreement, files)
    for loaded, s in files.signatories:
        check_signatory_references(c, loaded, s, agreement)
    events = {e.id for _, y in files.events for e in y.events}
    for loaded, bm in files.members:
        _check_members(c, loaded, bm, agreement, events)
    for loaded, plan in files.plans:
        _check_plan(c, loaded, plan, agreement, files.signatory_ids, events)


def _check_bodies_named(c: Collector, agreement: Agreement, files: Files) -> None:
    """Every undertaking carried by a body names a declared body."""
    body_ids = {b.id for b in agreement.bodies}
    declared = _listed(body_ids)
    for i, u in enumerate(agreement.actions):
        if u.body and u.body not in body_ids:
            c.add_at(
                files.main,
                ["actions", "items", i, "body"],
                f"unknown body {u.body!r}",
                agreement=agreement.id,
                hint=f"declared bodies: {declared}",
            )
    for loaded, p in files.principles:
        for group in ("actions", "responsibilities", "commitments"):
            for i, u in enumerate(getattr(p, group)):
                if u.body and u.body not in body_ids:
                    c.add_at(
                        loaded,
                        [group, i, "body"],
                        f"unknown body {u.body!r}",
                        agreement=agreement.id,
                        hint=f"declared bodies in agreement.yaml: {declared}",
                    )


def _party_refs(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every ``party:`` in a file (a decision's, a committee's, a responsible one's), with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "party" and isinstance(value, str):
                yield [*path, key], value
            else:
                yield from _party_refs(value, [*path, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _party_refs(value, [*path, i])


def _check_parties_named(c: Collector, agreement: Agreement, files: Files) -> None:
    """Every ``party:`` names a party, and a party's ``signatory`` names a signatory file."""
    parties = {p.id for p in agreement.parties}
    # Signatory files name a party only in an exception's decision: walked where they have one
    # (10,000 signatories are not walked key by key).
    excepted = [
        x
        for x, s in files.signatories
        if any(a.exception for m in s.memberships for a in m.criteria)
    ]
    loaded_files: list[Loaded] = [
        files.main,
        *excepted,
        *(x for x, _ in files.members),
        *(x for x, _ in files.plans),
    ]
    for loaded in loaded_files:
        for path, party in _party_refs(loaded.data, []):
            if party not in parties:
                c.add_at(
                    loaded,
                    path,
                    f"unknown party {party!r}",
                    agreement=agreement.id,
                    hint=f"the parties in agreement.yaml: {_listed(parties)}",
                )
    if files.signatory_ids is None:
        return
    for i, p in enumerate(agreement.parties):
        if not _known(p.signatory, files.signatory_ids):
            c.add_at(
                files.main,
                ["parties", i, "signatory"],
                f"no signatory file signatories/{p.signatory}.yaml for the party {p.name}",
                agreement=agreement.id,
                hint="name the party's file in signatories/ by its id (the file name without .yaml)",
            )


def _check_agreement_names(c: Collector, agreement: Agreement, files: Files) -> None:
    """Body roles name seats, elected seats name a kind of event, reviewed parts name sections."""
    kinds = {e.kind for e in agreement.terms.events}
    for b_index, body in enumerate(agreement.bodies):
        seats = {s.id for s in body.seats}
        for r_index, role in enumerate(body.roles):
            for seat_id in role.seats:
                if seat_id not in seats:
                    c.add_at(
                        files.main,
                        ["bodies", b_index, "roles", r_index, "seats"],
                        f"the role {role.title} is held from the seat {seat_id!r}, which the body "
                        f"{body.name} does not have",
                        agreement=agreement.id,
                        hint=f"seats: {_listed(seats)}",
                    )
        for s_index, seat in enumerate(body.seats):
            event = seat.selection.event if seat.selection else None
            if not _known(event, kinds):
                c.add_at(
                    files.main,
                    ["bodies", b_index, "seats", s_index, "selection", "event"],
                    f"the seat {seat.id!r} is elected at an event of kind {event!r}, which "
                    "terms.events does not list",
                    agreement=agreement.id,
                    hint=f"kinds of event in terms.events: {_listed(kinds)}",
                )
    sections: set[str] = set()
    stack = list(agreement.sections)
    while stack:
        section = stack.pop()
        sections.add(section.id)
        stack.extend(section.sections)
    parts: list[tuple[JsonPath, str]] = []
    for i, r in enumerate(agreement.revisions):
        parts += [(["revisions", i, "reviewed"], part) for part in r.reviewed]
    for i, cycle in enumerate(agreement.terms.reviews):
        parts += [(["terms", "reviews", i, "parts"], part) for part in cycle.parts]
    for path, part in parts:
        if part.startswith("section:") and part[8:] not in sections:
            c.add_at(
                files.main,
                path,
                f"no section {part[8:]!r} to review ({part})",
                agreement=agreement.id,
                hint=f"section ids: {_listed(sections)}",
            )


def _check_members(
    c: Collector, loaded: Loaded, bm: BodyMembers, agreement: Agreement, events: set[str]
) -> None:
    """A body's member file names a declared body, its seats, roles and elections, and terms
    that end after they start."""
    aid = agreement.id
    body = agreement.body(bm.id)
    if body is None:
        c.add_at(
            loaded,
            ["id"],
            f"no body {bm.id!r} is declared in agreement.yaml",
            agreement=aid,
            hint=f"declared bodies: {_listed(b.id for b in agreement.bodies)}",
        )
        return
    for i, election in enumerate(bm.elections):
        if not _known(election.event, events):
            c.add_at(
                loaded,
                ["elections", i, "event"],
                f"no event {election.event!r} is recorded in events/",
                agreement=aid,
                hint="name the event by its id in events/<year>.yaml, or leave `event` out",
            )
    for i, member in enumerate(bm.members):
        _check_member(c, loaded, bm, body, i, member, aid)


def _check_member(
    c: Collector, loaded: Loaded, bm: BodyMembers, body: Body, i: int, member: Member, aid: str
) -> None:
    """One member's seat, dates, roles and election."""
    seat_ids = {s.id for s in body.seats}
    roles = {r.id: r for r in body.roles}
    seat = body.seat(member.seat)
    if seat is None:
        c.add_at(
            loaded,
            ["members", i, "seat"],
            f"unknown seat {member.seat!r} in body {body.id!r}",
            agreement=aid,
            hint=f"seats: {', '.join(sorted(seat_ids))}",
        )
    if member.end and member.end.last < member.start.first:
        c.add_at(
            loaded,
            ["members", i, "until"],
            "the membership ends before it starts",
            agreement=aid,
            hint="check the dates",
        )
    for role_id in member.roles:
        role = roles.get(role_id)
        if role is None:
            c.add_at(
                loaded,
                ["members", i, "roles"],
                f"unknown role {role_id!r} in body {body.id!r}",
                agreement=aid,
                hint=f"roles: {_listed(roles)}",
            )
        elif role.seats and member.seat not in role.seats and set(role.seats) <= seat_ids:
            c.add_at(
                loaded,
                ["members", i, "roles"],
                f"{member.name} holds the role {role.title}, which is held from the seats "
                f"{', '.join(role.seats)}, not from {member.seat!r}",
                agreement=aid,
                hint="correct the role or the seat",
            )
    if member.elected and bm.election(member.elected) is None:
        c.add_at(
            loaded,
            ["members", i, "elected"],
            f"no election {member.elected!r} is recorded in this file",
            agreement=aid,
            hint=f"elections: {_listed(e.id for e in bm.elections)}",
        )
    elif member.elected and seat is not None and not (seat.selection and seat.selection.elected):
        c.add_at(
            loaded,
            ["members", i, "elected"],
            f"{member.name} is recorded as elected to the seat {seat.id!r}, which is not filled "
            "by election",
            agreement=aid,
            hint="remove `elected`, or give the seat `selection: {method: election}`",
        )


def _check_plan(
    c: Collector,
    loaded: Loaded,
    plan: Plan,
    agreement: Agreement,
    signatory_ids: set[str] | None,
    events: set[str],
) -> None:
    """A plan's responsible bodies and signatories, and its activities' events, exist."""
    bodies = {b.id for b in agreement.bodies}
    for i, _, j, activity in plan.activities():
        here: JsonPath = ["areas", i, "activities", j]
        for k, r in enumerate(activity.responsible):
            if not _known(r.body, bodies):
                c.add_at(
                    loaded,
                    [*here, "responsible", k, "body"],
                    f"unknown body {r.body!r}",
                    agreement=agreement.id,
                    hint=f"declared bodies: {_listed(bodies)}",
                )
            if signatory_ids is not None and not _known(r.signatory, signatory_ids):
                c.add_at(
                    loaded,
                    [*here, "responsible", k, "signatory"],
                    f"no signatory file signatories/{r.signatory}.yaml",
                    agreement=agreement.id,
                    hint="name a signatory by its file name without .yaml",
                )
        if not _known(activity.event, events):
            c.add_at(
                loaded,
                [*here, "event"],
                f"no event {activity.event!r} is recorded in events/",
                agreement=agreement.id,
                hint="name the event by its id in events/<year>.yaml",
            )


def check_succession(
    c: Collector,
    main: Loaded,
    agreement: Agreement,
    others: dict[str, Agreement],
    folders: set[str],
) -> None:
    """The agreements a succession names are in the repository (else they are named by title),
    and, where they record the link too, they agree about it: the same agreements, the same date."""
    for side, other_side in (("predecessor", "successor"), ("successor", "predecessor")):
        link = getattr(agreement.succession, side)
        if link is None or link.agreement is None:
            continue
        where: JsonPath = ["succession", side, "agreement"]
        if link.agreement == agreement.id:
            c.add_at(
                main,
                where,
                f"the agreement names itself as its {side}",
                agreement=agreement.id,
                hint="name the other agreement",
            )
            continue
        if link.agreement not in folders:
            c.add_at(
                main,
                where,
                f"no agreement {link.agreement!r} in this repository",
                agreement=agreement.id,
                hint="name an agreement in agreements/ by its folder, or one that is not held by "
                "`title` (and `url`) instead of `agreement`",
            )
            continue
        other = others.get(link.agreement)
        back = getattr(other.succession, other_side) if other is not None else None
        if back is None:
            continue
        if back.agreement != agreement.id and (back.agreement is None or back.agreement in folders):
            c.add_at(
                main,
                where,
                f"{link.agreement} names {back.agreement or back.title!r} as its {other_side}, "
                f"not {agreement.id}",
                agreement=agreement.id,
                hint="correct one side: the two links must name each other",
            )
        elif back.date != link.date:
            c.add_at(
                main,
                ["succession", side, "date"],
                f"{link.agreement} records the succession on {back.date}, this agreement on {link.date}",
                agreement=agreement.id,
                hint="the successor's first day is one day: write the same date on both sides",
            )
