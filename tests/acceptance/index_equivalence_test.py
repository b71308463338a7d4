"""Every command that reads the signatory index answers as it does with ``--no-cache``.

``list``, ``sign``, ``withdraw``, ``confirm`` and ``erase`` read an agreement's signatories from
the per-file index in .overens-cache/ (decision 0702); ``--no-cache`` reads and parses every file
as before the index, and touches no cache. After every kind of change (edited, added, renamed,
removed, broken and schema-invalid files, a hidden file, a new version) each command is run both
ways and must give the same exit code, the same output and, for a change, the same commit.
(``render``'s equivalence is tests/acceptance/render_listing_test.py; ``history``'s is
history_equivalence_test.py.)
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from conftest import PROJECT, git
from coordinator_helpers import (
    EXEMPEL,
    HALLAND,
    ORG_HALLAND,
    ORG_OTHER,
    SIGNATORIES,
    edit_agreement,
    sign_args,
    withdraw_args,
)
from overens.constants import CACHE_DIR
from overens.store import index_file, signatory_index
from overens.store.stats import folder_stat

sys.path.insert(0, str(PROJECT / "bench"))
import generate

STATUSES = ("all", "active", "withdrawn", "pending")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No index entry counts as racily clean (files written by a test are seconds old), so the
    index is really used between the steps."""
    monkeypatch.setattr(index_file, "RACY_NS", 0)
    yield


def _outcome(result: Any) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def _list_same(run_line: Any, repo: Path, *extra: str) -> tuple[int, str, str]:
    """``list`` with the index equals ``list --no-cache`` (and the cache is left alone by it)."""
    args = ["list", "demo" if (repo / "agreements/demo").is_dir() else _first(repo), "--repo"]
    indexed = _outcome(run_line([*args, repo, *extra]))
    cache = repo / CACHE_DIR
    before = sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []
    assert _outcome(run_line([*args, repo, "--no-cache", *extra])) == indexed, extra
    assert (sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []) == before
    return indexed


def _first(repo: Path) -> str:
    return min(p.name for p in (repo / "agreements").iterdir())


def _list_every_way(run_line: Any, repo: Path, days: tuple[str, ...]) -> None:
    for day in days:
        for status in STATUSES:
            _list_same(run_line, repo, "--as-of", day, "--status", status, "--json")
        _list_same(run_line, repo, "--as-of", day)


def test_list_after_every_kind_of_change(run_line: Any, demo_repo: Path, settled: None) -> None:
    days = ("2021-01-09", "2021-02-15", "2024-03-01", "2024-06-01", "2030-01-01")
    assert run_line(sign_args(demo_repo)).exit_code == 0
    assert run_line(withdraw_args(demo_repo)).exit_code == 0
    _list_every_way(run_line, demo_repo, days)
    path = demo_repo / EXEMPEL
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Föreningen Exempel", "Föreningen Andra"), encoding="utf-8")
    assert "Andra" in _list_same(run_line, demo_repo, "--json")[1]
    path.write_text(text.replace("Föreningen Exempel", "Föreningen Tredj"), encoding="utf-8")
    assert "Tredj" in _list_same(run_line, demo_repo, "--json")[1]  # the same size
    copy = demo_repo / SIGNATORIES / "nya-foreningen.yaml"
    copy.write_text(
        text.replace("id: foreningen-exempel", "id: nya-foreningen").replace("Exempel", "Nya"),
        encoding="utf-8",
    )
    _list_every_way(run_line, demo_repo, days)
    renamed = copy.rename(copy.with_name("omdopt.yaml"))  # its id no longer matches: an error
    code, out, err = _list_same(run_line, demo_repo, "--json")
    assert code == 0 and "omdopt.yaml has errors" in err and "nya-foreningen" in out
    renamed.write_text(
        renamed.read_text(encoding="utf-8").replace('version: "1"', 'version: "9"'),
        encoding="utf-8",
    )  # and it names a version the agreement does not have: still listed, still warned
    _list_every_way(run_line, demo_repo, days)
    renamed.unlink()
    broken = demo_repo / SIGNATORIES / "trasig.yaml"
    broken.write_text("id: trasig\nname: [\n", encoding="utf-8")
    assert "trasig.yaml has errors" in _list_same(run_line, demo_repo)[2]
    broken.write_text("id: trasig\nname: Trasig\nsector: privat\nmemberships: []\n")
    assert "trasig.yaml has errors" in _list_same(run_line, demo_repo, "--json")[2]
    broken.unlink()
    (demo_repo / SIGNATORIES / ".dold.yaml").write_text(text, encoding="utf-8")
    (demo_repo / SIGNATORIES / "notes.txt").write_text("x\n", encoding="utf-8")
    _list_every_way(run_line, demo_repo, days)
    (demo_repo / SIGNATORIES / "hallands-bildningsforbund.yaml").unlink()
    _list_every_way(run_line, demo_repo, days)
    # A new version changes what signatory files may name: every file is checked again.
    edit_agreement(demo_repo, lambda data: data.update(title=data["title"] + " (reviderad)"))
    assert "reviderad" in _list_same(run_line, demo_repo)[1]
    (demo_repo / "agreements/demo/agreement.yaml").write_text("id: demo\ntitle: [\n")
    _list_same(run_line, demo_repo, "--json")  # the agreement itself does not load


