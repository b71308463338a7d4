"""`overens render` with its cache of rendered documents: never stale (issue #7).

After each change the render is compared with one from an empty cache (``.overens-cache/``
removed), which computes everything; the cache must give the same bytes, or the same error.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from overens.constants import CACHE_DIR
from overens.document import RenderOptions
from overens.render_cache import RenderedDocuments

SIGNATORIES = Path("agreements/demo/signatories")
SIGNATORY = SIGNATORIES / "foreningen-exempel.yaml"


def _render(run_line: Any, repo: Path, *extra: str) -> tuple[int, bytes | str]:
    out = repo.parent / "out.html"
    out.unlink(missing_ok=True)
    result = run_line(["render", "demo", "--format", "html", "--output", out, "--repo", repo,
                       "--as-of", "2025-06-30", *extra])
    return result.exit_code, out.read_bytes() if result.exit_code == 0 else result.output


def _same_as_uncached(run_line: Any, repo: Path, *extra: str) -> tuple[int, bytes | str]:
    cached = _render(run_line, repo, *extra)
    saved = repo.parent / "saved-cache"
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(repo / CACHE_DIR, saved)
    shutil.rmtree(repo / CACHE_DIR)
    assert _render(run_line, repo, *extra) == cached
    shutil.rmtree(repo / CACHE_DIR)
    shutil.copytree(saved, repo / CACHE_DIR)  # the next change meets this cache, not an empty one
    return cached


def _stored(repo: Path, **options: Any) -> bool:
    import datetime as dt

    opts = RenderOptions(as_of=dt.date(2025, 6, 30), **options)
    return RenderedDocuments(repo, "demo", "html", opts).get() is not None


def test_an_unchanged_repository_is_answered_from_the_cache(demo_repo: Path, run_line: Any) -> None:
    first = _render(run_line, demo_repo)
    assert first[0] == 0
    assert _stored(demo_repo)
    assert not _stored(demo_repo, lang="en")  # other options: another key
    assert _render(run_line, demo_repo) == first


def test_every_change_gives_what_an_empty_cache_gives(demo_repo: Path, run_line: Any) -> None:
    before = _same_as_uncached(run_line, demo_repo)
    assert before[0] == 0
    path = demo_repo / SIGNATORY
    # Edited content, then an edit that keeps the size (a stat-only cache could miss it).
    path.write_text(path.read_text(encoding="utf-8").replace("Föreningen Exempel", "Föreningen Andra"),
                    encoding="utf-8")
    edited = _same_as_uncached(run_line, demo_repo)
    assert edited[0] == 0 and b"Andra" in edited[1] and edited != before
    path.write_text(path.read_text(encoding="utf-8").replace("Andra", "Tredj"), encoding="utf-8")
    assert b"Tredj" in _same_as_uncached(run_line, demo_repo)[1]
    # Added, renamed (an id that no longer matches: an error), removed.
    copy = demo_repo / SIGNATORIES / "nya-foreningen.yaml"
    copy.write_text(path.read_text(encoding="utf-8").replace("id: foreningen-exempel", "id: nya-foreningen")
                    .replace("Tredj", "Nya"), encoding="utf-8")
    assert b"Nya" in _same_as_uncached(run_line, demo_repo)[1]
    renamed = demo_repo / SIGNATORIES / "omdopt.yaml"
    copy.rename(renamed)
    code, output = _same_as_uncached(run_line, demo_repo)
    assert code != 0 and "omdopt" in str(output)
    renamed.unlink()
    assert b"Nya" not in _same_as_uncached(run_line, demo_repo)[1]
    # An invalid file is reported, never hidden by a stored rendering.
    (demo_repo / SIGNATORIES / "trasig.yaml").write_text("id: trasig\nname: [\n", encoding="utf-8")
    assert _same_as_uncached(run_line, demo_repo)[0] != 0


def test_templates_options_and_links(demo_repo: Path, run_line: Any) -> None:
    first = _same_as_uncached(run_line, demo_repo)
    assert _same_as_uncached(run_line, demo_repo, "--lang", "en") != first
    assert _same_as_uncached(run_line, demo_repo, "--as-of", "2020-01-01") != first
    templates = demo_repo / "templates"
    templates.mkdir()
    (templates / "agreement.html.jinja").write_text("<p>{{ doc.agreement.title }}</p>\n", encoding="utf-8")
    own = _same_as_uncached(run_line, demo_repo)
    assert own[0] == 0 and own[1].startswith(b"<p>")
    (templates / "agreement.html.jinja").write_text("<p>{{ doc.agreement.id }}</p>\n", encoding="utf-8")
    assert _same_as_uncached(run_line, demo_repo)[1] == b"<p>demo</p>\n"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_linked_template_is_never_cached(demo_repo: Path, run_line: Any, tmp_path: Path) -> None:
    outside = tmp_path / "outside.jinja"
    outside.write_text("<p>one</p>\n", encoding="utf-8")
    templates = demo_repo / "templates"
    templates.mkdir()
    (templates / "agreement.html.jinja").symlink_to(outside)
    first = _render(run_line, demo_repo)
    assert first[0] != 0 and "symbolic link" in str(first[1])  # render refuses linked templates
    assert not _stored(demo_repo)
    outside.write_text("<p>two</p>\n", encoding="utf-8")
    assert _render(run_line, demo_repo) == first
