"""The lifecycle corpus holds together as the design says a repository must (phase B's loader
checks the same references): ids match file names, every reference names something that exists,
succession links agree on both sides, and text hashes are those of the design's canonical rule.
The expected verdicts (expected.yaml) name real agreements, files and rules, and the README
gives the same dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lifecycle_corpus import LIFECYCLE, agreement_text_sha256, read_yaml

AGREEMENTS = LIFECYCLE / "agreements"
IDS = sorted(p.name for p in AGREEMENTS.iterdir())
RULES = {
    # designed (docs/decisions/0800-lifecycle-model.md)
    "replaced",
    "carry-over",
    "text-not-recorded",
    "joining-criteria-attested",
    "joining-channel",
    "plan-coverage",
    "plan-outcomes",
    "annual-event",
    # existing rules whose behaviour the design changes, and the loader's text-hash check
    "validity-expired",
    "review-due",
    "body-composition",
    "sector-admitted",
    "text-hash",
}
VERDICTS = {
    "check": {"fires", "quiet", "uncertain"},
    "list": {"active", "withdrawn", "uncertain", "ended", "absent"},
    "list-parties": {"party", "not-party", "uncertain"},
    "list-counts": {"shown", "absent"},
}


class Agreement:
    """One corpus agreement's files, read as plain data."""

    def __init__(self, agreement_id: str) -> None:
        self.folder = AGREEMENTS / agreement_id
        self.data: dict[str, Any] = read_yaml(self.folder / "agreement.yaml")
        self.files = {
            kind: {p.stem: read_yaml(p) for p in sorted((self.folder / kind).glob("*.yaml"))}
            for kind in ("principles", "signatories", "bodies", "plans", "events")
        }

    @property
    def parties(self) -> set[str]:
        return {p["id"] for p in self.data["parties"]}

    @property
    def terms(self) -> dict[str, Any]:
        terms: dict[str, Any] = self.data.get("terms", {})
        return terms

    def event_ids(self) -> set[str]:
        return {e["id"] for year in self.files["events"].values() for e in year["events"]}


@pytest.fixture(scope="module")
def corpus() -> dict[str, Agreement]:
    return {i: Agreement(i) for i in IDS}


