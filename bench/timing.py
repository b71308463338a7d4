"""Timing whole processes, and the targets they are held to (used by run.py and everyday.py).

Every figure is the median wall time of ``runs`` runs of a whole process after one warm-up run
that is not counted; peak memory is the child's own ru_maxrss (os.wait4), and the 1-minute load
average is recorded when each measurement starts.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_DIR = ".overens-cache"


@dataclass
class Measurement:
    name: str
    command: list[str]
    available: bool = True
    note: str = ""
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    """User and system seconds of each run (the process and every process it waited for):
    what the command cost whatever else the machine was doing."""
    maxrss_mb: float = 0.0
    tree_rss_mb: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    error: str = ""
    load_before: float = 0.0
    """The 1-minute load average when the measurement started (2 cores: above ~0.5, other
    processes compete for the CPU and the figure is pessimistic)."""
    paired_with: str = ""
    """The measurement run in turn with this one (:func:`measure_pair`), if any."""
    pair_ratios: list[float] = field(default_factory=list)
    """Each run's time ÷ the time of the other's run made just after it."""

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpu_samples) if self.cpu_samples else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


def _tree_rss_mb(root_pid: int) -> float:
    """The resident memory of ``root_pid`` and all its descendants now, in MB (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total * os.sysconf("SC_PAGE_SIZE") / 1_048_576


def _run_once(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], sample_tree: bool = False
) -> tuple[float, int, float, str, float, float]:
    """Run ``cmd`` once; return (seconds, exit code, peak RSS of one process in MB, tail of its
    output, peak RSS of the whole process tree in MB, sampled every 50 ms when ``sample_tree``)."""
    import threading

    tree_peak = 0.0
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        stop = threading.Event()

        def sample() -> None:
            nonlocal tree_peak
            while not stop.wait(0.05):
                tree_peak = max(tree_peak, _tree_rss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_tree:
            sampler.start()
        # ru_maxrss of wait4 is the largest of the child and the descendants it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        if sample_tree:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped already; keep Popen quiet
        out.seek(0)
        tail = out.read()[-2000:].decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, proc.returncode, usage.ru_maxrss / 1024, tail, tree_peak, cpu


@dataclass
class Run:
    """A command to time, and what to do before and after each of its runs (not timed)."""

    name: str
    cmd: Sequence[str]
    cwd: Path
    ok: Sequence[int] = (0,)
    before: Callable[[], None] | None = None
    after: Callable[[], None] | None = None
    note: str = ""
    sample_tree: bool = False


def _started(run: Run) -> Measurement:
    return Measurement(
        run.name, list(run.cmd), note=run.note, load_before=round(os.getloadavg()[0], 2)
    )


def _once(m: Measurement, run: Run, env: dict[str, str], counted: bool) -> bool:
    """One run of ``run`` into ``m`` (kept when ``counted``); False when it failed."""
    if run.before:
        run.before()
    seconds, code, rss, tail, tree, cpu = _run_once(run.cmd, run.cwd, env, run.sample_tree)
    if run.after:
        run.after()
    if code not in run.ok:
        m.error = f"exit {code}: {tail.strip()[-600:]}"
        print(f" failed ({m.name}: {m.error})", file=sys.stderr)
        return False
    if counted:
        m.samples.append(seconds)
        m.cpu_samples.append(cpu)
        m.exit_codes.append(code)
    m.maxrss_mb = max(m.maxrss_mb, rss)
    m.tree_rss_mb = max(m.tree_rss_mb, tree)
    return True


def measure(
    name: str,
    cmd: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str],
    runs: int,
    ok: Sequence[int] = (0,),
    before: Callable[[], None] | None = None,
    after: Callable[[], None] | None = None,
    note: str = "",
    sample_tree: bool = False,
) -> Measurement:
    """One warm-up run, then ``runs`` timed runs; ``before``/``after`` run outside the timing."""
    run = Run(name, cmd, cwd, ok, before, after, note, sample_tree)
    m = _started(run)
    print(f"  {name} (load {m.load_before:.2f}) ...", end="", flush=True, file=sys.stderr)
    for i in range(runs + 1):
        if not _once(m, run, env, counted=i > 0):
            return m
    print(f" {m.median:.3f} s", file=sys.stderr)
    return m


