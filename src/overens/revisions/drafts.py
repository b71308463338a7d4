"""``overens new``: a draft agreement, as one commit.

A draft is agreement.yaml with ``status: draft`` and one example principle: every part a
coordinator writes is there, each with a placeholder (``[Skriv …]``) that ``check`` lists as
still missing. A draft has no ``revisions`` (no version is declared, so no text hash) and nobody
can sign it; ``overens adopt`` declares version 1 (docs/decisions/0208-drafts.md).

Every value a person gives (the title, the region) is written through the YAML writer, never
into a text template, so no value can change the file's structure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR, PRINCIPLES_DIR, SLUG
from overens.errors import RefusedError, UsageError
from overens.model.identity import MAX_SLUG_CHARS, slugify
from overens.model.personal_numbers import contains as holds_personal_number
from overens.revisions.text_change import TextChange, message, schema_comment
from overens.store import yaml_write
from overens.store.folders import relative, resolve_root
from overens.vcs.transaction import Delivery, Transaction

EXAMPLE_PRINCIPLE = "01-exempel"
"""The file name of the example principle (principles/01-exempel.yaml)."""

_GUIDE = {
    "id": "# A draft made by `overens new`: write the text in place of each [Skriv …] and [Ange …].\n"
    "# What is still missing:    overens check {id}\n"
    "# Once the text is decided: overens adopt {id} --date YYYY-MM-DD --by BODY\n"
    "# (adopt declares version 1; until then nobody can sign the draft).\n",
    "parties": "# The parties the agreement is between (organisations that join later sign it).\n",
    "sections": "# The prose, in document order; add or remove sections as the text needs.\n",
    "terms": "# The terms: keep each `text` as the agreement words it, and the facts overens checks\n"
    "# (open_to, written_notice, notice_period_days, reports, validity) as the text states them.\n",
}


@dataclass(frozen=True, slots=True)
class NewRequest:
    """A new draft agreement (the options of ``overens new``)."""

    id: str
    title: str
    region: str | None = None
    """The public party's name (a region, or a municipality), where it is known."""
    short_name: str | None = None
    language: str = "sv"


def _text(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        raise UsageError(f"{option} is empty")
    if holds_personal_number(text):
        raise RefusedError(f"{option}: the value holds a personal identity number")
    return text


def _public_party(region: str | None) -> dict[str, Any]:
    if region:
        return {"id": slugify(region), "name": region, "sector": "offentlig", "kind": "region"}
    return {"id": "offentlig-part", "name": "[Ange den offentliga parten]", "sector": "offentlig"}


def _draft(request: NewRequest) -> dict[str, Any]:
    """agreement.yaml of a draft: every part a coordinator writes, each with a placeholder."""
    data: dict[str, Any] = {"id": request.id, "title": _text(request.title, "--title") or ""}
    short = _text(request.short_name, "--short-name")
    if short:
        data["short_name"] = short
    return data | {
        "language": request.language,
        "status": "draft",
        "version": "1",
        "sources": [
            {
                "document": f"{AGREEMENTS_DIR}/{request.id}/{AGREEMENT_FILE}",
                "description": "Utkastet skrivs i detta arkiv.",
            }
        ],
        "parties": [
            _public_party(_text(request.region, "--region")),
            {"id": "ideburen-part", "name": "[Ange den idéburna parten]", "sector": "ideburen"},
        ],
        "sections": [
            {"id": "bakgrund", "title": "Bakgrund", "text": "[Skriv bakgrunden.]"},
            {"id": "syfte", "title": "Syfte", "text": "[Skriv syftet med överenskommelsen.]"},
        ],
        "terms": {
            "contact_person": {"required": True, "text": "[Skriv om kontaktpersoner.]"},
            "joining": {"open_to": ["ideburen"], "text": "[Skriv vem som kan ansluta sig.]"},
            "withdrawal": {
                "written_notice": True,
                "text": "[Skriv hur en organisation lämnar överenskommelsen.]",
            },
            "follow_up": {"frequency": "annual", "text": "[Skriv hur den följs upp.]"},
            "validity": {"text": "[Skriv hur länge överenskommelsen gäller.]"},
        },
        "signature_block": {
            "layout": "rows",
            "heading": "Undertecknande",
            "columns": ["Organisation", "Signatur", "Namnförtydligande"],
        },
    }


EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_PRINCIPLE,
    "number": 1,
    "title": "[Skriv principens rubrik]",
    "text": "[Skriv principens text.]",
    "commitments": [
        {"by": "organisations", "text": "[Skriv vad de idéburna organisationerna gör.]"},
        {"by": "public_party", "text": "[Skriv vad den offentliga parten gör.]"},
    ],
}
"""The example principle (principles/01-exempel.yaml)."""


