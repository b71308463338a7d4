"""The lifecycle schemas (docs/decisions/0800-lifecycle-model.md), checked with plain jsonschema.

The corpus under tests/corpus/lifecycle/ validates; the shipped agreements still validate and
keep their text hash under the design's canonical rule (the change is additive); partial dates
accept a year, a month or a day and refuse anything else with exactly one error; the new shapes
refuse what they should; every new field is documented with an example.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from lifecycle_corpus import (
    CHECKER,
    LIFECYCLE,
    PROJECT,
    agreement_text_sha256,
    errors,
    read_yaml,
    repository_files,
    schemas,
    validator,
)

CORPUS_FILES = list(repository_files(LIFECYCLE))
SHIPPED_FILES = list(repository_files(PROJECT))


def _id(path: Path) -> str:
    return "/".join(path.parts[-3:])


def test_the_corpus_holds_every_kind_of_file() -> None:
    kinds = {p.parent.name if p.name != "agreement.yaml" else "agreement" for p in CORPUS_FILES}
    assert kinds == {"agreement", "principles", "signatories", "bodies", "plans", "events"}


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_id)
def test_corpus_file_validates(path: Path) -> None:
    assert errors(path) == []


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=_id)
def test_shipped_file_still_validates(path: Path) -> None:
    assert errors(path) == []


@pytest.mark.parametrize("agreement", sorted(p.name for p in (PROJECT / "agreements").iterdir()))
def test_shipped_text_hash_is_unchanged_by_the_record_keys(agreement: str) -> None:
    folder = PROJECT / "agreements" / agreement
    declared = read_yaml(folder / "agreement.yaml")["revisions"][-1]["text_sha256"]
    assert agreement_text_sha256(folder) == declared


def test_checker_corpus_is_broken_only_where_it_says() -> None:
    files = list(repository_files(CHECKER))
    broken = {"trasig/principles/01-dialog.yaml", "trasig/signatories/foreningen-trasig.yaml"}
    for path in files:
        if _id(path) not in broken:
            assert errors(path) == [], path
    signatory = CHECKER / "agreements/trasig/signatories/foreningen-trasig.yaml"
    found = errors(signatory)
    # jsonschema names both unknown keys in one error: the reporter must split it (phase B).
    assert any("'hemsida'" in e and "'kommun'" in e for e in found), found
    assert _at("signatory", read_yaml(signatory), ("memberships", 0, "signed", "date")) == [
        "'2023-02-30' is not a 'date'"
    ]


# ----------------------------------------------------------------------------- partial dates


def _signatory(date: object) -> dict[str, Any]:
    return {
        "id": "x",
        "name": "X",
        "sector": "ideburen",
        "memberships": [{"signed": {"version": "1", "date": date}}],
    }


def _at(kind: str, data: dict[str, Any], path: tuple[object, ...]) -> list[str]:
    """The errors at ``path`` as overens reports them: a value whose format fails also fails the
    pattern that spells the calendar out for other validators, and is reported once."""
    found = [e for e in validator(kind).iter_errors(data) if tuple(e.absolute_path) == path]
    formats = any(e.validator == "format" for e in found)
    return [e.message for e in found if not (formats and e.validator == "pattern")]


SIGNED = ("memberships", 0, "signed", "date")


@pytest.mark.parametrize("value", ["2016", "2016-02", "2016-02-29", "2019-06-13", "2019-12"])
def test_a_partial_date_is_accepted(value: str) -> None:
    assert _at("signatory", _signatory(value), SIGNED) == []


@pytest.mark.parametrize(
    "value",
    [
        "2016-13",
        "2016-00",
        "2015-02-29",
        "2023-02-30",
        "2023-13-01",
        "2023-2-3",
        "16",
        "20160",
        "2016-1",
        "30.02.2023",
        "2016-02-29T10:00",
        " 2016",
        2016,
    ],
)
def test_a_bad_partial_date_is_refused_with_one_error(value: object) -> None:
    assert len(_at("signatory", _signatory(value), SIGNED)) == 1


def test_a_field_that_stays_a_full_date_refuses_a_year() -> None:
    data = _signatory("2016")
    data["reports"] = [{"year": 2016, "kind": "arsberattelse", "received": "2017"}]
    assert _at("signatory", data, ("reports", 0, "received"))


# ----------------------------------------------------------------------------- the new shapes


def _corpus(rel: str) -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(LIFECYCLE / "agreements" / rel)
    return copy.deepcopy(data)


def _valid(kind: str, data: dict[str, Any]) -> bool:
    return bool(validator(kind).is_valid(data))


def test_a_version_with_text_not_recorded_has_no_hash() -> None:
    data = _corpus("exempelland-2010/agreement.yaml")
    unrecorded = data["revisions"][0]
    assert unrecorded["text_recorded"] is False and _valid("agreement", data)
    unrecorded["text_sha256"] = "0" * 64
    assert not _valid("agreement", data)
    del unrecorded["text_sha256"], unrecorded["text_recorded"]
    assert not _valid("agreement", data)  # a recorded version needs its hash


@pytest.mark.parametrize(
    ("rel", "kind", "change"),
    [
        (
            "exempelland-2014/agreement.yaml",
            "agreement",
            lambda d: d["succession"]["predecessor"].pop("agreement"),
        ),
        (
            "exempelland-2014/agreement.yaml",
            "agreement",
            lambda d: d["parties"][2]["joined"].pop("date"),
        ),
        (
            "exempelland-2014/agreement.yaml",
            "agreement",
            lambda d: d["parties"][0].update(kind="kommun"),
        ),
        ("exempelland-2014/agreement.yaml", "agreement", lambda d: d["counts"][0].pop("counted")),
        (
            "exempelland-2014/agreement.yaml",
            "agreement",
            lambda d: d["adopted"]["decisions"].append({}),
        ),
        (
            "exempelland-2014/agreement.yaml",
            "agreement",
            lambda d: d["revisions"][1].update(reviewed=["section:"]),
        ),
        (
            "exempelland-2014/agreement.yaml",
            "agreement",
            lambda d: d["terms"]["reviews"][0].pop("interval_years"),
        ),
        (
            "exempelland-2021/agreement.yaml",
            "agreement",
            lambda d: d["terms"]["plans"].update(due="02-30x"),
        ),
        (
            "exempelland-2021/agreement.yaml",
            "agreement",
            lambda d: d["bodies"][0]["seats"][0]["selection"].update(method="lottery"),
        ),
        (
            "exempelland-2021/agreement.yaml",
            "agreement",
            lambda d: d["governance"]["secretariat"]["staff"][0].update(name="Anna Exempelsson"),
        ),
        (
            "exempelland-2014/signatories/foreningen-framtid-testkoping.yaml",
            "signatory",
            lambda d: d["memberships"][0]["criteria"][0].pop("exception"),
        ),
        ("exempelland-2021/plans/2022.yaml", "plan", lambda d: d.update(id="22")),
        (
            "exempelland-2021/plans/2022.yaml",
            "plan",
            lambda d: d["areas"][0]["activities"][0].update(responsible=[{"lead": True}]),
        ),
        (
            "exempelland-2021/plans/2022.yaml",
            "plan",
            lambda d: d["areas"][0]["activities"][0]["follow_up"][0].update(status="klar"),
        ),
        ("exempelland-2021/events/2024.yaml", "events", lambda d: d["events"][0].pop("id")),
        (
            "exempelland-2021/bodies/partnerskapsradet.yaml",
            "body",
            lambda d: d["elections"][0].pop("date"),
        ),
    ],
)
def test_a_new_shape_refuses_what_it_should(rel: str, kind: str, change: Any) -> None:
    data = _corpus(rel)
    assert _valid(kind, data)
    change(data)
    assert not _valid(kind, data)


# ----------------------------------------------------------------------------- documentation

SHARED_DEFS = ["partial_date", "day_of_year", "year", "decision", "part"]
"""New definitions several schemas carry (each file is self-contained; docs/decisions/0008)."""
NEW_DEFS = {
    "agreement": [
        "party_kind",
        "predecessor",
        "successor",
        "committee",
        "secretariat",
        "count",
        "criterion",
        "channel",
        "review_cycle",
        "recurring_event",
        "body_role",
        "selection",
    ],
    "signatory": ["attestation"],
    "plan": ["area", "activity", "responsible", "budget_line", "follow_up"],
    "events": ["event"],
}
NEW_PROPERTIES = {
    "agreement": [
        "adopted.reference",
        "adopted.paragraph",
        "adopted.decisions",
        "succession",
        "governance",
        "counts",
        "parties[].kind",
        "parties[].joined",
        "parties[].signatory",
        "revisions[].text_recorded",
        "revisions[].reference",
        "revisions[].paragraph",
        "revisions[].decisions",
        "revisions[].reviewed",
        "terms.joining.criteria",
        "terms.joining.channels",
        "terms.reviews",
        "terms.plans",
        "terms.events",
        "$defs.seat.selection",
        "$defs.body.roles",
        "$defs.body.reports_to",
    ],
    "principle": ["excerpt"],
    "signatory": [
        "$defs.membership.channel",
        "$defs.membership.criteria",
        "$defs.membership.signed.carried_over_from",
    ],
    "body": [
        "elections",
        "members[].title",
        "members[].roles",
        "members[].elected",
        "members[].appointed",
        "members[].term_until",
    ],
}


def _node(schema: dict[str, Any], dotted: str) -> dict[str, Any]:
    """The property at ``a.b[].c`` (``[]``: its items; ``$defs.name`` first: a definition),
    following the schema's own ``#/$defs/`` references on the way (not at the end)."""
    parts = dotted.split(".")
    node = schema["$defs"][parts[1]] if parts[0] == "$defs" else schema
    for part in parts[2:] if parts[0] == "$defs" else parts:
        while "properties" not in node and str(node.get("$ref", "")).startswith("#/$defs/"):
            node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
        node = node["properties"][part.removesuffix("[]")]
        if part.endswith("[]"):
            node = node["items"]
    return node


