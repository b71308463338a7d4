"""`overens check` with a cache and parallel workers: the same result, faster.

:func:`check` returns exactly what :func:`overens.checks.engine.check` returns: the findings of an
agreement depend only on the files in its folder and on the program (loading and every rule work
one agreement at a time), so each agreement's findings are computed on their own and stored in
``.overens-cache/`` under a key of its folder's content, the program, the schemas, the date and
the options (:mod:`overens.store.cache`). A warm run with nothing changed reads no YAML, imports neither
PyYAML nor jsonschema, and prints the stored findings; after an edit only the agreements whose
folders changed are checked again.

An agreement whose succession names other agreements in the repository (a predecessor whose
signatories carry over, a successor) is checked with their files too, so its findings are stored
under a key of its folder *and* theirs: the folder's key first finds which agreements it links
to (stored when it was last checked), then the key of all of them finds the findings.

Agreements that must be computed are spread over worker processes when there are enough files for
it to pay (starting a pool costs about 0.05 s); each worker checks whole agreements and sends back
only their findings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.constants import AGREEMENTS_DIR, SCHEMAS_DIR
from overens.model.findings import Finding, Findings, Severity
from overens.store import cache as _cache
from overens.store.folders import agreement_folders, repository_findings, resolve_root
from overens.store.stats import Stat
from overens.store.tree_key import content_key, stat_key, stat_walk
from overens.store.workers import fork_map, fork_split, split_count, worker_count

if TYPE_CHECKING:
    from overens.checks.engine import CheckResult

CACHE_NAME = "check"

_SIZES = "sizes"
"""The key of how many files each folder held when it was last walked (whether walking them
pays for a fork)."""

KEEP = 7
"""Besides this run's results, keep up to seven times as many from earlier runs (other
branches, other dates): switching back to a branch checked before finds its findings."""

_Computed = tuple[list[Finding], "list[str] | None", list[str]]
"""An agreement's findings, the rules that ran, and the agreements its succession links name."""


def _encode(findings: Sequence[Finding], ran: list[str] | None) -> dict[str, Any]:
    return {
        "ran": ran,
        "findings": [
            [
                f.path,
                f.line,
                f.column,
                f.rule,
                f.severity.value,
                f.message,
                f.hint,
                f.agreement,
                f.uncertain,
            ]
            for f in findings
        ],
    }


def _decode(value: Any, linked: list[str]) -> _Computed | None:
    try:
        findings = [
            Finding(p, line, col, rule, Severity(sev), msg, hint, agr, bool(unsure))
            for p, line, col, rule, sev, msg, hint, agr, unsure in value["findings"]
        ]
        ran = value["ran"]
        if ran is not None and not all(isinstance(r, str) for r in ran):
            return None
        return findings, ran, linked
    except (KeyError, TypeError, ValueError):
        return None


def _check_one(root: Path, agreement: str, as_of: dt.date, only: Sequence[str]) -> _Computed:
    """The findings of one agreement, as :func:`overens.checks.engine.check` computes them."""
    from overens.checks.engine import check as reference

    result = reference(root, [agreement], as_of=as_of, rules=only)
    return list(result.findings), result.rules.get(agreement), result.linked.get(agreement, [])


def warm_up() -> None:
    """Import and compile in the parent, so forked workers start with everything ready."""
    from overens.checks import engine, rules  # noqa: F401
    from overens.store import loader, schemas  # noqa: F401

    schemas.warm_up()


def _compute(
    root: Path,
    agreements: list[str],
    sizes: dict[str, int],
    as_of: dt.date,
    only: Sequence[str],
    workers: int | None,
) -> dict[str, _Computed]:
    count = worker_count(sum(sizes[a] for a in agreements), len(agreements), workers)
    if count <= 1:
        return {a: _check_one(root, a, as_of, only) for a in agreements}

    def one(agreement: str) -> tuple[str, _Computed]:
        return agreement, _check_one(root, agreement, as_of, only)

    # Largest first, one agreement per task, so the two ends of the queue finish together.
    order = sorted(agreements, key=lambda a: -sizes[a])
    return dict(fork_map(one, order, workers=count, ordered=False, prepare=warm_up))