def draft_files(root: Path, request: NewRequest) -> dict[Path, str]:
    """agreement.yaml and the example principle of a new draft, as text."""
    folder = root / AGREEMENTS_DIR / request.id
    main = yaml_write.dump(_draft(request), schema_comment=schema_comment(root, "agreement", 2))
    principle = yaml_write.dump(EXAMPLE, schema_comment=schema_comment(root, "principle", 3))
    return {
        folder / AGREEMENT_FILE: _guided(main, request.id),
        folder / PRINCIPLES_DIR / f"{EXAMPLE_PRINCIPLE}.yaml": principle,
    }


def without_guide(text: str, agreement_id: str) -> str:
    """``text`` without the comment ``new`` put above ``id`` (it speaks of the draft), where the
    file still has it word for word."""
    guide = _GUIDE["id"].format(id=agreement_id)
    return text.replace(guide, "", 1)


def _guided(text: str, agreement_id: str) -> str:
    """The dumped agreement with a comment above some top-level keys (after the dump, so that
    no value is ever written by hand)."""
    out = []
    for line in text.splitlines(keepends=True):
        key = line.split(":", 1)[0] if re.match(r"[a-z_]+:", line) else None
        if key in _GUIDE:
            out.append(_GUIDE[key].format(id=agreement_id))
        out.append(line)
    return "".join(out)


def new(
    request: NewRequest, *, repo: Path | None = None, delivery: Delivery | None = None
) -> TextChange:
    """Write a draft agreement (agreement.yaml and one example principle) and commit it.

    Refuses an id that is not a slug, an agreement that exists already, and an empty title.
    """
    delivery = delivery or Delivery()
    root = resolve_root(repo).resolve()
    if not SLUG.fullmatch(request.id) or len(request.id) > MAX_SLUG_CHARS:
        raise UsageError(
            f"{request.id!r} is not an agreement id: use lower-case letters a-z, digits and single "
            "hyphens (it becomes the folder name)",
            hint=f"for example {slugify(request.id) or 'exempelland-2026'}",
        )
    folder = root / AGREEMENTS_DIR / request.id
    if folder.exists() or folder.is_symlink():
        raise RefusedError(
            f"{relative(root, folder)} exists already",
            hint="choose another id, or change the agreement that is there",
        )
    if request.language not in ("sv", "en"):
        raise UsageError(f"--language {request.language!r}: use sv or en")
    files = draft_files(root, request)
    transaction = Transaction(root, delivery)
    with transaction.locked():
        text = message(
            f"new({request.id}): a draft agreement",
            [f"Title: {request.title}"],
            ["Status: draft"],
        )
        commit, branch = transaction.deliver(
            {path: body.encode("utf-8") for path, body in files.items()}, text
        )
    rels = tuple(relative(root, p) for p in files)
    return TextChange(
        action="new",
        agreement=request.id,
        version="1",
        path=rels[0],
        text=next(iter(files.values())),
        message=text,
        files=rels,
        commit=commit,
        branch=branch,
        dry_run=delivery.dry_run,
        recovered=transaction.recovery_note,
    )
