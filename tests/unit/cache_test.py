"""overens.store.cache: keys that change exactly when content changes, and a store that is never stale."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import build_file_tree
from overens.constants import CACHE_DIR
from overens.store import cache
from overens.store.tree_key import Describe, content_key, stat_walk

PAST = 1_600_000_000  # 2020-09-13: far enough back that no entry is "racily clean"


def _tree(root: Path) -> None:
    build_file_tree(
        root,
        {
            "agreements/a/agreement.yaml": "id: a\n",
            "agreements/a/signatories/one.yaml": "id: one\n",
            "agreements/a/signatories/two.yaml": "id: two\n",
            "agreements/b/agreement.yaml": "id: b\n",
        },
    )
    _age(root)


def _age(root: Path) -> None:
    for path in root.rglob("*"):
        if not path.is_symlink():
            os.utime(path, (PAST, PAST))


def tree_key(root: Path, folder: str, describe: Describe) -> str:
    """A folder's content key, as the check takes it (``checks.cached._Stored.folder_key``)."""
    return content_key(root, *stat_walk(root, folder), describe)


def _key(root: Path, folder: str = "agreements/a", digests: cache.FileDigests | None = None) -> str:
    return tree_key(root, folder, (digests or cache.FileDigests()).digest)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    _tree(tmp_path)
    return tmp_path


def test_the_key_is_stable_and_per_folder(root: Path) -> None:
    assert _key(root) == _key(root)
    assert _key(root) != _key(root, "agreements/b")


@pytest.mark.parametrize(
    "change", ["edit", "add", "remove", "rename", "empty folder", "same size edit"]
)
def test_every_change_gives_another_key(root: Path, change: str) -> None:
    before, other = _key(root), _key(root, "agreements/b")
    sig = root / "agreements/a/signatories"
    if change == "edit":
        (sig / "one.yaml").write_text("id: one\nname: X\n")
    elif change == "add":
        (sig / "three.yaml").write_text("id: three\n")
    elif change == "remove":
        (sig / "two.yaml").unlink()
    elif change == "rename":
        (sig / "two.yaml").rename(sig / "zwei.yaml")
    elif change == "empty folder":
        (root / "agreements/a/evidence").mkdir()
    else:
        (sig / "one.yaml").write_text("id: eno\n")
        os.utime(
            sig / "one.yaml", (PAST, PAST)
        )  # same size, same mtime: only ctime and content differ
    assert _key(root) != before
    assert _key(root, "agreements/b") == other


def test_a_symbolic_link_is_keyed_by_where_it_points(root: Path) -> None:
    sig = root / "agreements/a/signatories"
    (root / "x.yaml").write_text("id: x\n")
    (root / "y.yaml").write_text("id: x\n")
    (sig / "link.yaml").symlink_to(root / "x.yaml")
    first = _key(root)
    (sig / "link.yaml").unlink()
    (sig / "link.yaml").symlink_to(root / "y.yaml")
    assert _key(root) != first
    linked = root / "agreements/c"
    linked.symlink_to(root / "agreements/a")
    assert _key(root, "agreements/c") != _key(root)


def test_unchanged_files_are_not_read_again(root: Path) -> None:
    first = cache.FileDigests()
    key = _key(root, digests=first)
    assert first.hashed == 3
    second = cache.FileDigests(first.to_json(now_ns=time.time_ns() + 10 * cache.RACY_NS))
    assert _key(root, digests=second) == key
    assert second.hashed == 0
    # touch: the stat changed, so the file is read again, and its digest is the same.
    os.utime(root / "agreements/a/signatories/one.yaml", (PAST + 5, PAST + 5))
    third = cache.FileDigests(second.to_json(now_ns=time.time_ns() + 10 * cache.RACY_NS))
    assert _key(root, digests=third) == key
    assert third.hashed == 1


