"""What a commit of overens's does with the messages git prepared for the user's next commit
(vcs/temporary_index.py, docs/decisions/0614), on a real folder: each is put back as it was, a
link as a link, if the commit removed it; one that is there afterwards is left as it is."""

from __future__ import annotations

import os
from pathlib import Path

from overens.vcs.temporary_index import prepared_messages_kept


def test_removed_messages_are_put_back_as_they_were(tmp_path: Path) -> None:
    elsewhere = tmp_path / "gone.txt"  # a link whose target is gone is put back too
    git_dir = tmp_path / "git"
    git_dir.mkdir()
    (git_dir / "MERGE_MSG").symlink_to(elsewhere)
    (git_dir / "SQUASH_MSG").write_bytes(b"Squashed commit of the following:\n")
    with prepared_messages_kept(git_dir):
        for name in ("MERGE_MSG", "SQUASH_MSG"):  # what git commit does
            (git_dir / name).unlink()
    assert os.readlink(git_dir / "MERGE_MSG") == str(elsewhere)
    assert (git_dir / "SQUASH_MSG").read_bytes() == b"Squashed commit of the following:\n"
    assert sorted(p.name for p in git_dir.iterdir()) == ["MERGE_MSG", "SQUASH_MSG"]


def test_a_message_there_afterwards_is_left_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "SQUASH_MSG").write_text("the user's\n")
    with prepared_messages_kept(tmp_path):
        (tmp_path / "SQUASH_MSG").write_text("written meanwhile\n")
    assert (tmp_path / "SQUASH_MSG").read_text() == "written meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["SQUASH_MSG"]


def test_no_message_no_trace(tmp_path: Path) -> None:
    with prepared_messages_kept(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == []
