"""No command drops a recorded value of a signatory unless it is told to.

The signatory is generated from the signatory schema itself: every property, at every depth
(membership periods, their signing, evidence, criteria, confirmations, withdrawal, reports), gets
a value, so a field added to the schema is covered here without anyone remembering to. Each
command runs through the real CLI on a real git repository; afterwards every value the file held
must still be there, unchanged, except those the command was told to change.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT, git
from coordinator_helpers import ORG_THIRD, commit_all, edit_agreement
from overens.store import safe_yaml, schemas, yaml_write

SCHEMAS = {
    "signatory": json.loads((PROJECT / "schemas/signatory.schema.json").read_text(encoding="utf-8"))
}
"""The signatory schema; it holds every definition it uses (docs/decisions/0008-portable-schemas.md)."""
DAY = "2021-02-15"
"""Every date of the record: one day keeps every order (signed ≤ withdrawn ≤ signed again)."""
SLUG = "foreningen-fullstandig"
PATH = f"agreements/demo/signatories/{SLUG}.yaml"

Leaf = tuple[tuple[str | int, ...], Any]


def _resolve(node: dict[str, Any], doc: str) -> tuple[dict[str, Any], str, str | None]:
    """Follow ``$ref`` within the schema: (schema, its document, the name of the definition it
    came from)."""
    name = None
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        doc = target.removesuffix(".schema.json") or doc
        found: Any = SCHEMAS[doc]
        for part in pointer.strip("/").split("/"):
            found = found[part]
        name = pointer.rsplit("/", 1)[-1]
        node = {**found, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, doc, name


def _value(node: dict[str, Any], doc: str, path: tuple[str, ...]) -> Any:
    """A valid value for every property of ``node``, recursively."""
    node, doc, name = _resolve(node, doc)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {key: _value(sub, doc, (*path, key)) for key, sub in node["properties"].items()}
    if kind == "array":
        return [_value(node["items"], doc, (*path, "[]"))]
    if kind == "boolean":
        return True
    if kind == "integer":
        return 2021 if "year" in path[-1] else max(node.get("minimum", 1), 1)
    if "enum" in node:
        return node["enum"][0]
    special = {
        "date": DAY,
        "partial_date": DAY,
        "version": "1",
        "sha256": "ab" * 32,
        "org_number": ORG_THIRD,
        "slug": "exempel-" + path[-1].replace("_", "-"),
    }
    if name in special:
        return special[name]
    if node.get("format") == "email":
        return "kontakt@example.se"
    if node.get("format") == "uri":
        return "https://www.example.se"
    if path[-1] == "phone":
        return "035-12 34 56"
    if path[-1] == "file":
        return "evidence/exempel.pdf"
    return f"Exempel {'.'.join(p for p in path if p != '[]')}"


def _schema_paths(node: dict[str, Any], doc: str, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Every property path the schema declares (``memberships[].signed.date``)."""
    node, doc, _ = _resolve(node, doc)
    if "properties" in node:
        for key, sub in node["properties"].items():
            yield from _schema_paths(sub, doc, (*path, key))
    elif node.get("type") == "array":
        yield from _schema_paths(node["items"], doc, (*path, "[]"))
    else:
        yield ".".join(path).replace(".[]", "[]")