def measure_pair(
    a: Run, b: Run, *, env: dict[str, str], runs: int
) -> tuple[Measurement, Measurement]:
    """``a`` and ``b`` in turn (a warm-up run of each, then a b a b ...): the ratio of each pair
    of runs, made one after the other, is kept in ``a`` (``pair_ratios``), and :func:`ratio`
    takes their median, so a ratio compares runs made at the same time however the machine's
    speed drifts during the benchmark (a virtual machine's does, by a third within minutes)."""
    ma, mb = _started(a), _started(b)
    print(
        f"  {a.name} | {b.name} in turn (load {ma.load_before:.2f}) ...",
        end="",
        flush=True,
        file=sys.stderr,
    )
    for i in range(runs + 1):
        if not (_once(ma, a, env, counted=i > 0) and _once(mb, b, env, counted=i > 0)):
            return ma, mb
        if i > 0:
            ma.pair_ratios.append(ma.samples[-1] / mb.samples[-1])
    ma.paired_with = b.name
    print(f" {ma.median:.3f} s | {mb.median:.3f} s", file=sys.stderr)
    return ma, mb


def unavailable(name: str, cmd: Sequence[str], why: str) -> Measurement:
    print(f"  {name}: {why}", file=sys.stderr)
    return Measurement(name, list(cmd), available=False, note=why)


def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


@dataclass
class Target:
    id: str
    description: str
    measured: float | None
    limit: float
    unit: str
    kind: str  # "max" (measured must be <= limit) or "min"
    note: str = ""

    @property
    def status(self) -> str:
        if self.measured is None:
            return "failed" if self.note.startswith("failed") else "not available yet"
        ok = self.measured <= self.limit if self.kind == "max" else self.measured >= self.limit
        return "pass" if ok else "miss"

    def shown(self, value: float | None) -> str:
        if value is None:
            return "—"
        return (
            f"{value:.2f}×"
            if self.unit == "x"
            else f"{value:.3f} s"
            if self.unit == "s"
            else f"{value:.0f} MB"
        )


def why(*measurements: Measurement | None) -> str:
    """The note a target carries: a failed or missing measurement first, else the notes."""
    for m in measurements:
        if m is not None and m.error:
            return f"failed: {m.name}: {m.error}"
    for m in measurements:
        if m is not None and not m.available:
            return f"{m.name}: {m.note}"
    return "; ".join(dict.fromkeys(m.note for m in measurements if m is not None and m.note))


def ratio(a: Measurement | None, b: Measurement | None) -> float | None:
    """``a`` ÷ ``b``: the median of their runs' ratios pair by pair when they were run in turn,
    else the ratio of their medians."""
    if a is None or b is None or a.median is None or b.median is None or b.median == 0:
        return None
    if a.paired_with == b.name and a.pair_ratios:
        return statistics.median(a.pair_ratios)
    return a.median / b.median


@dataclass
class Bench:
    """What every measurement of one run shares: the command, its environment, the number of
    runs and of pairs run in turn, a scratch folder, and the measurements taken so far (by name,
    in order)."""

    overens: list[str]
    env: dict[str, str]
    runs: int
    scratch: Path
    pairs: int = 0
    """Pairs of runs for a ratio measured in turn (:meth:`pair`); ``runs`` when 0."""
    results: dict[str, Measurement] = field(default_factory=dict)

    def measure(
        self, name: str, cmd: Sequence[str], *, cwd: Path, runs: int | None = None, **options: Any
    ) -> Measurement:
        m = measure(name, cmd, cwd=cwd, env=self.env, runs=runs or self.runs, **options)
        self.results[name] = m
        return m

    def pair(self, a: Run, b: Run, runs: int | None = None) -> tuple[Measurement, Measurement]:
        ma, mb = measure_pair(a, b, env=self.env, runs=runs or self.pairs or self.runs)
        self.results[ma.name], self.results[mb.name] = ma, mb
        return ma, mb

    def keep(self, m: Measurement) -> Measurement:
        self.results[m.name] = m
        return m

    def help(self, command: str) -> str | None:
        """The --help text of an overens command, or None when this overens has no such command."""
        proc = subprocess.run(
            [*self.overens, command, "--help"], env=self.env, capture_output=True, text=True
        )
        return proc.stdout if proc.returncode == 0 else None

    def git(self, repo: Path, *args: str) -> str:
        return git(repo, *args, env=self.env)


def clear_cache(root: Path) -> Callable[[], None]:
    """Before a run: no .overens-cache/ (a fresh clone)."""
    import shutil

    return lambda: shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