def test_the_folder_listing_is_kept_while_the_folder_is_unchanged(
    run_line: Any, demo_repo: Path, settled: None
) -> None:
    """The index keeps the signatories folder's names with the folder's stat, and lists the
    folder again once an entry was added, removed or replaced; a folder the loader has something
    to say about (a stray file) is listed every time."""
    folder = demo_repo / SIGNATORIES

    def kept() -> Any:
        return orjson.loads((demo_repo / CACHE_DIR / "index-demo.json").read_bytes())["listed"]

    _list_same(run_line, demo_repo)
    assert kept()[1:] == [["foreningen-exempel.yaml"], []]
    first = kept()[0]
    hidden = folder / ".dold.yaml"
    hidden.write_text((folder / "foreningen-exempel.yaml").read_text(encoding="utf-8"), "utf-8")
    _list_same(run_line, demo_repo)
    assert kept()[1:] == [["foreningen-exempel.yaml"], [".dold.yaml"]] and kept()[0] != first
    hidden.unlink()
    _list_same(run_line, demo_repo)
    assert kept()[1:] == [["foreningen-exempel.yaml"], []]
    stray = folder / "anteckning.txt"
    stray.write_text("x\n", encoding="utf-8")
    for _ in range(2):
        _list_same(run_line, demo_repo)
        assert kept()[0] != folder_stat(folder)
    stray.unlink()
    _list_same(run_line, demo_repo)
    assert kept()[0] == folder_stat(folder)
    # A look-up (here a withdrawal tried and refused) lists a changed folder without keeping
    # its names: a change command writes into the folder next, which moves its stat on anyway.
    hidden.write_text("x\n", encoding="utf-8")
    index = demo_repo / CACHE_DIR / "index-demo.json"
    before = index.read_bytes(), index.stat().st_mtime_ns
    refused = run_line(withdraw_args(demo_repo, "Ingen sådan förening"))
    assert refused.exit_code == 1 and "no signatory" in refused.stderr
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    _list_same(run_line, demo_repo)
    assert kept()[1:] == [["foreningen-exempel.yaml"], [".dold.yaml"]]


def test_list_a_generated_corpus_on_every_day(tmp_path: Path, run_line: Any, settled: None) -> None:
    """Withdrawals, rejoins, pending applications and confirmations, on many days."""
    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=80, seed=11)
    days = ("2015-01-01", "2019-06-30", "2021-06-30", "2023-02-28", "2025-06-30", "2030-01-01")
    _list_every_way(run_line, repo, days)
    _list_every_way(run_line, repo, days)  # now wholly from the index