def _leaves(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[Leaf]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _leaves(sub, (*path, i))
    else:
        yield path, value


def _shape(path: tuple[str | int, ...]) -> str:
    return "".join("[]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def full_record(*, withdrawn: bool) -> dict[str, Any]:
    """A signatory with every property of the schema: two periods, the last one withdrawn or not."""
    record = _value(SCHEMAS["signatory"], "signatory", ())
    record |= {"id": SLUG, "name": "Föreningen Fullständig", "sector": "ideburen"}
    period = record["memberships"][0]
    second = copy.deepcopy(period)
    if not withdrawn:
        del second["withdrawal"]
    record["memberships"] = [period, second]
    assert list(schemas.iter_issues("signatory", record)) == [], "the generated record is invalid"
    return record


def test_the_generated_record_holds_every_property_of_the_schema() -> None:
    declared = set(_schema_paths(SCHEMAS["signatory"], "signatory"))
    held = {_shape(path) for path, _ in _leaves(full_record(withdrawn=True))}
    assert declared - held == set(), "a property of the schema has no value in the record"
    assert len(declared) > 40  # the walk reached into the periods, not only the top level


@pytest.fixture
def full_repo(demo_repo: Path) -> Path:
    edit_agreement(demo_repo, lambda d: None)  # version 2: something to confirm
    return demo_repo


def _write(repo: Path, record: dict[str, Any]) -> None:
    (repo / PATH).write_text(yaml_write.dump(record), encoding="utf-8")
    commit_all(repo, "a signatory with every field")


def _common(repo: Path) -> list[str]:
    return ["--repo", str(repo)]


REJOIN = [
    "sign", "demo", "--name", "Föreningen Fullständig", "--org-number", ORG_THIRD,
    "--sector", "ideburen", "--contact-name", "Exempel contact.name",
    "--contact-email", "kontakt@example.se", "--applied", DAY, "--approved", "2024-09-10",
    "--date", "2024-09-15", "--democratic-values",
]  # fmt: skip
COMMANDS: dict[str, tuple[bool, list[str], set[str]]] = {
    # name: (the last period withdrawn?, the command, the fields it was told to change)
    "withdraw": (False, ["withdraw", "demo", SLUG, "--notice-date", "2024-05-02",
                         "--reference", "DNR 2024/9"], set()),
    "confirm": (False, ["confirm", "demo", SLUG, "--date", "2024-06-01"], set()),
    "report": (False, ["report", "demo", SLUG, "--kind", "annual-report", "--year", "2022",
                       "--received", "2023-05-01"], set()),
    "erase": (False, ["erase", "demo", SLUG], {"contact"}),
    "erase --signer": (False, ["erase", "demo", SLUG, "--signer"], {"contact", "signer"}),
    "rejoin, same people": (True, [*REJOIN, "--signed-by", "Exempel signer.name"], set()),
    "rejoin, a new signer": (
        True,
        [*REJOIN, "--signed-by", "Nina Ny", "--signed-by-title", "Kassör"],
        {"signer.name", "signer.title"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_command_drops_a_recorded_value(run_line, full_repo: Path, command: str) -> None:
    withdrawn, args, told = COMMANDS[command]
    before = full_record(withdrawn=withdrawn)
    _write(full_repo, before)
    head = git(full_repo, "rev-parse", "HEAD")
    result = run_line([*args, *_common(full_repo)])
    assert result.exit_code == 0, result.output
    assert git(full_repo, "rev-parse", "HEAD") != head  # one commit was made
    after = safe_yaml.load(full_repo / PATH)
    lost = []
    for path, value in _leaves(before):
        if any(_shape(path).startswith(t) for t in told):
            continue
        here: Any = after
        for step in path:
            try:
                here = here[step]
            except (KeyError, IndexError, TypeError):
                here = "(missing)"
                break
        if here != value:
            lost.append(f"{_shape(path)}: {value!r} → {here!r}")
    assert lost == [], f"{command} changed values it was not told to"


def test_a_rejoin_lists_what_it_changes_in_its_output_and_commit(run_line, full_repo: Path) -> None:
    _write(full_repo, full_record(withdrawn=True))
    args = [*REJOIN, "--signed-by", "Nina Ny", *_common(full_repo)]
    refused = run_line(args)  # the old signer's title would be left on the new signer
    assert refused.exit_code == 2, refused.output
    assert (
        "--signed-by-title is needed" in refused.stderr and "Exempel signer.title" in refused.stderr
    )
    assert (full_repo / PATH).read_text(encoding="utf-8") == yaml_write.dump(
        full_record(withdrawn=True)
    )
    result = run_line([*args, "--no-signed-by-title"])
    assert result.exit_code == 0, result.output
    assert "changed signer.name: Exempel signer.name \u2192 Nina Ny" in result.stdout
    assert "changed signer.title: Exempel signer.title \u2192 (none)" in result.stdout
    assert safe_yaml.load(full_repo / PATH)["signer"] == {"name": "Nina Ny"}
    body = git(full_repo, "log", "-1", "--format=%B")
    assert "- signer.title: Exempel signer.title \u2192 (none)" in body


def test_a_new_contact_person_never_inherits_the_old_ones_details(
    run_line, full_repo: Path
) -> None:
    _write(full_repo, full_record(withdrawn=True))
    args = [a if a != "Exempel contact.name" else "Kim Ny" for a in REJOIN]
    args += ["--signed-by", "Exempel signer.name", *_common(full_repo)]
    refused = run_line(args)
    assert refused.exit_code == 2 and "--contact-phone is needed" in refused.stderr
    assert "035-12 34 56" not in refused.stderr  # personal data is not repeated
    result = run_line([*args, "--contact-phone", "035-99 99 99"])
    assert result.exit_code == 0, result.output
    contact = safe_yaml.load(full_repo / PATH)["contact"]
    assert contact == {"name": "Kim Ny", "email": "kontakt@example.se", "phone": "035-99 99 99"}
    body = git(full_repo, "log", "-1", "--format=%B")
    assert "contact.name: changed (personal data, not shown)" in body
    assert "Kim Ny" not in body and "035-99" not in body


def test_in_a_terminal_a_rejoin_asks_for_what_the_new_people_leave_unsaid(
    run_line, demo_repo: Path
) -> None:
    from coordinator_helpers import EXEMPEL, ORG_EXEMPEL, Terminal, sign_args, withdraw_args

    left = run_line(withdraw_args(demo_repo, notice_date="2024-05-02"))
    assert left.exit_code == 0, left.output
    args = sign_args(
        demo_repo,
        name="Föreningen Exempel",
        org_number=ORG_EXEMPEL,
        signed_by="Nina Ny",
        signed_by_title=None,
        applied="2024-09-01",
        approved="2024-09-10",
        date="2024-09-15",
    )  # every required value given: nothing else is asked
    term = Terminal(args, cwd=demo_repo)
    term.expect("--signed-by-title is needed")
    term.answer(
        "The new signer's title (the recorded one belonged to Anna Andersson; empty: none):",
        "Kassör",
    )
    term.expect("--contact-phone is needed")
    term.answer(
        "The new contact person's telephone (the recorded one belonged to Bertil Berg; empty: none):",
        "",
    )
    assert term.finish() == 0, term.transcript
    record = safe_yaml.load(demo_repo / EXEMPEL)
    assert record["signer"] == {"name": "Nina Ny", "title": "Kassör"}
    assert record["contact"] == {"name": "Kim Kontakt", "email": "kim@example.se"}
    assert "changed contact.phone: 035-12 34 56 \u2192 (none)" in term.transcript
