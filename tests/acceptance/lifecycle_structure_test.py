"""What the loader checks of the lifecycle records, with the real `overens validate` on a copy
of the lifecycle corpus broken in one place at a time: each problem is one error, in the file and
at the line of its cause, saying what is wrong (docs/decisions/0800-lifecycle-model.md,
"Structure checks")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import init_repo
from lifecycle_corpus import LIFECYCLE
from overens.model.summary import Summary
from overens.store.loader import load
from overens.store.summary_json import Shared, decode, encode

E10, E14, E21 = "exempelland-2010", "exempelland-2014", "exempelland-2021"
N08, N18 = "nationell-2008", "nationell-2018"

BROKEN = [
    # (agreement, file, text, replaced by, what else is reported, the line's text, message):
    # "text" when the change is to the signed text (its hash is reported too), "both sides" when
    # the other agreement of a succession reports the disagreement from its side too.
    (
        E21,
        "plans/2022.yaml",
        'id: "2022"',
        'id: "2021"',
        None,
        'id: "2021"',
        "the plan id '2021' does not match its file name '2022'",
    ),
    (
        E21,
        "plans/2022.yaml",
        'until: "2022"',
        'until: "2023"',
        None,
        "period:",
        "covers 2022–2023, but its id names the year 2022",
    ),
    (
        E21,
        "events/2022.yaml",
        "year: 2022",
        "year: 2021",
        None,
        "year: 2021",
        "the events file's year 2021 does not match its file name '2022'",
    ),
    (
        E21,
        "events/2023.yaml",
        'date: "2023-04-22"',
        'date: "2024-04-22"',
        None,
        'date: "2024-04-22"',
        "the event 'arsmote-2023' is dated 2024-04-22, not in 2023",
    ),
    (
        E21,
        "events/2022.yaml",
        "id: arsmote-2022",
        "id: arsmote-2021",
        None,
        "id: arsmote-2021",
        "event id 'arsmote-2021' is used more than once",
    ),
    (
        E14,
        "agreement.yaml",
        "- party: ideburna-exempelland",
        "- party: okand-part",
        None,
        "party: okand-part",
        "unknown party 'okand-part'",
    ),
    (
        E14,
        "agreement.yaml",
        "signatory: testkopings-kommun",
        "signatory: testkoping",
        None,
        "signatory: testkoping",
        "no signatory file signatories/testkoping.yaml for the party",
    ),
    (
        E14,
        "signatories/provby-kommun.yaml",
        "channel: pappersblankett",
        "channel: fax",
        None,
        "channel: fax",
        "unknown joining channel 'fax'",
    ),
    (
        E14,
        "signatories/provby-kommun.yaml",
        "- id: regionalt-perspektiv",
        "- id: regional",
        None,
        "- id: regional",
        "unknown joining criterion 'regional'",
    ),
    (
        E21,
        "agreement.yaml",
        "seats: [politiker]",
        "seats: [politikerna]",
        "text",
        "seats: [politikerna]",
        "the role Vice ordförande is held from the seat 'politikerna'",
    ),
    (
        E21,
        "agreement.yaml",
        "event: arsmote\n",
        "event: stamma\n",
        "text",
        "event: stamma",
        "elected at an event of kind 'stamma', which terms.events does not list",
    ),
    (
        E21,
        "bodies/partnerskapsradet.yaml",
        "roles: [vice-ordforande]",
        "roles: [sekreterare]",
        None,
        "roles: [sekreterare]",
        "unknown role 'sekreterare'",
    ),
    (
        E21,
        "bodies/partnerskapsradet.yaml",
        "elected: arsmote-2023\n",
        "elected: arsmote-2025\n",
        None,
        "elected: arsmote-2025",
        "no election 'arsmote-2025' is recorded in this file",
    ),
    (
        E21,
        "bodies/partnerskapsradet.yaml",
        "event: arsmote-2021",
        "event: arsmote-2019",
        None,
        "event: arsmote-2019",
        "no event 'arsmote-2019' is recorded in events/",
    ),
    (
        E21,
        "plans/2021.yaml",
        "- body: partnerskapsradet",
        "- body: styrgruppen",
        None,
        "body: styrgruppen",
        "unknown body 'styrgruppen'",
    ),
    (
        E21,
        "plans/2021.yaml",
        "event: dialogforum-2021",
        "event: dialogforum-2020",
        None,
        "event: dialogforum-2020",
        "no event 'dialogforum-2020' is recorded in events/",
    ),
    (
        E21,
        "agreement.yaml",
        "reviewed: [commitments]",
        "reviewed: [section:mal]",
        None,
        "reviewed: [section:mal]",
        "no section 'mal' to review (section:mal)",
    ),
    (
        E10,
        "agreement.yaml",
        "agreement: exempelland-2014",
        "agreement: exempelland-2015",
        None,
        "agreement: exempelland-2015",
        "no agreement 'exempelland-2015' in this repository",
    ),
    (
        E10,
        "agreement.yaml",
        'date: "2014-12-05"',
        'date: "2014-12-06"',
        "both sides",
        'date: "2014-12-06"',
        "exempelland-2014 records the succession on 2014-12-05, this agreement on 2014-12-06",
    ),
    (
        N18,
        "signatories/sprakforeningen-exempelriket.yaml",
        '      date: "2018-09-10"',
        '      date: "2018-09-10"\n      carried_over_from: nationell-2008',
        None,
        "carried_over_from: nationell-2008",
        "is recorded as carried over from nationell-2008",
    ),
    (
        E10,
        "signatories/region-exempelland.yaml",
        '      date: "2010-06"',
        '      date: "2010-06"\n      text_sha256: "' + "0" * 64 + '"',
        None,
        "text_sha256:",
        "version 1's text is not recorded, so no text hash can be recorded for it",
    ),
    (
        E14,
        "signatories/provby-idrottsallians.yaml",
        '      date: "2016"\n      text_sha256',
        '      date: "2016-13"\n      text_sha256',
        None,
        'date: "2016-13"',
        "'date' ('2016-13') is not a valid Date as precise as the source",
    ),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    repo = tmp_path / "lifecycle"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    return init_repo(repo)


def _validate(run_line: Any, repo: Path) -> dict[str, Any]:
    result = run_line(["validate", "--repo", repo, "--format", "json"])
    found: dict[str, Any] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize(
    "agreement, rel, old, new, where, needle, message",
    BROKEN,
    ids=[f"{b[0]}-{b[6][:40]}" for b in BROKEN],
)
def test_a_broken_reference_is_one_error_at_its_cause(
    run_line: Any,
    corpus: Path,
    agreement: str,
    rel: str,
    old: str,
    new: str,
    where: str | None,
    needle: str,
    message: str,
) -> None:
    path = corpus / "agreements" / agreement / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = _validate(run_line, corpus)["findings"]
    if where == "text":
        assert [f["rule"] for f in found if f["file"] == f"agreements/{agreement}/{rel}"].count(
            "text-hash"
        ) == 1
        found = [f for f in found if f["rule"] != "text-hash"]
    if where == "both sides":
        other = [f for f in found if f["agreement"] != agreement]
        assert [(f["agreement"], f["rule"]) for f in other] == [(E14, "structure")], other
        assert (
            "records the succession on 2014-12-06, this agreement on 2014-12-05"
            in (other[0]["message"])
        )
        found = [f for f in found if f["agreement"] == agreement]
    assert [f["severity"] for f in found] == ["error"], found
    (finding,) = found
    expected = f"agreements/{agreement}/{rel}"
    lines = (corpus / expected).read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if needle in t)
    assert (finding["file"], finding["line"]) == (expected, line), finding
    assert message in finding["message"], finding["message"]
    assert finding["hint"], finding


def test_the_current_text_is_not_hashed_when_it_is_not_recorded(run_line, corpus: Path) -> None:
    """nationell-2008's only version is known by its decision: changing an excerpt is no
    text-hash finding (there is no hash to compare), while check notes the text is not held."""
    principle = corpus / "agreements" / N08 / "principles" / "02-dialog.yaml"
    principle.write_text(
        principle.read_text(encoding="utf-8").replace("öppen dialog", "god dialog"),
        encoding="utf-8",
    )
    assert _validate(run_line, corpus)["findings"] == []
    result = run_line(["check", N08, "--repo", corpus, "--as-of", "2010-01-01", "--format", "json"])
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert "text-not-recorded" in rules and "text-hash" not in rules


def test_a_recorded_text_is_still_hashed(run_line, corpus: Path) -> None:
    principle = corpus / "agreements" / E21 / "principles" / "03-oppenhet.yaml"
    principle.write_text(
        principle.read_text(encoding="utf-8").replace("öppna", "tydliga"), encoding="utf-8"
    )
    found = _validate(run_line, corpus)["findings"]
    assert [(f["rule"], f["file"]) for f in found] == [
        ("text-hash", f"agreements/{E21}/agreement.yaml")
    ]


def test_listed_signatories_keep_partial_dates_through_the_index(corpus: Path) -> None:
    """The signatory index stores a Summary as JSON: partial dates come back as written."""
    result = load(corpus)
    assert not result.findings.errors
    partial = 0
    for agreement in result.repository.agreements:
        for s in agreement.signatories:
            item, shared = Summary.of(s), Shared()
            assert decode(s.id, encode(item, shared), shared) == item
            partial += sum(1 for p in item.periods if p.signed and p.signed.precision != "day")
    assert partial >= 5
