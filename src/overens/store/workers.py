"""The worker pool: a function mapped over many items in forked worker processes.

Used where thousands of files must be checked at once (a cold ``check`` of a large repository, a
fresh clone's signatory index). Starting a pool costs about 0.05 s, so below
:data:`PARALLEL_MIN_FILES` files, on a single core, or where ``fork`` is unavailable (Windows),
the work runs in this process. Forked workers inherit the function, so it may be a closure; only
the items and the results cross between processes.

For work of tens of milliseconds (the ``lstat`` of 10,000 files in a warm ``check``), a pool costs
more than it saves: :func:`fork_split` forks a child for each run of items but the first, which
this process takes, and reads each child's result from a pipe (:func:`split_count`: from
:data:`SPLIT_MIN_FILES` files, on more than one core).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_FILES = 2_000
"""Below this many files to check, one process is faster than starting workers."""

SPLIT_MIN_FILES = 4_000
"""Below this many files to ``lstat``, one process is faster than forking a second (about
5 ms)."""

MAX_WORKERS = 8


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    if sys.platform == "win32":
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def worker_count(files: int, tasks: int, requested: int | None = None) -> int:
    """How many workers to use for ``tasks`` tasks holding ``files`` files in all (1: no pool).

    ``requested`` fixes the number (for tests and benchmarks), never more than there are tasks.
    """
    if requested is not None:
        count = min(requested, tasks)
    elif files < PARALLEL_MIN_FILES:
        return 1
    else:
        count = min(cores(), MAX_WORKERS, tasks)
    return count if count > 1 and _can_fork() else 1


def split_count(files: int, tasks: int) -> int:
    """How many processes :func:`fork_split` should use for ``tasks`` tasks of quick work a file
    (an ``lstat``) over ``files`` files in all (1: this process alone)."""
    if files < SPLIT_MIN_FILES:
        return 1
    count = min(cores(), MAX_WORKERS, tasks, files // max(1, SPLIT_MIN_FILES // 2))
    return count if count > 1 and _can_fork() else 1


_job: Callable[[Any], Any] | None = None


def _call(item: Any) -> Any:
    assert _job is not None
    return _job(item)


def fork_map(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    ordered: bool = True,
    prepare: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``function`` over ``items`` in ``workers`` forked processes, one item per task; in item order
    when ``ordered``, else as they finish. ``prepare`` runs first in this process, so that what it
    imports and compiles is inherited by every worker."""
    global _job
    if prepare is not None:
        prepare()
    import multiprocessing

    _job = function
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            mapper = pool.imap if ordered else pool.imap_unordered
            yield from mapper(_call, items, chunksize=1)
    finally:
        _job = None


def fork_split(function: Callable[[list[T]], list[R]], items: list[T], *, workers: int) -> list[R]:
    """``function`` of ``items`` cut into ``workers`` runs of items in turn: this process takes
    the first while forked children take the others (no pool: a fork and a pipe each, for work
    of tens of milliseconds, such as the ``lstat`` of 10,000 files). The results in item order,
    as ``function(items)`` would give them. A child that fails, or a fork that is refused, leaves
    its run to this process."""
    import pickle

    size = max(1, -(-len(items) // max(workers, 1)))
    runs = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    children = [_forked(function, run) for run in runs[1:]]
    try:
        results = function(runs[0])
    finally:  # every child waited for, even when this process's run fails
        collected = [_collected(child) for child in children]
    for run, done in zip(runs[1:], collected, strict=True):
        results += pickle.loads(done) if done is not None else function(run)
    return results


def _forked(function: Callable[[list[T]], list[R]], run: list[T]) -> tuple[int, int] | None:
    """A child computing ``function(run)`` and writing it, pickled, to a pipe: (pid, read end),
    or None when no child could be started."""
    import pickle

    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return pid, read
    status = 1
    try:  # the child: never returns into the caller's code, never runs its exit handlers
        os.close(read)
        with os.fdopen(write, "wb") as out:
            out.write(pickle.dumps(function(run), protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)


def _collected(child: tuple[int, int] | None) -> bytes | None:
    """What a child wrote, once it exited with success; None otherwise."""
    if child is None:
        return None
    pid, read = child
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return data if os.waitstatus_to_exitcode(status) == 0 else None
