"""The benchmark's rows of what a coordinator does every day at 10,000 signatories: list, sign,
withdraw, history, and check after switching branches; and the targets they are held to.

Every command reads the agreement's signatories from the signatory index (decision 0702), so
these rows are taken with the index in place (the warm-up run builds it, as the first command
after a clone does), except "list 1x10000 cold", which removes .overens-cache/ before each run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from corpora import Corpus
from rows import AS_OF, check_command, first_agreement, floor_run, reset_after, sign_run
from timing import Bench, Measurement, Run, Target, clear_cache, ratio, why


def list_rows(b: Bench, wide: Corpus) -> list[Target]:
    """``overens list`` on one agreement of 10,000 signatories, to a file (plain rows); with no
    cache, in turn with the parse floor of the same files."""
    cmd = [*b.overens, "list", first_agreement(wide), "--as-of", AS_OF]
    warm = b.measure("list 1x10000", cmd, cwd=wide.path, note="the index in place, to a file")
    b.measure("list 1x10000 --json", [*cmd, "--json"], cwd=wide.path)
    cold, floor = b.pair(
        Run(
            "list 1x10000 cold",
            cmd,
            wide.path,
            before=clear_cache(wide.path),
            note="no .overens-cache/: every file read and checked",
        ),
        floor_run(wide),
    )
    return [
        Target("list", "list, 1 agreement × 10,000 signatories", warm.median, 0.5, "s", "max"),
        Target(
            "list-cold-vs-floor",
            "… with no cache ÷ parse floor of the same files",
            ratio(cold, floor),
            1.2,
            "x",
            "max",
            why(cold, floor),
        ),
    ]


def _active(c: Corpus) -> str:
    """An organisation of the corpus's first agreement that has signed and not withdrawn."""
    folder = c.path / "agreements" / first_agreement(c) / "signatories"
    for path in sorted(folder.glob("*.yaml")):
        last = yaml.safe_load(path.read_text(encoding="utf-8"))["memberships"][-1]
        if "withdrawal" not in last and last["signed"].get("date", "9999") < "2025-01-01":
            return path.stem
    raise SystemExit(f"no active signatory in {folder}")


def withdraw_run(b: Bench, c: Corpus, name: str, *, by_name: bool = False) -> Run:
    """Withdraw an active organisation named by its file name (what ``overens list`` shows), or
    by its exact name (every file is then compared)."""
    who = _active(c)
    if by_name:
        folder = c.path / "agreements" / first_agreement(c) / "signatories"
        who = yaml.safe_load((folder / f"{who}.yaml").read_text(encoding="utf-8"))["name"]
    cmd = [*b.overens, "withdraw", first_agreement(c), who, "--notice-date", "2025-06-01"]
    cmd += ["--reference", "DNR 2025/9"]
    return Run(name, cmd, c.path, after=reset_after(b, c.path))


def membership_rows(b: Bench, wide: Corpus, small: Corpus) -> list[Target]:
    """sign and withdraw, each committed, into 10,000 signatories in turn with the same into
    100."""
    help_text = b.help("sign")
    if help_text is None:
        return []
    beside = "in turn with 1x10000"
    sign_wide, sign_small = b.pair(
        sign_run(b, wide, help_text),
        sign_run(b, small, help_text, f"sign + commit 1x100, {beside}"),
    )
    withdraw_wide, withdraw_small = b.pair(
        withdraw_run(b, wide, "withdraw + commit 1x10000"),
        withdraw_run(b, small, f"withdraw + commit 1x100, {beside}"),
    )
    by_name_wide, by_name_small = b.pair(
        withdraw_run(b, wide, "withdraw by name + commit 1x10000", by_name=True),
        withdraw_run(b, small, f"withdraw by name + commit 1x100, {beside}", by_name=True),
    )
    return [
        Target(
            "sign-10000",
            "sign+commit 1×10,000 ÷ 1×100",
            ratio(sign_wide, sign_small),
            1.5,
            "x",
            "max",
            why(sign_wide, sign_small),
        ),
        Target(
            "withdraw-10000",
            "withdraw+commit 1×10,000 ÷ 1×100",
            ratio(withdraw_wide, withdraw_small),
            1.5,
            "x",
            "max",
            why(withdraw_wide, withdraw_small),
        ),
        Target(
            "withdraw-by-name-10000",
            "… the organisation named by its name (every file's stat compared)",
            ratio(by_name_wide, by_name_small),
            1.5,
            "x",
            "max",
            why(by_name_wide, by_name_small),
        ),
    ]


def _withdrawn_in_history(b: Bench, c: Corpus) -> str:
    """The organisation the history's first withdrawal commit names (its file has two commits)."""
    commits = b.git(c.path, "rev-list", "--reverse", "HEAD").split()
    changed = b.git(c.path, "diff-tree", "--no-commit-id", "--name-only", "-r", commits[2])
    return Path(changed.split()[0]).stem


def history_rows(b: Bench, lived: Corpus) -> list[Target]:
    agreement = first_agreement(lived)
    commits = len(b.git(lived.path, "rev-list", "HEAD").split())
    note = f"{commits} commits"
    whole = b.measure(
        "history 1x10000", [*b.overens, "history", agreement], cwd=lived.path, note=note
    )
    org = _withdrawn_in_history(b, lived)
    one = b.measure(
        "history 1x10000 --org",
        [*b.overens, "history", agreement, "--org", org],
        cwd=lived.path,
        note=note,
    )
    return [
        Target("history", f"history, 10,000 signatories, {note}", whole.median, 1.0, "s", "max"),
        Target("history-org", "… --org (one organisation)", one.median, 0.3, "s", "max"),
    ]


class Switch:
    """Before each run, check out the other branch (``review`` and ``main`` in turn)."""

    def __init__(self, b: Bench, repo: Path) -> None:
        self.b, self.repo, self.count = b, repo, 0

    def __call__(self) -> None:
        self.count += 1
        self.b.git(self.repo, "checkout", "-q", "review" if self.count % 2 else "main")


def switch_rows(b: Bench, branched: Corpus, cold: Measurement) -> list[Target]:
    """check after switching to a branch checked before (both are checked once, untimed)."""
    cmd = [*check_command(b), "--repo", str(branched.path)]
    for branch in ("review", "main"):  # each branch checked once before the measurement
        b.git(branched.path, "checkout", "-q", branch)
        subprocess.run(cmd, cwd=branched.path, env=b.env, capture_output=True, check=False)
    switch = Switch(b, branched.path)
    after = b.measure(
        "check 100x100 after switching branch",
        cmd,
        cwd=branched.path,
        ok=(0, 1),
        before=switch,
        note="10 of 100 agreements differ between the branches",
    )
    b.git(branched.path, "checkout", "-q", "main")
    return [
        Target(
            "check-switch-vs-cold",
            "check after switching back to a checked branch ÷ cold",
            ratio(after, cold),
            0.25,
            "x",
            "max",
            why(after, cold),
        )
    ]
