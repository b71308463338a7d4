"""`overens render` lists signatories from a per-file index in .overens-cache/ (decision 0701).

The index must never be stale: after every kind of change the render is compared with
``--no-cache``, which reads and checks every file again and touches no cache, and with a render
from an empty cache. It must also be used: a file is checked again only when its stat changed.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT, git
from coordinator_helpers import edit_agreement, sign_args, withdraw_args
from overens.constants import CACHE_DIR
from overens.documents.document import build_document
from overens.documents.options import RenderOptions
from overens.model.summary import Summary, summarise
from overens.store import index_file, signatory_index, workers
from overens.store.loader import load
from overens.store.summary_json import Shared, decode, encode

sys.path.insert(0, str(PROJECT / "bench"))
import generate

AS_OF = "2025-06-30"
SIGNATORIES = Path("agreements/demo/signatories")
SIGNATORY = SIGNATORIES / "foreningen-exempel.yaml"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files written by a test are seconds old at most, so every index entry would be "racily
    clean" and checked again; these tests are about the index, so no entry counts as racy."""
    monkeypatch.setattr(index_file, "RACY_NS", 0)
    yield


def _render(run_line: Any, repo: Path, *extra: str, fmt: str = "html") -> tuple[int, bytes | str]:
    out = repo.parent / f"out.{fmt}"
    out.unlink(missing_ok=True)
    result = run_line(
        [
            "render",
            "demo" if (repo / "agreements/demo").is_dir() else _first_agreement(repo),
            "--format",
            fmt,
            "--output",
            out,
            "--repo",
            repo,
            *extra,
        ]
    )
    return result.exit_code, out.read_bytes() if result.exit_code == 0 else result.output


def _first_agreement(repo: Path) -> str:
    return min(p.name for p in (repo / "agreements").iterdir())


def _same_as_uncached(
    run_line: Any, repo: Path, *extra: str, fmt: str = "html"
) -> tuple[int, bytes | str]:
    """The render with the index equals ``--no-cache`` and a render from an empty cache."""
    indexed = _render(run_line, repo, *extra, fmt=fmt)
    cache = repo / CACHE_DIR
    before = {p.name: p.read_bytes() for p in cache.iterdir()} if cache.is_dir() else {}
    assert _render(run_line, repo, "--no-cache", *extra, fmt=fmt) == indexed
    after = {p.name: p.read_bytes() for p in cache.iterdir()} if cache.is_dir() else {}
    assert after == before  # --no-cache neither reads nor writes the cache
    # Then from an empty cache. The index is moved aside, not copied: a copy has another inode
    # and mtime than its stamp says, and would be ignored like a checked-out one.
    saved = repo.parent / "saved-cache"
    shutil.rmtree(saved, ignore_errors=True)
    if cache.is_dir():
        os.rename(cache, saved)
    assert _render(run_line, repo, *extra, fmt=fmt) == indexed
    if saved.is_dir():
        shutil.rmtree(cache)
        os.rename(saved, cache)  # the next change meets this index, not an empty one
    return indexed


def test_every_change_gives_what_no_cache_gives(
    demo_repo: Path, run_line: Any, settled: None
) -> None:
    before = _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)
    assert before[0] == 0
    path = demo_repo / SIGNATORY
    # Edited content, then an edit that keeps the size.
    path.write_text(
        path.read_text(encoding="utf-8").replace("Föreningen Exempel", "Föreningen Andra"),
        encoding="utf-8",
    )
    edited = _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)
    assert edited[0] == 0 and b"Andra" in edited[1] and edited != before
    path.write_text(path.read_text(encoding="utf-8").replace("Andra", "Tredj"), encoding="utf-8")
    assert b"Tredj" in _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)[1]
    # Added, renamed (an id that no longer matches: an error), removed.
    copy = demo_repo / SIGNATORIES / "nya-foreningen.yaml"
    copy.write_text(
        path.read_text(encoding="utf-8")
        .replace("id: foreningen-exempel", "id: nya-foreningen")
        .replace("Tredj", "Nya"),
        encoding="utf-8",
    )
    assert b"Nya" in _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)[1]
    renamed = demo_repo / SIGNATORIES / "omdopt.yaml"
    copy.rename(renamed)
    code, output = _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)
    assert code != 0 and "omdopt" in str(output)
    renamed.unlink()
    assert b"Nya" not in _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)[1]
    # An invalid file is reported, never hidden by the index; so is a stray file (a warning only).
    broken = demo_repo / SIGNATORIES / "trasig.yaml"
    broken.write_text("id: trasig\nname: [\n", encoding="utf-8")
    code, output = _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF)
    assert code != 0 and "trasig.yaml" in str(output)
    broken.unlink()
    (demo_repo / SIGNATORIES / "notes.txt").write_text("x\n", encoding="utf-8")
    assert _same_as_uncached(run_line, demo_repo, "--as-of", AS_OF) == _same_as_uncached(
        run_line, demo_repo, "--as-of", AS_OF
    )


