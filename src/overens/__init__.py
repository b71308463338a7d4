"""overens: collaboration agreements (överenskommelser) kept as validated YAML in git.

The library is what the command line calls; every command is one of these functions::

    import overens

    repo = overens.load_repository("path/to/repo")
    for agreement in repo.agreements:
        print(agreement.title, len(agreement.principles))

    result = overens.check("path/to/repo", as_of=datetime.date(2025, 6, 1))
    for finding in result.findings:
        print(finding.location, finding.message)

    change = overens.sign(overens.SignRequest(agreement="demo", name="Föreningen Exempel", ...),
                          repo="path/to/repo")

Names are imported on first use, so that ``import overens`` (and so ``overens --help``) does not
pay for jsonschema, PyYAML or Jinja2. Every function takes plain typed arguments, returns a value
and never prints; a refusal is an :class:`OverensError` whose ``str()`` is a sentence for the
user and whose ``hint`` says how to fix it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from overens._version import __version__

if TYPE_CHECKING:
    from overens.checks.cached import check
    from overens.checks.due import Due, DueItem, due
    from overens.checks.engine import CheckResult
    from overens.checks.validate import ValidationResult, validate
    from overens.documents.followup.report import FollowUpReport, followup
    from overens.documents.options import Format, RenderOptions
    from overens.documents.outputs import Outcome, render
    from overens.documents.site.build import SiteOptions, SiteResult, build_site
    from overens.errors import OverensError
    from overens.membership.change import Change
    from overens.membership.confirm import ConfirmRequest, confirm
    from overens.membership.erase import EraseRequest, Erasure, erase
    from overens.membership.export import Export, export
    from overens.membership.register import Roster, list_signatories
    from overens.membership.report import ReportRequest, report
    from overens.membership.sign import SignRequest, sign
    from overens.membership.withdraw import WithdrawRequest, withdraw
    from overens.model.agreement import Agreement
    from overens.model.dates import PartialDate
    from overens.model.findings import Finding, Findings, Severity
    from overens.model.repository import Repository
    from overens.model.signatory import Signatory
    from overens.model.status import Status
    from overens.revisions.adopt import AdoptRequest, adopt
    from overens.revisions.drafts import NewRequest, new
    from overens.revisions.revise import ReviseRequest, revise
    from overens.revisions.text_change import TextChange
    from overens.store.loader import load, load_repository
    from overens.vcs.transaction import Delivery

_HOMES = {
    "load_repository": "overens.store.loader",
    "load": "overens.store.loader",
    "Repository": "overens.model.repository",
    "Agreement": "overens.model.agreement",
    "Signatory": "overens.model.signatory",
    "Status": "overens.model.status",
    "PartialDate": "overens.model.dates",
    "validate": "overens.checks.validate",
    "ValidationResult": "overens.checks.validate",
    "check": "overens.checks.cached",
    "CheckResult": "overens.checks.engine",
    "Finding": "overens.model.findings",
    "Findings": "overens.model.findings",
    "Severity": "overens.model.findings",
    "sign": "overens.membership.sign",
    "SignRequest": "overens.membership.sign",
    "withdraw": "overens.membership.withdraw",
    "WithdrawRequest": "overens.membership.withdraw",
    "confirm": "overens.membership.confirm",
    "ConfirmRequest": "overens.membership.confirm",
    "erase": "overens.membership.erase",
    "EraseRequest": "overens.membership.erase",
    "Erasure": "overens.membership.erase",
    "list_signatories": "overens.membership.register",
    "Roster": "overens.membership.register",
    "Change": "overens.membership.change",
    "report": "overens.membership.report",
    "ReportRequest": "overens.membership.report",
    "export": "overens.membership.export",
    "Export": "overens.membership.export",
    "new": "overens.revisions.drafts",
    "NewRequest": "overens.revisions.drafts",
    "adopt": "overens.revisions.adopt",
    "AdoptRequest": "overens.revisions.adopt",
    "revise": "overens.revisions.revise",
    "ReviseRequest": "overens.revisions.revise",
    "TextChange": "overens.revisions.text_change",
    "due": "overens.checks.due",
    "Due": "overens.checks.due",
    "DueItem": "overens.checks.due",
    "Delivery": "overens.vcs.transaction",
    "render": "overens.documents.outputs",
    "Outcome": "overens.documents.outputs",
    "RenderOptions": "overens.documents.options",
    "Format": "overens.documents.options",
    "followup": "overens.documents.followup.report",
    "FollowUpReport": "overens.documents.followup.report",
    "build_site": "overens.documents.site.build",
    "SiteOptions": "overens.documents.site.build",
    "SiteResult": "overens.documents.site.build",
    "OverensError": "overens.errors",
}

__all__ = [
    "__version__",
    "load_repository",
    "load",
    "Repository",
    "Agreement",
    "Signatory",
    "Status",
    "PartialDate",
    "validate",
    "ValidationResult",
    "check",
    "CheckResult",
    "Finding",
    "Findings",
    "Severity",
    "sign",
    "SignRequest",
    "withdraw",
    "WithdrawRequest",
    "confirm",
    "ConfirmRequest",
    "erase",
    "EraseRequest",
    "Erasure",
    "list_signatories",
    "Roster",
    "Change",
    "report",
    "ReportRequest",
    "export",
    "Export",
    "new",
    "NewRequest",
    "adopt",
    "AdoptRequest",
    "revise",
    "ReviseRequest",
    "TextChange",
    "due",
    "Due",
    "DueItem",
    "Delivery",
    "render",
    "Outcome",
    "RenderOptions",
    "Format",
    "followup",
    "FollowUpReport",
    "build_site",
    "SiteOptions",
    "SiteResult",
    "OverensError",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'overens' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # found once; later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
