"""`overens check` with its cache: after any change, the findings are a cold run's.

Each test changes something (a file's content, a new, removed or renamed file, a schema, overens's
version, the date) and compares the cached run with ``--no-cache``, which neither reads nor
writes the cache and computes everything with :func:`overens.checks.engine.check`. Where the core is
called directly, a spy counts which agreements were computed again: exactly the changed ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT, git, init_repo
from overens import resources
from overens.checks import cached
from overens.constants import CACHE_DIR
from overens.store import cache as _cache
from overens.store import schemas as store_schemas
from overens.store import workers

AS_OF = "2025-06-30"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three generated agreements of 12 signatories each (a few warnings, no errors)."""
    sys.path.insert(0, str(PROJECT / "bench"))
    import generate

    generate.generate(tmp_path / "repo", 3, 12, seed=4, git=False)
    return tmp_path / "repo"


def _check(run_line: Any, repo: Path, *extra: str) -> dict[str, Any]:
    result = run_line(["check", "--repo", repo, "--as-of", AS_OF, "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _assert_cold_equal(run_line: Any, repo: Path) -> dict[str, Any]:
    cached = _check(run_line, repo)
    cold = _check(run_line, repo, "--no-cache")
    assert cached == cold
    return cached


def _first(repo: Path, kind: str, agreement: int = 0) -> Path:
    folder = sorted((repo / "agreements").iterdir())[agreement]
    return sorted((folder / kind).glob("*.yaml"))[0]


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The agreements the core computes (not taken from the cache), in one process."""
    calls: list[str] = []
    real = cached._check_one

    def spy(root: Path, agreement: str, as_of: dt.date, only: Any) -> Any:
        calls.append(agreement)
        return real(root, agreement, as_of, only)

    monkeypatch.setattr(cached, "_check_one", spy)
    monkeypatch.setattr(workers, "PARALLEL_MIN_FILES", 10**9)
    return calls


def _run(repo: Path, computed: list[str], **options: Any) -> list[str]:
    computed.clear()
    cached.check(repo, as_of=dt.date.fromisoformat(AS_OF), **options)
    return sorted(computed)


def test_the_cache_is_written_and_used(run_line: Any, corpus: Path, computed: list[str]) -> None:
    first = _assert_cold_equal(run_line, corpus)
    assert (corpus / CACHE_DIR / "check.json").is_file()
    assert len(first["agreements"]) == 3
    assert _run(corpus, computed) == []
    assert _check(run_line, corpus) == first


@pytest.fixture(params=["racy", "settled"])
def settled(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways a run finds a folder's key: from the digests of its files (every file of a test
    changed a moment ago, too recently for its stat to be trusted), and from the stats alone
    (files taken as settled at once: ``RACY_NS`` 0; each change below moves a file's size or
    times on)."""
    if request.param == "settled":
        monkeypatch.setattr(_cache, "RACY_NS", 0)
    return request.param == "settled"


@pytest.fixture(params=["one process", "two processes"])
def walks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Both ways a run walks the folders: in this process, and (as for 10,000 files on more
    than one core) cut between it and a forked child, from the second run on. How many folders
    each split walk covered."""
    split: list[int] = []
    if request.param == "two processes":
        real = cached.fork_split

        def spy(function: Any, items: list[str], *, workers: int) -> Any:
            split.append(len(items))
            return real(function, items, workers=workers)

        monkeypatch.setattr(workers, "SPLIT_MIN_FILES", 2)
        monkeypatch.setattr(workers, "cores", lambda: 2)
        monkeypatch.setattr(cached, "fork_split", spy)
    return split


@pytest.mark.parametrize(
    "change", ["edit", "break", "add", "remove", "rename", "stray file", "principle"]
)
def test_a_change_recomputes_its_agreement_only(
    run_line: Any,
    corpus: Path,
    computed: list[str],
    change: str,
    settled: bool,
    walks: list[int],
) -> None:
    before = _assert_cold_equal(run_line, corpus)
    agreements = sorted(p.name for p in (corpus / "agreements").iterdir())
    target = _first(corpus, "signatories")
    if change == "edit":
        target.write_text(
            target.read_text(encoding="utf-8").replace(
                "legal_form:", "municipality: Ödeshög\nlegal_form:", 1
            )
            if "municipality:" not in target.read_text(encoding="utf-8")
            else target.read_text(encoding="utf-8").replace(
                "municipality: ", "municipality: Ny", 1
            ),
            encoding="utf-8",
        )
    elif change == "break":
        target.write_text(
            target.read_text(encoding="utf-8")
            .replace("sector: ideburen", "sector: privat", 1)
            .replace("sector: offentlig", "sector: privat", 1),
            encoding="utf-8",
        )
    elif change == "add":
        shutil.copy(target, target.with_name("zz-copy.yaml"))  # its id does not match its name
    elif change == "remove":
        target.unlink()
    elif change == "rename":
        target.rename(target.with_name("renamed.yaml"))
    elif change == "stray file":
        (target.parent / "notes.txt").write_text("not YAML")
    else:
        principle = _first(corpus, "principles")
        principle.write_text(
            principle.read_text(encoding="utf-8") + "actions:\n- text: Ny åtgärd.\n",
            encoding="utf-8",
        )
    after = _assert_cold_equal(run_line, corpus)
    if change not in ("edit", "remove"):  # an edited or removed valid signatory is no finding
        assert after != before
    assert _run(corpus, computed) == []
    target_agreement = agreements[0]
    (corpus / "agreements" / target_agreement / "signatories" / "extra.txt").write_text("x")
    assert _run(corpus, computed) == [target_agreement]
    assert walks == [] or (len(walks) >= 3 and set(walks) == {3})  # every run after the first


def test_a_new_or_removed_agreement(run_line: Any, corpus: Path, computed: list[str]) -> None:
    _assert_cold_equal(run_line, corpus)
    first = sorted((corpus / "agreements").iterdir())[0]
    shutil.copytree(first, corpus / "agreements" / "zz-new")
    after = _assert_cold_equal(run_line, corpus)
    assert any(f["agreement"] == "zz-new" for f in after["findings"])
    shutil.rmtree(first)
    after = _assert_cold_equal(run_line, corpus)
    assert not any(f["agreement"] == first.name for f in after["findings"])
    assert first.name not in [a["id"] for a in after["agreements"]]


def test_another_date_or_rule_selection_is_another_result(
    run_line: Any, corpus: Path, computed: list[str]
) -> None:
    _run(corpus, computed)
    assert len(_run(corpus, computed, rules=["signer"])) == 3
    assert _run(corpus, computed, rules=["signer"]) == []
    computed.clear()
    cached.check(corpus, as_of=dt.date(2030, 1, 1))
    assert len(computed) == 3
    for as_of in ("2012-01-01", "2030-01-01"):
        stored = _check(run_line, corpus, "--as-of", as_of)
        assert stored == _check(run_line, corpus, "--as-of", as_of, "--no-cache")


def test_another_overens_version_recomputes_everything(corpus: Path, computed: list[str]) -> None:
    assert len(_run(corpus, computed)) == 3
    assert _run(corpus, computed) == []
    assert len(_run(corpus, computed, version="999.0")) == 3
    assert _run(corpus, computed, version="999.0") == []


def test_a_changed_schema_recomputes_everything(
    run_line: Any,
    corpus: Path,
    computed: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    schema_dir = tmp_path / "shipped-schemas"
    shutil.copytree(resources.shipped_dir("schemas"), schema_dir)
    real = resources.shipped_dir

    def shipped(name: str) -> Path:
        return schema_dir if name == "schemas" else real(name)

    def forget() -> None:
        for function in (
            store_schemas.schemas,
            store_schemas.validator,
            store_schemas._fast_validator,
        ):
            function.cache_clear()

    monkeypatch.setattr(resources, "shipped_dir", shipped)
    monkeypatch.setattr(store_schemas, "shipped_dir", shipped)
    forget()
    before = _assert_cold_equal(run_line, corpus)
    assert len(_run(corpus, computed)) == 0
    # A stricter schema: a legal form may now have at most 5 characters.
    path = schema_dir / "signatory.schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["properties"]["legal_form"]["maxLength"] = 5
    path.write_text(json.dumps(data), encoding="utf-8")
    forget()
    assert len(_run(corpus, computed)) == 3
    after = _assert_cold_equal(run_line, corpus)
    assert after["summary"]["errors"] > before["summary"]["errors"]
    monkeypatch.undo()
    forget()


def test_parallel_workers_give_the_same_result(corpus: Path) -> None:
    day = dt.date.fromisoformat(AS_OF)
    one = cached.check(corpus, as_of=day, use_cache=False, workers=1)
    two = cached.check(corpus, as_of=day, use_cache=False, workers=2)
    assert one.findings.sorted() == two.findings.sorted()
    assert one.rules == two.rules and list(one.rules) == list(two.rules)
    assert one.agreements == two.agreements


def test_without_the_cache_nothing_is_written(run_line: Any, corpus: Path) -> None:
    _check(run_line, corpus, "--no-cache")
    assert not (corpus / CACHE_DIR).exists()


def _reports(result: Any) -> tuple[str, str]:
    import io

    from overens.checks import reporters

    text = io.StringIO()
    reporters.write_table(result.findings, text, summary="summary", agreements=result.agreements)
    return reporters.as_json(
        result.findings, {"rules": result.rules}, {"agreements": list(result.agreements)}
    ), text.getvalue()


@pytest.mark.parametrize("repo_kind", ["generated with errors", "shipped"])
def test_the_same_as_the_reference_check(corpus: Path, shipped_repo: Path, repo_kind: str) -> None:
    """cached.check, cold and warm, reports exactly what checking.check reports."""
    from overens.checks import cached, engine

    repo = shipped_repo if repo_kind == "shipped" else corpus
    if repo_kind != "shipped":
        for index, (old, new) in enumerate(
            [("sector: ideburen", "sector: privat"), ("name:", "nmae:")]
        ):
            path = _first(corpus, "signatories", index)
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        (
            corpus
            / "agreements"
            / sorted(p.name for p in (corpus / "agreements").iterdir())[2]
            / "stray.txt"
        ).write_text("x")
    for as_of in (dt.date(2014, 6, 30), dt.date(2025, 6, 30)):
        reference = engine.check(repo, as_of=as_of)
        assert len(reference.findings) > 0
        for count in (1, 2, 1):  # cold in one process, cold in two workers... then warm
            mine = cached.check(repo, as_of=as_of, workers=count, use_cache=count == 1)
            assert _reports(mine) == _reports(reference)
            assert mine.rules == reference.rules and list(mine.rules) == list(reference.rules)
            assert mine.agreements == reference.agreements and mine.as_of == reference.as_of


def test_a_warm_check_reads_no_yaml(corpus: Path) -> None:
    """Answered from the cache, check imports neither PyYAML nor jsonschema nor the loader."""
    import subprocess

    probe = (  # the modules, printed at exit (the CLI runs the exit functions, then leaves)
        "import atexit, json, sys\n"
        "atexit.register(lambda: print('@@' + json.dumps(sorted(sys.modules)), flush=True))\n"
        "from overens.cli import main\n"
        f"sys.argv = ['overens', 'check', '--repo', {str(corpus)!r}, '--as-of', {AS_OF!r}, '--format', 'json']\n"
        "main()\n"
    )

    def modules() -> set[str]:
        proc = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=False
        )
        assert "@@" in proc.stdout, proc.stderr
        return set(json.loads(proc.stdout.rsplit("@@", 1)[1]))

    heavy = {
        "yaml",
        "jsonschema_rs",
        "overens.store.loader",
        "overens.checks.rules",
    }
    cold = modules()
    assert heavy <= cold  # cold: everything is needed...
    assert "email_validator" not in cold  # ...but the plainest addresses need no email_validator
    assert (
        "jsonschema" not in cold
    )  # ...but jsonschema, for valid files with valid schemas (decision 0701)
    assert (heavy | {"jsonschema"}) & modules() == set()  # warm


def test_a_file_edited_during_the_check_is_not_cached(
    run_line: Any, corpus: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _first(corpus, "signatories")
    agreement = target.parent.parent.name
    original = target.read_text(encoding="utf-8")
    real = cached._check_one

    def edit_while_checking(root: Path, name: str, as_of: dt.date, only: Any) -> Any:
        if name == agreement:  # the key was taken from the old content; the findings are of the new
            target.write_text(
                original.replace("sector: ideburen", "sector: privat", 1).replace(
                    "sector: offentlig", "sector: privat", 1
                ),
                encoding="utf-8",
            )
        return real(root, name, as_of, only)

    monkeypatch.setattr(cached, "_check_one", edit_while_checking)
    monkeypatch.setattr(workers, "PARALLEL_MIN_FILES", 10**9)
    cached.check(corpus, as_of=dt.date.fromisoformat(AS_OF))
    monkeypatch.setattr(cached, "_check_one", real)
    # Back to the old content: the new content's findings must not have been stored under its key.
    target.write_text(original, encoding="utf-8")
    clean = _assert_cold_equal(run_line, corpus)
    assert not any(f["file"] == target.relative_to(corpus).as_posix() for f in clean["findings"])


def test_an_agreement_is_checked_again_when_an_agreement_it_links_to_changes(
    run_line: Any, tmp_path: Path, computed: list[str]
) -> None:
    """exempelland-2021 carries exempelland-2014's signatories over: its findings depend on the
    predecessor's files, so a change there is a change here (and the cache is never stale)."""
    from lifecycle_corpus import LIFECYCLE

    repo = tmp_path / "lifecycle"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    day = "2021-03-01"

    def carry_over(*extra: str) -> list[str]:
        result = run_line(
            [
                "check",
                "exempelland-2021",
                "--repo",
                repo,
                "--as-of",
                day,
                "--format",
                "json",
                *extra,
            ]
        )
        found = json.loads(result.stdout)["findings"]
        return [f["message"].split(" was ")[0] for f in found if f["rule"] == "carry-over"]

    assert carry_over() == ["Provby Idrottsallians"]  # computed, the links stored
    assert carry_over() == ["Provby Idrottsallians"]  # computed again, the findings stored
    computed.clear()
    cached.check(repo, ["exempelland-2021"], as_of=dt.date.fromisoformat(day))
    assert computed == []  # answered from the cache
    # The alliance is not recorded as having signed the predecessor after all.
    (
        repo / "agreements" / "exempelland-2014" / "signatories" / "provby-idrottsallians.yaml"
    ).unlink()
    cached.check(repo, ["exempelland-2021"], as_of=dt.date.fromisoformat(day))
    assert computed == ["exempelland-2021"]
    assert carry_over() == [] == carry_over("--no-cache")


def test_switching_back_to_a_branch_checked_before_is_warm_both_ways(
    run_line: Any, corpus: Path, computed: list[str], settled: bool, walks: list[int]
) -> None:
    """The cache keeps the results of earlier states too, so a branch checked before is found
    again after a switch (its files are rewritten by git: read and hashed again, not checked)."""
    init_repo(corpus)
    agreements = sorted(p.name for p in (corpus / "agreements").iterdir())
    assert len(_run(corpus, computed)) == 3
    git(corpus, "switch", "-q", "-c", "review")
    target = _first(corpus, "signatories")
    target.write_text(target.read_text(encoding="utf-8") + "notes: Granskad.\n", encoding="utf-8")
    git(corpus, "commit", "-qam", "review")
    assert _run(corpus, computed) == [agreements[0]]
    for branch in ("main", "review", "main", "review"):
        git(corpus, "switch", "-q", branch)
        assert _run(corpus, computed) == [], branch
        assert _check(run_line, corpus) == _check(run_line, corpus, "--no-cache")


def test_the_kept_results_are_bounded(corpus: Path, computed: list[str]) -> None:
    target = _first(corpus, "signatories")
    text = target.read_text(encoding="utf-8")
    for i in range(3 * (cached.KEEP + 2)):
        target.write_text(text + f"notes: Version {i}.\n", encoding="utf-8")
        _run(corpus, computed)
    stored = json.loads((corpus / CACHE_DIR / "check.json").read_bytes())["results"]
    older = json.loads((corpus / CACHE_DIR / "check-older.json").read_bytes())["results"]
    # This run's three agreements, each with the links it names and its findings, and the
    # folders' sizes, in the file every run reads; seven times as many in the one read on a miss.
    assert len(stored) == 3 * 2 + 1
    assert len(older) == cached.KEEP * (3 * 2 + 1)
    assert not stored.keys() & older.keys()


def _stat_keys(repo: Path) -> list[str]:
    stored = json.loads((repo / CACHE_DIR / "check.json").read_bytes())["results"]
    return sorted(key.split()[1] for key in stored if key.startswith("stats "))


def test_a_settled_folder_is_found_by_its_stats_without_its_digests(
    run_line: Any, corpus: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder whose files' stats are those of a run before is found without reading a digest;
    a touched file (new stat, same content) is hashed again and finds the same findings; the
    digests written then still hold every other folder's files."""
    agreements = [f"agreements/{p.name}" for p in sorted((corpus / "agreements").iterdir())]
    assert len(_run(corpus, computed)) == 3
    assert _stat_keys(corpus) == []  # every file changed a moment ago: not trusted by stat
    monkeypatch.setattr(_cache, "RACY_NS", 0)
    assert _run(corpus, computed) == []
    assert _stat_keys(corpus) == agreements
    digests = corpus / CACHE_DIR / "check-files.json"
    every = json.loads(digests.read_bytes())["files"].keys()
    assert every == {
        p.relative_to(corpus).as_posix() for p in (corpus / "agreements").rglob("*") if p.is_file()
    }
    before = digests.stat()
    digests.write_bytes(b"not read: a run found by stats reads no digest")
    os.utime(digests, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _run(corpus, computed) == []
    assert digests.read_bytes().startswith(b"not read")
    digests.unlink()
    assert _run(corpus, computed) == []
    assert not digests.exists()

    target = _first(corpus, "signatories", 1)
    assert _run(corpus, computed) == []
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    assert _run(corpus, computed) == []  # read and hashed again: the same content
    folder = target.parent.parent
    assert json.loads(digests.read_bytes())["files"].keys() == {
        p.relative_to(corpus).as_posix() for p in folder.rglob("*") if p.is_file()
    }  # the others' digests went with the file removed above, and were not needed: found by stats
    assert _check(run_line, corpus) == _check(run_line, corpus, "--no-cache")
    with target.open("a", encoding="utf-8") as f:
        f.write("notes: Ny.\n")
    assert _run(corpus, computed) == [agreements[1].split("/")[1]]
    assert _check(run_line, corpus) == _check(run_line, corpus, "--no-cache")


def test_digests_not_read_are_carried_over(
    corpus: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a run reads and writes the digests (one folder changed), those of the folders found
    by their stats are written too: a later touch of any file there is hashed alone."""
    monkeypatch.setattr(_cache, "RACY_NS", 0)
    _run(corpus, computed)
    digests = corpus / CACHE_DIR / "check-files.json"
    every = json.loads(digests.read_bytes())["files"]
    target = _first(corpus, "signatories", 2)
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    assert _run(corpus, computed) == []
    now = json.loads(digests.read_bytes())["files"]
    rel = target.relative_to(corpus).as_posix()
    assert now.keys() == every.keys() and now[rel][1] == every[rel][1]
    assert {k: v for k, v in now.items() if k != rel} == {
        k: v for k, v in every.items() if k != rel
    }
