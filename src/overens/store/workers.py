"""The worker pool: a function mapped over many items in forked worker processes.

Used where thousands of files must be checked at once (a cold ``check`` of a large repository, a
fresh clone's signatory index). Starting a pool costs about 0.05 s, so below
:data:`PARALLEL_MIN_FILES` files, on a single core, or where ``fork`` is unavailable (Windows),
the work runs in this process. Forked workers inherit the function, so it may be a closure; only
the items and the results cross between processes.
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
