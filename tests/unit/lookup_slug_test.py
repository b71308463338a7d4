"""The look-up's shortcut for a slug (withdraw, confirm, report, erase name a file by it): reading
the one file ``<slug>.yaml`` gives what scanning every file and finding the query gives.

The reference is the slow path itself: :func:`find` over :func:`scan` without the cache, which
parses every file. The shortcut must agree with it on every query, including a name that reads
like another file's slug, a hidden file, a name Windows reserves, and queries that miss.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from coordinator_helpers import SIGNATORIES
from overens.errors import OverensError
from overens.membership.lookup import find, load_target, look_up, scan
from overens.membership.requirements import open_agreement

BASE = "foreningen-exempel.yaml"


def _copy(repo: Path, stem: str, name: str, org_number: str) -> None:
    """A valid signatory file ``<stem>.yaml`` like the demo's one, under another name and number."""
    text = (repo / SIGNATORIES / BASE).read_text(encoding="utf-8")
    text = text.replace("id: foreningen-exempel", f"id: {stem}")
    text = text.replace("name: Föreningen Exempel", f"name: {name}")
    text = text.replace('org_number: "802004-6895"', f'org_number: "{org_number}"')
    (repo / SIGNATORIES / f"{stem}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def crowded(demo_repo: Path) -> Path:
    """The demo agreement with files that make a slug look-up hard."""
    # Sorts before foreningen-exempel.yaml and has that slug, read as a name, for its name: a
    # look-up that took names and slugs in one pass would answer this file.
    _copy(demo_repo, "aaa-forening", "Foreningen-Exempel", "802002-6442")
    _copy(demo_repo, "con", "Reserverade föreningen", "556036-0793")  # Windows' device name
    _copy(demo_repo, "stor", "Stora föreningen", "802000-0009")
    _copy(demo_repo, ".dold", "Dolda föreningen", "802000-0017")
    (demo_repo / SIGNATORIES / "invalid.yaml").write_text(
        "id: invalid\nname: Ogiltiga föreningen\nsector: okänd\nmemberships: []\n",
        encoding="utf-8",
    )
    (demo_repo / SIGNATORIES / "fel-id.yaml").write_text(
        (demo_repo / SIGNATORIES / "stor.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return demo_repo


QUERIES = [
    "foreningen-exempel",
    " foreningen-exempel ",
    "FORENINGEN-EXEMPEL",
    "Foreningen-Exempel",
    "aaa-forening",
    "con",
    "Reserverade föreningen",
    "stor",
    ".dold",
    "dold",
    "Dolda föreningen",
    "invalid",
    "fel-id",
    "802002-6442",
    "5560360793",
    "foreningen-exempe",
    "saknas",
    "a--b",
    "../demo/signatories/stor",
    "19800101-1234",
    "stor-198001011234",
    "",
]


def _outcome(call: Any) -> tuple[Any, ...]:
    try:
        target = call()
    except OverensError as e:
        return (type(e).__name__, str(e), e.hint)
    return ("found", target.path, target.text, target.signatory)


def _scanned(root: Path, agreement: Any, query: str) -> Any:
    """The file the query names, found by scanning every file without the index."""
    known = scan(root, agreement, use_cache=False)
    return load_target(known, find(known, "demo", query))


@pytest.mark.parametrize("query", QUERIES)
def test_the_shortcut_answers_what_scanning_every_file_answers(crowded: Path, query: str) -> None:
    root = crowded.resolve()
    agreement = open_agreement(root, "demo")
    reference = _outcome(lambda: _scanned(root, agreement, query))
    assert _outcome(lambda: look_up(root, agreement, query)) == reference
    assert _outcome(lambda: look_up(root, agreement, query, use_cache=False)) == reference


def test_a_slug_names_its_own_file_before_another_name(crowded: Path) -> None:
    root = crowded.resolve()
    agreement = open_agreement(root, "demo")
    found = look_up(root, agreement, "foreningen-exempel")
    assert found.path.name == "foreningen-exempel.yaml"
    # The same words as a name, not a slug, find the file with that name.
    assert look_up(root, agreement, "Foreningen-Exempel").path.name == "aaa-forening.yaml"


def test_a_file_that_cannot_be_read_stops_a_look_up_by_name_only(crowded: Path) -> None:
    """The shortcut reads no other file, so an unreadable one stops only the look-ups that need
    every name; the files the shortcut never opens are left as they are."""
    root = crowded.resolve()
    agreement = open_agreement(root, "demo")
    broken = root / SIGNATORIES / "trasig.yaml"
    broken.write_text("id: trasig\nname: [\n", encoding="utf-8")
    os.mkfifo(root / SIGNATORIES / "ror.yaml")  # opening it would block
    assert look_up(root, agreement, "stor").path.name == "stor.yaml"
    with pytest.raises(OverensError, match="cannot check who has signed"):
        look_up(root, agreement, "Stora föreningen")


def test_links_are_not_followed_by_the_shortcut(crowded: Path) -> None:
    """A link named like a slug, to a valid file of that id outside the folder, and a folder
    named like a file: the shortcut leaves both to the scan, so the answer is the scan's."""
    root = crowded.resolve()
    agreement = open_agreement(root, "demo")

    def same_as_scan(query: str) -> None:
        reference = _outcome(lambda: _scanned(root, agreement, query))
        assert reference[0] == "RefusedError" and "cannot check who has signed" in reference[1]
        assert _outcome(lambda: look_up(root, agreement, query)) == reference

    outside = root / "lank.yaml"
    _copy(crowded, "lank", "Länkade föreningen", "802000-0025")
    (root / SIGNATORIES / "lank.yaml").rename(outside)
    (root / SIGNATORIES / "lank.yaml").symlink_to(outside)
    same_as_scan("lank")
    (root / SIGNATORIES / "lank.yaml").unlink()
    (root / SIGNATORIES / "mapp.yaml").mkdir()
    same_as_scan("mapp")
