"""Governance bodies: the recorded members (bodies/<id>.yaml) against the declared make-up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from overens.checks.rules.base import Context, Issue, merge_ends, rule, sector_label
from overens.checks.rules.terms_of_office import check_roles, check_terms
from overens.model.findings import Severity
from overens.model.governance import Body, BodyMembers, Member, Seat
from overens.model.identity import name_key
from overens.model.status import agreement_start

_Serving = list[tuple[int, Member]]


@rule(
    "body-composition",
    Severity.ERROR,
    "The recorded members of each governance body meet its make-up on the date.",
    applies_when="the agreement declares bodies (bodies without recorded members are skipped)",
    applies=lambda a: bool(a.bodies),
)
def body_composition(ctx: Context) -> Iterator[Issue]:
    """For each declared body with members recorded in bodies/<id>.yaml, the members serving on
    the date meet its make-up: no seat group holds more ordinary members than its count (seats
    counted per municipality need parameter `municipalities`); a member's organisation, when it is
    a signatory, is in the seat's sector, and is the seat's organisation when the seat names one;
    each personal substitute (`substitute_for`) names a serving ordinary member of the same seat,
    in a seat that has personal substitutes, one substitute per member; co-opted seats (adjungerade)
    are not ordinary seats and have no substitutes; a body with parity has as many ordinary members
    from the idéburen as from the public sector. Each of the body's offices (`roles`, such as the
    chair) that is required is held by its `count` of serving members from its seats; a member of
    a seat filled by election names the election (in the members file) that chose it, held on or
    before the day its term began; and nobody serves past the end of the term: `term_until`, else
    the day before the election held the seat's `term_years` later (else some day in that year,
    an uncertain verdict while it is not recorded). With parameter `vacancies` (on by default)
    unfilled seats, offices and substitutes are reported too; with `require_members` a body
    without a members file is. A member whose dates are known only to the year or month gives
    uncertain verdicts while it cannot be told whether the member serves. Quiet before the
    agreement begins and once it has ended."""
    a = ctx.agreement
    wanted: list[str] | None = ctx.param("bodies")
    unknown = [b for b in wanted or () if a.body(b) is None]
    if unknown:
        yield Issue(
            a.path,
            ("checks", "body-composition", "params", "bodies"),
            f"body-composition names bodies the agreement does not declare: {', '.join(unknown)}",
            hint=f"declared bodies: {', '.join(b.id for b in a.bodies) or 'none'}",
        )
    start = agreement_start(a)
    if ctx.ended or (start is not None and start.by(ctx.as_of).no):
        return
    recorded = {bm.id: bm for bm in a.members}
    for b_index, body in enumerate(a.bodies):
        if wanted is not None and body.id not in wanted:
            continue
        bm = recorded.get(body.id)
        if bm is None:
            if ctx.param("require_members", False):
                yield Issue(
                    a.path,
                    ("bodies", b_index),
                    f"no members are recorded for {body.name}",
                    hint=f"record them in bodies/{body.id}.yaml (name, seat, from)",
                )
            continue
        answers = [(i, m, m.serving(ctx.as_of)) for i, m in enumerate(bm.members)]
        serving = [(i, m) for i, m, on in answers if on.yes]
        maybe = [(i, m) for i, m, on in answers if on.maybe]
        issues = list(_check_body(ctx, body, bm, serving))
        if maybe:
            issues = merge_ends(issues, list(_check_body(ctx, body, bm, serving + maybe)))
        yield from issues
        yield from check_terms(ctx, body, bm, serving, maybe)


def _check_body(ctx: Context, body: Body, bm: BodyMembers, serving: _Serving) -> Iterator[Issue]:
    vacancies = ctx.param("vacancies", True)
    ordinary = [(i, m) for i, m in serving if not m.substitute_for]
    substitutes = [(i, m) for i, m in serving if m.substitute_for]
    sectors = {name_key(s.name): s.sector for s in ctx.agreement.signatories}
    for seat in body.seats:
        held = [(i, m) for i, m in ordinary if m.seat == seat.id]
        expected = _seat_count(seat, ctx.param("municipalities"))
        if expected is not None and len(held) > expected:
            for n, (i, m) in enumerate(held[expected:], start=expected + 1):
                yield Issue(
                    bm.path,
                    ("members", i),
                    f"{body.name}: {m.name} is member {n} in "
                    f"\u201d{seat.label}\u201d, which has {expected} seat{'s' if expected != 1 else ''}",
                    hint="end an earlier member's term (`until:`) or correct the seat",
                )
        elif expected is not None and len(held) < expected and vacancies:
            yield Issue(
                bm.path,
                ("members",),
                f"{body.name}: \u201d{seat.label}\u201d has {len(held)} of {expected} seats filled on {ctx.as_of}",
                hint=f"record the members appointed to the seat `{seat.id}`",
            )
        for i, m in held:
            yield from _check_member_org(bm, body, seat, i, m, sectors)
        yield from _check_substitutes(ctx, bm, body, seat, held, substitutes, vacancies)
    if body.parity:
        yield from _check_parity(bm, body, ordinary)
    if vacancies:
        yield from check_roles(ctx, body, bm, ordinary)


def _seat_count(seat: Seat, municipalities: int | None) -> int | None:
    if seat.count is None:
        return None
    if seat.per == "municipality":
        return seat.count * municipalities if municipalities else None
    return seat.count


def _check_member_org(
    bm: BodyMembers, body: Body, seat: Seat, i: int, m: Member, sectors: dict[str, str]
) -> Iterator[Issue]:
    if not m.organisation:
        return
    sector = sectors.get(name_key(m.organisation))
    if seat.sector and sector and sector != seat.sector:
        yield Issue(
            bm.path,
            ("members", i, "organisation"),
            f"{body.name}: {m.name} represents {m.organisation} ({sector_label(sector)} sector) "
            f"in a seat for the {sector_label(seat.sector)} sector",
            hint="correct the seat or the organisation",
        )
    if seat.organisation and name_key(seat.organisation) != name_key(m.organisation):
        yield Issue(
            bm.path,
            ("members", i, "organisation"),
            f"{body.name}: {m.name} represents {m.organisation}, but the seat "
            f"\u201d{seat.label}\u201d is for {seat.organisation}",
            hint="correct the seat or the organisation",
        )


def _check_substitutes(
    ctx: Context,
    bm: BodyMembers,
    body: Body,
    seat: Seat,
    held: _Serving,
    substitutes: _Serving,
    vacancies: bool,
) -> Iterator[Issue]:
    mine = [(i, m) for i, m in substitutes if m.seat == seat.id]
    members = {name_key(m.name) for _, m in held}
    allowed = 0 if seat.co_opted else (seat.personal_substitutes or 0)
    taken: set[str] = set()
    for i, sub in mine:
        target = name_key(sub.substitute_for or "")
        if allowed == 0:
            what = "is co-opted (adjungerad)" if seat.co_opted else "has no personal substitutes"
            yield Issue(
                bm.path,
                ("members", i, "substitute_for"),
                f"{body.name}: {sub.name} is recorded as personal substitute, but \u201d{seat.label}\u201d {what}",
                hint="remove `substitute_for:` or correct the seat",
            )
        elif target not in members:
            yield Issue(
                bm.path,
                ("members", i, "substitute_for"),
                f"{body.name}: {sub.name} is personal substitute for {sub.substitute_for}, who is not a "
                f"serving ordinary member of \u201d{seat.label}\u201d on {ctx.as_of}",
                hint="name the ordinary member of the same seat exactly as recorded",
            )
        elif target in taken:
            yield Issue(
                bm.path,
                ("members", i, "substitute_for"),
                f"{body.name}: {sub.substitute_for} has more than one personal substitute",
                hint="a personal substitute stands in for one member, and each member has one",
            )
        elif len(taken) >= allowed:
            yield Issue(
                bm.path,
                ("members", i, "substitute_for"),
                f"{body.name}: {sub.name} is personal substitute number {len(taken) + 1} in "
                f"\u201d{seat.label}\u201d, which has {allowed}",
                hint="end an earlier substitute's term (`until:`) or correct the seat",
            )
        else:
            taken.add(target)
    filled = len(taken)
    if vacancies and filled < allowed and filled < len(held):  # a serving member lacks a substitute
        yield Issue(
            bm.path,
            ("members",),
            f"{body.name}: \u201d{seat.label}\u201d has {filled} of {allowed} personal substitutes "
            f"on {ctx.as_of}",
            hint="record each substitute with `substitute_for:` naming the ordinary member",
        )


def _check_parity(bm: BodyMembers, body: Body, ordinary: _Serving) -> Iterator[Issue]:
    counts: Counter[str] = Counter()
    for _, m in ordinary:
        seat = body.seat(m.seat)
        if seat is not None and seat.sector and not seat.co_opted:
            counts[seat.sector] += 1
    if counts["ideburen"] != counts["offentlig"]:
        yield Issue(
            bm.path,
            ("members",),
            f"{body.name} has {counts['ideburen']} ordinary members from the idéburen sector and "
            f"{counts['offentlig']} from the public sector; the agreement requires an equal number",
            hint="appoint members so that both sectors hold as many ordinary seats",
        )
