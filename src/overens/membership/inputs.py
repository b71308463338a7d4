"""Checking and normalising the values a coordinator gives, at an option or at a prompt.

One check per value, shared by ``sign``'s options, its prompts and the library: the signatory
schema decides what a valid e-mail, website or telephone number is (a minimal record around the
value is validated), and :mod:`overens.model.identity` what a valid organisation number is. A personal
identity number is refused with :class:`~overens.errors.PersonalDataError` and never repeated in
full. Problems name the option that gave the value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

from overens.errors import PersonalDataError, RefusedError, UsageError
from overens.model import personal_numbers
from overens.model.identity import format_org_number, org_number_problem, slugify
from overens.model.personal_numbers import is_personal_number
from overens.model.personal_numbers import mask as redact
from overens.model.shown import describe, printable, quoted, unsafe_character, unsafe_values
from overens.store import schemas

MAX_OPTION_CHARS = 4_000
"""The longest value an option or a prompt takes (a name, a reason, a reference)."""


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date, or a :class:`UsageError` naming the option."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise UsageError(f"{option} {text!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a real calendar date") from None


_FIELD_PATHS: dict[str, tuple[tuple[str | int, ...], str]] = {
    "name": (("name",), "--name"),
    "legal_form": (("legal_form",), "--legal-form"),
    "municipality": (("municipality",), "--municipality"),
    "website": (("website",), "--website"),
    "signed_by": (("signer", "name"), "--signed-by"),
    "signed_by_title": (("signer", "title"), "--signed-by-title"),
    "contact_name": (("contact", "name"), "--contact-name"),
    "contact_email": (("contact", "email"), "--contact-email"),
    "contact_phone": (("contact", "phone"), "--contact-phone"),
}


_MEMBERSHIP_OPTIONS = {
    ("application", "date"): "--applied",
    ("approval", "date"): "--approved",
    ("approval", "by"): "--approved-by",
    ("signed", "date"): "--date",
    ("signed", "version"): "--version",
    ("signed", "evidence"): "--reference",
    ("withdrawal", "notice_date"): "--notice-date",
    ("withdrawal", "effective"): "--effective",
    ("withdrawal", "reason"): "--reason",
    ("withdrawal", "evidence"): "--reference",
}


def option_for(json_path: tuple[str | int, ...]) -> str | None:
    """The option that gave the value at ``json_path`` of a signatory record."""
    for path, option in _FIELD_PATHS.values():
        if tuple(json_path[: len(path)]) == path:
            return option
    if len(json_path) >= 4 and json_path[0] == "memberships":
        return _MEMBERSHIP_OPTIONS.get((str(json_path[2]), str(json_path[3])))
    return None


def _probe(field_name: str, value: str) -> str | None:
    """Check one value with the signatory schema (a minimal valid record around it)."""
    path, option = _FIELD_PATHS[field_name]
    record: dict[str, Any] = {
        "id": "probe",
        "name": "Probe",
        "sector": "ideburen",
        "memberships": [{"signed": {"version": "1"}}],
    }
    target = record
    for step in path[:-1]:
        target = target.setdefault(str(step), {"name": "Probe"})
    target[str(path[-1])] = value
    for issue in schemas.iter_issues("signatory", record):
        if tuple(issue.json_path[: len(path)]) == path:
            return f"{option}: {issue.message}" + (f" ({issue.hint})" if issue.hint else "")
    return None


def check_value(
    field_name: str, value: str, *, sectors: tuple[str, ...] = ("ideburen", "offentlig")
) -> str:
    """Check and normalise one value as given at an option or a prompt.

    Returns the normalised value; raises :class:`RefusedError` (or :class:`PersonalDataError`,
    which never repeats a personal identity number) saying what is wrong.
    """
    text = unicodedata.normalize("NFC", value).strip()
    if field_name == "org_number":
        if is_personal_number(text):
            raise PersonalDataError(
                f"--org-number {redact(text)}: this is a personal identity number (personnummer), "
                "which is personal data and is never stored",
                hint="give the organisation's own organisationsnummer (NNNNNN-NNNN, found in "
                "Bolagsverket's or Skatteverket's register)",
            )
        problem = org_number_problem(text)
        if problem:
            raise RefusedError(f"--org-number {printable(text, 40)}: {problem}")
        return format_org_number(text)
    option = (
        _FIELD_PATHS[field_name][1]
        if field_name in _FIELD_PATHS
        else f"--{field_name.replace('_', '-')}"
    )
    refuse_unsafe(option, text)
    if field_name == "sector":
        return _sector(text, sectors)
    if not text:
        raise RefusedError(f"{option} is empty")
    if field_name == "name" and not slugify(text):
        raise RefusedError(
            f"--name {quoted(text)} has no letters or digits to make a file name from"
        )
    if field_name in _FIELD_PATHS:
        problem = _probe(field_name, text)
        if problem:
            raise RefusedError(problem)
    return text


def refuse_unsafe(option: str, value: str) -> None:
    """Refuse a value given at ``option`` that is too long, holds a personal identity number in
    any written form, or holds a control or invisible format character: what no option of sign,
    withdraw, confirm or erase may carry into a file, a file name, a branch or a commit."""
    if len(value) > MAX_OPTION_CHARS:
        raise RefusedError(
            f"{option}: the value is {len(value):,} characters long; an option takes at most "
            f"{MAX_OPTION_CHARS:,}",
            hint="shorten it; a long text belongs in a document kept as evidence",
        )
    if personal_numbers.contains(value):
        raise PersonalDataError(
            f"{option} {quoted(personal_numbers.redact(value))}: the value holds a personal "
            "identity number (personnummer), which is personal data and is never stored",
            hint="leave the number out; an organisation is identified by its organisationsnummer",
        )
    control = unsafe_character(value)
    if control is not None:
        raise RefusedError(
            f"{option}: the value holds the character {describe(control)}, which no value may hold",
            hint="remove it (it is invisible in most terminals, or changes how the text reads); "
            "a line break is the only control character allowed",
        )


_SECTOR_WORDS = {
    "ideburen": ("ideburen", "ideburna", "ideell", "ideella", "civil", "civilsamhallet"),
    "offentlig": ("offentlig", "offentliga", "public", "region", "kommun", "myndighet"),
}


def _sector(text: str, sectors: tuple[str, ...]) -> str:
    """A sector as people write it: ``idéburen`` and ``Offentlig`` are accepted (accents and case
    are not part of the value); a near miss gets "did you mean"."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    ).strip()
    if plain in sectors:
        return plain
    allowed = " or ".join(sectors)
    guess = next((s for s, words in _SECTOR_WORDS.items() if plain in words), None)
    if guess is None:
        close = difflib.get_close_matches(plain, list(_SECTOR_WORDS), n=1, cutoff=0.6)
        guess = close[0] if close else None
    if guess in sectors and guess != plain:
        hint = (
            f"did you mean {guess!r}? (ideburen: the idéburen sektor; offentlig: the public sector)"
        )
    else:
        hint = "ideburen: the idéburen sektor; offentlig: the public sector"
    raise RefusedError(
        f"--sector {quoted(text)}: the agreement admits organisations of the sector {allowed}",
        hint=hint,
    )