def test_contacts_shown_or_not_after_every_change(
    demo_repo: Path, run_line: Any, settled: None
) -> None:
    """The index is read with contact persons only for --include-contacts: both renders, in
    turn and after each edit of the contact, equal --no-cache's, and only one shows it."""
    path = demo_repo / SIGNATORY
    for email in ("bertil@example.se", "berit@example.se", "b@example.org"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            "\n".join(
                f"  email: {email}" if line.startswith("  email:") else line
                for line in text.split("\n")
            ),
            encoding="utf-8",
        )
        for fmt in ("html", "md"):
            shown = _same_as_uncached(run_line, demo_repo, "--include-contacts", fmt=fmt)
            hidden = _same_as_uncached(run_line, demo_repo, fmt=fmt)
            assert shown[0] == hidden[0] == 0
            assert email.encode() in shown[1] and b"Bertil Berg" in shown[1]
            assert b"@example" not in hidden[1] and b"Bertil Berg" not in hidden[1]


def test_the_coordinators_commands_and_the_agreement_text(
    demo_repo: Path, run_line: Any, settled: None
) -> None:
    """sign, withdraw and a new revision, each followed by a render that must equal --no-cache."""
    _same_as_uncached(run_line, demo_repo)
    signed = run_line(sign_args(demo_repo, municipality="Solna"))
    assert signed.exit_code == 0, signed.output
    after_sign = _same_as_uncached(run_line, demo_repo)
    assert "Hallands bildningsförbund".encode() in after_sign[1]
    withdrawn = run_line(withdraw_args(demo_repo, "Hallands bildningsförbund"))
    assert withdrawn.exit_code == 0, withdrawn.output
    after_withdraw = _same_as_uncached(run_line, demo_repo)
    assert after_withdraw != after_sign
    # A new version changes what a signatory file may refer to: every file is checked again.
    edit_agreement(demo_repo, lambda data: data.update(title=data["title"] + " (reviderad)"))
    assert b"reviderad" in _same_as_uncached(run_line, demo_repo)[1]
    for extra in (
        ["--lang", "en"],
        ["--include-contacts"],
        ["--signing-sheet", "--rows", "3"],
        ["--as-of", "2024-07-01"],
    ):
        for fmt in ("md", "html"):
            assert _same_as_uncached(run_line, demo_repo, *extra, fmt=fmt)[0] == 0


def test_a_generated_corpus_renders_the_same_on_every_day(
    tmp_path: Path, run_line: Any, settled: None
) -> None:
    """Withdrawals, rejoins and confirmations: the lists on many days equal --no-cache's."""
    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=80, seed=11)
    for day in ("2019-01-01", "2021-06-30", "2023-02-28", "2025-06-30", "2030-01-01"):
        assert _same_as_uncached(run_line, repo, "--as-of", day)[0] == 0
    assert _same_as_uncached(run_line, repo)[0] == 0  # the default day


