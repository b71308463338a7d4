"""Bounds on a repository's own templates: how long they may run, how much they may write and
how much memory they may take, and which limit was hit.

A pull request can change ``templates/`` and CI renders them, so a template is untrusted code:
Jinja's sandbox keeps it away from Python's internals, and this module keeps it from running for
ever (``{% for i in range(100000) %}{% for j in range(100000) %}``), writing without end
(``{{ 'x' * 10**8 }}``) or taking the machine's memory. Where the platform can fork, the document
is rendered in a child process with a wall-clock limit, a CPU-time limit, an address-space limit
and a cap on its output: every way of exhausting one of them (a loop, a filter, a method with a
huge argument) is stopped the same way. Without fork (Windows) it runs in this process with the
output cap and the sandbox's checks only. See docs/decisions/0609-resource-limits.md.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from overens.errors import RenderError

RENDER_SECONDS = 20.0
"""Wall-clock time one document from a repository's templates may take."""
RENDER_OUTPUT_CHARS = 32 * 1024 * 1024
"""The longest document a repository's templates may produce (32 Mi characters; the shipped
templates render an agreement with 10,000 signatories in about 3 Mi)."""
RENDER_MEMORY_BYTES = 1024 * 1024 * 1024
"""Memory a rendering may take beyond what overens had when it began."""
MAX_REPEAT = 1_000_000
"""The longest string or list ``*`` may build in a template, and the largest ``**`` result in
digits."""

HINT = (
    "a template renders one agreement; look for a loop inside a loop, or a value repeated or "
    "padded to millions of characters, in the repository's templates/"
)


def limit_error(what: str) -> RenderError:
    return RenderError(f"the repository's templates were stopped: {what}", hint=HINT)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*`` that would build more than :data:`MAX_REPEAT` items and ``**`` whose result
    would have more than :data:`MAX_REPEAT` digits (the sandbox's ``call_binop``)."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if (
                isinstance(seq, (str, list, tuple))
                and isinstance(n, int)
                and len(seq) * n > MAX_REPEAT
            ):
                raise limit_error(
                    f"`*` would repeat a value to {len(seq) * n:,} items "
                    f"(limit: repetition, {MAX_REPEAT:,})"
                )
    elif (
        operator == "**"
        and isinstance(left, int)
        and isinstance(right, int)
        and right > 0
        and abs(left) > 1
        and right * abs(left).bit_length() > MAX_REPEAT * 3.33
    ):
        raise limit_error(
            f"`**` would make a number of more than {MAX_REPEAT:,} digits (limit: number size)"
        )


def collect(chunks: Iterable[str], deadline: float | None = None) -> str:
    """Join what a template generates, stopping at :data:`RENDER_OUTPUT_CHARS` (and, where no
    child process keeps time, at the deadline)."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > RENDER_OUTPUT_CHARS:
            raise limit_error(
                f"the document grew past {RENDER_OUTPUT_CHARS:,} characters (limit: output size)"
            )
        if deadline is not None and time.monotonic() > deadline:
            raise limit_error(
                f"rendering took longer than {RENDER_SECONDS:g} s (limit: render time)"
            )
        out.append(chunk)
    return "".join(out)


def _can_fork() -> bool:
    return sys.platform != "win32" and hasattr(os, "fork")


def bounded(render: Callable[[], str]) -> str:
    """``render()`` under the limits: in a forked child with the wall-clock, CPU and memory limits
    where the platform can fork, else here."""
    if not _can_fork():
        return render()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send the result, and never return into the caller
        os.close(read_end)
        _child(render, write_end)
    os.close(write_end)
    try:
        data = _read(read_end, pid)
    finally:
        os.close(read_end)
    return _result(data, pid)


def _child(render: Callable[[], str], fd: int) -> None:
    code = 0
    try:
        _limit_resources()
        try:
            payload = b"o" + render().encode("utf-8", "surrogatepass")
        except RenderError as e:
            payload = b"e" + json.dumps({"message": e.message, "hint": e.hint}).encode()
        except MemoryError:
            payload = (
                b"e"
                + json.dumps({"message": limit_error(memory_text()).message, "hint": HINT}).encode()
            )
        except Exception as e:  # noqa: BLE001 - a bug in overens: the parent raises it again
            payload = b"x" + f"{type(e).__name__}: {e}".encode("utf-8", "replace")
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:  # noqa: BLE001 - anything else: the parent reports it from the exit code
        code = 3
    finally:
        os._exit(code)


def memory_text() -> str:
    return f"it took more than {RENDER_MEMORY_BYTES // 1_048_576:,} MiB of memory (limit: memory)"


def _limit_resources() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    cpu = int(RENDER_SECONDS) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    size = _address_space()
    if size:
        limit = size + RENDER_MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _read(fd: int, pid: int) -> bytes:
    deadline = time.monotonic() + RENDER_SECONDS
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            _kill(pid)
            raise limit_error(
                f"rendering took longer than {RENDER_SECONDS:g} s (limit: render time)"
            )
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > 4 * RENDER_OUTPUT_CHARS + 1024:  # UTF-8: at most four bytes a character
            _kill(pid)
            raise limit_error(
                f"the document grew past {RENDER_OUTPUT_CHARS:,} characters (limit: output size)"
            )
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _result(data: bytes, pid: int) -> str:
    _, status = os.waitpid(pid, 0)
    if data[:1] == b"o":
        return data[1:].decode("utf-8", "surrogatepass")
    if data[:1] == b"e":
        sent = json.loads(data[1:])
        raise RenderError(sent["message"], hint=sent.get("hint"))
    if data[:1] == b"x":
        raise RuntimeError(data[1:].decode("utf-8", "replace"))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise limit_error(
            f"it used more than {int(RENDER_SECONDS) + 2} s of CPU time (limit: CPU time)"
        )
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0:
        raise limit_error(
            memory_text() if os.WIFSIGNALED(status) else "the rendering process failed"
        )
    raise limit_error("the rendering process sent nothing")


MAX_TEMPLATE_BYTES = 1024 * 1024
"""The largest template file a repository may have."""


def read_template(folder: Path, template: str) -> tuple[str, str] | None:
    """A repository template's source and path: every component a real folder or file inside
    ``folder`` (checked without following a link), read without following one or waiting on a
    pipe; None when there is no such file (the shipped templates are looked in next)."""
    import stat

    from jinja2.loaders import split_template_path

    parts = split_template_path(template)  # refuses '..'
    path = folder
    for i, part in enumerate(parts):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return None
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode) or part.startswith(".") or (last and not stat.S_ISREG(mode)):
            if last and stat.S_ISDIR(mode) and not part.startswith("."):
                return None
            raise RenderError(
                f"templates/{'/'.join(parts[: i + 1])} is not a plain file or folder inside "
                "the repository's templates/ (a link, a hidden entry, a pipe or a device); "
                "templates are read only from plain files there",
                hint="replace it with a copy of the template",
            )
        if not last and not stat.S_ISDIR(mode):
            return None
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise RenderError(
            f"templates/{template} is larger than {MAX_TEMPLATE_BYTES // 1024} KiB "
            "(limit: template size)",
            hint="a template lays out a document; keep the data in the agreement files",
        )
    return data.decode("utf-8", "replace"), str(path)