def refuse_all(problems: list[RefusedError]) -> None:
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0]
    cls = (
        PersonalDataError
        if any(isinstance(p, PersonalDataError) for p in problems)
        else RefusedError
    )
    raise cls(
        f"refused; nothing was written ({len(problems)} problems):\n"
        + "\n".join(f"  - {p}" for p in problems)
    )


def validate_record(record: dict[str, Any], rel: str) -> None:
    """Validate the record with the signatory schema before anything is written."""
    problems = []
    for issue in schemas.iter_issues("signatory", record):
        option = option_for(issue.json_path)
        where = option or "$." + ".".join(map(str, issue.json_path))
        problems.append(RefusedError(f"{where}: {issue.message}", hint=issue.hint))
    for json_path, shown in personal_numbers.scan(record):
        where = option_for(json_path) or "$." + ".".join(map(str, json_path))
        problems.append(
            PersonalDataError(
                f"{where} {quoted(shown)}: holds a personal identity number (personnummer), which "
                "is personal data and is never stored",
                hint="leave the number out",
            )
        )
    for json_path, ch, _ in unsafe_values(record):
        where = option_for(json_path) or "$." + ".".join(printable(str(p)) for p in json_path)
        problems.append(
            RefusedError(
                f"{where}: the value holds the character {describe(ch)}, which no value may hold",
                hint="remove it; a line break is the only control character allowed",
            )
        )
    if problems:
        refuse_all([type(p)(f"{rel} would not be valid: {p}") for p in problems])
