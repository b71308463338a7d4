"""The agreement's terms as a document shows them: parts (joining, withdrawal, validity, the
review cycles, plans and recurring events, ...), each a list of plain-word facts that the
templates phrase from the catalogues (``_sentences.jinja``), and the agreement's own wording."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from overens.model.agreement import Agreement
from overens.model.terms import Terms


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


# Facts that add to the wording of their part: a day or a number, which the register records
# exactly where the wording may give a year or a period ("2010 – 2014"), and on which the checks
# act; and recorded items of their own, which the wording refers to rather than holds (a
# criterion for joining has its own text; a way to join, its name and address).
_ADDING = frozenset(
    {
        "validity.between",
        "validity.from",
        "validity.until",
        "validity.period_years",
        "validity.review",
        "withdrawal.notice_period",
        "reviews.cycle",
        "joining.criterion",
        "joining.described_criterion",
        "joining.channels",
    }
)
_DUE = ("due", "outcome_due")


def adds_to_wording(fact: Fact) -> bool:
    """True when ``fact`` says what the agreement's wording of its part may not: a day, a number,
    or items recorded in their own right (criteria for joining, the ways to join).

    The other facts are the register's reading of the wording (who may join, to whom notice is
    given, the forum of the follow-up, ...); beside the wording they would say it twice.
    """
    return fact.key in _ADDING or any(fact.args.get(k) for k in _DUE)


def terms_parts(agreement: Agreement, *, translated: bool = False) -> tuple[TermsPart, ...]:
    """The terms as parts of facts (phrased by the templates) and the agreement's own wording.

    Where a part has its wording, the wording is shown and, of the facts, only those that add to
    it (:func:`adds_to_wording`); in a document whose language is not the agreement's
    (``translated``), every fact is kept, as it is the reader's only version in their language
    (docs/decisions/0306-each-thing-said-once.md).
    """
    t = agreement.terms
    parts: list[tuple[str, list[Fact | None], str | None]] = [
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
        (
            "reviews",
            [
                Fact("reviews.cycle", {"parts": r.parts, "years": r.interval_years})
                for r in t.reviews
            ],
            _texts(r.text for r in t.reviews),
        ),
        ("plans", [_plans_fact(t)], t.plans.text),
        (
            "events",
            [Fact("events.annual", {"title": e.title, "due": e.due}) for e in t.events],
            _texts(e.text for e in t.events),
        ),
    ]
    kept = []
    for key, facts, text in parts:
        stated = tuple(
            f for f in facts if f is not None and (translated or not text or adds_to_wording(f))
        )
        if stated or text:
            kept.append(TermsPart(key, stated, text))
    return tuple(kept)


def _texts(texts: Iterable[str | None]) -> str | None:
    """The agreement's wordings of several items, each once, as paragraphs."""
    kept = list(dict.fromkeys(x for x in texts if x))
    return "\n\n".join(kept) if kept else None


def _plans_fact(t: Terms) -> Fact | None:
    p = t.plans
    if not (p.required or p.kind or p.decided_by or p.due or p.outcome_due):
        return None
    return Fact(
        "plans.required" if p.required else "plans.described",
        {"kind": p.kind, "decided_by": p.decided_by, "due": p.due, "outcome_due": p.outcome_due},
    )


def _joining_facts(t: Terms) -> list[Fact | None]:
    if not (
        t.joining_text
        or t.application_required
        or t.approval_by
        or t.democratic_values
        or t.published
        or t.criteria
        or t.channels
    ):
        return []
    return [
        Fact("joining.open_to", {"sectors": t.open_to}),
        Fact("joining.application") if t.application_required else None,
        Fact("joining.approval", {"by": t.approval_by}) if t.approval_by else None,
        Fact("joining.democratic_values") if t.democratic_values else None,
        *(
            Fact(
                "joining.criterion" if c.attested else "joining.described_criterion",
                {"text": c.text, "exceptions": c.exceptions},
            )
            for c in t.criteria
        ),
        Fact("joining.channels", {"channels": [c.label for c in t.channels]})
        if t.channels
        else None,
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
