"""What a rendered agreement shows, worked out from the model.

Pure data, no Jinja: :func:`build_document` turns an :class:`~overens.model.agreement.Agreement` and the
day asked for into a :class:`Document` that the templates lay out. Everything a template would
otherwise compute (which signatories are in force, who carries an undertaking, which terms
exist, which party block gets which signer) is decided here, once for every format and
language; the sentences themselves are phrased by the templates through the message catalogues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from overens.model.agreement import Agreement, Section, Undertaking
from overens.model.governance import Body, Seat
from overens.model.signatory import Person
from overens.model.summary import BY_NAME, SignatoryRow, Summary, collation_key, summarise
from overens.model.terms import Terms

EMPTY_ROWS_WITHOUT_SIGNATORIES = 5
"""Empty rows in a ``rows`` signature block when nobody has signed yet."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What to render, beyond the agreement and the format."""

    lang: str | None = None
    """The language of the labels; the agreement's language when None."""
    as_of: dt.date | None = None
    """The day the signatories are listed for; see :func:`default_as_of` when None."""
    signing_sheet: bool = False
    rows: int = 20
    """Empty rows on the signing sheet."""
    include_contacts: bool = False
    """Show contact persons' e-mail and phone (personal data; left out by default)."""
    today: dt.date | None = None
    """The day that counts as today for the default ``as_of`` (tests pass a fixed day)."""


# ----------------------------------------------------------------------------- the view


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement that the templates phrase in plain words (``_sentences.jinja``)."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TermsPart:
    """One part of the terms (joining, withdrawal, ...): plain-word facts and the agreement's wording."""

    key: str
    facts: tuple[Fact, ...]
    text: str | None


@dataclass(frozen=True, slots=True)
class Group:
    """Undertakings carried by the same party, in the order the agreement gives them."""

    by: str | None
    body: str | None
    """The body's name when ``by`` is ``body``."""
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PrincipleView:
    """A principle with its undertakings grouped by who carries them."""

    number: int
    title: str
    text: str | None
    actions: tuple[Group, ...]
    responsibilities: tuple[Group, ...]
    commitments: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class BodyView:
    """A governance body and its make-up."""

    name: str
    purpose: str | None
    appointment: str | None
    parity: bool
    ordinary: tuple[Seat, ...]
    """Seats of ordinary members."""
    co_opted: tuple[Seat, ...]
    """Co-opted seats (adjungerade): they take part without being ordinary members."""
    ordinary_seats: int | None
    """Ordinary (not co-opted) seats in total, when every count is a plain number."""
    co_opted_seats: int | None


@dataclass(frozen=True, slots=True)
class PartyBlock:
    """One party's place in a ``parties`` signature block."""

    name: str
    represented_by: str | None
    signer: Person | None


@dataclass(frozen=True, slots=True)
class SignatureView:
    """The signature block in the agreement's own layout."""

    layout: str
    heading: str | None
    intro: str | None
    columns: tuple[str, ...]
    """The columns the agreement gives (the templates supply the default labels when empty)."""
    clarification_column: int | None
    """The column that takes the signer's name (Namnförtydligande)."""
    rows: tuple[SignatoryRow, ...]
    empty_rows: int
    parties: tuple[PartyBlock, ...]
    date_per_party: bool
    copies: int | None
    copies_text: str | None


@dataclass(frozen=True, slots=True)
class Document:
    """Everything a template needs about one agreement on one day."""

    agreement: Agreement
    lang: str
    as_of: dt.date | None
    """The day the lists are for, as printed; None when nothing has happened yet."""
    parties: tuple[str, ...]
    adoption: Fact | None
    sections_before: tuple[Section, ...]
    sections_after: tuple[Section, ...]
    principles: tuple[PrincipleView, ...]
    actions: tuple[Group, ...]
    public_party: str | None
    bodies: tuple[BodyView, ...]
    terms: tuple[TermsPart, ...]
    signature: SignatureView
    in_force: tuple[SignatoryRow, ...]
    withdrawn: tuple[SignatoryRow, ...]
    include_contacts: bool
    rows: int
    """Empty rows on the signing sheet."""

    @property
    def contacts(self) -> tuple[SignatoryRow, ...]:
        return tuple(r for r in self.in_force if r.contact is not None)