def _decisions(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping that names a party, anywhere under ``node``."""
    if isinstance(node, dict):
        if "party" in node and isinstance(node["party"], str):
            yield node
        for value in node.values():
            yield from _decisions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _decisions(value)


@pytest.mark.parametrize("agreement_id", IDS)
def test_ids_match_file_names(corpus: dict[str, Agreement], agreement_id: str) -> None:
    a = corpus[agreement_id]
    assert a.data["id"] == agreement_id
    for kind in ("principles", "signatories", "bodies", "plans"):
        for stem, data in a.files[kind].items():
            assert data["id"] == stem, (kind, stem)
    for stem, plan in a.files["plans"].items():
        years = stem.split("-")
        assert plan["period"]["from"][:4] == years[0] and plan["period"]["until"][:4] == years[-1]
    for stem, year in a.files["events"].items():
        assert year["year"] == int(stem)
        assert all(e["date"].startswith(stem) for e in year["events"]), stem


@pytest.mark.parametrize("agreement_id", IDS)
def test_text_hashes_follow_the_design(corpus: dict[str, Agreement], agreement_id: str) -> None:
    a = corpus[agreement_id]
    revisions = {r["version"]: r for r in a.data["revisions"]}
    current = revisions[a.data["version"]]
    if current.get("text_recorded", True):
        assert current["text_sha256"] == agreement_text_sha256(a.folder)
    for stem, s in a.files["signatories"].items():
        for m in s["memberships"]:
            signed, revision = m["signed"], revisions[m["signed"]["version"]]
            if revision.get("text_recorded", True):
                assert signed.get("text_sha256") in (None, revision["text_sha256"]), stem
            else:
                assert "text_sha256" not in signed, (
                    f"{stem} signed a version whose text is not recorded"
                )


@pytest.mark.parametrize("agreement_id", IDS)
def test_references_resolve(corpus: dict[str, Agreement], agreement_id: str) -> None:
    a = corpus[agreement_id]
    named = [d["party"] for d in _decisions(a.data)]
    named += [
        r["party"] for plan in a.files["plans"].values() for r in _responsible(plan) if "party" in r
    ]
    assert set(named) <= a.parties
    for party in a.data["parties"]:
        assert _known(party.get("signatory"), a.files["signatories"])
    joining = a.terms.get("joining", {})
    channels = {c["id"] for c in joining.get("channels", [])}
    criteria = {c["id"] for c in joining.get("criteria", [])}
    for stem, s in a.files["signatories"].items():
        for m in s["memberships"]:
            assert _known(m.get("channel"), channels), stem
            assert {c["id"] for c in m.get("criteria", [])} <= criteria, stem
    bodies = {b["id"]: b for b in a.data.get("bodies", [])}
    for plan in a.files["plans"].values():
        for r in _responsible(plan):
            assert _known(r.get("body"), bodies) and _known(
                r.get("signatory"), a.files["signatories"]
            )
        for activity in _activities(plan):
            assert _known(activity.get("event"), a.event_ids())
    event_kinds = {e["kind"] for e in a.terms.get("events", [])}
    for body in bodies.values():
        for seat in body["seats"]:
            assert _known(seat.get("selection", {}).get("event"), event_kinds)
        seats = {s["id"] for s in body["seats"]}
        assert all(set(role.get("seats", [])) <= seats for role in body.get("roles", []))
    for stem, members in a.files["bodies"].items():
        _check_members(bodies[stem], members, a.event_ids())
    sections = {s["id"] for s in a.data.get("sections", [])}
    for r in a.data["revisions"]:
        parts = [
            p.removeprefix("section:") for p in r.get("reviewed", []) if p.startswith("section:")
        ]
        assert set(parts) <= sections


def _known(value: str | None, known: Any) -> bool:
    """True when ``value`` is not given, or names something in ``known``."""
    return value is None or value in known


def _activities(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for area in plan["areas"]:
        yield from area.get("activities", [])


def _responsible(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for activity in _activities(plan):
        yield from activity.get("responsible", [])


def _check_members(body: dict[str, Any], members: dict[str, Any], events: set[str]) -> None:
    elections = {e["id"]: e for e in members.get("elections", [])}
    assert all(_known(e.get("event"), events) for e in elections.values())
    seats = {s["id"]: s for s in body["seats"]}
    roles = {r["id"]: r for r in body.get("roles", [])}
    for m in members["members"]:
        assert m["seat"] in seats, m["name"]
        for role in m.get("roles", []):
            assert m["seat"] in roles[role].get("seats", [m["seat"]]), (m["name"], role)
        method = seats[m["seat"]].get("selection", {}).get("method")
        if method == "election":
            assert m["elected"] in elections and elections[m["elected"]]["date"] <= m["from"], m[
                "name"
            ]
        else:
            assert "elected" not in m, m["name"]


def test_succession_links_agree_on_both_sides(corpus: dict[str, Agreement]) -> None:
    links = 0
    for a in corpus.values():
        succession = a.data.get("succession", {})
        if "successor" in succession:
            link = succession["successor"]
            other = corpus[link["agreement"]].data["succession"]["predecessor"]
            assert (other["agreement"], other["date"]) == (a.data["id"], link["date"])
            links += 1
        for stem, s in a.files["signatories"].items():
            carried = {m["signed"].get("carried_over_from") for m in s["memberships"]} - {None}
            if carried:
                predecessor = succession["predecessor"]
                assert (
                    carried == {predecessor["agreement"]}
                    and predecessor["carry_over"]["signatories"]
                )
                assert stem in corpus[predecessor["agreement"]].files["signatories"], stem
    assert links == 3


# ----------------------------------------------------------------------------- expected verdicts


def _expected() -> list[dict[str, Any]]:
    verdicts: list[dict[str, Any]] = read_yaml(LIFECYCLE / "expected.yaml")["verdicts"]
    return verdicts


@pytest.mark.parametrize(
    "entry",
    _expected(),
    ids=lambda e: f"{e['point']}-{e['agreement']}-{e.get('rule', e['command'])}",
)
def test_an_expected_verdict_names_what_exists(entry: dict[str, Any]) -> None:
    assert entry["point"] in [*range(1, 12), "fix"]
    assert entry["agreement"] in IDS
    subject = AGREEMENTS / entry["agreement"] / entry["subject"].split("#")[0]
    assert subject.exists(), subject
    if entry["command"] == "check":
        assert entry["rule"] in RULES
    assert set(entry["as_of"].values()) <= VERDICTS[entry["command"]]
    readme = (LIFECYCLE / "README.md").read_text(encoding="utf-8")
    for day in entry["as_of"]:
        dt.date.fromisoformat(day)
        assert day in readme, f"{day} of {entry} is not in the README"


def test_every_point_has_verdicts() -> None:
    points = {e["point"] for e in _expected()}
    assert points >= {*range(1, 11), "fix"}  # 11, the decision's reference, states no obligation
    assert re.search(
        r"^## 11\. ", (LIFECYCLE / "README.md").read_text(encoding="utf-8"), re.MULTILINE
    )


def test_the_corpus_holds_no_personal_data(corpus: dict[str, Agreement]) -> None:
    for path in Path(AGREEMENTS).rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\w.-]+@[\w-]+\.[\w.]+", text), path  # no e-mail addresses
        assert not re.search(r"\b\d{8}-?\d{4}\b", text), path  # no 12-digit identity numbers
        for number in re.findall(r"\b\d{6}-\d{4}\b", text):
            assert int(number[2:4]) >= 20, (path, "a 10-digit number that is not an organisation's")
    for a in corpus.values():
        assert all("contact" not in s for s in a.files["signatories"].values())
