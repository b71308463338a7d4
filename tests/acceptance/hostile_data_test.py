"""Hostile set-ups that cannot be committed as files, generated for every command they touch:
links and special files in the data, personal identity numbers through every option, limits of
the machine (a read-only folder, a full disk, dates near the year 9999, file names Windows
refuses). Every command answers with a clear error or finding and exit 1 (2 for usage), never a
traceback or exit 3, never hangs, and leaves the repository as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import git, run_cli, snapshot_tree
from coordinator_helpers import EXEMPEL, SIGNATORIES, sign_args, withdraw_args

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "check": lambda r: [
        "check",
        "--repo",
        r,
        "--no-cache",
        "--as-of",
        "2024-06-01",
        "--format",
        "github",
    ],
    "validate": lambda r: ["validate", "--repo", r],
    "list": lambda r: ["list", "demo", "--repo", r, "--as-of", "2024-06-01"],
    "render": lambda r: ["render", "demo", "--repo", r, "--no-cache"],
    "sign": lambda r: sign_args(r),
    "withdraw": lambda r: withdraw_args(r),
    "erase": lambda r: ["erase", "demo", "foreningen-exempel", "--repo", r],
}


def _agreements_outside(repo: Path) -> str:
    outside = repo.parent / "elsewhere"
    shutil.move(repo / "agreements", outside)
    (repo / "agreements").symlink_to(outside)
    return "agreements/ is a symbolic link"


def _signatories_loop(repo: Path) -> str:
    folder = repo / SIGNATORIES
    shutil.rmtree(folder)
    folder.symlink_to("signatories")
    return "agreements/demo/signatories"


def _fifo_signatory(repo: Path) -> str:
    os.mkfifo(repo / SIGNATORIES / "trap.yaml")
    return "trap.yaml"


def _fifo_agreement(repo: Path) -> str:
    main = repo / "agreements/demo/agreement.yaml"
    main.unlink()
    os.mkfifo(main)
    return "agreements/demo/agreement.yaml"


def _device_signatory(repo: Path) -> str:
    (repo / SIGNATORIES / "zero.yaml").symlink_to("/dev/zero")
    return "zero.yaml"


SETUPS = {
    "agreements linked outside": (_agreements_outside, {"list", "render", "sign", "withdraw"}),
    "signatories linking to itself": (_signatories_loop, {"sign", "withdraw", "erase", "render"}),
    "a named pipe as a signatory": (_fifo_signatory, {"sign", "render"}),
    "a named pipe as agreement.yaml": (_fifo_agreement, {"sign", "withdraw", "list", "render"}),
    "a signatory linked to a device": (_device_signatory, {"sign", "render"}),
}
"""How the data is made hostile, and the commands that refuse (the others report a finding)."""
UNTOUCHED = {
    "a named pipe as a signatory": {"withdraw", "erase"},
    "a signatory linked to a device": {"withdraw", "erase"},
}
"""Set-ups where a command does its work without opening the hostile entry: withdraw and erase
name their file by its slug and read that file alone."""
CASES = [(s, c) for s in SETUPS for c in COMMANDS]


PIPES = {"a named pipe as a signatory", "a named pipe as agreement.yaml"}
"""Set-ups that would block a command that opened them: run as a subprocess with a time limit."""


@pytest.mark.parametrize(("setup", "command"), CASES, ids=[f"{s}:{c}" for s, c in CASES])
def test_links_and_special_files_are_never_read_through(
    run_line, demo_repo: Path, setup: str, command: str
) -> None:
    make, _ = SETUPS[setup]
    named = make(demo_repo)
    before = snapshot_tree(demo_repo) if setup != "agreements linked outside" else None
    if setup in PIPES:
        done = run_cli(COMMANDS[command](demo_repo), cwd=demo_repo, timeout=60)
        code, output = done.returncode, done.stdout + done.stderr
    else:
        ran = run_line(COMMANDS[command](demo_repo))
        code, output = ran.exit_code, ran.output
    assert "Traceback" not in output and "unexpected error" not in output
    if command in UNTOUCHED.get(setup, ()):
        assert code == 0, output
        entry = os.lstat(demo_repo / SIGNATORIES / named).st_mode
        assert stat.S_ISFIFO(entry) if setup in PIPES else stat.S_ISLNK(entry)
        changed = git(demo_repo, "show", "--name-only", "--format=", "HEAD").split()
        assert changed == [f"{SIGNATORIES}/foreningen-exempel.yaml"]
        return
    # list shows what it can read and warns about the rest; every other command fails
    assert code in ((0, 1) if command == "list" else (1, 2)), output
    assert named in output, output
    if before is not None:
        assert snapshot_tree(demo_repo) == before


# ----------------------------------------------------------------------------- personal identity numbers

FORMS = [
    "811218-9876",
    "811218 9876",
    "811218\u20139876",
    "811218\u20119876",
    "\uff18\uff11\uff11\uff12\uff11\uff18-\uff19\uff18\uff17\uff16",
    "pnr 8112189876",
    "19811218-9876",
    "198112189876",
    "81121\u200b8-9876",
]
"""How one fictitious personal identity number may be written."""
OPTIONS = {
    "sign --name": lambda r, v: sign_args(r, name=f"Förening-{v}"),
    "sign --reference": lambda r, v: sign_args(r, reference=f"RB-{v}"),
    "sign --signed-by-title": lambda r, v: sign_args(r, signed_by_title=f"Ordförande {v}"),
    "sign --legal-form": lambda r, v: sign_args(r, legal_form=f"enskild firma {v}"),
    "sign --municipality": lambda r, v: sign_args(r, municipality=f"Halmstad {v}"),
    "sign --slug": lambda r, v: sign_args(r, slug=f"firma-{v}"),
    "sign --approved-by": lambda r, v: sign_args(r, approved_by=f"Styrgruppen {v}"),
    "sign --branch": lambda r, v: sign_args(r, "--branch", f"sign/{v}"),
    "withdraw --reason": lambda r, v: withdraw_args(r, reason=f"Ordföranden {v} avgick"),
    "withdraw --reference": lambda r, v: withdraw_args(r, reference=f"RB-{v}"),
    "confirm --reference": lambda r, v: [
        "confirm",
        "demo",
        "foreningen-exempel",
        "--repo",
        r,
        "--reference",
        f"RB-{v}",
    ],
    "erase ORG": lambda r, v: ["erase", "demo", f"Föreningen {v}", "--repo", r],
}
PNR_CASES = [(o, FORMS[i % len(FORMS)]) for i, o in enumerate(OPTIONS)] + [
    ("sign --name", f) for f in FORMS[1:]
]
"""Every option with one of the forms, and every form through --name (the property tests in
tests/property/hostile_props_test.py generate the forms for the value check itself)."""


@pytest.mark.parametrize(("option", "form"), PNR_CASES, ids=[f"{o}:{f!r}" for o, f in PNR_CASES])
def test_no_option_carries_a_personal_identity_number_anywhere(
    run_line, demo_repo: Path, option: str, form: str
) -> None:
    before = snapshot_tree(demo_repo)
    result = run_line(OPTIONS[option](demo_repo, form))
    assert result.exit_code in (1, 2), result.output
    assert "9876" not in result.output and "\uff19\uff18\uff17\uff16" not in result.output
    assert snapshot_tree(demo_repo) == before
    assert (
        "9876"
        not in subprocess.run(
            ["git", "log", "--all", "--format=%B%n%D"],
            cwd=demo_repo,
            capture_output=True,
            text=True,
        ).stdout
    )


# ----------------------------------------------------------------------------- the machine's limits

RESERVED = [
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
]


def test_every_name_windows_reserves_is_refused_as_a_slug_and_avoided_in_one() -> None:
    from overens.model.identity import slug_problem, slugify

    for name in RESERVED:
        assert "reserves for a device" in (slug_problem(name) or "")
        assert slugify(name.upper()) == f"{name}-org" and slug_problem(slugify(name)) is None


@pytest.mark.parametrize("slug", ["con", "lpt1", "a" * 300, "a-" * 60 + "b"])
def test_a_slug_windows_or_the_file_system_refuses_is_refused(
    run_line, demo_repo: Path, slug: str
) -> None:
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, slug=slug))
    assert result.exit_code == 1, result.output
    assert "reserves for a device" in result.stderr or "at most 80 characters" in result.stderr
    assert snapshot_tree(demo_repo) == before


@pytest.mark.parametrize("name", ["Con", "NUL", "Aux", "Lpt1"])
def test_a_name_windows_reserves_gets_a_file_name_it_does_not(
    run_line, demo_repo: Path, name: str
) -> None:
    result = run_line(sign_args(demo_repo, name=name, slug=None))
    assert result.exit_code == 0, result.output
    assert (demo_repo / SIGNATORIES / f"{name.lower()}-org.yaml").is_file()


FAR_DATES = [
    ["check", "--as-of", "9999-12-31", "--no-cache"],
    ["check", "--as-of", "0001-01-01", "--no-cache"],
    ["list", "demo", "--as-of", "9999-12-31"],
    ["render", "demo", "--as-of", "9999-12-31", "--no-cache"],
    ["withdraw", "demo", "foreningen-exempel", "--notice-date", "9999-12-31", "--reference", "X"],
    [
        "withdraw",
        "demo",
        "foreningen-exempel",
        "--notice-date",
        "2024-05-02",
        "--effective",
        "9999-12-31",
        "--reference",
        "X",
        "--dry-run",
    ],
]


@pytest.mark.parametrize("args", FAR_DATES, ids=lambda a: " ".join(a[:4]))
def test_dates_at_the_ends_of_the_calendar(run_line, demo_repo: Path, args: list[str]) -> None:
    exempel = demo_repo / EXEMPEL
    exempel.write_text(
        exempel.read_text().replace(
            "        reference: DNR 2021/15\n",
            '        reference: DNR 2021/15\n    withdrawal:\n      notice_date: "9999-12-30"\n'
            '      effective: "9999-12-31"\n',
        )
        if "check" in args
        else exempel.read_text()
    )
    result = run_line([*args, "--repo", demo_repo])
    assert result.exit_code in (0, 1), result.output
    assert "unexpected error" not in result.output


def _mount(kind: str, target: Path, options: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", *kind.split(), "-o", options, str(target)], capture_output=True)
    return done.returncode == 0


@pytest.mark.parametrize("command", ["sign", "withdraw", "erase"])
def test_a_read_only_agreements_folder(demo_repo: Path, command: str) -> None:
    folder = demo_repo / "agreements"
    if not _mount("--bind " + str(folder), folder, "bind"):
        pytest.skip("needs root to mount a read-only folder")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        before = snapshot_tree(demo_repo)
        result = run_cli(COMMANDS[command](demo_repo), cwd=demo_repo, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "Read-only file system" in result.stderr and "nothing was changed" in result.stderr
        assert snapshot_tree(demo_repo) == before
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("left_kib", [2, 6, 12])
def test_a_full_disk(tmp_path: Path, left_kib: int) -> None:
    repo = tmp_path / "small"
    repo.mkdir()
    if not _mount("-t tmpfs tmpfs", repo, "size=640k"):
        pytest.skip("needs root to mount a small file system")
    try:
        shutil.copytree(Path(__file__).parents[1] / "fixtures" / "repo", repo, dirs_exist_ok=True)
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "initial"]):
            subprocess.run(["git", *args], cwd=repo, check=True)
        free = shutil.disk_usage(repo).free
        (repo / "filler").write_bytes(b"\0" * max(0, free - left_kib * 1024))
        before = snapshot_tree(repo)
        result = run_cli(sign_args(repo), cwd=repo, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "No space left on device" in result.stderr or "Out of diskspace" in result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot_tree(repo) == before
    finally:
        subprocess.run(["umount", str(repo)], check=False)


def test_messages_never_echo_a_huge_value(run_line, demo_repo: Path) -> None:
    exempel = demo_repo / EXEMPEL
    exempel.write_text(exempel.read_text().replace("sector: ideburen", "sector: " + "z" * 90_000))
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 1
    assert "z" * 100 not in result.output and "(90,000 characters)" in result.output


DATA_SETUP_CASES = len(CASES) + len(PNR_CASES) + len(RESERVED) + 4 + 4 + len(FAR_DATES) + 3 + 3 + 1
"""Hostile set-ups and arguments generated here (stated in SECURITY.md)."""
