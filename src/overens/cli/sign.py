"""`overens sign`: an organisation joins an agreement, as one git commit."""

from __future__ import annotations

from typing import Annotated

import typer

from overens.cli import changes as change
from overens.cli.shared import RepoOption, handle_errors

_Opt = typer.Option


@handle_errors
def sign(
    agreement: change.AgreementArgument,
    name: Annotated[str | None, _Opt("--name", help="The organisation's name.")] = None,
    org_number: Annotated[
        str | None, _Opt("--org-number", help="Its organisationsnummer, NNNNNN-NNNN.")
    ] = None,
    sector: Annotated[str | None, _Opt("--sector", help="ideburen or offentlig.")] = None,
    legal_form: Annotated[
        str | None, _Opt("--legal-form", help="e.g. ideell förening, stiftelse.")
    ] = None,
    municipality: Annotated[
        str | None, _Opt("--municipality", help="Where it has its seat.")
    ] = None,
    website: Annotated[str | None, _Opt("--website", help="Its website, https://…")] = None,
    signed_by: Annotated[
        str | None, _Opt("--signed-by", help="The authorised signer (firmatecknare).")
    ] = None,
    signed_by_title: Annotated[
        str | None, _Opt("--signed-by-title", help="The signer's title.")
    ] = None,
    contact_name: Annotated[str | None, _Opt("--contact-name", help="The contact person.")] = None,
    contact_email: Annotated[
        str | None, _Opt("--contact-email", help="The contact person's e-mail.")
    ] = None,
    contact_phone: Annotated[
        str | None, _Opt("--contact-phone", help="The contact person's telephone.")
    ] = None,
    date: Annotated[
        str | None, _Opt("--date", metavar="YYYY-MM-DD", help="The signing date [default: today].")
    ] = None,
    version: Annotated[
        str | None,
        _Opt("--version", help="The agreement version signed [default: the current version]."),
    ] = None,
    evidence: change.EvidenceOption = None,
    store_evidence: change.StoreEvidenceOption = False,
    reference: change.ReferenceOption = None,
    applied: Annotated[
        str | None,
        _Opt("--applied", metavar="YYYY-MM-DD", help="When the application was received."),
    ] = None,
    approved: Annotated[
        str | None, _Opt("--approved", metavar="YYYY-MM-DD", help="When joining was approved.")
    ] = None,
    approved_by: Annotated[
        str | None,
        _Opt("--approved-by", help="Who approved it [default: the body the agreement names]."),
    ] = None,
    democratic_values: Annotated[
        bool | None,
        _Opt(
            "--democratic-values/--no-democratic-values",
            help="The organisation attests that it supports democratic values.",
            show_default=False,
        ),
    ] = None,
    slug: Annotated[
        str | None,
        _Opt(
            "--slug",
            help="The file name to use instead of one made from the name (to avoid a collision).",
        ),
    ] = None,
    no_commit: change.NoCommitOption = False,
    branch: change.BranchOption = None,
    dry_run: change.DryRunOption = False,
    json_output: change.JsonOption = False,
    repo: RepoOption = None,
) -> None:
    """Record that an organisation signed AGREEMENT, and commit it.

    Writes agreements/AGREEMENT/signatories/<slug>.yaml with the signed version's text hash and
    commits only that file. In a terminal, missing required values are asked for; otherwise every
    missing option is listed. Refused, with nothing written, when the organisation is already a
    signatory or any value or date does not fit the agreement.
    """
    from overens.membership.inputs import check_value
    from overens.membership.requirements import requirements
    from overens.membership.sign import SignRequest
    from overens.membership.sign import sign as sign_organisation
    from overens.model.dates import parse_date

    dates = {"date": date, "applied": applied, "approved": approved}
    values: dict[str, object] = {
        "name": name,
        "org_number": org_number,
        "sector": sector,
        "legal_form": legal_form,
        "municipality": municipality,
        "website": website,
        "signed_by": signed_by,
        "signed_by_title": signed_by_title,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
        "version": version,
        "evidence": evidence,
        "store_evidence": store_evidence,
        "reference": reference,
        "approved_by": approved_by,
        "democratic_values": democratic_values,
        "slug": slug,
        **{k: parse_date(v, f"--{k}") if v is not None else None for k, v in dates.items()},
    }
    if change.interactive():
        needs = requirements(agreement, repo)
        sectors = needs.terms.open_to
        for need in needs.missing(values):

            def check(raw: str, field: str = need.field, option: str = need.option) -> object:
                if field in dates:
                    return parse_date(raw, option)
                return check_value(field, raw, sectors=sectors)

            if need.field == "democratic_values":
                values[need.field] = typer.confirm(need.prompt, default=None)
            else:
                values[need.field] = change.ask(need.prompt, check)
    done = sign_organisation(
        SignRequest(agreement=agreement, **values),  # type: ignore[arg-type]
        repo=repo,
        delivery=change.delivery(no_commit=no_commit, branch=branch, dry_run=dry_run),
    )
    change.print_change(done, as_json=json_output)
