"""The core of ``overens site``: every agreement's pages, feeds and register, and the site around them.

Reproducible and incremental (docs/decisions/0901-the-site.md):

- Nothing is read from the clock. The site's day is ``--as-of``, else the day of the commit it is
  built from; each agreement's lists are for its latest recorded event up to that day, as
  ``render`` does (docs/decisions/0302-default-as-of.md). The same commit gives the same bytes.
  (The clock only tells files changed too recently to trust their stat: never a byte.)
- A file is written only when its content differs, so an unchanged page keeps its date.
- What each agreement's files were made from is kept in ``.overens-cache/site.json``, with what
  the index, the site-wide feed and the data package need of it. On the same day, an agreement
  whose folder is unchanged (its paths and their stats, :func:`inputs_key.tree`) is not even loaded;
  otherwise it is loaded with its signatories from the signatory index
  (:mod:`overens.store.signatory_index`: only changed files are read) and laid out again only if
  what its files show changed. After one signatory changed, one agreement is loaded and laid
  out, and the site-wide files are made again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.constants import AGREEMENTS_DIR, SIGNATORIES_DIR
from overens.documents import inputs_key
from overens.documents.site import keys, register
from overens.documents.site.agreement_entry import Subject, Writer, make_entry
from overens.errors import OverensError, UsageError, ValidationFailed
from overens.resources import shipped_dir
from overens.store.cache import Cache, environment_key
from overens.store.folders import agreement_folders, resolve_root

if TYPE_CHECKING:
    from overens.documents.site.pages import SiteInfo
    from overens.model.agreement import Agreement
    from overens.model.summary import Summary

# What is made only when something must be (pages, templates, the model) is imported there, so
# that a build with nothing to do costs little more than looking at the files.

DEFAULT_TITLE = {"sv": "Överenskommelser", "en": "Agreements"}
MANIFEST = "site"


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """What ``overens site`` is asked for, beyond the repository and the folder."""

    as_of: dt.date | None = None
    """The site's day; the day of the commit the site is built from when None."""
    base_url: str | None = None
    """Where the site is published (absolute links in the feeds); relative links when None."""
    licence: str = register.DEFAULT_LICENCE
    title: str | None = None
    """The site's title; "Överenskommelser" / "Agreements" when None."""


@dataclass(frozen=True, slots=True)
class SiteResult:
    """What a build did."""

    output: Path
    as_of: dt.date
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    rebuilt: tuple[str, ...]
    """The agreements whose files were made again (the others were unchanged)."""
    agreements: int


def _load(root: Path, ids: Sequence[str]) -> list[tuple[Agreement, tuple[Summary, ...]]]:
    from overens.documents.templates import uses_repository_templates
    from overens.store.loader import load

    if not ids:
        return []
    if not uses_repository_templates(root):
        from overens.store.signatory_index import load_listed

        found = load_listed(root, ids, contacts=False)  # the site never shows a contact person
        if found:
            return [(f.agreement, f.signatories) for f in found]
    result = load(root, ids)
    errors = [f for f in result.findings.sorted() if f.severity.value == "error"]
    if errors:
        first = errors[0]
        raise ValidationFailed(
            f"{len(errors)} error(s) in the agreement files; overens publishes only valid "
            f"agreements. The first: {first.location}: {first.message}",
            hint="run `overens validate` to see them all, and fix them",
        )
    from overens.model.summary import summarise

    return [(a, summarise(a)) for a in result.repository.agreements]


def site_day(root: Path, as_of: dt.date | None) -> dt.date:
    """``as_of``, else the day of the commit the site is built from (the clock's only outside git)."""
    if as_of is not None:
        return as_of
    from overens.vcs.reading import commit_date

    when = commit_date(root)
    return when.date() if when is not None else dt.date.today()


def _language(languages: Iterable[str]) -> str:
    counts = Counter(languages)
    return max(sorted(counts), key=lambda lang: (counts[lang], lang == "sv"))


