"""What the loader checks across files, once each file is valid on its own: principle numbering,
membership periods, unique ids, and every reference (a body, a seat, a version, a report kind)
resolving; and that the text still matches the hash its version declares."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from overens.constants import PRINCIPLES_DIR
from overens.model.agreement import Agreement, Principle
from overens.model.governance import BodyMembers
from overens.model.signatory import Signatory
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


def check_periods(c: Collector, loaded: Loaded, s: Signatory, agreement_id: str) -> None:
    previous_end: dt.date | None = None
    for i, m in enumerate(s.memberships):
        start = m.signed.date
        if i < len(s.memberships) - 1 and m.withdrawal is None:
            c.add_at(
                loaded,
                ["memberships", i],
                "an earlier membership period has no withdrawal, but a later period follows it",
                agreement=agreement_id,
                hint="record the withdrawal that ended this period",
            )
        if start and previous_end and start < previous_end:
            c.add_at(
                loaded,
                ["memberships", i, "signed", "date"],
                "this period starts before the previous one ended",
                agreement=agreement_id,
                hint="periods must follow one another in time",
            )
        if m.withdrawal:
            w = m.withdrawal
            if w.effective < w.notice_date:
                c.add_at(
                    loaded,
                    ["memberships", i, "withdrawal", "effective"],
                    "the withdrawal takes effect before the notice was received",
                    agreement=agreement_id,
                    hint="effective must be on or after notice_date",
                )
            if start and w.notice_date < start:
                c.add_at(
                    loaded,
                    ["memberships", i, "withdrawal", "notice_date"],
                    "the notice was received before the organisation signed",
                    agreement=agreement_id,
                    hint="check the dates",
                )
            previous_end = w.effective


def check_references(
    c: Collector,
    main: Loaded,
    agreement: Agreement,
    principles: list[tuple[Loaded, Principle]],
    signatories: list[tuple[Loaded, Signatory]],
    members: list[tuple[Loaded, BodyMembers]],
) -> None:
    """Everything in the agreement's files that names something else: unique ids, the declared
    version and its text hash, bodies, seats, versions and report kinds."""
    _check_unique_ids(c, main, agreement)
    _check_version(c, main, agreement)
    _check_bodies_named(c, main, agreement, principles)
    for loaded, s in signatories:
        check_signatory_references(c, loaded, s, agreement)
    for loaded, bm in members:
        _check_members(c, loaded, bm, agreement)


def _check_unique_ids(c: Collector, main: Loaded, agreement: Agreement) -> None:
    aid = agreement.id
    for what, values, key in (
        ("party", [p.id for p in agreement.parties], "parties"),
        ("body", [b.id for b in agreement.bodies], "bodies"),
        ("revision version", [r.version for r in agreement.revisions], "revisions"),
    ):
        for dup in duplicates(values):
            c.add_at(
                main,
                [key],
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
        for dup in duplicates(s.id for s in body.seats):
            c.add_at(
                main,
                ["bodies", b_index, "seats"],
                f"seat id {dup!r} is used more than once in body {body.id!r}",
                agreement=aid,
                hint="ids must be unique",
            )


def _check_version(c: Collector, main: Loaded, agreement: Agreement) -> None:
    """The current version is declared, and the text still has the hash declared for it."""
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
    declared = versions[agreement.version].text_sha256
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


def _check_bodies_named(
    c: Collector, main: Loaded, agreement: Agreement, principles: list[tuple[Loaded, Principle]]
) -> None:
    """Every undertaking carried by a body names a declared body."""
    body_ids = {b.id for b in agreement.bodies}
    declared = ", ".join(sorted(body_ids)) or "none"
    for i, u in enumerate(agreement.actions):
        if u.body and u.body not in body_ids:
            c.add_at(
                main,
                ["actions", "items", i, "body"],
                f"unknown body {u.body!r}",
                agreement=agreement.id,
                hint=f"declared bodies: {declared}",
            )
    for loaded, p in principles:
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


def _check_members(c: Collector, loaded: Loaded, bm: BodyMembers, agreement: Agreement) -> None:
    """A body's member file names a declared body, its seats, and terms that end after they start."""
    aid = agreement.id
    body = agreement.body(bm.id)
    if body is None:
        declared = ", ".join(sorted(b.id for b in agreement.bodies)) or "none"
        c.add_at(
            loaded,
            ["id"],
            f"no body {bm.id!r} is declared in agreement.yaml",
            agreement=aid,
            hint=f"declared bodies: {declared}",
        )
        return
    seat_ids = {s.id for s in body.seats}
    for i, member in enumerate(bm.members):
        if member.seat not in seat_ids:
            c.add_at(
                loaded,
                ["members", i, "seat"],
                f"unknown seat {member.seat!r} in body {body.id!r}",
                agreement=aid,
                hint=f"seats: {', '.join(sorted(seat_ids))}",
            )
        if member.end and member.end < member.start:
            c.add_at(
                loaded,
                ["members", i, "until"],
                "the membership ends before it starts",
                agreement=aid,
                hint="check the dates",
            )


def check_signatory_references(
    c: Collector, loaded: Loaded, s: Signatory, agreement: Agreement
) -> None:
    """The versions and report kinds a signatory file names exist in its agreement."""
    aid = agreement.id
    versions = {r.version: r for r in agreement.revisions}
    kinds = {r.kind for r in agreement.terms.reports}
    for i, m in enumerate(s.memberships):
        rev = versions.get(m.signed.version)
        if rev is None:
            c.add_at(
                loaded,
                ["memberships", i, "signed", "version"],
                f"version {m.signed.version!r} is not a version of the agreement",
                agreement=aid,
                hint=f"versions: {', '.join(versions)}",
            )
        elif m.signed.text_sha256 and m.signed.text_sha256 != rev.text_sha256:
            c.add_at(
                loaded,
                ["memberships", i, "signed", "text_sha256"],
                f"the recorded text hash is not that of version {rev.version}",
                agreement=aid,
                hint=f"version {rev.version} has text_sha256 {rev.text_sha256}",
            )
        for j, conf in enumerate(m.confirmations):
            if conf.version not in versions:
                c.add_at(
                    loaded,
                    ["memberships", i, "confirmations", j, "version"],
                    f"version {conf.version!r} is not a version of the agreement",
                    agreement=aid,
                    hint=f"versions: {', '.join(versions)}",
                )
    for i, r in enumerate(s.reports):
        if r.kind not in kinds:
            c.add_at(
                loaded,
                ["reports", i, "kind"],
                f"report kind {r.kind!r} is not one the agreement asks for",
                agreement=aid,
                hint=f"kinds: {', '.join(sorted(kinds)) or 'none declared'}",
            )