def _properties(node: Any) -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((name, sub))
        for key, value in node.items():
            if key != "if":
                found.extend(_properties(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_properties(value))
    return found


def _documented(sub: dict[str, Any] | bool) -> bool:
    if isinstance(sub, bool):
        return True  # a `true` schema names a property a `required` beside it asks for
    return bool(sub.get("title") and sub.get("description") and sub.get("examples"))


def test_every_new_field_has_a_title_a_description_and_an_example() -> None:
    missing = []
    for kind, names in NEW_PROPERTIES.items():
        for dotted in names:
            if not _documented(_node(schemas()[kind], dotted)):
                missing.append(f"{kind}: {dotted}")
    shared = {
        kind: [n for n in SHARED_DEFS if n in schema.get("$defs", {})]
        for kind, schema in schemas().items()
    }
    assert set(SHARED_DEFS) == {n for names in shared.values() for n in names}
    for kind, names in [*NEW_DEFS.items(), *shared.items()]:
        for name in names:
            definition = schemas()[kind]["$defs"][name]
            missing += [
                f"{kind}: $defs.{name}.{p}"
                for p, sub in _properties(definition)
                if not _documented(sub)
            ]
    for kind in ("plan", "events"):
        # The file's own shapes; the definitions every schema carries are documented where they
        # were made, checked above.
        own = dict(schemas()[kind])
        own["$defs"] = {n: d for n, d in own.get("$defs", {}).items() if n in NEW_DEFS[kind]}
        missing += [f"{kind}: {p}" for p, sub in _properties(own) if not _documented(sub)]
    assert missing == []
