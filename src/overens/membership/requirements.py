"""What an agreement asks of a change to its signatories: the values ``sign`` needs (for the
CLI's prompts), and the agreement itself, loaded and checked before anyone signs or withdraws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overens.constants import AGREEMENT_FILE, AGREEMENTS_DIR
from overens.errors import RefusedError
from overens.model.agreement import Agreement
from overens.model.findings import Severity
from overens.model.terms import Terms
from overens.store import safe_yaml, schemas
from overens.store.folders import agreement_folder, resolve_root
from overens.store.loader import load_agreement_text


@dataclass(frozen=True, slots=True)
class Requirement:
    """One value sign needs: the request field, its option and a prompt."""

    field: str
    option: str
    prompt: str


@dataclass(frozen=True, slots=True)
class Requirements:
    """What an agreement requires of ``sign`` (from its terms), for the CLI's prompts."""

    agreement: str
    terms: Terms
    sign: tuple[Requirement, ...] = field(default=())

    def missing(self, values: Mapping[str, Any]) -> list[Requirement]:
        # An organisation carried over from a predecessor did not sign: nobody signed for it.
        carried = values.get("carried_over_from")
        return [
            r
            for r in self.sign
            if values.get(r.field) in (None, "") and not (carried and r.field == "signed_by")
        ]


def requirements(agreement_id: str, repo: Path | None = None) -> Requirements:
    """What ``sign`` needs for this agreement, read from its agreement.yaml alone (for prompts)."""
    root = resolve_root(repo).resolve()
    folder = agreement_folder(root, agreement_id)
    data = safe_yaml.load(folder / AGREEMENT_FILE)
    if not isinstance(data, dict) or not schemas.is_valid("agreement", data):
        open_agreement(root, agreement_id)  # raises, naming the first error and its line
        raise RefusedError(
            f"{AGREEMENTS_DIR}/{agreement_id}/{AGREEMENT_FILE} has errors",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix them first",
        )
    if data.get("status") == "draft":
        open_agreement(root, agreement_id)  # raises: nobody signs a draft
    terms = Terms.build(data.get("terms"))
    needs = [
        Requirement("name", "--name", "Organisation name"),
        Requirement("org_number", "--org-number", "Organisation number (NNNNNN-NNNN)"),
        Requirement("sector", "--sector", f"Sector ({', '.join(terms.open_to)})"),
        Requirement("signed_by", "--signed-by", "Signed by (the authorised signer, firmatecknare)"),
    ]
    if terms.contact_required:
        needs += [
            Requirement("contact_name", "--contact-name", "Contact person's name"),
            Requirement("contact_email", "--contact-email", "Contact person's e-mail"),
        ]
    if terms.application_required or terms.approval_required:
        needs.append(Requirement("applied", "--applied", "Application received (YYYY-MM-DD)"))
    if terms.approval_required:
        # --approved-by defaults to the body the agreement names, so it is never missing.
        needs.append(
            Requirement(
                "approved", "--approved", f"Approved by {terms.approval_by} on (YYYY-MM-DD)"
            )
        )
    if terms.democratic_values:
        needs.append(
            Requirement(
                "democratic_values",
                "--democratic-values",
                "Does the organisation attest that it supports democratic values?",
            )
        )
    return Requirements(agreement_id, terms, tuple(needs))


def open_agreement(root: Path, agreement_id: str) -> Agreement:
    """Load one agreement's text and terms (never the whole repository, nor its signatories);
    refuse when they have errors or the text no longer matches its declared version."""
    agreement_folder(root, agreement_id)
    agreement, findings = load_agreement_text(root, agreement_id)
    errors = [f for f in findings.sorted() if f.severity is Severity.ERROR]
    if errors or agreement is None:
        raise RefusedError(
            f"the agreement {agreement_id} has {len(errors)} error(s) to fix before anyone signs "
            "or "
            f"withdraws; the first: {errors[0].location}: {errors[0].message}"
            if errors
            else f"the agreement {agreement_id} could not be loaded",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}` and fix what it reports",
        )
    if agreement.draft:
        raise RefusedError(
            f"the agreement {agreement_id} is a draft: it has not been adopted, so there is no "
            "version to sign, confirm or withdraw from yet",
            hint=f"when the text is decided, run `overens adopt {agreement_id} --date YYYY-MM-DD "
            "--by BODY`",
        )
    revision = agreement.revision(agreement.version)
    # A current version whose text is not recorded has no hash to hold the text to (signing it
    # is refused by sign itself; withdrawing from it is not).
    recorded = revision is None or revision.text_recorded
    if revision is None or (recorded and revision.text_sha256 != agreement.text_sha256):
        raise RefusedError(
            f"the text of {agreement.path} and its principles has changed since version "
            f"{agreement.version} was declared, so no one can sign it as it stands",
            hint=f"run `overens validate {AGREEMENTS_DIR}/{agreement_id}`; declare the change as "
            "a new revision",
        )
    return agreement


def adopted(agreement: Agreement) -> dt.date | None:
    """The day the agreement came into force: its adoption, the start of its validity, or its
    earliest revision; None when none is recorded."""
    dates = [d for d in (agreement.adopted_date, agreement.terms.valid_from) if d]
    if not dates:
        dates = [r.date for r in agreement.revisions if r.date]
    # The earliest day it may have been, so that only a certain contradiction is refused.
    return min(d.first for d in dates) if dates else None