def _schema_dirs(root: Path) -> list[Path]:
    from overens.resources import shipped_dir

    return [shipped_dir("schemas"), root / SCHEMAS_DIR]


class _Stored:
    """The check cache of one run: an agreement's findings keyed by its folder and the folders of
    the agreements its succession links to (found from the links stored under its folder's key).

    A folder's key is of its content (each file's digest, remembered by stat: :mod:`overens.store.
    cache`). A run that found a folder's content key also stores it under the key of the folder's
    stats (``stats <key>``): while no file's stat changed, the next run takes the content key
    from there, and reads no digest. Not when a file changed within :data:`~overens.store.cache.
    RACY_NS` of the saving, whose stat a later edit might not move on."""

    def __init__(self, root: Path, environment: str) -> None:
        self.root = root
        self.environment = environment
        self.store = _cache.Cache(root, CACHE_NAME, keep=KEEP)
        self.keys: dict[str, str] = {}
        """The key of each agreement's findings, taken before it is checked (when its links are
        known)."""
        self.folders: dict[str, str] = {}
        """The key of each agreement's folder, taken before it is checked."""
        self.sizes: dict[str, int] = {}
        """How many files each folder held when its key was taken."""
        self._by_stat: dict[str, tuple[str, int]] = {}
        """Content keys found from digests in this run, by the key of the stats they were
        found for, with the newest change among those files (stored when it is settled)."""
        self._unread: dict[str, list[int]] = {}
        """The files of folders whose content key came from their stats: their digests, not
        read, are carried over when the digests are written."""
        self._walked: dict[str, tuple[str, dict[str, Stat]]] = {}
        """Folders walked ahead (:meth:`walk_all`), each used once: a later key walks again."""
        stored = self.store.get(_SIZES)
        self._sizes_before: dict[str, int] = (
            {k: v for k, v in stored.items() if isinstance(v, int)}
            if isinstance(stored, dict)
            else {}
        )
        """How many files each folder held when a run last walked it, as far as stored."""

    def walk_all(self, order: list[str]) -> None:
        """Walk the folders of ``order`` ahead, in more than one process when the last run
        walked enough files to pay for a fork (the ``lstat`` of 10,000 files is most of a warm
        run); :meth:`folder_key` takes each walk once."""
        before = self._sizes_before
        count = split_count(sum(before.get(agreement, 0) for agreement in order), len(order))
        if count <= 1:
            return
        root = self.root

        def walk(run: list[str]) -> list[tuple[str, dict[str, Stat]]]:
            return [stat_walk(root, f"{AGREEMENTS_DIR}/{agreement}") for agreement in run]

        self._walked = dict(zip(order, fork_split(walk, order, workers=count), strict=True))

    def folder_key(self, agreement: str) -> str:
        """The key of the agreement's folder, with the environment (how many files it holds goes
        to :attr:`sizes`)."""
        folder = f"{AGREEMENTS_DIR}/{agreement}"
        walked = self._walked.pop(agreement, None)
        others, files = walked if walked is not None else stat_walk(self.root, folder)
        self.sizes[agreement] = len(files)
        by_stat = f"stats {folder} {stat_key(others, files)}"
        found = self._by_stat.get(by_stat)
        tree = found[0] if found else self.store.get(by_stat)
        if isinstance(tree, str):
            self._unread.update(files)
        else:
            tree = content_key(self.root, others, files, self.store.digests.digest)
            changed = max((max(st[1], st[2]) for st in files.values()), default=0)
            self._by_stat[by_stat] = (tree, changed)
        return hashlib.sha256(f"{self.environment}\n{agreement}\n{tree}".encode()).hexdigest()

    def key_of(self, agreement: str, linked: list[str], key: str | None = None) -> str:
        """The key of the agreement's findings: its folder's (``key``, when it was just taken),
        and those of the agreements its succession names (whose files its findings depend on)."""
        key = key or self.folder_key(agreement)
        if not linked:
            return key
        parts = [key, *(f"{other}\n{self.folder_key(other)}" for other in linked)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def lookup(self, order: list[str]) -> dict[str, _Computed]:
        """The findings stored for the agreements of ``order`` (their folders' sizes go to
        :attr:`sizes`)."""
        done = {}
        self.walk_all(order)
        for agreement in order:
            self.folders[agreement] = self.folder_key(agreement)
            links = self.store.get("links " + self.folders[agreement])
            if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
                continue
            self.keys[agreement] = self.key_of(agreement, links, self.folders[agreement])
            cached = _decode(self.store.get(self.keys[agreement]), links)
            if cached is not None:
                done[agreement] = cached
        return done

    def keep(self, computed: dict[str, _Computed]) -> None:
        """Store what was computed. A file edited while it was being checked: its findings may be
        of either content, so they are stored under neither (the key is taken again; files whose
        stat did not change are not read again). The folders of linked agreements are keyed
        before the check only once their links are known, so the findings of an agreement with
        links are stored from its second check on."""
        for agreement, (found, ran, linked) in computed.items():
            folder = self.folder_key(agreement)
            if folder != self.folders[agreement]:
                continue
            self.store.put("links " + folder, linked)
            key = self.key_of(agreement, linked, folder)
            if not linked or self.keys.get(agreement) == key:
                self.store.put(key, _encode(found, ran))

    def save(self, computed: bool) -> None:
        """Write the cache when this run found what a later one can use: findings ``computed``,
        files hashed, or a folder's content key for its stats (once its files are settled)."""
        settled = time.time_ns() - _cache.RACY_NS
        found = {k: tree for k, (tree, changed) in self._by_stat.items() if changed < settled}
        digests = self.store.digests_read
        sizes = {**self._sizes_before, **self.sizes}
        moved = sizes != self._sizes_before
        hashed = digests is not None and digests.hashed
        # unused(): results kept for other branches wait in the first file, or came from the
        # second: written apart again, so that the next run reads only its own
        if not (computed or found or moved or hashed or self.store.unused()):
            return
        self.store.put(_SIZES, sizes)
        for key, tree in found.items():
            self.store.put(key, tree)
        if digests is not None:
            digests.carry(self._unread)
        self.store.save()


def check(
    repo: Path | None = None,
    agreements: Sequence[str] = (),
    *,
    as_of: dt.date,
    rules: Sequence[str] = (),
    use_cache: bool = True,
    workers: int | None = None,
    version: str | None = None,
) -> CheckResult:
    """What :func:`overens.checks.engine.check` returns, from the cache where nothing changed.

    ``use_cache=False`` neither reads nor writes the cache. ``workers`` fixes the number of worker
    processes (default: one per core when there are enough files). ``version`` stands in for
    overens's version in the cache key (for tests).
    """
    from overens.checks.engine import agreement_ids, check_rule_ids

    only = check_rule_ids(rules) if rules else []
    root = resolve_root(repo).resolve()
    ids = agreement_ids(root, agreements)
    order = ids or [f.name for f in agreement_folders(root)]

    stored = _Stored(root, _environment(root, as_of, only, version)) if use_cache else None
    if stored is not None:
        done, sizes = stored.lookup(order), stored.sizes
    else:
        done = {}
        sizes = {a: sum(1 for _ in (root / AGREEMENTS_DIR / a).rglob("*")) for a in order}
    missing = [a for a in order if a not in done]
    if missing:
        computed = _compute(root, missing, sizes, as_of, only, workers)
        done.update(computed)
        if stored is not None:
            stored.keep(computed)
    if stored is not None:
        stored.save(bool(missing))
    return _result(root, order, done, as_of)


def _environment(root: Path, as_of: dt.date, only: Sequence[str], version: str | None) -> str:
    """What every agreement's findings depend on besides its files: the program, the schemas,
    the date and the options."""
    return _cache.environment_key(
        _schema_dirs(root),
        f"root {root}",
        f"as-of {as_of.isoformat()}",
        f"rules {','.join(only)}",
        version=version,
    )


def _result(
    root: Path, order: list[str], done: dict[str, _Computed], as_of: dt.date
) -> CheckResult:
    from overens.checks.engine import CheckResult

    findings = Findings(repository_findings(root))
    ran_by_agreement: dict[str, list[str]] = {}
    for agreement in order:
        found, ran, _ = done[agreement]
        findings.extend(found)
        if ran is not None:
            ran_by_agreement[agreement] = ran
    return CheckResult(findings, as_of, tuple(order), ran_by_agreement)
