"""`sign`, `withdraw` and `erase` killed with SIGKILL at every point of a change.

Each case runs the real command as a subprocess with OVERENS_FAULT_POINT set, so that it stops
itself (SIGSTOP) at that point (overens.faults: a test seam, not a mock); or, for the point
inside `git commit`, a pre-commit hook blocks. The test then kills the whole process group with
SIGKILL, as a crash would, and checks:

* right after the kill: HEAD is the old commit or the new one, nothing else;
* the next run (signing another organisation) succeeds: no leftover lock, journal or temporary
  file blocks it, and it settles the interrupted change first;
* the repository it built on was exactly as before the killed command or exactly as after it
  (the files, the index and HEAD), as the point predicts; nothing else was left behind;
* `validate` is clean and `check` reports nothing that was not reported before.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import git
from coordinator_helpers import EXEMPEL, HALLAND, ORG_OTHER, install_hook, sign_args, withdraw_args
from overens import faults

POINTS = [*faults.POINTS[:5], "during-commit", *faults.POINTS[5:]]
"""Every point a change passes, in order; "during-commit" is a blocking pre-commit hook."""
ROLLED_FORWARD = {"after-commit", "after-index-update"}
NO_JOURNAL_YET = {"before-lock", "after-lock"}

OTHER = "agreements/demo/signatories/blekinge-folkrorelser.yaml"
AS_OF = "2024-06-01"


def _erase_args(repo: Path) -> list[str]:
    return ["erase", "demo", "foreningen-exempel", "--repo", str(repo)]


COMMANDS: dict[str, tuple[Callable[[Path], list[str]], str, str]] = {
    # name: (command line, the file it writes, its commit subject)
    "sign": (lambda r: sign_args(r), HALLAND, "sign(demo): Hallands bildningsförbund"),
    "withdraw": (lambda r: withdraw_args(r), EXEMPEL, "withdraw(demo): Föreningen Exempel"),
    "erase": (_erase_args, EXEMPEL, "erase(demo): personal data of Föreningen Exempel"),
}
SCENARIOS = [(c, p) for c in ("sign", "withdraw") for p in POINTS] + [
    ("erase", p) for p in ("after-journal", "after-replace", "during-commit", "after-commit")
]


def _files(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file()
        and ".git" not in p.relative_to(repo).parts
        # check's cache, written by the `check` runs of this test; git ignores it
        and ".overens-cache" not in p.relative_to(repo).parts
    }


def _state(repo: Path) -> dict[str, object]:
    """Files, index entries and HEAD: what "exactly as before" compares."""
    return {
        "files": _files(repo),
        "index": git(repo, "ls-files", "--stage"),
        "head": git(repo, "rev-parse", "HEAD").strip(),
    }


def _check_findings(run_line, repo: Path) -> set[tuple[str, str, str]]:
    result = run_line(["check", "--repo", repo, "--as-of", AS_OF, "--format", "json"])
    assert "Traceback" not in result.output
    return {(f["rule"], f["file"], f["message"]) for f in json.loads(result.stdout)["findings"]}


def _expected_file(run_line, command: str, args: list[str], repo: Path) -> bytes:
    """The bytes the command's file has once the command is done, from a dry run."""
    if command == "erase":
        from overens.membership.erase import EraseRequest, erase
        from overens.vcs.transaction import Delivery

        done = erase(
            EraseRequest("demo", "foreningen-exempel"), repo=repo, delivery=Delivery(dry_run=True)
        )
        assert done.text is not None
        return done.text.encode()
    dry = run_line([*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    return dry.stdout.encode()


def _kill_at(args: list[str], point: str, repo: Path, logs: Path) -> None:
    """Run ``overens args`` until it reaches ``point``, then SIGKILL its whole process group."""
    env = {**os.environ, faults.FAULT_POINT_ENV: point, "OVERENS_LOCK_TIMEOUT": "60"}
    marker = logs / "hook-reached"
    out, errs = (logs / "stdout").open("w"), (logs / "stderr").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "overens", *map(str, args)],
        cwd=repo,
        env=env,
        stdout=out,
        stderr=errs,
        start_new_session=True,
    )
    try:
        if point == "during-commit":
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert proc.poll() is None, (logs / "stderr").read_text()
                assert time.monotonic() < deadline, "the hook was never reached"
                time.sleep(0.02)
        else:
            _, status = os.waitpid(proc.pid, os.WUNTRACED)
            assert os.WIFSTOPPED(status), (
                f"the command ended before {point}: {(logs / 'stderr').read_text()}"
            )
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        try:
            proc.wait(timeout=30)
        except ChildProcessError:  # already reaped by waitpid above
            pass
        out.close()
        errs.close()