def test_only_changed_files_are_checked_again(demo_repo: Path, settled: None) -> None:
    def checked() -> int:
        found = signatory_index.load_listed(demo_repo, ["demo"])
        assert found is not None
        return found[0].checked

    extra = demo_repo / SIGNATORIES / "andra-foreningen.yaml"
    extra.write_text(
        (demo_repo / SIGNATORY)
        .read_text(encoding="utf-8")
        .replace("foreningen-exempel", "andra-foreningen"),
        encoding="utf-8",
    )
    assert checked() == 2  # nothing stored yet
    assert checked() == 0  # both from the index
    extra.write_text(
        extra.read_text(encoding="utf-8").replace("Exempel", "Andra"), encoding="utf-8"
    )
    assert checked() == 1
    os.utime(extra)  # the same content, another stat: checked again (the stat is the key)
    assert checked() == 1
    assert checked() == 0
    main = demo_repo / "agreements/demo/agreement.yaml"
    main.write_text(main.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # versions unchanged
    assert checked() == 0
    edit_agreement(demo_repo, lambda data: data.update(title=data["title"] + " (reviderad)"))
    assert checked() == 2  # a new version: what signatory files may name changed, so all again
    index = demo_repo / CACHE_DIR / "listing-demo.json"
    index.write_bytes(index.read_bytes().replace(b"Andra", b"Falsk"))  # not the file overens wrote
    assert checked() == 2


def test_files_written_just_now_are_checked_again(demo_repo: Path) -> None:
    """With the real racy window: a file changed within it is kept without its stat."""
    first = signatory_index.load_listed(demo_repo, ["demo"])
    second = signatory_index.load_listed(demo_repo, ["demo"])
    assert first is not None and second is not None
    assert first[0].checked == second[0].checked == 1
    assert second[0].signatories == first[0].signatories


def test_a_file_changed_while_it_is_checked_is_not_kept(
    demo_repo: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat a value is kept with is taken before the file is read, so an edit during the
    check leaves a stat that no longer matches, and the file is checked again."""
    path = demo_repo / SIGNATORY
    real = signatory_index.check_signatory

    def check_then_edit(root: Path, file: Path, agreement: Any) -> Any:
        result = real(root, file, agreement)  # the value of the old content...
        path.write_text(
            path.read_text(encoding="utf-8").replace("Föreningen Exempel", "Föreningen Ny"),
            encoding="utf-8",
        )  # ...while the file changes under it
        return result

    monkeypatch.setattr(signatory_index, "check_signatory", check_then_edit)
    stale = signatory_index.load_listed(demo_repo, ["demo"])
    assert stale is not None and stale[0].signatories[0].name == "Föreningen Exempel"
    monkeypatch.setattr(signatory_index, "check_signatory", real)
    fresh = signatory_index.load_listed(demo_repo, ["demo"])
    assert (
        fresh is not None
        and fresh[0].checked == 1
        and fresh[0].signatories[0].name == "Föreningen Ny"
    )


def test_repository_templates_see_the_whole_model(
    demo_repo: Path, run_line: Any, settled: None
) -> None:
    """A repository's own templates may use doc.agreement.signatories: they get the full load."""
    templates = demo_repo / "templates"
    templates.mkdir()
    (templates / "agreement.md.jinja").write_text(
        "{% for s in doc.agreement.signatories %}{{ s.name }} {{ s.org_number }}\n{% endfor %}",
        encoding="utf-8",
    )
    code, text = _same_as_uncached(run_line, demo_repo, fmt="md")
    assert code == 0 and text == "Föreningen Exempel 802004-6895\n".encode()


def test_listed_is_what_the_model_says(tmp_path: Path) -> None:
    """Summary from the model and back through its JSON form are equal, and agree with the model's
    status on every day that matters."""
    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=2, signatories=60, seed=5, git=False)
    result = load(repo)
    assert not result.findings.errors
    days = set()
    for agreement in result.repository.agreements:
        for s in agreement.signatories:
            item = Summary.of(s)
            shared = Shared()
            stored = encode(item, shared)
            assert decode(s.id, stored, Shared(shared.to_json())) == item
            assert decode(s.id, stored, shared, contacts=False, reports=False) == item._replace(
                contact=None, reports=()
            )
            for m in s.memberships:
                for d in (
                    m.signed.date,
                    m.withdrawal.effective if m.withdrawal else None,
                    m.application_date,
                ):
                    if d is not None:
                        day = d.first  # a partial date's first day (the corpus writes full dates)
                        days.update(
                            {
                                day,
                                day.fromordinal(day.toordinal() - 1),
                                day.fromordinal(day.toordinal() + 1),
                            }
                        )
    assert len(days) > 50
    for agreement in result.repository.agreements:
        for s in agreement.signatories:
            item = Summary.of(s)
            for day in days:
                status = s.status_on(day)
                expected = (
                    status.value
                    if status is not None and status.value in ("active", "withdrawn", "uncertain")
                    else None
                )
                row = item.row(day)
                shown = (
                    None
                    if row is None
                    else "uncertain"
                    if row.uncertain
                    else "active"
                    if row.withdrawn is None
                    else "withdrawn"
                )
                assert shown == expected, (s.id, day)
        document = build_document(agreement, RenderOptions())
        assert document == build_document(agreement, RenderOptions(), summarise(agreement))


def test_documents_read_the_summaries_without_reports(tmp_path: Path, settled: None) -> None:
    """What render and the site read is every summary as the model makes it, but for the reports
    received (no document shows them) and, unless asked for, the contact persons: from the files
    at first, then from the index."""
    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=40, seed=9, git=False)
    (agreement,) = load(repo).repository.agreements
    expected = tuple(Summary.of(s)._replace(reports=()) for s in agreement.signatories)
    assert any(Summary.of(s).reports for s in agreement.signatories)
    for _ in range(2):
        (listed,) = signatory_index.load_listed(repo, [agreement.id]) or []
        assert listed.signatories == expected
    (listed,) = signatory_index.load_listed(repo, [agreement.id], contacts=False) or []
    assert listed.signatories == tuple(s._replace(contact=None) for s in expected)