def test_the_list_table_is_the_index_and_the_model_alike(
    run_line: Any, demo_repo: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    assert run_line(sign_args(demo_repo)).exit_code == 0
    for columns in ("40", "60", "160"):
        monkeypatch.setenv("COLUMNS", columns)
        _list_same(run_line, demo_repo, "--as-of", "2024-07-01")


# ----------------------------------------------------------------------------- the changes


_SHA = re.compile(r"\b[0-9a-f]{7,40}\b")


def _change_same(run_line: Any, repo: Path, tmp_path: Path, args: list[str]) -> tuple[int, str]:
    """Run a change with the index in ``repo`` and with ``--no-cache`` in a copy made just
    before: the same exit code, output (commit ids aside), files, commit and staged state."""
    plain = tmp_path / f"plain-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(repo, plain, symlinks=True)
    indexed = run_line([str(a) for a in args])
    other = [str(plain) if str(a) == str(repo) else str(a) for a in args]
    uncached = run_line([*other, "--no-cache"])

    def shown(result: Any, root: Path) -> tuple[int, str, str]:
        out, err = (
            _SHA.sub("<sha>", text.replace(str(root), "<repo>"))
            for text in (result.stdout, result.stderr)
        )
        return result.exit_code, out, err

    assert shown(indexed, repo) == shown(uncached, plain), args
    for command in (["rev-parse", "HEAD^{tree}"], ["log", "-1", "--format=%B"], ["status"]):
        assert git(repo, *command) == git(plain, *command), command
    assert _files(repo) == _files(plain)
    return indexed.exit_code, indexed.output


def _files(repo: Path) -> dict[str, bytes]:
    folder = repo / "agreements"
    return {
        p.relative_to(repo).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_sign_withdraw_confirm_and_erase_alike(
    run_line: Any, demo_repo: Path, tmp_path: Path, settled: None
) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()

    def same(args: list[Any]) -> tuple[int, str]:
        return _change_same(run_line, demo_repo, runs, args)

    assert run_line(["list", "demo", "--repo", demo_repo]).exit_code == 0  # the index is built
    assert same(sign_args(demo_repo))[0] == 0
    duplicate = same(sign_args(demo_repo, name="Hallands bildningsförbundet"))
    assert duplicate[0] == 1 and "already" in duplicate[1]
    assert same(sign_args(demo_repo, org_number=ORG_OTHER))[0] == 1  # the same name
    assert same(sign_args(demo_repo, name="Föreningen Exempel", org_number=ORG_OTHER))[0] == 1
    # A Cyrillic е: refused by the look-alike keys the index kept since the first signing.
    cyrillic = same(sign_args(demo_repo, name="Förеningen Exempel", org_number="802002-6442"))
    assert cyrillic[0] == 1 and "looks the same as" in cyrillic[1]
    assert (
        same(withdraw_args(demo_repo, "Hallands bildningsförbund", notice_date="2024-06-02"))[0]
        == 0
    )
    rejoin = sign_args(demo_repo, date="2024-09-01", applied="2024-08-01", approved="2024-08-15")
    assert same(rejoin)[0] == 0
    assert same(withdraw_args(demo_repo, ORG_HALLAND, notice_date="2024-10-01"))[0] == 0
    assert same(withdraw_args(demo_repo, "halands-bildningsforbund"))[0] == 1  # did you mean
    # Files the index cannot vouch for are read as they always were.
    broken = demo_repo / SIGNATORIES / "trasig.yaml"
    broken.write_text("id: trasig\nname: [\n", encoding="utf-8")
    refused = same(sign_args(demo_repo, name="Tredje föreningen", org_number="802002-6442"))
    assert refused[0] == 1 and "cannot check who has signed" in refused[1]
    broken.write_text(
        "id: trasig\nname: Trasig förening\norg_number: 802002-6442\nsector: privat\n",
        encoding="utf-8",
    )
    invalid = same(sign_args(demo_repo, name="Trasig förening", org_number="802002-6442"))
    assert invalid[0] == 1 and "must be valid before it is changed" in invalid[1]
    broken.unlink()
    hidden = demo_repo / SIGNATORIES / ".dold.yaml"
    hidden.write_text(
        (demo_repo / HALLAND).read_text(encoding="utf-8").replace("Hallands", "Dolda")
    )
    dolda = same(sign_args(demo_repo, name="Dolda bildningsförbund", org_number="802002-6442"))
    assert dolda[0] == 1 and ".dold.yaml has errors" in dolda[1]
    hidden.unlink()
    renamed = demo_repo / SIGNATORIES / "omdopt.yaml"
    shutil.copy(demo_repo / HALLAND, renamed)  # its id is not its name: an error
    assert "omdopt.yaml has errors" in same(withdraw_args(demo_repo, "omdopt"))[1]
    twice = sign_args(demo_repo, date="2024-11-01", applied="2024-10-20", approved="2024-10-25")
    assert "more than one signatory file" in same(twice)[1]
    renamed.unlink()
    edit_agreement(demo_repo, lambda data: data.update(title=data["title"] + " (reviderad)"))
    assert (
        same(
            ["confirm", "demo", "foreningen-exempel", "--repo", demo_repo, "--date", "2024-12-01"]
        )[0]
        == 0
    )
    assert same(["confirm", "demo", "Föreningen Exempel", "--repo", demo_repo])[0] == 1
    assert same(["erase", "demo", "802004-6895", "--repo", demo_repo])[0] == 0
    assert same(["erase", "demo", "okand", "--repo", demo_repo])[0] == 1


def test_the_look_up_reads_only_what_changed(
    demo_repo: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from overens.membership.lookup import scan
    from overens.membership.requirements import open_agreement

    checked: list[str] = []
    real = signatory_index.check_signatory

    def spy(root: Path, path: Path, agreement: Any) -> Any:
        checked.append(path.name)
        return real(root, path, agreement)

    monkeypatch.setattr(signatory_index, "check_signatory", spy)
    root = demo_repo.resolve()
    agreement = open_agreement(root, "demo")
    shutil.copy(demo_repo / EXEMPEL, demo_repo / SIGNATORIES / "andra.yaml")  # an error: its id
    first = scan(root, agreement)
    assert sorted(checked) == ["andra.yaml", "foreningen-exempel.yaml"]
    checked.clear()
    assert scan(root, agreement) == first and checked == ["andra.yaml"]  # errors: every time
    (demo_repo / SIGNATORIES / "andra.yaml").unlink()
    checked.clear()
    assert [k.id for k in scan(root, agreement)] == ["foreningen-exempel"] and checked == []
    assert scan(root, agreement, use_cache=False) == scan(root, agreement)


def _looked_up(root: Path, agreement: Any, query: str, sieved: bool) -> tuple[str, ...]:
    """What ``look_up`` answers for ``query`` (the file's id, or the refusal), with the sieve, or
    as :func:`find` answers on every file read without the index."""
    from overens.membership.lookup import find, load_target, look_up, scan

    try:
        if sieved:
            return ("found", look_up(root, agreement, query).signatory.id)
        every = scan(root, agreement, use_cache=False)
        return ("found", load_target(every, find(every, agreement.id, query)).signatory.id)
    except Exception as e:  # the refusal is the answer
        return (type(e).__name__, str(e))


def test_a_signing_looks_up_only_who_may_be_the_organisation(
    demo_repo: Path, settled: None
) -> None:
    """With the organisation sought, the look-up leaves out the files the index vouches for
    that cannot be it, and finds the same duplicates, look-alikes and file owner as the whole
    look-up: numbers written without the hyphen or with the century, a name in capitals, a
    Cyrillic е, the file its slug names, and a file with an error (always read)."""
    from overens.membership.lookup import find_existing, scan
    from overens.membership.requirements import open_agreement
    from overens.membership.sign import _refuse_look_alike
    from overens.model.identity import Sought, look_alike_key

    text = (demo_repo / EXEMPEL).read_text(encoding="utf-8")
    folder = demo_repo / SIGNATORIES

    def write(slug: str, name: str, number: str) -> None:
        (folder / f"{slug}.yaml").write_text(
            text.replace("foreningen-exempel", slug)
            .replace("Föreningen Exempel", name)
            .replace("802004-6895", number),
            encoding="utf-8",
        )

    write("utan-streck", "Utan streck", "8020026442")
    write("med-sekel", "Med sekel", "16802002-6442")
    write("versaler", "FÖRENINGEN TREDJE", "556036-0793")
    write("kyrillisk", "Förеningen Fjärde", "802477-1233")
    write("tredje-foreningen", "Annat namn", "802477-1233")
    for i in range(20):
        write(f"forening-{i}", f"Förening nummer {i}", "556036-0793")
    (folder / "trasig.yaml").write_text(  # parsed, but not valid
        "id: trasig\nname: Trasig förening\norg_number: 802479-5208\nsector: privat\n",
        encoding="utf-8",
    )
    root = demo_repo.resolve()
    agreement = open_agreement(root, "demo")
    every = scan(root, agreement, use_cache=False)
    assert scan(root, agreement) == every  # the index is built, and says what the files say

    def outcome(known: Any, sought: tuple[str, str, str]) -> tuple[str, ...]:
        name, number, _ = sought
        try:
            found = find_existing(known, agreement, name, number)
            if found is None:
                _refuse_look_alike(known, name)
        except Exception as e:  # the refusal is the outcome
            return (type(e).__name__, str(e))
        return ("found", found.signatory.id) if found else ("none",)

    for sought in [
        ("Tredje föreningen", "802002-6442", "tredje-foreningen"),  # two numbers, the file's name
        ("Föreningen tredje", "556036-0793", "foreningen-tredje"),  # a name in capitals
        ("Föreningen Fjärde", "802005-6654", "foreningen-fjarde"),  # the Cyrillic е
        ("Föreningen Exempel", "802004-6895", "foreningen-exempel"),  # a rejoin
        ("Helt ny förening", "802479-5208", "helt-ny-forening"),  # nobody
    ]:
        sieve = Sought(*sought)
        some = scan(root, agreement, sought=sieve)
        assert outcome(some, sought) == outcome(every, sought), sought
        expected = [
            k.id
            for k in every
            if k.id == "trasig"
            or sieve.may_be(f"{k.id}.yaml", k.org_number, k.key, look_alike_key(k.name))
        ]
        assert [k.id for k in some] == expected, sought
        if sought[1] != "556036-0793":  # the twenty files of that number are not read
            assert not any(k.id.startswith("forening-") for k in some)
    # A look-up by slug, number or name (withdraw, confirm, report, erase) sieves alike, and
    # reads every file again only for "did you mean".
    for query in [
        "8020026442",  # two files hold it, written otherwise
        "556036-0793",  # twenty-one
        "16802477-1233",
        "FÖRENINGEN TREDJE",
        "Förening nummer 7",
        "forening-12",
        "Forening numer 7",  # did you mean
        "Trasig förening",  # not valid
        "802479-5208",
    ]:
        assert _looked_up(root, agreement, query, True) == _looked_up(
            root, agreement, query, False
        ), query
    # The index still holds every file, now with the look-alike keys a signing needs.
    again = scan(root, agreement)
    assert [k._replace(look=None) for k in again] == every.files
    assert all(k.look == look_alike_key(k.name) for k in again if k.id != "trasig")
    # A look-up by a name lets through that name's file (and the one with errors) alone, also
    # where the index has no look-alike keys yet (kept by signings only).
    shutil.rmtree(root / CACHE_DIR)
    assert scan(root, agreement) == every
    named = scan(root, agreement, sought=Sought.named("Förening nummer 7"))
    assert [k.id for k in named] == ["forening-7", "trasig"] and not named.every


def test_summaries_for_the_commands_to_come(demo_repo: Path, run_line: Any) -> None:
    """The public call: contacts only when asked for; an error anywhere refuses, naming it."""
    assert run_line(sign_args(demo_repo)).exit_code == 0
    found = signatory_index.summaries(demo_repo, "demo")
    assert [s.id for s in found] == ["foreningen-exempel", "hallands-bildningsforbund"]
    assert all(s.contact is None for s in found)
    exempel = found[0]
    assert (exempel.org_number, exempel.sector, exempel.legal_form) == (
        "802004-6895",
        "ideburen",
        "ideell förening",
    )
    assert [(r.year, r.kind, r.received.isoformat()) for r in exempel.reports] == [
        (2021, "annual-report", "2022-05-01")
    ]
    period = exempel.periods[0]
    dates = (period.applied, period.approved, period.signed)
    assert [d.text if d else None for d in dates] + [period.signed_version] == [
        "2021-01-10",
        "2021-02-01",
        "2021-02-15",
        "1",
    ]
    with_contacts = signatory_index.summaries(demo_repo, "demo", contacts=True)
    assert with_contacts[1].contact is not None and with_contacts[1].contact.name == "Kim Kontakt"
    (demo_repo / SIGNATORIES / "trasig.yaml").write_text("id: trasig\nname: [\n")
    with pytest.raises(Exception, match="trasig.yaml"):
        signatory_index.summaries(demo_repo, "demo")


def test_a_look_up_never_leaves_a_stale_summary(demo_repo: Path, settled: None) -> None:
    """The look-up writes the index's first line (stats, names, numbers) alone; a summary in the
    second line is used only while its own stat is the file's, so the next list or render reads
    the changed file again instead of the old summary."""
    from overens.membership.lookup import scan
    from overens.membership.requirements import open_agreement
    from overens.model.summary import Summary
    from overens.store.loader import load

    root = demo_repo.resolve()

    def both() -> tuple[Any, Any]:
        loaded = load(root, ["demo"], signatories=False).repository.agreements[0]
        indexed = signatory_index.read(root, loaded).summaries
        full = load(root, ["demo"]).repository.agreements[0].signatories
        return indexed, tuple(Summary.of(s) for s in full)

    indexed, full = both()
    assert indexed == full
    path = demo_repo / EXEMPEL
    path.write_text(
        path.read_text(encoding="utf-8").replace("Halmstad", "Kiruna!!"), encoding="utf-8"
    )  # the same size
    agreement = open_agreement(root, "demo")
    assert [k.name for k in scan(root, agreement)] == ["Föreningen Exempel"]
    indexed, full = both()
    assert indexed == full and indexed[0].municipality == "Kiruna!!"
    path.write_text(path.read_text(encoding="utf-8").replace("Exempel", "Exempla"))
    assert [k.name for k in scan(root, agreement)] == ["Föreningen Exempla"]
    assert [k.name for k in scan(root, agreement)] == ["Föreningen Exempla"]
    assert both()[0] == both()[1]


def test_a_look_up_leaves_the_summaries_alone(
    demo_repo: Path, run_line: Any, settled: None
) -> None:
    """sign and withdraw read and write the index of stats, names, numbers and their keys
    alone: the summaries (the larger part, at 10,000 signatories) are neither read nor written."""
    from overens.model.identity import look_alike_key, name_key

    assert run_line(["list", "demo", "--repo", demo_repo]).exit_code == 0
    listing = demo_repo / CACHE_DIR / "listing-demo.json"
    before = listing.read_bytes(), listing.stat().st_mtime_ns
    assert run_line(sign_args(demo_repo)).exit_code == 0
    assert run_line(withdraw_args(demo_repo)).exit_code == 0  # checks the file sign wrote
    assert (listing.read_bytes(), listing.stat().st_mtime_ns) == before
    head = orjson.loads((demo_repo / CACHE_DIR / "index-demo.json").read_bytes())
    looks = {name: entry[4] for name, entry in head["files"].items()}
    assert looks["foreningen-exempel.yaml"] == look_alike_key("Föreningen Exempel")
    # The key a name is compared by, kept with each file, so that a look-up by name makes none.
    keys = {name: entry[5] for name, entry in head["files"].items()}
    assert keys == {name: name_key(entry[1]) for name, entry in head["files"].items()}
    assert keys["foreningen-exempel.yaml"] == "föreningen exempel"
    # The list after them reads the files they changed again, and answers as without the index.
    assert '"withdrawn"' in _list_same(run_line, demo_repo, "--json", "--as-of", "2030-01-01")[1]


def test_an_index_nothing_could_use_is_not_written(demo_repo: Path) -> None:
    """With the real racy window: a file checked just after it changed is not trusted by the
    next run, so an index that would change only by that file is not written; the next run checks
    the file again and answers as a run without the index."""
    from overens.model.summary import Summary
    from overens.store.loader import load

    root = demo_repo.resolve()
    head = root / CACHE_DIR / "index-demo.json"

    def indexed() -> tuple[Summary, ...]:
        loaded = load(root, ["demo"], signatories=False).repository.agreements[0]
        return signatory_index.read(root, loaded).summaries

    def full() -> tuple[Summary, ...]:
        return tuple(
            Summary.of(s) for s in load(root, ["demo"]).repository.agreements[0].signatories
        )

    assert indexed() == full() and head.is_file()  # written: the file was new to the index
    before = head.read_bytes(), head.stat().st_mtime_ns
    path = demo_repo / EXEMPEL
    path.write_text(path.read_text(encoding="utf-8").replace("Halmstad", "Kiruna"), "utf-8")
    assert indexed() == full() and indexed()[0].municipality == "Kiruna"
    assert (head.read_bytes(), head.stat().st_mtime_ns) == before


def test_summaries_of_another_generation_are_not_used(demo_repo: Path, settled: None) -> None:
    """The summaries are written before the index that names their generation: after a crash
    between the two writes (made here by writing an index of another generation), no summary is
    taken, and every file is checked again."""
    from overens.store.cache import StampedFile
    from overens.store.loader import load

    root = demo_repo.resolve()

    def checked() -> int:
        loaded = load(root, ["demo"], signatories=False).repository.agreements[0]
        return signatory_index.read(root, loaded).checked

    every = len(list((demo_repo / SIGNATORIES).glob("*.yaml")))
    assert checked() == every
    assert checked() == 0
    head = StampedFile(root, "index-demo")
    data = orjson.loads(head.read() or b"")
    head.write(orjson.dumps({**data, "generation": "another"}))
    assert checked() == every
    assert checked() == 0


def test_changes_kept_beside_the_summaries_and_then_folded_in(
    tmp_path: Path, settled: None
) -> None:
    """After a few changes the index writes only the changed files' summaries, in a line of
    their own; after many it writes them all again. Either way it reads as the files are."""
    from overens.model.summary import Summary
    from overens.store.loader import load

    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=90, seed=13, git=False)
    root = repo.resolve()
    agreement = _first(repo)
    files = sorted((repo / "agreements" / agreement / "signatories").glob("*.yaml"))
    index = repo / CACHE_DIR / f"listing-{agreement}.json"

    def same() -> int:
        bare = load(root, [agreement], signatories=False).repository.agreements[0]
        indexed = signatory_index.read(root, bare).summaries
        full = load(root, [agreement]).repository.agreements[0].signatories
        assert indexed == tuple(Summary.of(s) for s in full)
        return index.read_bytes().count(b"\n") + 1  # the lines of the summaries' file

    assert same() == 1
    for i, path in enumerate(files[:70]):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("name: ", f"name: Nr {i} ", 1), encoding="utf-8")
        lines = same()
        assert lines == (1 if i == 64 else 2), i  # folded in when there would be 65
