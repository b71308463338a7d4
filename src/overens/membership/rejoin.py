"""A rejoin's record: the organisation's recorded values kept unless the new signing replaces them.

A rejoin adds a membership period to the existing file. The values about the organisation
(name, number, sector, legal form, municipality, website, signer, contact person, attestation)
are those the new signing gives, and every one it does not give is kept as recorded. A value that
belongs to another (a signer's title to the signer, an e-mail to the contact person) is kept
when the person stays the same; when the person changes, the new signing must say the new value
or that there is none, never silently keep the old person's or drop it
(docs/decisions/0110-no-silent-data-loss.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from overens.errors import MissingValueError
from overens.membership.change import PERSONAL_KEYS
from overens.model.identity import name_key

if TYPE_CHECKING:
    from overens.membership.sign import SignRequest

_SCALARS = ("name", "org_number", "sector", "legal_form", "municipality", "website")

_DEPENDENT = {
    # block: (the person's key, {dependent key: (request field, option, prompt)})
    "signer": (
        "name",
        {"title": ("signed_by_title", "--signed-by-title", "The new signer's title")},
    ),
    "contact": (
        "name",
        {
            "email": ("contact_email", "--contact-email", "The new contact person's e-mail"),
            "phone": ("contact_phone", "--contact-phone", "The new contact person's telephone"),
        },
    ),
}


def rejoined(
    old: Mapping[str, Any], details: Mapping[str, Any], request: SignRequest
) -> dict[str, Any]:
    """The organisation's keys after a rejoin: ``details`` (what the signing gives; None where it
    gives nothing) over ``old``. Raises :class:`MissingValueError` for a dependent value the
    change of person leaves unsaid."""
    out = {k: v for k, v in old.items() if k not in ("memberships",)}
    for key in _SCALARS:
        if details.get(key) is not None:
            out[key] = details[key]
    if details.get("name") and name_key(str(old.get("name", ""))) == name_key(details["name"]):
        out["name"] = old["name"]  # the same name written differently: keep it as recorded
    for block in _DEPENDENT:
        merged = _person(block, old.get(block), details.get(block), request)
        if merged:
            out[block] = merged
        else:
            out.pop(block, None)
    if details.get("democratic_values") is not None:
        out["democratic_values"] = details["democratic_values"]
    return out


def _person(block: str, old: Any, given: Any, request: SignRequest) -> dict[str, Any] | None:
    """A signer or contact block: the person given, with each dependent value given, kept (the
    same person), removed (``--no-…``) or asked for (a new person)."""
    old = old if isinstance(old, dict) else {}
    given = given if isinstance(given, dict) else {}
    person_key, dependents = _DEPENDENT[block]
    if not given.get(person_key):
        return {**old, **given} or None  # no new person: values given update the recorded ones
    same = name_key(str(old.get(person_key, ""))) == name_key(given[person_key])
    merged = {person_key: old[person_key] if same else given[person_key]}
    for key, (field, option, prompt) in dependents.items():
        if given.get(key):
            merged[key] = given[key]
        elif getattr(request, f"no_{field}", False):
            continue
        elif same and old.get(key):
            merged[key] = old[key]
        elif old.get(key):
            value = "" if block in PERSONAL_KEYS else f" {old[key]!r}"
            raise MissingValueError(
                f"{option} is needed: the recorded {block} {old.get(person_key)} had a "
                f"{key}{value}, and the new {block} is {given[person_key]}",
                hint=f"give the new {block}'s {key} with {option}, or --no-{option[2:]} if "
                "there is none",
                field=field,
                prompt=f"{prompt} (the recorded one belonged to {old.get(person_key)}; empty: "
                "none)",
            )
    return merged
