"""`overens erase` finds every copy it can see: earlier names of the file, every written form of a
value (folded, as a block, escaped, quoted, over lines), hand-written commit and tag messages,
and temporary copies killed runs left. The printed git-filter-repo commands are run on a fresh
clone, and the whole history (every blob of every commit, every message) is searched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git
from coordinator_helpers import EXEMPEL, SIGNATORIES, commit_all

OLD = f"{SIGNATORIES}/exempel-gammal.yaml"
FORMS = {
    "folded": "  name: >-\n    Dagny\n    Dahl\n",
    "literal block": "  name: |-\n    Dagny Dahl\n",
    "escaped": '  name: "Dagny D\\u0061hl"\n',
    "single-quoted": "  name: 'Dagny Dahl'\n",
    "plain over lines": "  name: Dagny\n    Dahl\n",
}
ERASED = ("Dagny", "Dahl", "dagny.dahl@example.se", "Bertil Berg", "bertil@example.se")


def _history_with_copies(repo: Path, form: str) -> None:
    """The file renamed (git mv) with an earlier contact written in ``form``, renamed back with
    today's contact; a hand-written commit message and a tag message naming them; a journal's
    temporary copy left by a killed run."""
    git(repo, "mv", EXEMPEL, OLD)
    old = repo / OLD
    text = old.read_text().replace("id: foreningen-exempel", "id: exempel-gammal")
    text = text.replace("  name: Bertil Berg\n", FORMS[form])
    old.write_text(text.replace("bertil@example.se", "Dagny.Dahl@Example.se"))
    commit_all(repo, "earlier name")
    git(repo, "mv", OLD, EXEMPEL)
    (repo / EXEMPEL).write_text(
        (repo / EXEMPEL)
        .read_text()
        .replace("id: exempel-gammal", "id: foreningen-exempel")
        .replace(FORMS[form], "  name: Bertil Berg\n")
        .replace("Dagny.Dahl@Example.se", "bertil@example.se")
    )
    commit_all(repo, "the name it has now")
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Talked to Dagny\nDahl and BERTIL@example.se",
    )
    git(repo, "tag", "-a", "v1", "-m", "Contact: Bertil  Berg")
    (repo / ".git" / ".overens-journal.k1ll3d.tmp").write_text('{"old": "Bertil Berg"}')


@pytest.mark.parametrize("form", list(FORMS))
def test_erase_and_the_printed_purge_leave_no_copy(run_line, demo_repo: Path, form: str) -> None:
    bin_dir = str(Path(sys.executable).parent)
    path = bin_dir + os.pathsep + os.environ["PATH"]
    if shutil.which("git-filter-repo", path=path) is None:
        pytest.skip("git-filter-repo is not installed (it is in the test extra)")
    _history_with_copies(demo_repo, form)
    result = run_line(["erase", "demo", "foreningen-exempel", "--repo", demo_repo])
    assert result.exit_code == 0, result.output
    assert "earlier name agreements/demo/signatories/exempel-gammal.yaml" in result.stdout
    assert "What neither erase nor a purge can reach" in result.stdout
    assert not list((demo_repo / ".git").glob(".overens-journal.*.tmp"))
    commands = [
        ln[4:] for ln in result.stdout.splitlines() if ln.startswith(("    git ", "    cd "))
    ]
    assert "--replace-message" in commands[2]
    done = subprocess.run(
        ["bash", "-ec", "\n".join(commands)],
        cwd=demo_repo,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    purged = Path(commands[1].split(" ", 1)[1])
    everything = git(purged, "log", "--all", "-p", "--format=%H%n%B") + git(
        purged, "for-each-ref", "--format=%(contents)", "refs/tags"
    )
    blobs = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"],
        cwd=purged,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    for value in ERASED:
        for where, text in (("history", everything), ("objects", blobs)):
            assert value.casefold() not in text.casefold(), f"{value!r} is still in the {where}"
    assert "Anna Andersson" in everything  # the signer is kept unless --signer


ERASE_COPY_CASES = len(FORMS)
"""Histories with copies in other names, forms and messages, purged and searched (SECURITY.md)."""
