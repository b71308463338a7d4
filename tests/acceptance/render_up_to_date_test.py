"""A rendered file that is up to date is told without reading the agreement
(overens.documents.up_to_date), and that answer is always the one rendering from scratch gives.

The repositories are the fictional lifecycle corpus (tests/corpus/lifecycle/), whose agreements
name each other in their succession: the document of exempelland-2014 shows the titles of the
agreements before and after it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from conftest import init_repo
from lifecycle_corpus import LIFECYCLE
from overens.constants import CACHE_DIR
from overens.documents import inputs_key
from overens.documents.options import Format, RenderOptions
from overens.documents.outputs import FileStatus, Outcome, render

AID = "exempelland-2014"
DAY = dt.date(2020, 6, 30)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    shutil.copytree(LIFECYCLE / "agreements", path / "agreements")
    return init_repo(path)


def _render(repo: Path, out: Path, fmt: str = "html", **options: object) -> Outcome:
    chosen = RenderOptions(**{"as_of": DAY, **options})  # type: ignore[arg-type]
    (outcome,) = render(AID, [Format(fmt)], out, chosen, repo=repo)
    return outcome


def _scratch(repo: Path, out: Path, fmt: str = "html", **options: object) -> bytes:
    chosen = RenderOptions(**{"as_of": DAY, **options})  # type: ignore[arg-type]
    (outcome,) = render(AID, [Format(fmt)], out, chosen, repo=repo, use_cache=False)
    return outcome.content


def _index_files(repo: Path) -> set[str]:
    return {p.name for p in (repo / CACHE_DIR).glob(f"*-{AID}.json")}


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (as long) and put the modification time back: only the change
    time and the bytes tell."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_every_change_gives_what_rendering_from_scratch_gives(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files written by a test are seconds old, so every folder would count as changed just now
    (and the file would be rendered again); here none does, so the stat alone decides."""
    monkeypatch.setattr(inputs_key, "RACY_NS", 0)
    out, fresh = tmp_path / "out.html", tmp_path / "fresh.html"
    folder = repo / "agreements" / AID

    def step(name: str) -> FileStatus:
        status = _render(repo, out).status
        assert out.read_bytes() == _scratch(repo, fresh), name
        return status

    assert step("first") is FileStatus.WRITTEN
    shown = out.read_bytes()
    # Nothing changed: told from the record alone; the signatory index is not even read.
    for name in _index_files(repo):
        (repo / CACHE_DIR / name).unlink()
    assert step("nothing") is FileStatus.UNCHANGED
    assert _index_files(repo) == set()

    signatory = folder / "signatories" / "provby-idrottsallians.yaml"
    _same_size_edit(signatory, "Provby Idrottsallians", "Provby Idrottsalliant")
    assert step("same size") is FileStatus.WRITTEN and out.read_bytes() != shown
    added = folder / "signatories" / "ny-forening.yaml"
    text = signatory.read_text(encoding="utf-8")
    added.write_text(
        text.replace("id: provby-idrottsallians", "id: ny-forening").replace(
            "Provby Idrottsalliant", "Nya föreningen i Provby"
        ),
        encoding="utf-8",
    )
    assert step("added") is FileStatus.WRITTEN
    added.unlink()
    assert step("removed") is FileStatus.WRITTEN
    os.utime(signatory)
    assert step("touched") is FileStatus.UNCHANGED  # rendered again: the same bytes

    # The agreement before it in the succession: its title is in this document.
    before = repo / "agreements" / "exempelland-2010" / "agreement.yaml"
    title = "Överenskommelse om samverkan mellan Region Exempelland"
    shown = out.read_bytes()
    _same_size_edit(before, title, title.replace("samverkan", "samverkaN"))
    assert step("linked title") is FileStatus.WRITTEN and out.read_bytes() != shown

    # The rendered file itself edited, or removed: rendered again.
    _same_size_edit(out, "<html", "<HTML")
    assert step("output edited") is FileStatus.WRITTEN
    out.unlink()
    assert step("output removed") is FileStatus.WRITTEN


def test_options_and_formats_are_kept_apart(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs_key, "RACY_NS", 0)
    out = tmp_path / "out"
    out.mkdir()
    later = dt.date(2024, 1, 1)
    for options in ({}, {"as_of": later}, {"lang": "en"}, {"include_contacts": True}):
        for fmt in ("md", "html"):
            _render(repo, out, fmt, **options)
            assert (out / f"{AID}.{fmt}").read_bytes() == _scratch(
                repo, tmp_path / f"fresh.{fmt}", fmt, **options
            ), (options, fmt)
    # A record kept for one day is not taken for another's file.
    day_file = _scratch(repo, tmp_path / "day.md", "md")
    assert _scratch(repo, tmp_path / "later.md", "md", as_of=later) != day_file
    _render(repo, out, "md", as_of=later)
    assert _render(repo, out, "md").status is FileStatus.WRITTEN
    assert (out / f"{AID}.md").read_bytes() == day_file
    assert _render(repo, out, "md").status is FileStatus.UNCHANGED


def test_a_folder_changed_just_now_is_rendered_again(repo: Path, tmp_path: Path) -> None:
    """With the real two seconds: every file the test wrote is younger than that, so nothing is
    taken from the record and the index is read (and written) again each time."""
    out = tmp_path / "out.html"
    _render(repo, out)
    for name in _index_files(repo):
        (repo / CACHE_DIR / name).unlink()
    assert _render(repo, out).status is FileStatus.UNCHANGED
    assert _index_files(repo)


def test_repository_templates_are_always_rendered(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs_key, "RACY_NS", 0)
    (repo / "templates").mkdir()
    out = tmp_path / "out.html"
    _render(repo, out)
    _render(repo, out)
    assert not (repo / CACHE_DIR / "renders.json").exists()