def test_racily_clean_files_are_read_again(root: Path) -> None:
    first = cache.FileDigests()
    _key(root, digests=first)
    # Written within RACY_NS of the files' last change (their ctime is now): a later edit might
    # not move the mtime on a file system with coarse timestamps.
    stored = first.to_json(now_ns=time.time_ns())
    assert all(entry[0] is None for entry in stored.values())
    again = cache.FileDigests(stored)
    _key(root, digests=again)
    assert again.hashed == 3


def test_the_environment_key(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "a.schema.json").write_text('{"type": "object"}')
    base = cache.environment_key([schemas], "as-of 2025-01-01")
    assert cache.environment_key([schemas], "as-of 2025-01-01") == base
    assert cache.environment_key([schemas], "as-of 2025-01-02") != base
    assert cache.environment_key([schemas], "as-of 2025-01-01", version="99.0") != base
    (schemas / "a.schema.json").write_text('{"type": "array"}')
    assert cache.environment_key([schemas], "as-of 2025-01-01") != base


def test_the_store_round_trip_and_pruning(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path, "test")
    assert store.get("k1") is None
    store.put("k1", {"v": 1})
    store.put("k2", [2])
    assert store.save()
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text() == "*\n"
    again = cache.Cache(tmp_path, "test")
    assert again.get("k1") == {"v": 1}
    assert again.save()  # only k1 was used: k2 is dropped
    third = cache.Cache(tmp_path, "test")
    assert third.get("k1") == {"v": 1} and third.get("k2") is None


def test_file_digests_are_kept_apart_and_read_only_when_used(root: Path) -> None:
    """A cache of results alone (documents, renders, the site) writes no digests; the check's
    keeps them in a file of their own from one run to the next, read only when a run uses them
    and written only then (a run that takes no digest leaves them as they are)."""
    plain = cache.Cache(root, "plain")
    plain.put("k", [1])
    assert plain.save()
    assert json.loads((root / CACHE_DIR / "plain.json").read_text()) == {
        "format": cache.FORMAT,
        "results": {"k": [1]},
    }
    assert not (root / CACHE_DIR / "plain-files.json").exists()
    assert cache.Cache(root, "plain").get("k") == [1]
    hashing = cache.Cache(root, "hashing")
    first = tree_key(root, "agreements", hashing.digests.digest)
    hashing.put("k", [2])
    assert hashing.save()
    assert "files" not in json.loads((root / CACHE_DIR / "hashing.json").read_text())
    kept = json.loads((root / CACHE_DIR / "hashing-files.json").read_text())["files"]
    assert kept and all(rel.startswith("agreements/") for rel in kept)
    results_only = cache.Cache(root, "hashing")
    assert results_only.get("k") == [2] and results_only.digests_read is None
    results_only.put("k", [3])
    assert results_only.save()
    assert json.loads((root / CACHE_DIR / "hashing-files.json").read_text())["files"] == kept
    again = cache.Cache(root, "hashing")
    assert tree_key(root, "agreements", again.digests.digest) == first
    assert again.digests.current.keys() == kept.keys()


def test_carried_digests_are_those_whose_stat_is_unchanged(root: Path) -> None:
    first = cache.FileDigests()
    _key(root, digests=first)
    known = first.to_json(now_ns=time.time_ns() + 10 * cache.RACY_NS)
    one = "agreements/a/signatories/one.yaml"
    stats = {rel: entry[0] for rel, entry in known.items()}
    moved = {**stats, one: [stats[one][0], *[v + 1 for v in stats[one][1:]]]}
    carried = cache.FileDigests(known)
    carried.carry(moved)
    assert carried.current.keys() == known.keys() - {one}
    assert all(carried.current[rel] == known[rel] for rel in carried.current)


