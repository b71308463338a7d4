"""The worker helpers: :func:`fork_split` gives what the function gives in one process, in order,
even when a child fails, and leaves no child behind when this process's run fails;
:func:`split_count` forks only for enough files and a second core."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from overens.store import workers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")


def _squares(run: list[int]) -> list[tuple[int, int, int]]:
    return [(n, n * n, os.getpid()) for n in run]


@pytest.mark.parametrize(("items", "count"), [(list(range(10)), 2), (list(range(7)), 3), ([], 2)])
def test_fork_split_gives_the_results_in_order_from_other_processes(
    items: list[int], count: int
) -> None:
    results = workers.fork_split(_squares, items, workers=count)
    assert [(n, square) for n, square, _ in results] == [(n, n * n) for n in items]
    if items:  # the first run here, the others in children
        assert results[0][2] == os.getpid()
        assert len({pid for _, _, pid in results}) == count


def test_a_child_that_fails_leaves_its_run_to_this_process() -> None:
    parent = os.getpid()

    def only_here(run: list[int]) -> list[tuple[int, int, int]]:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return _squares(run)

    results = workers.fork_split(only_here, list(range(9)), workers=3)
    assert results == _squares(list(range(9)))  # every item, computed here


def test_split_count_forks_for_enough_files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cores", lambda: 4)
    assert workers.split_count(workers.SPLIT_MIN_FILES - 1, 100) == 1
    assert workers.split_count(10_400, 100) == 4
    assert workers.split_count(10_400, 3) == 3  # no more processes than tasks
    assert workers.split_count(workers.SPLIT_MIN_FILES, 100) == 2
    monkeypatch.setattr(workers, "cores", lambda: 1)
    assert workers.split_count(10_400, 100) == 1


def test_a_failure_here_still_waits_for_every_child(tmp_path: Path) -> None:
    parent = os.getpid()

    def fails_here(run: list[int]) -> list[int]:
        if os.getpid() == parent:
            raise RuntimeError("this process's run failed")
        (tmp_path / str(os.getpid())).write_text("ran")
        return run

    with pytest.raises(RuntimeError, match="run failed"):
        workers.fork_split(fails_here, list(range(9)), workers=3)
    children = [int(p.name) for p in tmp_path.iterdir()]
    assert len(children) == 2
    for pid in children:  # reaped already: no zombie left behind
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _errors() -> list[Exception]:
    from overens import errors
    from overens.vcs.runner import GitFailed

    return [
        errors.RefusedError("refused", hint="do this"),
        errors.UsageError("usage"),
        errors.MissingValueError("missing", hint="give it", field="signer", prompt="Who?"),
        errors.YamlProblem("a/b.yaml", 3, 4, "bad indent", hint="indent"),
        GitFailed(["status", "-z"], 128, "fatal: bad config line 6 in file .git/config"),
        errors.UntrustedRepositoryError("refuses", hint="safe.directory"),
    ]


@pytest.mark.parametrize("index", range(len(_errors())))
def test_an_error_met_in_a_worker_arrives_whole(index: int) -> None:
    """Every kind of error overens shows crosses from a worker process as it was: its class,
    its sentence, its hint and exit code, and what its own constructor keeps."""
    sent = _errors()[index]
    here, received = workers.fork_split(
        lambda run: [_errors()[i] for i in run], [index, index], workers=2
    )
    assert type(here) is type(sent)
    assert type(received) is type(sent)
    assert str(received) == str(sent)
    assert vars(received) == vars(sent)
    assert received.args == sent.args
