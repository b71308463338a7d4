"""`overens site`: pages, feeds and open data from real git repositories, through the real CLI.

Reproducible (the same commit gives the same bytes, no clock), incremental (only what a change
touches is made and written again), feeds with stable ids, the register and its Data Package
(validated with frictionless), languages, and no personal data in any file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import PROJECT, git
from overens.documents import inputs_key
from overens.documents.site.build import SiteOptions, build_site
from overens.store.cache import RACY_NS
from public_corpus import ORGANISATIONS, PLANTED, SHA, make_repo

ATOM = "{http://www.w3.org/2005/Atom}"
SHIPPED = sorted(p.name for p in (PROJECT / "agreements").iterdir() if p.is_dir())


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _site(run_line, repo: Path, out: Path, *extra: object) -> str:
    result = run_line(["site", "--output", out, "--repo", repo, *extra])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def fictional(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "fictional")


def test_the_shipped_repository_becomes_a_site(
    run_line, shipped_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    said = _site(run_line, shipped_repo, out)
    files = _tree(out)
    for aid in SHIPPED:
        for name in ("index.html", "feed.xml", "signatories.csv", "signatories.json"):
            assert f"{aid}/{name}" in files, f"{aid}/{name} missing"
    for name in (
        "index.html",
        "feed.xml",
        "datapackage.json",
        "assets/site.css",
        "assets/filter.js",
    ):
        assert name in files
    index = files["index.html"].decode()
    for aid in SHIPPED:
        assert f'href="{aid}/index.html"' in index
    blekinge = files["blekinge/index.html"].decode()
    assert "Anslutna organisationer (2)" in blekinge
    assert "Nätverket Idéburet Blekinge" in blekinge
    assert '<html lang="sv">' in blekinge
    # The agreement's text is the one render makes: its principles are on the page.
    assert 'id="principle-1"' in blekinge
    assert f"{len(files)} file(s) written" in said


def test_the_same_commit_gives_the_same_bytes(run_line, fictional: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _site(run_line, fictional, first)
    shutil.rmtree(fictional / ".overens-cache", ignore_errors=True)
    _site(run_line, fictional, second, "--no-cache")
    assert _tree(first) == _tree(second)
    # No date from the clock: the site's day is the commit's.
    day = git(fictional, "log", "-1", "--format=%cs").strip()
    assert f"{day[:4]}" in (first / "index.html").read_text()


def test_a_rebuild_writes_nothing_and_one_change_rewrites_one_agreement(
    run_line, fictional: Path, shipped_repo: Path, tmp_path: Path
) -> None:
    # Two agreements: the fictional one and a shipped one beside it.
    shutil.copytree(shipped_repo / "agreements" / "blekinge", fictional / "agreements" / "blekinge")
    git(fictional, "add", "-A")
    git(fictional, "commit", "-q", "--no-gpg-sign", "-m", "blekinge")
    out = tmp_path / "site"
    _site(run_line, fictional, out)
    stamps = {rel: (out / rel).stat().st_mtime_ns for rel in _tree(out)}

    again = build_site(out, SiteOptions(), repo=fictional)
    assert again.written == () and again.rebuilt == () and again.removed == ()

    path = fictional / "agreements" / "demo" / "signatories" / "alfa-if.yaml"
    path.write_text(path.read_text().replace("Exempelstad", "Nyby"), encoding="utf-8")
    changed = build_site(out, SiteOptions(), repo=fictional)
    assert changed.rebuilt == ("demo",)
    assert not any(rel.startswith("blekinge/") for rel in changed.written)
    assert "demo/index.html" in changed.written and "demo/kommun/nyby.html" in changed.written
    assert "demo/signatories.csv" in changed.written
    assert "demo/feed.xml" not in changed.written  # a new municipality is no news
    assert changed.removed == ()  # Exempelstad still has members
    for rel, stamp in stamps.items():
        if rel not in changed.written:
            assert (out / rel).stat().st_mtime_ns == stamp, f"{rel} was rewritten"
    # The result is the one a build from scratch gives.
    fresh = tmp_path / "fresh"
    build_site(fresh, SiteOptions(), repo=fictional, use_cache=False)
    assert _tree(out) == _tree(fresh)


def test_every_change_gives_what_a_build_from_scratch_gives(
    fictional: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Agreements are looked at again by the stat of their files (inputs_key.tree): after each kind of
    change, the kept site is byte for byte the one a build without the cache makes. Files
    written by a test are seconds old, so every folder would count as changed just now (and be
    loaded again); here none does, so the stat alone decides."""
    monkeypatch.setattr(inputs_key, "RACY_NS", 0)
    out = tmp_path / "site"
    folder = fictional / "agreements" / "demo" / "signatories"
    path = folder / "alfa-if.yaml"

    def same_as_scratch(step: str) -> None:
        build_site(out, SiteOptions(), repo=fictional)
        fresh = tmp_path / f"fresh-{step}"
        build_site(fresh, SiteOptions(), repo=fictional, use_cache=False)
        assert _tree(out) == _tree(fresh), step

    same_as_scratch("first")
    # The same size, and the modification time put back: the change time still moves.
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "Exempelstad" in text
    path.write_text(text.replace("Exempelstad", "Exempelstan"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    same_as_scratch("same-size")
    # Added, removed, and a file that is not a signatory beside them.
    added = folder / "ny-forening.yaml"
    added.write_text(
        path.read_text(encoding="utf-8").replace("id: alfa-if", "id: ny-forening"),
        encoding="utf-8",
    )
    same_as_scratch("added")
    added.unlink()
    same_as_scratch("removed")
    # Touched only: looked at again, nothing written.
    os.utime(path)
    again = build_site(out, SiteOptions(), repo=fictional)
    assert again.written == () and again.removed == ()


def test_a_folder_changed_just_now_is_looked_at_again(fictional: Path) -> None:
    """A file whose stat is as young as the file system's coarsest timestamps (RACY_NS) may change
    again without its stat moving: its agreement's key is never found by a later build."""
    day = dt.date(2025, 6, 30)
    settled = time.time_ns() + 2 * RACY_NS  # as if the build ran two RACY_NS from now
    first = inputs_key.tree("program", day, fictional, "demo", settled)
    assert first == inputs_key.tree("program", day, fictional, "demo", settled)
    assert first != inputs_key.tree(
        "program", day + dt.timedelta(days=1), fictional, "demo", settled
    )
    assert first != inputs_key.tree("other program", day, fictional, "demo", settled)
    path = fictional / "agreements" / "demo" / "signatories" / "alfa-if.yaml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # the same bytes
    now = time.time_ns()
    young = inputs_key.tree("program", day, fictional, "demo", now)
    assert young.startswith("racy:") and young != inputs_key.tree(
        "program", day, fictional, "demo", now
    )
    later = time.time_ns() + 2 * RACY_NS
    assert inputs_key.tree("program", day, fictional, "demo", later) not in (first, young)


def test_another_day_with_nothing_new_lays_out_nothing(fictional: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(out, SiteOptions(as_of=dt.date(2025, 12, 31)), repo=fictional)
    # Nothing happens between these days (Theta's withdrawal takes effect on 1 March 2026).
    later = build_site(out, SiteOptions(as_of=dt.date(2026, 1, 20)), repo=fictional)
    assert later.rebuilt == ()
    assert later.written == ()
    after = build_site(out, SiteOptions(as_of=dt.date(2026, 3, 1)), repo=fictional)
    assert after.rebuilt == ("demo",)
    assert "demo/feed.xml" in after.written


def test_worker_processes_make_the_same_site(
    fictional: Path, shipped_repo: Path, tmp_path: Path
) -> None:
    for aid in ("blekinge", "skane", "halland"):
        shutil.copytree(shipped_repo / "agreements" / aid, fictional / "agreements" / aid)
    one, two = tmp_path / "one", tmp_path / "two"
    build_site(one, SiteOptions(), repo=fictional, use_cache=False, workers=1)
    result = build_site(two, SiteOptions(), repo=fictional, use_cache=False, workers=2)
    assert sorted(result.rebuilt) == ["blekinge", "demo", "halland", "skane"]
    assert _tree(one) == _tree(two)


def test_a_page_no_longer_made_is_removed(run_line, fictional: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site(run_line, fictional, out)
    assert (out / "demo/kommun/delta.html").is_file()
    path = fictional / "agreements" / "demo" / "signatories" / "delta-kommun.yaml"
    path.write_text(path.read_text().replace("municipality: Delta", "municipality: Norrby"))
    result = build_site(out, SiteOptions(), repo=fictional)
    assert result.removed == ("demo/kommun/delta.html",)
    assert not (out / "demo/kommun/delta.html").exists()


def test_feeds_keep_their_ids_and_announce_only_what_is_new(
    run_line, fictional: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    _site(
        run_line,
        fictional,
        out,
        "--as-of",
        "2025-12-31",
        "--base-url",
        "https://example.org/avtal/",
    )

    def entries(path: Path) -> dict[str, str]:
        root = ET.parse(path).getroot()
        return {
            e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")
        }

    before = entries(out / "demo/feed.xml")
    assert "Eta förening anslöt sig" in before.values()
    assert "Beta kulturförening utträdde" in before.values()
    feed = ET.parse(out / "demo/feed.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2025-12-31T00:00:00+00:00"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert "https://example.org/avtal/demo/feed.xml" in links
    site_feed = entries(out / "feed.xml")
    assert before.items() <= site_feed.items()

    # A new organisation joins: one new entry; every old one keeps its id.
    src = fictional / "agreements" / "demo" / "signatories" / "eta.yaml"
    new = src.read_text().replace("id: eta", "id: iota").replace("Eta förening", "Iota förening")
    (src.parent / "iota.yaml").write_text(new.replace("2025-12-31", "2026-01-15"))
    _site(
        run_line,
        fictional,
        out,
        "--as-of",
        "2026-01-31",
        "--base-url",
        "https://example.org/avtal/",
    )
    after = entries(out / "demo/feed.xml")
    assert set(after) - set(before) and len(set(after) - set(before)) == 1
    assert [after[i] for i in set(after) - set(before)] == ["Iota förening anslöt sig"]
    assert before.items() <= after.items()


def test_the_timeline_shows_what_a_revision_changed(
    run_line, fictional: Path, tmp_path: Path
) -> None:
    principle = fictional / "agreements" / "demo" / "principles" / "01-dialog.yaml"
    principle.write_text(
        principle.read_text().replace("hittar vi områden", "finner vi gemensamma områden")
    )
    new = json.loads(run_line(["version", "demo", "--json", "--repo", fictional]).output)
    agreement = fictional / "agreements" / "demo" / "agreement.yaml"
    text = agreement.read_text().replace('version: "1"\n', 'version: "2"\n', 1)
    agreement.write_text(
        text
        + f"""  - version: "2"
    date: "2025-03-01"
    kind: editorial
    summary: Ett ord i princip 1.
    decided_by: Styrgruppen
    text_sha256: "{new["text_sha256"]}"
"""
    )
    git(fictional, "add", "-A")
    git(fictional, "commit", "-q", "--no-gpg-sign", "-m", "version 2")
    out = tmp_path / "site"
    _site(run_line, fictional, out, "--as-of", "2025-12-31")
    page = (out / "demo/index.html").read_text()
    assert '<section class="revision" id="revision-2">' in page
    assert "Vad som ändrats sedan version 1" in page
    assert "<strong>Omformulerad:</strong> 1. Dialog" in page
    assert (
        "<dd>Genom dialog <del>hittar</del><ins>finner</ins> vi<ins> gemensamma</ins> områden "
        "där vi kan stärka varandra.</dd>" in page
    )
    assert "Version 2 antogs" in (out / "demo/feed.xml").read_text()


def test_the_open_register_and_its_data_package(run_line, fictional: Path, tmp_path: Path) -> None:
    from frictionless import validate

    out = tmp_path / "site"
    _site(run_line, fictional, out, "--as-of", "2025-12-31", "--licence", "CC-BY-4.0")
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads((out / "datapackage.json").read_text())
    (csv_res, json_res) = package["resources"]
    assert csv_res["path"] == "demo/signatories.csv" and json_res["path"] == "demo/signatories.json"
    assert csv_res["licenses"][0]["name"] == "CC-BY-4.0"
    assert csv_res["sources"] == [
        {"title": "A made-up agreement for overens's tests.", "path": "tests/fixtures"}
    ]
    rows = list(csv.DictReader(io.StringIO((out / "demo/signatories.csv").read_text())))
    table = json.loads((out / "demo/signatories.json").read_text())
    assert [list(r.values()) for r in rows] == [[v or "" for v in row] for row in table[1:]]
    by_org = {}
    for r in rows:
        by_org.setdefault(r["organisation"], []).append(r)
    # Every period that had begun by the day: Zeta left in 2022 and came back in 2025.
    assert [(r["joined"], r["withdrawn"], r["status"]) for r in by_org["zeta"]] == [
        ("2025-11-20", "", "active"),
        ("2021-01-10", "2022-12-31", "withdrawn"),
    ]
    assert by_org["theta"][0]["withdrawn"] == ""  # its withdrawal takes effect in 2026
    assert by_org["beta-kultur"][0]["status"] == "withdrawn"
    assert len(by_org) == len(ORGANISATIONS) + 1


def test_no_personal_data_in_any_file(run_line, fictional: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site(run_line, fictional, out, "--as-of", "2025-12-31")
    files = _tree(out)
    assert len(files) > 10
    for rel, content in files.items():
        text = content.decode("utf-8")
        for what, value in PLANTED.items():
            assert value not in text, f"{rel} holds the planted {what}"
        assert "19850312" not in text and "850312" not in text, f"{rel} holds a personal number"


def test_a_personal_identity_number_stops_the_build(
    run_line, fictional: Path, tmp_path: Path
) -> None:
    path = fictional / "agreements" / "demo" / "signatories" / "alfa-if.yaml"
    path.write_text(path.read_text() + "website: https://example.org/?p=19121212-1212\n")
    result = run_line(["site", "--output", tmp_path / "site", "--repo", fictional])
    assert result.exit_code == 1
    assert "personal identity number" in result.output
    assert "19121212-1212" not in result.output
    assert not (tmp_path / "site").exists()


def test_each_page_in_its_agreement_s_language(run_line, fictional: Path, tmp_path: Path) -> None:
    agreement = fictional / "agreements" / "demo" / "agreement.yaml"
    agreement.write_text(agreement.read_text().replace("language: sv", "language: en"))
    # The language is part of the text: declare the new text's hash where the old one stood.
    new = json.loads(run_line(["version", "demo", "--json", "--repo", fictional]).output)
    for path in (fictional / "agreements" / "demo").rglob("*.yaml"):
        path.write_text(path.read_text().replace(SHA, new["text_sha256"]))
    shutil.copytree(PROJECT / "agreements" / "skane", fictional / "agreements" / "skane")
    shutil.copytree(PROJECT / "agreements" / "orebro", fictional / "agreements" / "orebro")
    out = tmp_path / "site"
    _site(run_line, fictional, out)
    demo = (out / "demo/index.html").read_text()
    assert demo.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "Affiliated organisations" in demo and "Civil society" in demo
    assert (out / "skane/index.html").read_text().count('<html lang="sv">') == 1
    index = (out / "index.html").read_text()
    assert '<html lang="sv">' in index  # two of three agreements are in Swedish
    assert '<h2 lang="en"><a href="demo/index.html">' in index
    assert (
        ET.parse(out / "demo/feed.xml").getroot().get("{http://www.w3.org/XML/1998/namespace}lang")
        == "en"
    )


def test_filters_without_a_script_and_with_one(run_line, fictional: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site(run_line, fictional, out, "--as-of", "2025-12-31")
    page = (out / "demo/index.html").read_text()
    norrby = (out / "demo/kommun/norrby.html").read_text()
    assert "Gamma studieförbund" in norrby and "Zeta förening" in norrby
    assert "Alfa idrottsförening" not in norrby
    public = (out / "demo/sektor/offentlig.html").read_text()
    assert "Delta kommun" in public and "Alfa idrottsförening" not in public
    assert 'href="kommun/norrby.html"' in page and 'href="sektor/ideburen.html"' in page
    # The script's form is hidden until the script shows it.
    assert '<form class="member-filter" id="member-filter" hidden' in page
    assert '<tr data-m="Norrby" data-s="ideburen"><td>Gamma studieförbund</td>' in page


def test_bad_options_are_refused(run_line, fictional: Path, tmp_path: Path) -> None:
    result = run_line(["site", "--output", tmp_path / "s", "--licence", "MIT", "--repo", fictional])
    assert result.exit_code == 2 and "unknown licence 'MIT'" in result.output
    file = tmp_path / "file"
    file.write_text("x")
    result = run_line(["site", "--output", file, "--repo", fictional])
    assert result.exit_code == 2 and "is a file" in result.output