def default_as_of(
    agreement: Agreement, today: dt.date, signatories: Sequence[Summary] | None = None
) -> dt.date | None:
    """The latest recorded signing, confirmation or withdrawal on or before ``today``.

    The lists are the same on that day as today, and the document changes only when the record
    does, so a rendered copy kept in git stays up to date without a daily commit
    (docs/decisions/0302-default-as-of.md). None when nothing has happened yet. ``signatories``
    are the agreement's, when the caller has them already.
    """
    if signatories is None:
        signatories = summarise(agreement)
    past = [d for s in signatories for d in s.events if d <= today]
    return max(past) if past else None


def _groups(agreement: Agreement, items: Sequence[Undertaking]) -> tuple[Group, ...]:
    order: list[tuple[str | None, str | None]] = []
    texts: dict[tuple[str | None, str | None], list[str]] = {}
    for u in items:
        key = (u.by, u.body if u.by == "body" else None)
        if key not in texts:
            order.append(key)
            texts[key] = []
        texts[key].append(u.text)
    groups = []
    for by, body_id in order:
        body = agreement.body(body_id) if body_id else None
        groups.append(Group(by, body.name if body else body_id, tuple(texts[(by, body_id)])))
    return tuple(groups)


def _body(body: Body) -> BodyView:
    plain = all(s.count is not None and s.per is None for s in body.seats)
    ordinary = sum(s.count or 0 for s in body.seats if not s.co_opted) if plain else None
    co_opted = sum(s.count or 0 for s in body.seats if s.co_opted) if plain else None
    return BodyView(
        body.name,
        body.purpose,
        body.appointment,
        body.parity,
        tuple(s for s in body.seats if not s.co_opted),
        tuple(s for s in body.seats if s.co_opted),
        ordinary,
        co_opted,
    )


def _terms(t: Terms) -> tuple[TermsPart, ...]:
    """The terms as parts of facts (phrased by the templates) and the agreement's own wording."""
    parts = [
        ("contact", [Fact("contact.required") if t.contact_required else None], t.contact_text),
        ("joining", _joining_facts(t), t.joining_text),
        ("withdrawal", _withdrawal_facts(t), t.withdrawal_text),
        (
            "renegotiation",
            [Fact("renegotiation.written") if t.renegotiation_written else None],
            t.renegotiation_text,
        ),
        ("follow_up", _follow_up_facts(t), t.follow_up_text),
        ("validity", _validity_facts(t), t.validity_text),
    ]
    kept = []
    for key, facts, text in parts:
        stated = tuple(f for f in facts if f is not None)
        if stated or text:
            kept.append(TermsPart(key, stated, text))
    return tuple(kept)


def _joining_facts(t: Terms) -> list[Fact | None]:
    if not (
        t.joining_text
        or t.application_required
        or t.approval_by
        or t.democratic_values
        or t.published
    ):
        return []
    return [
        Fact("joining.open_to", {"sectors": t.open_to}),
        Fact("joining.application") if t.application_required else None,
        Fact("joining.approval", {"by": t.approval_by}) if t.approval_by else None,
        Fact("joining.democratic_values") if t.democratic_values else None,
        Fact("joining.published") if t.published else None,
    ]


def _withdrawal_facts(t: Terms) -> list[Fact | None]:
    notice: Fact | None
    if t.written_notice:
        notice = Fact("withdrawal.written", {"notify": t.notify})
    else:
        notice = Fact("withdrawal.notify", {"notify": t.notify}) if t.notify else None
    period = (
        Fact("withdrawal.notice_period", {"days": t.notice_period_days})
        if t.notice_period_days is not None
        else None
    )
    return [notice, period]


def _follow_up_facts(t: Terms) -> list[Fact | None]:
    forum: Fact | None
    if t.follow_up_frequency == "annual":
        forum = Fact("follow_up.annual", {"forum": t.follow_up_forum})
    else:
        forum = Fact("follow_up.forum", {"forum": t.follow_up_forum}) if t.follow_up_forum else None
    return [
        forum,
        *(Fact("follow_up.report", {"title": r.title, "due": r.due}) for r in t.reports),
        Fact("follow_up.revision_proposals", {"where": t.revision_proposals})
        if t.revision_proposals
        else None,
    ]