@pytest.mark.parametrize(("command", "point"), SCENARIOS, ids=[f"{c}-{p}" for c, p in SCENARIOS])
def test_killed_at_a_point_the_repository_is_as_before_or_as_after(
    run_line, demo_repo: Path, tmp_path: Path, command: str, point: str
) -> None:
    make_args, path, subject = COMMANDS[command]
    install_hook(
        demo_repo,
        "pre-commit",
        f'if [ "${faults.FAULT_POINT_ENV}" = during-commit ]; then\n'
        f'  touch "{tmp_path / "hook-reached"}"; sleep 600\nfi\n',
    )
    args = make_args(demo_repo)
    expected = _expected_file(run_line, command, args, demo_repo)
    before = _state(demo_repo)
    findings_before = _check_findings(run_line, demo_repo)

    _kill_at(args, point, demo_repo, tmp_path)

    head_now = git(demo_repo, "rev-parse", "HEAD").strip()
    if head_now != before["head"]:  # the commit was made; nothing else may have happened
        assert git(demo_repo, "rev-parse", "HEAD^").strip() == before["head"]
        assert git(demo_repo, "log", "-1", "--format=%s").strip() == subject

    nxt = run_line(sign_args(demo_repo, name="Blekinge folkrörelser", org_number=ORG_OTHER))
    assert nxt.exit_code == 0, nxt.output
    if point in NO_JOURNAL_YET:
        assert "interrupted change" not in nxt.stderr
    elif point in ROLLED_FORWARD:
        assert "was completed" in nxt.stderr, nxt.stderr
    else:
        assert "was rolled back" in nxt.stderr, nxt.stderr

    assert git(demo_repo, "log", "-1", "--format=%s").strip() == "sign(demo): Blekinge folkrörelser"
    assert git(demo_repo, "status", "--porcelain=v1", "--untracked-files=all") == ""
    leftovers = [p.name for p in (demo_repo / ".git").iterdir() if p.name.startswith("overens-")]
    assert leftovers == [], leftovers
    base = git(demo_repo, "rev-parse", "HEAD^").strip()
    files = _files(demo_repo)
    other = files.pop(OTHER)
    assert other == git(demo_repo, "show", f"HEAD:{OTHER}").encode()
    if point in ROLLED_FORWARD:
        # Exactly as after: one commit on top of the old HEAD, touching only the command's file.
        assert git(demo_repo, "rev-parse", "HEAD^^").strip() == before["head"]
        assert git(demo_repo, "log", "-1", "--format=%s", "HEAD^").strip() == subject
        assert git(
            demo_repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD^"
        ).split() == [path]
        assert files[path] == expected
        if path in before["files"]:
            files[path] = before["files"][path]
        else:
            files.pop(path)
    else:
        # Exactly as before: the next run's commit sits directly on the old HEAD.
        assert base == before["head"]
    assert files == before["files"]
    index = git(demo_repo, "ls-files", "--stage").splitlines()
    expected_index = set(before["index"].splitlines())
    changed = {OTHER} | ({path} if point in ROLLED_FORWARD else set())
    assert {ln for ln in index if ln.split("\t")[1] not in changed} == {
        ln for ln in expected_index if ln.split("\t")[1] not in changed
    }

    assert run_line(["validate", "--repo", demo_repo]).exit_code == 0
    new = _check_findings(run_line, demo_repo) - findings_before
    if command == "erase" and point in ROLLED_FORWARD:  # erased: it names no contact person now
        new = {f for f in new if f[:2] != ("contact-person", path)}
    assert new == set()


def test_the_points_are_every_point_of_a_change() -> None:
    assert len(SCENARIOS) == 20
    assert set(POINTS) == {*faults.POINTS, "during-commit"}
