"""What the loader checks across files, once each file is valid on its own: principle numbering,
unique ids, that plan and events files hold what their names say, and that
the text still matches the hash its version declares. Whether every reference resolves is
:mod:`overens.store.references` (and, for a signatory file,
:mod:`overens.store.signatory_checks`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from overens.constants import PRINCIPLES_DIR
from overens.model.agreement import Agreement, Principle
from overens.model.events import EventYear
from overens.model.plans import Plan
from overens.store.collector import Collector, Loaded, duplicates


def check_principle_numbers(
    c: Collector, folder: Path, principles: list[tuple[Loaded, Principle]], agreement_id: str
) -> None:
    numbers = sorted(p.number for _, p in principles)
    for loaded, p in principles:
        if numbers.count(p.number) > 1:
            c.add_at(
                loaded,
                ["number"],
                f"principle number {p.number} is used by more than one file",
                agreement=agreement_id,
                hint="give each principle its own number",
            )
    expected = list(range(1, len(set(numbers)) + 1))
    if sorted(set(numbers)) != expected and numbers:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        c.add(
            c.rel(folder / PRINCIPLES_DIR) + "/",
            f"principle numbers must run 1..n without gaps; missing {', '.join(map(str, missing))}",
            agreement=agreement_id,
            hint="renumber the principles (file names and `number`)",
        )


def check_unique_ids(
    c: Collector, main: Loaded, agreement: Agreement, events: list[tuple[Loaded, EventYear]]
) -> None:
    """Parties, bodies, versions, sections, seats, roles and events each have their own id."""
    aid = agreement.id
    t = agreement.terms
    for what, values, key in (
        ("party", [p.id for p in agreement.parties], ["parties"]),
        ("body", [b.id for b in agreement.bodies], ["bodies"]),
        ("revision version", [r.version for r in agreement.revisions], ["revisions"]),
        ("joining criterion", [x.id for x in t.criteria], ["terms", "joining", "criteria"]),
        ("joining channel", [x.id for x in t.channels], ["terms", "joining", "channels"]),
        ("event kind", [e.kind for e in t.events], ["terms", "events"]),
    ):
        for dup in duplicates(values):
            c.add_at(
                main,
                key,
                f"{what} {dup!r} is declared more than once",
                agreement=aid,
                hint="ids must be unique",
            )
    section_ids: list[str] = []

    def collect(sections: Any) -> None:
        for s in sections:
            section_ids.append(s.id)
            collect(s.sections)

    collect(agreement.sections)
    for dup in duplicates(section_ids):
        c.add_at(
            main,
            ["sections"],
            f"section id {dup!r} is used more than once",
            agreement=aid,
            hint="ids must be unique",
        )
    for b_index, body in enumerate(agreement.bodies):
        for what, ids, group in (
            ("seat", [s.id for s in body.seats], "seats"),
            ("role", [r.id for r in body.roles], "roles"),
        ):
            for dup in duplicates(ids):
                c.add_at(
                    main,
                    ["bodies", b_index, group],
                    f"{what} id {dup!r} is used more than once in body {body.id!r}",
                    agreement=aid,
                    hint="ids must be unique",
                )
    check_event_ids(c, agreement, events)


def check_event_ids(
    c: Collector, agreement: Agreement, events: list[tuple[Loaded, EventYear]]
) -> None:
    """Every recorded event has its own id in the agreement (an activity or an election names it)."""
    seen: set[str] = set()
    for loaded, year in events:
        for i, event in enumerate(year.events):
            if event.id in seen:
                c.add_at(
                    loaded,
                    ["events", i, "id"],
                    f"event id {event.id!r} is used more than once in the agreement's events",
                    agreement=agreement.id,
                    hint="give each event its own id, such as its kind and year (arsmote-2024)",
                )
            seen.add(event.id)


def check_plan_file(c: Collector, loaded: Loaded, plan: Plan, stem: str, agreement_id: str) -> None:
    """A plan's id is its file name, and the years the id names are its period's."""
    if plan.id != stem:
        c.add_at(
            loaded,
            ["id"],
            f"the plan id {plan.id!r} does not match its file name {stem!r}",
            agreement=agreement_id,
            hint=f'set id: "{stem}", or rename the file',
        )
        return
    years = plan.id.split("-")
    first, last = int(years[0]), int(years[-1])
    if (plan.start.first.year, plan.end.last.year) != (first, last):
        c.add_at(
            loaded,
            ["period"],
            f"the plan {plan.id} covers {plan.start}–{plan.end}, but its id names "
            f"{'the year ' + years[0] if first == last else f'the years {first}–{last}'}",
            agreement=agreement_id,
            hint="the id (and file name) is the period's first and last year: YYYY or YYYY-YYYY",
        )
    if plan.end.last < plan.start.first:
        c.add_at(
            loaded,
            ["period", "until"],
            "the plan's period ends before it begins",
            agreement=agreement_id,
            hint="check the dates",
        )


def check_events_file(
    c: Collector, loaded: Loaded, year: EventYear, stem: str, agreement_id: str
) -> None:
    """An events file's year is its file name, and every event in it is dated in that year."""
    if str(year.year) != stem:
        c.add_at(
            loaded,
            ["year"],
            f"the events file's year {year.year} does not match its file name {stem!r}",
            agreement=agreement_id,
            hint=f"set year: {stem}, or rename the file",
        )
        return
    for i, event in enumerate(year.events):
        if event.date.first.year != year.year:
            c.add_at(
                loaded,
                ["events", i, "date"],
                f"the event {event.id!r} is dated {event.date}, not in {year.year}",
                agreement=agreement_id,
                hint=f"move it to events/{event.date.first.year}.yaml, or correct the date",
            )


def check_version(c: Collector, main: Loaded, agreement: Agreement) -> None:
    """The current version is declared, and the text still has the hash declared for it.

    The hash is not judged when the current version's text is not recorded (it has no hash), nor
    when a principle file could not be read (its problem is reported, once, at its cause)."""
    if agreement.draft:
        _check_draft(c, main, agreement)
        return
    versions = {r.version: r for r in agreement.revisions}
    if agreement.version not in versions:
        c.add_at(
            main,
            ["version"],
            f"version {agreement.version!r} is not declared in revisions",
            agreement=agreement.id,
            hint="add a revision for it (see `overens version`)",
        )
        return
    current = versions[agreement.version]
    declared = current.text_sha256
    if not current.text_recorded or declared is None or not agreement.complete:
        return
    if declared != agreement.text_sha256:
        index = [r.version for r in agreement.revisions].index(agreement.version)
        c.add_at(
            main,
            ["revisions", index, "text_sha256"],
            f"the text has changed since version {agreement.version} was declared "
            f"(declared {declared[:12]}…, now {agreement.text_sha256[:12]}…)",
            agreement=agreement.id,
            rule="text-hash",
            hint=f"declare the change as a new version: `overens revise {agreement.id} --kind "
            "editorial|material --summary … --decided-by …` writes the revision with "
            f"text_sha256 {agreement.text_sha256}",
        )


def _check_draft(c: Collector, main: Loaded, agreement: Agreement) -> None:
    """A draft declares no version yet: a revision or an adoption means it is no draft."""
    for key in ("revisions", "adopted"):
        if key in main.data:
            c.add_at(
                main,
                ["status"],
                f"the agreement is marked `status: draft` but records `{key}`; a draft has neither "
                "until it is adopted",
                agreement=agreement.id,
                hint="if it was adopted, remove `status: draft`; `overens adopt` records the "
                "adoption and version 1 together",
            )
