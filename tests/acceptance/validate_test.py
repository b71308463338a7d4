"""`overens validate` on real repositories: clean ones pass, planted mistakes are all found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import git


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_planted_errors_are_all_reported_with_file_and_line(run_line, demo_repo: Path) -> None:
    demo = demo_repo / "agreements" / "demo"
    shutil.copytree(demo, demo_repo / "agreements" / "demo2")
    _edit(demo_repo / "agreements/demo2/agreement.yaml", "id: demo\n", "id: demo2\n")

    agreement = demo / "agreement.yaml"
    _edit(agreement, "language: sv\n", "language: [sv]\n")  # wrong type
    _edit(agreement, "short_name: Exempel\n", "")  # (not required)
    _edit(agreement, '  date: "2020-03-01"\n  by:', '  date: "2020-13-01"\n  by:')  # malformed date
    _edit(agreement, "signature_block:\n  layout: rows\n", "signature_block:\n")  # missing layout
    _edit(
        demo_repo / "agreements/demo2/agreement.yaml",
        "title: Överenskommelse",
        "title: A\ntitle: Överenskommelse",
    )

    principle = demo / "principles" / "01-dialog.yaml"
    _edit(principle, "number: 1\n", "number: one\n")
    _edit(principle, "title: Dialog\n", "")
    _edit(
        principle,
        "- text: Mötas regelbundet.\n",
        "- text: Mötas regelbundet.\n    by: 2020-02-30\n",
    )
    _edit(demo / "principles" / "02-kvalitet.yaml", "number: 2\n", "number: 2\nnumber: 3\n")

    signatory = demo / "signatories" / "foreningen-exempel.yaml"
    _edit(signatory, "sector: ideburen\n", "sector: 1\n")
    _edit(signatory, "      by: Styrgruppen\n", "")
    _edit(signatory, '      date: "2021-02-15"\n', '      date: "2021-02-30"\n')
    second = demo / "signatories" / "andra.yaml"
    second.write_text("id: andra\nname: Andra\nname: Tredje\n", encoding="utf-8")

    result = run_line(["validate", "--repo", demo_repo, "--format", "json"])
    assert result.exit_code == 1, result.output
    found = {(f["file"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    rel = "agreements/demo/"
    expected = {
        (rel + "agreement.yaml", _line_of(agreement, "language: [sv]")),
        (rel + "agreement.yaml", _line_of(agreement, "2020-13-01")),
        (rel + "agreement.yaml", _line_of(agreement, "signature_block:")),
        ("agreements/demo2/agreement.yaml", 4),
        (rel + "principles/01-dialog.yaml", _line_of(principle, "number: one")),
        (rel + "principles/01-dialog.yaml", 2),  # missing title: the mapping that lacks it
        (rel + "principles/01-dialog.yaml", _line_of(principle, "by: 2020-02-30")),
        (rel + "principles/02-kvalitet.yaml", 4),
        (rel + "signatories/foreningen-exempel.yaml", _line_of(signatory, "sector: 1")),
        (rel + "signatories/foreningen-exempel.yaml", _line_of(signatory, "approval:")),
        (rel + "signatories/foreningen-exempel.yaml", _line_of(signatory, "2021-02-30")),
        (rel + "signatories/andra.yaml", 3),
    }
    assert expected <= found, (sorted(expected - found), sorted(found))


def test_text_output_is_path_line_column_message(run_line, demo_repo: Path) -> None:
    signatory = demo_repo / "agreements/demo/signatories/foreningen-exempel.yaml"
    _edit(signatory, "sector: ideburen\n", "sector: idéburen\n")
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 1
    line = _line_of(signatory, "sector: idéburen")
    assert (
        f"agreements/demo/signatories/foreningen-exempel.yaml:{line}:9: error: 'sector' is "
        "'idéburen', which is not one of 'ideburen', 'offentlig' [schema]\n"
        "    hint: did you mean 'ideburen'?\n"
    ) in result.stdout
    assert "Traceback" not in result.output


def test_cross_file_checks(run_line, demo_repo: Path) -> None:
    demo = demo_repo / "agreements/demo"
    (demo / "principles/02-kvalitet.yaml").rename(demo / "principles/03-kvalitet.yaml")
    _edit(
        demo / "principles/03-kvalitet.yaml",
        "id: 02-kvalitet\nnumber: 2",
        "id: 03-kvalitet\nnumber: 3",
    )
    _edit(demo / "principles/01-dialog.yaml", "body: arbetsgrupp", "body: styrgrupp")
    (demo / "signatories/foreningen-exempel.yaml").rename(demo / "signatories/annat-namn.yaml")
    _edit(demo / "bodies/arbetsgrupp.yaml", "seat: ideburna", "seat: okand")
    result = run_line(["validate", "--repo", demo_repo])
    out = result.stdout
    assert result.exit_code == 1
    assert (
        "agreements/demo/principles/: error: principle numbers must run 1..n without gaps; missing 2"
        in out
    )
    assert "01-dialog.yaml:12:11: error: unknown body 'styrgrupp'" in out
    assert (
        "annat-namn.yaml:2:5: error: the signatory id 'foreningen-exempel' does not match its file name 'annat-namn'"
        in out
    )
    assert "arbetsgrupp.yaml:6:11: error: unknown seat 'okand' in body 'arbetsgrupp'" in out
    assert "the text has changed since version 1" in out  # the principle's text changed too


def test_validate_some_paths_only(run_line, demo_repo: Path) -> None:
    demo = demo_repo / "agreements/demo"
    _edit(demo / "signatories/foreningen-exempel.yaml", "sector: ideburen\n", "sector: x\n")
    ok = run_line(["validate", demo / "principles"], cwd=demo_repo)
    assert ok.exit_code == 0, ok.output
    bad = run_line(["validate", demo / "signatories"], cwd=demo_repo)
    assert bad.exit_code == 1


def test_usage_errors_exit_2(run_line, demo_repo: Path, tmp_path: Path) -> None:
    missing = run_line(["validate", demo_repo / "nope.yaml"], cwd=demo_repo)
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.stderr
    bad_format = run_line(["validate", "--format", "xml"], cwd=demo_repo)
    assert bad_format.exit_code == 2


def test_outside_any_repository(run_line, tmp_path: Path) -> None:
    result = run_line(["validate"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "no agreements repository found" in result.stderr
    assert "Traceback" not in result.output


def test_committed_state_is_untouched(run_line, demo_repo: Path) -> None:
    before = git(demo_repo, "status", "--porcelain")
    run_line(["validate", "--repo", demo_repo])
    assert git(demo_repo, "status", "--porcelain") == before