@pytest.mark.parametrize("tamper", ["copy", "edit", "garbage", "format", "no stamp"])
def test_a_cache_file_not_written_by_overens_is_ignored(tmp_path: Path, tamper: str) -> None:
    store = cache.Cache(tmp_path, "test")
    store.put("k", {"findings": []})
    store.save()
    path = tmp_path / CACHE_DIR / "test.json"
    if tamper == "copy":  # as a checkout or a copy of a committed cache would be
        shutil.copy(path, tmp_path / "x")
        os.replace(tmp_path / "x", path)
    elif tamper == "edit":
        data = json.loads(path.read_text())
        data["results"]["k"] = {"findings": [["forged"]]}
        path.write_text(json.dumps(data))
    elif tamper == "garbage":
        path.write_text("{not json")
    elif tamper == "format":
        data = json.loads(path.read_text())
        data["format"] = cache.FORMAT + 1
        path.write_text(json.dumps(data))
    else:
        (tmp_path / CACHE_DIR / "test.stamp").unlink()
    assert cache.Cache(tmp_path, "test").get("k") is None


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).write_text("a file where the folder should be")
    store = cache.Cache(tmp_path, "test")
    store.put("k", 1)
    assert store.save() is False


def test_values_made_without_collection_are_not_walked_again_by_the_next_collection() -> None:
    """``no_collection`` moves what was made to the oldest generation: the next collections of
    the young ones (one after a few hundred new objects) do not walk 50,000 values again."""
    import gc

    assert gc.isenabled()
    gc.collect()
    with cache.no_collection():
        assert not gc.isenabled()
        made = [[i] for i in range(50_000)]
    assert gc.isenabled()
    oldest = {id(value) for value in gc.get_objects(generation=2)}
    assert all(id(value) in oldest for value in (made, made[0], made[-1]))


def test_a_cycle_made_without_collection_is_still_freed() -> None:
    import gc
    import weakref

    class Node:
        other: object = None

    with cache.no_collection():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    import gc

    gc.disable()
    try:
        with cache.no_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _run_with(root: Path, keys: list[str], *, keep: int = 2) -> dict[str, Any]:
    """One run of a cache that keeps more: each key found, or stored (as its own name)."""
    store = cache.Cache(root, "kept", keep=keep)
    found = {key: store.get(key) for key in keys}
    for key, value in found.items():
        if value is None:
            store.put(key, key)
    assert store.save()
    return found


def _held(root: Path, name: str) -> list[str]:
    path = root / CACHE_DIR / f"{name}.json"
    return list(json.loads(path.read_bytes())["results"]) if path.exists() else []


def test_a_cache_that_keeps_more_reads_one_runs_results_first(tmp_path: Path) -> None:
    """The first file holds the last run's results only; the others wait in the second, the
    most recent last and at most `keep` times a run's, and a switch back finds them there."""
    for state in ("a", "b", "c", "d"):
        assert _run_with(tmp_path, [state + "1", state + "2"]) == {
            state + "1": None,
            state + "2": None,
        }
        assert _held(tmp_path, "kept") == [state + "1", state + "2"]
    assert _held(tmp_path, "kept-older") == ["b1", "b2", "c1", "c2"]  # a's were the oldest
    assert _run_with(tmp_path, ["c1", "c2"]) == {"c1": "c1", "c2": "c2"}  # back to c: found
    assert _held(tmp_path, "kept") == ["c1", "c2"]
    assert _held(tmp_path, "kept-older") == ["b1", "b2", "d1", "d2"]
    older = tmp_path / CACHE_DIR / "kept-older.json"
    before = (older.read_bytes(), older.stat().st_mtime_ns)
    assert _run_with(tmp_path, ["c1", "c2"]) == {"c1": "c1", "c2": "c2"}
    assert (older.read_bytes(), older.stat().st_mtime_ns) == before  # the same run: not written


def test_a_cache_file_of_the_old_layout_is_split_on_its_first_save(tmp_path: Path) -> None:
    """A first file that holds other runs' results too (written before there was a second) keeps
    this run's, and hands the others to the second."""
    store = cache.Cache(tmp_path, "kept")
    for key in ("x", "y", "z"):
        store.put(key, key)
    assert store.save()
    assert _run_with(tmp_path, ["y"]) == {"y": "y"}
    assert _held(tmp_path, "kept") == ["y"]
    assert _held(tmp_path, "kept-older") == ["x", "z"]
