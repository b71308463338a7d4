"""The rows of the public face: `overens site` on 100 × 100 (from nothing, and after one signatory
file changed) and `overens followup` of an agreement with 1,000 signatories, measured in the same
run as the cold check they are held to."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import generate
from corpora import Corpus, corpus
from rows import AS_OF, SignatoryEdit, check_command, first_agreement
from timing import CACHE_DIR, Bench, Run, Target, ratio, why


class SetAside:
    """Before a run: each path (a key) moved into its holding folder (the value, beside the
    repository rather than in it) instead of deleted, until :meth:`delete` after the row.

    On an ext4 file system without a journal (this benchmark's machine), a new file's inode is
    not one freed in the last minute or so: each file created skips every inode deleted just
    before it, in its group. A site of 2,500 files made right after the last run's was deleted
    spent 2-3 s more in the kernel (`perf`: `recently_deleted` under `ext4_create`), a cost of
    the benchmark's own clean-up that a first build into a new folder does not pay."""

    count = itertools.count(1)

    def __init__(self, paths: dict[Path, Path]) -> None:
        self.paths = paths

    def __call__(self) -> None:
        n = next(self.count)
        for path, holding in self.paths.items():
            if path.exists():
                holding.mkdir(exist_ok=True)
                path.rename(holding / str(n))

    def delete(self) -> None:
        for holding in self.paths.values():
            shutil.rmtree(holding, ignore_errors=True)


def public_rows(b: Bench, mid: Corpus, made: tuple[Path, int, bool]) -> list[Target]:
    """``made``: where corpora are kept, their seed and whether to make them again (for the
    1 × 1,000 corpus the report is made of)."""
    if b.help("site") is None:
        return []
    wide = corpus(made[0], 1, 1_000, made[1], made[2])
    site_out = b.scratch / "site"
    site_cmd = [*b.overens, "site", "--output", str(site_out), "--as-of", AS_OF]

    # The check's cache goes to the same holding folder as the site's, so one delete() ends both.
    cache = {mid.path / CACHE_DIR: mid.path.with_name(mid.path.name + ".cache-set-aside")}
    aside = SetAside({**cache, site_out: b.scratch / "site-set-aside"})
    site_cold, check_cold = b.pair(
        Run(
            "site 100x100 from nothing",
            [*site_cmd, "--repo", str(mid.path)],
            mid.path,
            before=aside,
            note="no .overens-cache/ and no site folder (the last ones set aside, deleted after "
            "the row): every file read and written",
        ),
        Run(
            "check cold 100x100, in turn with the site",
            [*check_command(b), "--repo", str(mid.path)],
            mid.path,
            ok=(0, 1),
            before=SetAside(cache),
        ),
    )
    aside.delete()
    edit = SignatoryEdit(mid.path / "agreements" / first_agreement(mid) / "signatories")
    site_changed = b.measure(
        "site 100x100 after a change",
        [*site_cmd, "--repo", str(mid.path)],
        cwd=mid.path,
        before=edit,
        note="one signatory file edited before each run",
    )
    b.git(mid.path, "checkout", "-q", "--", ".")
    report = [*b.overens, "followup", first_agreement(wide), "--year", str(generate.AS_OF.year - 1)]
    report += ["--output", str(b.scratch / "followup.html"), "--repo", str(wide.path)]
    followup = b.measure(
        "followup 1x1000",
        report,
        cwd=wide.path,
        note="HTML with its three charts; the check cache warm after the warm-up run",
    )
    followup_cold = b.measure(
        "followup 1x1000 cold",
        report,
        cwd=wide.path,
        before=lambda: shutil.rmtree(wide.path / CACHE_DIR, ignore_errors=True),
        note="no .overens-cache/",
    )
    return [
        Target(
            "site-vs-check",
            "site 100×100 from nothing ÷ cold check",
            ratio(site_cold, check_cold),
            1.5,
            "x",
            "max",
            why(site_cold, check_cold),
        ),
        Target(
            "site-changed",
            "site 100×100 after one signatory file changed",
            site_changed.median,
            0.5,
            "s",
            "max",
            why(site_changed),
        ),
        Target(
            "followup",
            "followup HTML, 1 agreement × 1,000 signatories",
            followup.median,
            1.0,
            "s",
            "max",
            why(followup, followup_cold),
        ),
    ]
