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
from dataclasses import dataclass, replace

from overens.documents.options import RenderOptions
from overens.documents.records import Records, build_records, record_days
from overens.documents.terms import Fact, TermsPart, terms_parts
from overens.model.agreement import Agreement, Section, Undertaking
from overens.model.governance import Body, Seat
from overens.model.signatory import Person
from overens.model.status import register_day
from overens.model.summary import BY_NAME, SignatoryRow, Summary, collation_key, summarise

EMPTY_ROWS_WITHOUT_SIGNATORIES = 5
"""Empty rows in a ``rows`` signature block when nobody has signed yet."""


# ----------------------------------------------------------------------------- the view


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
    excerpt: bool = False
    """Only part of the wording is known (or only the heading, when ``text`` is None)."""


@dataclass(frozen=True, slots=True)
class RoleView:
    """An office in a body and the seats it is held from (by their labels)."""

    title: str
    seats: tuple[str, ...]
    count: int
    text: str | None


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
    roles: tuple[RoleView, ...] = ()
    reports_to: str | None = None


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
    records: Records = Records()
    """What the document shows of the agreement's life on the day (:mod:`overens.documents.records`)."""
    uncertain: tuple[SignatoryRow, ...] = ()
    """Signatories whose status on the day a date known only to the year or month leaves open."""

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
    past += [d for d in record_days(agreement) if d <= today]
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
    labels = {s.id: s.label for s in body.seats}
    return BodyView(
        body.name,
        body.purpose,
        body.appointment,
        body.parity,
        tuple(s for s in body.seats if not s.co_opted),
        tuple(s for s in body.seats if s.co_opted),
        ordinary,
        co_opted,
        tuple(
            RoleView(r.title, tuple(labels.get(x, x) for x in r.seats), r.count, r.text)
            for r in body.roles
        ),
        body.reports_to,
    )


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


def _without_contacts(
    agreement: Agreement, signatories: Sequence[Summary]
) -> tuple[Agreement, Sequence[Summary]]:
    """The agreement and its signatories without contact persons: what no template, a
    repository's own included, may show unless ``include_contacts`` is asked for."""
    people = tuple(replace(s, contact=None) if s.contact else s for s in agreement.signatories)
    listed_ = [s._replace(contact=None) if s.contact else s for s in signatories]
    return replace(agreement, signatories=people), listed_


def listed_rows(
    signatories: Sequence[Summary], on: dt.date
) -> tuple[tuple[SignatoryRow, ...], tuple[SignatoryRow, ...], tuple[SignatoryRow, ...]]:
    """The rows of the signatories in force, withdrawn and uncertain on ``on`` (each
    :meth:`Summary.row`, which makes the usual signatory's without reading its periods), by
    name as a Swedish reader expects (collation_key), then by id: one pass over 10,000."""
    in_force: list[SignatoryRow] = []
    withdrawn: list[SignatoryRow] = []
    unsure: list[SignatoryRow] = []
    for s in sorted(signatories, key=BY_NAME):
        r = s.row(on)
        if r is None:
            continue
        if r.uncertain:
            unsure.append(r)
        elif r.withdrawn is None:
            in_force.append(r)
        else:
            withdrawn.append(r)
    return tuple(in_force), tuple(withdrawn), tuple(unsure)


def _adoption(agreement: Agreement) -> Fact | None:
    a = agreement.adoption
    if a is None or not (a.date or a.by):
        return None
    return Fact(
        "adopted", {"by": a.by, "date": a.date, "reference": a.reference, "paragraph": a.paragraph}
    )


def build_document(
    agreement: Agreement,
    options: RenderOptions,
    signatories: Sequence[Summary] | None = None,
    others: Mapping[str, Agreement] | None = None,
) -> Document:
    """Work out what the document shows on the day ``options`` names.

    ``signatories`` are the agreement's as :class:`Summary` (from :mod:`overens.store.signatory_index`); when
    None they are taken from ``agreement.signatories``. ``others`` are the agreements its
    succession names, by id, where they are in the repository (their titles are shown).
    Once the agreement has ended (its validity, or a successor took over), its signatories are
    listed as they stood on its last day.
    """
    if signatories is None:
        signatories = summarise(agreement)
    if not options.include_contacts:
        agreement, signatories = _without_contacts(agreement, signatories)
    lang = options.lang or agreement.language
    as_of = options.as_of or default_as_of(agreement, options.today or dt.date.today(), signatories)
    day = as_of or options.today or dt.date.today()
    on, ended, _ = register_day(agreement, day)
    in_force, withdrawn, unsure = listed_rows(signatories, on)
    public = [p.name for p in agreement.parties if p.sector == "offentlig"]
    records = build_records(agreement, day, ended, others)
    return Document(
        agreement=agreement,
        lang=lang,
        as_of=as_of,
        parties=tuple(p.name for p, _ in agreement.parties_on(day)),
        adoption=_adoption(agreement),
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
                p.excerpt,
            )
            for p in agreement.principles
        ),
        actions=_groups(agreement, agreement.actions),
        public_party=public[0] if len(public) == 1 else None,
        bodies=tuple(_body(b) for b in agreement.bodies),
        terms=terms_parts(agreement, translated=lang != agreement.language),
        signature=_signature(agreement, signatories, in_force),
        in_force=in_force,
        withdrawn=withdrawn,
        include_contacts=options.include_contacts,
        rows=options.rows,
        records=records,
        uncertain=unsure,
    )
