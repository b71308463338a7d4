"""One signatory file checked against its agreement, as the loader and the signatory index both
check it: its membership periods follow one another, and the versions, report kinds, joining
channel and criteria and the predecessor it names exist (a text hash only for a version whose text
is recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from overens.model.agreement import Agreement
from overens.model.dates import PartialDate
from overens.model.signatory import Signatory
from overens.store.collector import Collector, Loaded

JsonPath = list[str | int]


def _before(a: PartialDate, b: PartialDate) -> bool:
    """``a`` is certainly before ``b`` (a contradiction that a vaguer date could not explain)."""
    return a.last < b.first


def check_periods(c: Collector, loaded: Loaded, s: Signatory, agreement_id: str) -> None:
    """Periods follow one another, and each withdrawal follows its notice and its signing. Only
    certain contradictions are reported: a date known to the year may be any day in it."""
    previous_end: PartialDate | None = None
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
        if start and previous_end and _before(start, previous_end):
            c.add_at(
                loaded,
                ["memberships", i, "signed", "date"],
                "this period starts before the previous one ended",
                agreement=agreement_id,
                hint="periods must follow one another in time",
            )
        if m.withdrawal:
            w = m.withdrawal
            if _before(w.effective, w.notice_date):
                c.add_at(
                    loaded,
                    ["memberships", i, "withdrawal", "effective"],
                    "the withdrawal takes effect before the notice was received",
                    agreement=agreement_id,
                    hint="effective must be on or after notice_date",
                )
            if start and _before(w.notice_date, start):
                c.add_at(
                    loaded,
                    ["memberships", i, "withdrawal", "notice_date"],
                    "the notice was received before the organisation signed",
                    agreement=agreement_id,
                    hint="check the dates",
                )
            previous_end = w.effective


def check_signatory_references(
    c: Collector, loaded: Loaded, s: Signatory, agreement: Agreement
) -> None:
    """The versions, report kinds, channels, criteria and predecessor a signatory file names
    exist in its agreement, and a text hash is recorded only for a version whose text is."""
    aid = agreement.id
    kinds = {r.kind for r in agreement.terms.reports}
    for i, m in enumerate(s.memberships):
        _check_version_named(c, loaded, agreement, ["memberships", i, "signed"], m.signed)
        for j, conf in enumerate(m.confirmations):
            _check_version_named(c, loaded, agreement, ["memberships", i, "confirmations", j], conf)
        _check_joining_named(c, loaded, agreement, i, m.channel, [a.id for a in m.criteria])
        carried = m.carried_over_from
        predecessor = agreement.succession.predecessor
        if carried and (
            predecessor is None or predecessor.agreement != carried or not predecessor.carry_over
        ):
            c.add_at(
                loaded,
                ["memberships", i, "signed", "carried_over_from"],
                f"{s.name} is recorded as carried over from {carried}, but agreement.yaml does not "
                f"name {carried} as the predecessor whose signatories carry over",
                agreement=aid,
                hint="record succession.predecessor with `carry_over: {signatories: true}` as the text "
                "says, or record the signing itself",
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


def _check_version_named(
    c: Collector, loaded: Loaded, agreement: Agreement, where: JsonPath, event: Any
) -> None:
    """A signing or a confirmation names a version, and its text hash is that version's."""
    rev = agreement.revision(event.version)
    if rev is None:
        c.add_at(
            loaded,
            [*where, "version"],
            f"version {event.version!r} is not a version of the agreement",
            agreement=agreement.id,
            hint=f"versions: {', '.join(r.version for r in agreement.revisions)}",
        )
    elif event.text_sha256 and not rev.text_recorded:
        c.add_at(
            loaded,
            [*where, "text_sha256"],
            f"version {rev.version}'s text is not recorded, so no text hash can be recorded for it",
            agreement=agreement.id,
            hint="remove text_sha256",
        )
    elif event.text_sha256 and event.text_sha256 != rev.text_sha256:
        c.add_at(
            loaded,
            [*where, "text_sha256"],
            f"the recorded text hash is not that of version {rev.version}",
            agreement=agreement.id,
            hint=f"version {rev.version} has text_sha256 {rev.text_sha256}",
        )


def _check_joining_named(
    c: Collector,
    loaded: Loaded,
    agreement: Agreement,
    i: int,
    channel: str | None,
    criteria: Sequence[str],
) -> None:
    terms = agreement.terms
    channels = {x.id for x in terms.channels}
    if channel is not None and channel not in channels:
        c.add_at(
            loaded,
            ["memberships", i, "channel"],
            f"unknown joining channel {channel!r}",
            agreement=agreement.id,
            hint=f"channels in terms.joining.channels: {', '.join(sorted(channels)) or 'none'}",
        )
    known = {x.id for x in terms.criteria}
    for j, criterion in enumerate(criteria):
        if criterion not in known:
            c.add_at(
                loaded,
                ["memberships", i, "criteria", j, "id"],
                f"unknown joining criterion {criterion!r}",
                agreement=agreement.id,
                hint=f"criteria in terms.joining.criteria: {', '.join(sorted(known)) or 'none'}",
            )
