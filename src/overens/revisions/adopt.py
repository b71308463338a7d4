"""``overens adopt``: a draft's text is decided; version 1 is declared with its text hash and the
decision, as one commit.

The decision is written in the shape every decision has (``adopted``: date, by, reference,
paragraph; the same facts on the first revision), and the text hash is computed from the text
as it then stands, so nobody copies a hash by hand. From then on a change of the text needs a
revision (``overens revise``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.checks.rules.draft import placeholders_in
from overens.checks.rules.text import texts
from overens.errors import RefusedError, UsageError
from overens.model.agreement import Agreement
from overens.revisions.drafts import without_guide
from overens.revisions.text_change import (
    TextChange,
    message,
    open_text,
    patched,
    refuse_future,
    text_files,
    text_sha256,
)
from overens.store.folders import agreement_folder, relative, resolve_root
from overens.vcs.transaction import Delivery, Transaction

SUMMARY = {"sv": "Texten som antagen.", "en": "The text as adopted."}
"""The first revision's summary, in the agreement's language, unless one is given."""


@dataclass(frozen=True, slots=True)
class AdoptRequest:
    """A draft's adoption (the options of ``overens adopt``)."""

    agreement: str
    by: str
    """The deciding assembly: Regionfullmäktige, the annual meeting, …"""
    date: dt.date | None = None
    """The day of the decision; today when None."""
    reference: str | None = None
    """The decision's registry number (diarienummer)."""
    paragraph: str | None = None
    """The paragraph of the minutes (§ 12)."""
    summary: str | None = None


def _clean(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        raise UsageError(f"{option} is empty")
    return text


def _decision(request: AdoptRequest, day: dt.date) -> dict[str, str]:
    decision = {"date": day.isoformat(), "by": _clean(request.by, "--by") or ""}
    for key, option in (("reference", "--reference"), ("paragraph", "--paragraph")):
        value = _clean(getattr(request, key), option)
        if value:
            decision[key] = value
    return decision


def adopted_data(
    data: dict[str, Any], decision: dict[str, str], revision: dict[str, Any]
) -> dict[str, Any]:
    """agreement.yaml's data once adopted: no status, ``adopted`` after ``version``, and the
    first revision in ``revisions`` at the end."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "status":
            continue
        out[key] = value
        if key == "version":
            out["adopted"] = decision
    out["revisions"] = [revision]
    return out


def _first_revision(
    a: Agreement, request: AdoptRequest, decision: dict[str, str]
) -> dict[str, Any]:
    """Version 1 as the decision made it (its hash is added once the text is final)."""
    return {
        "version": a.version,
        "date": decision["date"],
        "kind": "material",
        "summary": _clean(request.summary, "--summary") or SUMMARY.get(a.language, SUMMARY["sv"]),
        "decided_by": decision["by"],
        **{k: decision[k] for k in ("reference", "paragraph") if k in decision},
    }


def _refuse(a: Agreement) -> None:
    """Refuse an agreement that is not a draft, and a text that still holds placeholders."""
    if not a.draft:
        first = a.revisions[0] if a.revisions else None
        raise RefusedError(
            f"{a.id} is not a draft: it was adopted"
            + (f" on {first.date}" if first and first.date else "")
            + f" and its current version is {a.version}",
            hint=f"a change of its text is a revision: `overens revise {a.id} --kind …`",
        )
    left = [
        f"\u201d{found}\u201d in {label} ({path.rsplit('/', 1)[-1]})"
        for path, _, text, label in texts(a)
        for found in placeholders_in(text)
    ]
    if left:
        shown = "".join(f"\n  - {x}" for x in left[:8]) + ("\n  - …" if len(left) > 8 else "")
        raise RefusedError(
            f"the text of {a.id} still holds {len(left)} placeholder(s):{shown}",
            hint=f"write the text in their place; `overens check {a.id}` lists what is missing",
        )


def adopt(
    request: AdoptRequest,
    *,
    repo: Path | None = None,
    delivery: Delivery | None = None,
    today: dt.date | None = None,
) -> TextChange:
    """Declare a draft's text as version 1, adopted by ``request.by`` on ``request.date``, and
    commit it (with every text file changed since the last commit).

    Refuses an agreement that is not a draft, a text with errors or unfilled placeholders, and a
    date in the future.
    """
    today = today or dt.date.today()
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    agreement_folder(root, request.agreement)
    day = request.date or today
    refuse_future("--date", day, today)
    transaction = Transaction(root, delivery)
    with transaction.locked():
        opened = open_text(root, request.agreement)
        a = opened.agreement
        _refuse(a)
        decision = _decision(request, day)
        revision = _first_revision(a, request, decision)
        data = adopted_data(opened.data, decision, revision)
        revision["text_sha256"] = text_sha256(root, a.id, data)
        text, kept = patched(root, opened, data)
        text = without_guide(text, a.id)
        files = {opened.path: text.encode("utf-8"), **text_files(transaction, a.id)}
        msg = message(f"adopt({a.id}): version {a.version}, adopted by {decision['by']}", [], [
            f"Adopted-on: {day}",
            f"Adopted-by: {decision['by']}",
            *(f"{k.capitalize()}: {decision[k]}" for k in ("reference", "paragraph") if k in decision),
            f"Agreement-version: {a.version}",
            f"Text-SHA256: {revision['text_sha256']}",
        ])  # fmt: skip
        commit, branch = transaction.deliver(files, msg)
    return TextChange(
        "adopt",
        a.id,
        a.version,
        relative(root, opened.path),
        text,
        msg,
        tuple(relative(root, p) for p in files),
        revision["text_sha256"],
        commit=commit,
        branch=branch,
        dry_run=delivery.dry_run,
        layout_kept=kept,
        recovered=transaction.recovery_note,
    )
