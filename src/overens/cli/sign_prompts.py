"""`overens sign` in a terminal: the interview that asks for what the options left out.

When a required value is missing, sign asks for it, and then for every other value a signing
records that was not given (each optional one can be left empty with Enter; the date shows
today as its default). When every required value is given as an option, nothing is asked, so a
script in a terminal runs as it does anywhere. A rejoin whose new signer or contact person
leaves a recorded value unsaid asks for that value too (``ask_dependent``).
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from overens.cli import changes as change

if TYPE_CHECKING:
    from overens.errors import MissingValueError

_OPTIONAL = {
    "legal_form": "Legal form (optional; e.g. ideell förening, stiftelse)",
    "municipality": "Municipality where it has its seat (optional)",
    "website": "Website (optional; https://…)",
    "signed_by_title": "The signer's title (optional; e.g. Ordförande)",
    "contact_name": "Contact person's name (optional)",
    "contact_email": "Contact person's e-mail (optional)",
    "contact_phone": "Contact person's telephone (optional)",
}
_ORDER = (
    "name",
    "org_number",
    "sector",
    "legal_form",
    "municipality",
    "website",
    "signed_by",
    "signed_by_title",
    "contact_name",
    "contact_email",
    "contact_phone",
    "date",
    "applied",
    "approved",
    "democratic_values",
)
_DATES = {"date": "--date", "applied": "--applied", "approved": "--approved"}


def _checker(field: str, option: str, sectors: tuple[str, ...], optional: bool) -> Any:
    from overens.membership.inputs import check_value
    from overens.model.dates import parse_date

    def check(raw: str) -> object:
        if optional and not raw.strip():
            return None
        if field in _DATES:
            return parse_date(raw, option)
        return check_value(field, raw, sectors=sectors)

    return check


def ask_missing(agreement: str, values: dict[str, Any], repo: Any) -> None:
    """Ask for each required value left out; if any was, for every other value too."""
    from overens.membership.requirements import requirements

    needs = requirements(agreement, repo)
    required = {r.field: r for r in needs.missing(values)}
    if not required:
        return
    sectors = needs.terms.open_to
    for field in _ORDER:
        if values.get(field) not in (None, ""):
            continue
        need = required.get(field)
        if field == "democratic_values":
            if need is not None:
                values[field] = typer.confirm(need.prompt, default=None)
        elif need is not None:
            values[field] = change.ask(need.prompt, _checker(field, need.option, sectors, False))
        elif field == "date":
            values[field] = change.ask(
                "Signing date (YYYY-MM-DD)",
                _checker(field, "--date", sectors, False),
                default=dt.date.today().isoformat(),
            )
        elif field in _OPTIONAL:
            option = "--" + field.replace("_", "-")
            values[field] = change.ask(
                _OPTIONAL[field], _checker(field, option, sectors, True), default=""
            )


def ask_dependent(error: "MissingValueError", values: dict[str, Any]) -> None:
    """Ask for the value a rejoin's new signer or contact person left unsaid; empty: none."""
    from overens.membership.inputs import check_value

    def check(raw: str) -> object:
        return check_value(error.field, raw) if raw.strip() else None

    typer.echo(error.message)
    answer = change.ask(error.prompt, check, default="")
    if answer is None:
        values[f"no_{error.field}"] = True
    else:
        values[error.field] = answer