def _validity_facts(t: Terms) -> list[Fact | None]:
    facts: list[Fact | None] = []
    if t.valid_from and t.valid_until:
        facts.append(Fact("validity.between", {"start": t.valid_from, "end": t.valid_until}))
    elif t.valid_from:
        facts.append(Fact("validity.from", {"start": t.valid_from}))
    elif t.valid_until:
        facts.append(Fact("validity.until", {"end": t.valid_until}))
    if t.indefinite:
        facts.append(Fact("validity.indefinite"))
    if t.period_years:
        facts.append(Fact("validity.period_years", {"years": t.period_years}))
    if t.review_interval_years:
        facts.append(Fact("validity.review", {"years": t.review_interval_years}))
    return facts


_CLARIFICATION = {"namnförtydligande", "name in print", "name in block letters", "printed name"}


def _signature(
    agreement: Agreement, signatories: Sequence[Summary], in_force: tuple[SignatoryRow, ...]
) -> SignatureView:
    block = agreement.signature_block
    columns = block.columns
    if columns:
        found = [i for i, c in enumerate(columns) if c.casefold() in _CLARIFICATION]
        clarification = found[0] if found else None
    else:
        clarification = 2  # the default columns: Organisation, Signatur, Namnförtydligande
    by_name = {s.plain: s for s in signatories}
    parties = []
    for p in agreement.parties:
        match = by_name.get(collation_key(p.name)[0])
        if match is None and p.represented_by:
            match = by_name.get(collation_key(p.represented_by)[0])
        parties.append(PartyBlock(p.name, p.represented_by, match.signer if match else None))
    return SignatureView(
        layout=block.layout,
        heading=block.heading,
        intro=block.intro,
        columns=columns,
        clarification_column=clarification,
        rows=in_force,
        empty_rows=0 if in_force else EMPTY_ROWS_WITHOUT_SIGNATORIES,
        parties=tuple(parties),
        date_per_party=block.date_per_party,
        copies=block.copies,
        copies_text=block.copies_text,
    )


def build_document(
    agreement: Agreement, options: RenderOptions, signatories: Sequence[Summary] | None = None
) -> Document:
    """Work out what the document shows on the day ``options`` names.

    ``signatories`` are the agreement's as :class:`Summary` (from :mod:`overens.store.signatory_index`); when
    None they are taken from ``agreement.signatories``.
    """
    if signatories is None:
        signatories = summarise(agreement)
    lang = options.lang or agreement.language
    as_of = options.as_of or default_as_of(agreement, options.today or dt.date.today(), signatories)
    day = as_of or options.today or dt.date.today()
    # By name as a Swedish reader expects (collation_key), then by id.
    rows = [s.row(day) for s in sorted(signatories, key=BY_NAME)]
    in_force = tuple(r for r in rows if r is not None and r.withdrawn is None)
    withdrawn = tuple(r for r in rows if r is not None and r.withdrawn is not None)
    public = [p.name for p in agreement.parties if p.sector == "offentlig"]
    if agreement.adopted_date or agreement.adopted_by:
        adoption = Fact("adopted", {"by": agreement.adopted_by, "date": agreement.adopted_date})
    else:
        adoption = None
    return Document(
        agreement=agreement,
        lang=lang,
        as_of=as_of,
        parties=tuple(p.name for p in agreement.parties),
        adoption=adoption,
        sections_before=tuple(s for s in agreement.sections if s.placement != "after_principles"),
        sections_after=tuple(s for s in agreement.sections if s.placement == "after_principles"),
        principles=tuple(
            PrincipleView(
                p.number,
                p.title,
                p.text,
                _groups(agreement, p.actions),
                _groups(agreement, p.responsibilities),
                _groups(agreement, p.commitments),
            )
            for p in agreement.principles
        ),
        actions=_groups(agreement, agreement.actions),
        public_party=public[0] if len(public) == 1 else None,
        bodies=tuple(_body(b) for b in agreement.bodies),
        terms=_terms(agreement.terms),
        signature=_signature(agreement, signatories, in_force),
        in_force=in_force,
        withdrawn=withdrawn,
        include_contacts=options.include_contacts,
        rows=options.rows,
    )