def _check_options(root: Path, output: Path, options: SiteOptions) -> None:
    if output == root or root.is_relative_to(output):
        raise UsageError(f"--output {output} would hold the repository itself; name a new folder")
    if options.licence not in register.LICENCES:
        raise UsageError(
            f"unknown licence {options.licence!r}",
            hint=f"choose one of {', '.join(register.LICENCES)}",
        )
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output {output} is a file; the site is a folder")


@dataclass(frozen=True)
class _Build:
    """What every part of one build knows."""

    root: Path
    output: Path
    options: SiteOptions
    day: dt.date
    program: str
    trees: dict[str, str]
    before: dict[str, Any]
    workers: int | None = None


def build_site(
    output: Path,
    options: SiteOptions,
    *,
    repo: Path | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> SiteResult:
    """Build (or bring up to date) the static site of every agreement in ``output``.

    ``workers`` fixes the number of worker processes (default: one per core when enough
    signatory files are to be read)."""
    root = resolve_root(repo).resolve()
    output = output.resolve()
    _check_options(root, output, options)
    ids = [f.name for f in agreement_folders(root)]
    if not ids:
        raise UsageError(
            f"there are no agreements in {root}/{AGREEMENTS_DIR}/",
            hint="add one, or pass --repo PATH to the agreements repository",
        )
    day = site_day(root, options.as_of)
    manifest = Cache(root, MANIFEST)
    scope = f"out\0{output}"
    before: dict[str, Any] = (manifest.get(scope) or {}) if use_cache else {}
    program = environment_key(
        [shipped_dir("schemas"), root / "schemas"],
        "site",
        repr(dataclasses.replace(options, as_of=None)),  # the day counts through what it changes
        inputs_key.templates_key(root),
    )
    trees = {aid: inputs_key.tree(program, day, root, aid) for aid in ids}
    build = _Build(root, output, options, day, program, trees, before, workers)
    # The site's language is its agreements' (most of them); assume the last build's, and build
    # again in the other one if the agreements now say otherwise.
    assumed = (before.get("") or {}).get("lang") or "sv"
    now, written, rebuilt, lang = _attempt(build, ids, assumed)
    if lang != assumed:
        now, written, rebuilt, lang = _attempt(build, ids, lang)
    removed = _remove_stale(output, before, now)
    if use_cache:
        manifest.put(scope, now)
        manifest.save()
    total = sum(len(e["files"]) for e in now.values())
    return SiteResult(
        output, day, tuple(written), total - len(written), removed, tuple(rebuilt), len(ids)
    )


def _attempt(
    build: _Build, ids: Sequence[str], lang: str
) -> tuple[dict[str, Any], list[str], list[str], str]:
    """Every agreement's files (made again where they changed) and, when the agreements' language
    is ``lang``, the site's: what is kept now, the files written, the agreements made again, and
    the agreements' language."""
    from overens.documents.site.files import Maker, News, site_files
    from overens.documents.site.pages import Pages, SiteInfo
    from overens.documents.site.views import Card, happenings_from_json

    options, before = build.options, build.before
    site = SiteInfo(options.title or DEFAULT_TITLE[lang], lang, build.day, options.base_url)
    environment = hashlib.sha256(f"{build.program}\0{site.title}\0{lang}".encode()).hexdigest()
    same = [
        aid
        for aid in ids
        if aid in before
        and before[aid].get("tree")
        == inputs_key.with_links(build.trees, aid, before[aid].get("links"))
        and before[aid].get("site") == environment
        and keys.present(build.output, before[aid])
    ]
    now = {aid: before[aid] for aid in same}
    written: list[str] = []
    rebuilt = []
    pending = [aid for aid in ids if aid not in now]
    for aid, entry, files_written, made in _make_all(build, site, environment, pending):
        entry["tree"] = inputs_key.with_links(build.trees, aid, entry.get("links"))
        now[aid] = entry
        written += files_written
        if made:
            rebuilt.append(aid)
    entries = [now[aid] for aid in ids if aid in now]
    actual = _language(e["card"][2] for e in entries)
    if actual != lang:
        return now, written, rebuilt, actual
    site_key = keys.site_key(environment, entries)
    kept = before.get("")
    if kept and kept.get("key") == site_key and keys.present(build.output, kept):
        now[""] = kept
        return now, written, rebuilt, lang
    maker = Maker(build.root, Pages(build.root, site), site, options.licence, frozenset(ids))
    writer = Writer(build.output)
    made_files = site_files(
        maker,
        [Card.from_json(e["card"]) for e in entries],
        [News(e["card"][0], e["card"][2], tuple(happenings_from_json(e["news"]))) for e in entries],
        [r for e in entries for r in e["resources"]],
    )
    files = {rel: writer.put(rel, content) for rel, content in made_files}
    now[""] = {"key": site_key, "lang": lang, "files": files}
    return now, written + writer.written, rebuilt, lang


_Made = tuple[str, dict[str, Any], list[str], bool]
"""An agreement's id, what is kept of it, the files written, and whether it was laid out again."""


def _make_all(
    build: _Build, site: SiteInfo, environment: str, pending: Sequence[str]
) -> Iterator[_Made]:
    """Load ``pending`` and make their files; in worker processes when there are enough
    signatory files to pay for them (a fresh clone, a first build), as ``check`` does."""
    from overens.store import schemas
    from overens.store.workers import fork_map, worker_count

    def job(chunk: Sequence[str]) -> list[_Made] | OverensError:
        try:
            return _make(build, site, environment, chunk)
        except OverensError as e:  # returned, so that it crosses the process boundary whole
            return e

    files = sum(_count(build.root / AGREEMENTS_DIR / aid / SIGNATORIES_DIR) for aid in pending)
    workers = worker_count(files, len(pending), build.workers)
    if workers <= 1:
        chunks: list[Sequence[str]] = [pending] if pending else []
        results: Iterable[list[_Made] | OverensError] = map(job, chunks)
    else:
        size = -(-len(pending) // (workers * 8))  # small chunks: the workers finish together
        chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
        results = fork_map(job, chunks, workers=workers, prepare=schemas.warm_up)
    for result in results:
        if isinstance(result, OverensError):
            raise result
        yield from result


def _count(folder: Path) -> int:
    try:
        with os.scandir(folder) as it:
            return sum(1 for _ in it)
    except OSError:
        return 0


def _make(build: _Build, site: SiteInfo, environment: str, chunk: Sequence[str]) -> list[_Made]:
    from overens.documents.outputs import linked_agreements
    from overens.documents.site.files import Maker
    from overens.documents.site.pages import Pages

    held = frozenset(build.trees)
    maker = Maker(build.root, Pages(build.root, site), site, build.options.licence, held)
    out = []
    for agreement, signatories in _load(build.root, chunk):
        writer = Writer(build.output)
        kept = build.before.get(agreement.id)
        others = linked_agreements(build.root, agreement)
        entry = make_entry(
            maker, writer, environment, Subject(agreement, signatories, others), kept
        )
        out.append((agreement.id, entry, writer.written, entry is not kept))
    return out


def _remove_stale(output: Path, before: dict[str, Any], now: dict[str, Any]) -> tuple[str, ...]:
    """Delete the files an earlier build made that this one did not (never any other file)."""
    kept = {rel for entry in now.values() for rel in entry["files"]}
    removed = []
    for entry in before.values():
        for rel in entry.get("files", {}).keys() - kept:  # most files are kept: no path made
            path = output / rel
            if path.is_file() and path.resolve().is_relative_to(output):
                path.unlink()
                removed.append(rel)
    return tuple(sorted(removed))
