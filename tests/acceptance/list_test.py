"""`overens list`: signatories and their derived status on a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coordinator_helpers import EXEMPEL, ORG_HALLAND, SIGNATORIES, sign_args, withdraw_args


def _list(run_line, repo: Path, *args: str) -> list[tuple[str, str, str | None, str | None]]:
    result = run_line(["list", "demo", "--repo", repo, "--json", *args])
    assert result.exit_code == 0, result.output
    return [
        (s["id"], s["status"], s["since"], s["until"])
        for s in json.loads(result.stdout)["signatories"]
    ]


@pytest.fixture
def busy_repo(run_line, demo_repo: Path) -> Path:
    """Föreningen Exempel (applied 2021-01-10, signed 2021-02-15) gives notice 2024-05-02
    (effective 2024-06-01); Hallands bildningsförbund applies 2024-01-10, signs 2024-03-01."""
    assert run_line(sign_args(demo_repo)).exit_code == 0
    assert run_line(withdraw_args(demo_repo)).exit_code == 0
    return demo_repo


DERIVED = [
    ("2021-01-09", []),
    ("2021-01-10", [("foreningen-exempel", "pending", "2021-01-10", None)]),
    ("2021-02-15", [("foreningen-exempel", "active", "2021-02-15", None)]),
    (
        "2024-02-01",
        [
            ("foreningen-exempel", "active", "2021-02-15", None),
            ("hallands-bildningsforbund", "pending", "2024-01-10", None),
        ],
    ),
    (
        "2024-05-31",
        [
            ("foreningen-exempel", "active", "2021-02-15", "2024-06-01"),
            ("hallands-bildningsforbund", "active", "2024-03-01", None),
        ],
    ),
    (
        "2024-06-01",
        [
            ("foreningen-exempel", "withdrawn", "2021-02-15", "2024-06-01"),
            ("hallands-bildningsforbund", "active", "2024-03-01", None),
        ],
    ),
]


def test_status_is_derived_for_each_date(run_line, busy_repo: Path) -> None:
    # One repository, many dates (building it once per date would cost a second each time).
    for as_of, expected in DERIVED:
        assert _list(run_line, busy_repo, "--as-of", as_of) == expected, as_of


def test_status_filter(run_line, busy_repo: Path) -> None:
    for status, ids in [
        ("active", ["hallands-bildningsforbund"]),
        ("withdrawn", ["foreningen-exempel"]),
        ("pending", []),
        ("all", ["foreningen-exempel", "hallands-bildningsforbund"]),
    ]:
        listed = _list(run_line, busy_repo, "--as-of", "2024-07-01", "--status", status)
        assert [e[0] for e in listed] == ids, status


def test_the_table(run_line, busy_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = run_line(["list", "demo", "--repo", busy_repo, "--as-of", "2024-07-01"])
    assert result.exit_code == 0, result.output
    assert "signatories on 2024-07-01" in result.stdout
    rows = [line for line in result.stdout.splitlines() if "Exempel" in line or "Hallands" in line]
    assert "Föreningen Exempel" in rows[1] and "withdrawn" in rows[1] and "2024-06-01" in rows[1]
    assert "Hallands bildningsförbund" in rows[2]
    assert ORG_HALLAND in rows[2] and "active" in rows[2]
    # On 2024-07-01 one has withdrawn: it is listed, not counted as a signatory.
    assert "1 active signatory (1 withdrawn listed too)" in result.stderr
    empty = run_line(["list", "demo", "--repo", busy_repo, "--as-of", "2020-01-01"])
    assert "no signatories on 2020-01-01" in empty.stdout


def test_piped_table_keeps_each_organisation_on_one_line(
    run_line, busy_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    result = run_line(["list", "demo", "--repo", busy_repo, "--as-of", "2024-07-01"])
    lines = result.stdout.splitlines()
    assert any("Hallands bildningsförbund" in line and "active" in line for line in lines), (
        result.stdout
    )
    assert max(len(line) for line in lines) <= 100


def test_list_does_not_show_contact_data(run_line, busy_repo: Path) -> None:
    result = run_line(["list", "demo", "--repo", busy_repo, "--json"])
    assert "kim@example.se" not in result.stdout and "Kim Kontakt" not in result.stdout


def test_unknown_agreement_and_bad_date(run_line, demo_repo: Path) -> None:
    unknown = run_line(["list", "nope", "--repo", demo_repo])
    assert unknown.exit_code == 2 and "known agreements: demo" in unknown.stderr
    bad = run_line(["list", "demo", "--repo", demo_repo, "--as-of", "2024-02-30"])
    assert bad.exit_code == 2 and "--as-of" in bad.stderr


def test_a_broken_file_is_left_out_with_a_warning(run_line, demo_repo: Path) -> None:
    (demo_repo / SIGNATORIES / "trasig.yaml").write_text("id: trasig\nname: [\n")
    result = run_line(["list", "demo", "--repo", demo_repo, "--json"])
    assert result.exit_code == 0
    assert f"{SIGNATORIES}/trasig.yaml has errors" in result.stderr
    assert [s["path"] for s in json.loads(result.stdout)["signatories"]] == [EXEMPEL]


def test_in_a_terminal_a_long_list_goes_through_the_pager(tmp_path: Path) -> None:
    """More rows than the screen has lines: through $PAGER (here a script that keeps what it
    is given); a list that fits is printed as it is."""
    import sys

    from conftest import PROJECT
    from coordinator_helpers import Terminal

    sys.path.insert(0, str(PROJECT / "bench"))
    import generate

    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=40, seed=3)
    agreement = min(p.name for p in (repo / "agreements").iterdir())
    kept = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open(r'{kept}', 'w').write(sys.stdin.read())\""
    args = ["list", agreement, "--repo", repo, "--as-of", "2025-06-30"]
    short = Terminal(args, cwd=tmp_path, env={"PAGER": pager, "LINES": "20"})
    assert short.finish() == 0
    paged = kept.read_text(encoding="utf-8").splitlines()
    assert paged[1].startswith("Organisation") and len(paged) > 20
    assert "signatories" in short.transcript and paged[3] not in short.transcript
    kept.unlink()
    tall = Terminal(args, cwd=tmp_path, env={"PAGER": pager, "LINES": "500"})
    assert tall.finish() == 0
    assert not kept.exists() and paged[3] in tall.transcript


def test_a_warm_list_parses_no_yaml(run_line, busy_repo: Path) -> None:
    """Once the index and the document cache hold the agreement, `list` reads neither YAML nor
    a schema: PyYAML is not even imported (the loader imports it for a file it must parse).
    The same list cold, in a process of its own, does import it."""
    import subprocess
    import sys

    probe = (  # the modules, printed at exit (the CLI runs the exit functions, then leaves)
        "import atexit, json, sys\n"
        "atexit.register(lambda: print('@@' + json.dumps(sorted(sys.modules)), flush=True))\n"
        "from overens.cli import main\n"
        # The files were written a moment ago: trusted at once, not after two seconds.
        "from overens.store import index_file\n"
        "index_file.RACY_NS = 0\n"
        f"sys.argv = ['overens', 'list', 'demo', '--repo', {str(busy_repo)!r}, '--json']\n"
        "main()\n"
    )

    def listed() -> tuple[set[str], list[object]]:
        proc = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0 and "@@" in proc.stdout, proc.stderr
        shown, modules = proc.stdout.rsplit("@@", 1)
        return set(json.loads(modules)), json.loads(shown)["signatories"]

    cold, cold_rows = listed()
    assert {"yaml", "overens.store.safe_yaml"} <= cold
    warm, warm_rows = listed()
    assert {"yaml", "jsonschema_rs", "overens.store.safe_yaml"} & warm == set()
    assert warm_rows == cold_rows and len(warm_rows) == 2


def test_the_sentences_below_the_table_fold_as_the_title_does(
    run_line, shipped_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Örebro's parties make a sentence of 88 characters: at 60 columns it folds, like the title."""
    monkeypatch.setenv("COLUMNS", "60")
    result = run_line(["list", "orebro", "--repo", shipped_repo, "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60, result.stdout
    assert "Parties on 2026-12-01: Örebro läns landsting; de idéburna" in " ".join(lines)