def test_the_cache_folder_stays_out_of_git(demo_repo: Path, run_line: Any) -> None:
    assert _render(run_line, demo_repo)[0] == 0
    assert (demo_repo / CACHE_DIR / "listing-demo.json").is_file()
    assert git(demo_repo, "status", "--porcelain") == ""


def test_a_repository_made_by_init_uses_the_index(
    tmp_path: Path, run_line: Any, settled: None
) -> None:
    """`overens init` puts a README.md in templates/: not a template, so render neither sandboxes
    nor loads everything; a real template there does both."""
    from overens.documents.templates import uses_repository_templates

    repo = tmp_path / "ny"
    assert run_line(["init", repo]).exit_code == 0
    assert (repo / "templates/README.md").is_file() and not uses_repository_templates(repo)
    agreement = _first_agreement(repo)
    first = signatory_index.load_listed(repo, [agreement])
    assert first is not None and first[0].checked == len(first[0].signatories) > 0
    assert _same_as_uncached(run_line, repo)[0] == 0
    again = signatory_index.load_listed(repo, [agreement])
    assert again is not None and again[0].checked == 0
    (repo / "templates/_sentences.jinja").write_text(
        "{% macro signer(p) %}x{% endmacro %}\n", encoding="utf-8"
    )
    assert uses_repository_templates(repo)
    (repo / "templates/_sentences.jinja").unlink()
    (repo / "templates/_agreement.css").write_text("body { color: black; }\n", encoding="utf-8")
    assert uses_repository_templates(repo)  # named like a shipped one: it replaces it


def test_many_files_to_check_are_checked_by_workers(
    tmp_path: Path, run_line: Any, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh clone of a large agreement: the files are checked in a fork pool, with the same
    document, the same index and the same fallback on an error as in one process."""
    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=120, seed=9)
    agreement = _first_agreement(repo)
    monkeypatch.setattr(workers, "PARALLEL_MIN_FILES", 10)
    parallel = signatory_index.load_listed(repo, [agreement])
    assert parallel is not None and parallel[0].checked == 120
    index = (repo / CACHE_DIR / f"listing-{agreement}.json").read_bytes()
    shutil.rmtree(repo / CACHE_DIR)
    monkeypatch.setattr(workers, "PARALLEL_MIN_FILES", 10**9)
    serial = signatory_index.load_listed(repo, [agreement])
    assert serial is not None and serial[0].signatories == parallel[0].signatories
    assert (repo / CACHE_DIR / f"listing-{agreement}.json").read_bytes() == index
    monkeypatch.setattr(workers, "PARALLEL_MIN_FILES", 10)
    shutil.rmtree(repo / CACHE_DIR)
    assert _same_as_uncached(run_line, repo, "--as-of", AS_OF)[0] == 0
    broken = sorted((repo / "agreements" / agreement / "signatories").iterdir())[60]
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("sector:", "sektor:"), encoding="utf-8"
    )
    shutil.rmtree(repo / CACHE_DIR)
    assert signatory_index.load_listed(repo, [agreement]) is None
    code, output = _same_as_uncached(run_line, repo, "--as-of", AS_OF)
    assert code != 0 and broken.name in str(output)
