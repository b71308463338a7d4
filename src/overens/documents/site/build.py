"""The core of ``overens site``: every agreement's pages, feeds and register, and the site around them.

Reproducible and incremental (docs/decisions/0901-the-site.md):

- Nothing is read from the clock. The site's day is ``--as-of``, else the day of the commit it is
  built from; each agreement's lists are for its latest recorded event up to that day, as
  ``render`` does (docs/decisions/0302-default-as-of.md). The same commit gives the same bytes.
- A file is written only when its content differs, so an unchanged page keeps its date.
- What each agreement's files were made from is kept in ``.overens-cache/site.json``, with what
  the index, the site-wide feed and the data package need of it. On the same day, an agreement
  whose folder is unchanged (its files by content, :func:`overens.store.cache.tree_key`) is not
  even loaded; otherwise it is loaded with its signatories from the signatory index
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.constants import AGREEMENTS_DIR
from overens.documents.site import feeds, register
from overens.errors import UsageError, ValidationFailed
from overens.resources import shipped_dir
from overens.store.cache import Cache, environment_key, tree_key
from overens.store.folders import agreement_folders, resolve_root

if TYPE_CHECKING:
    from overens.documents.site.files import Maker
    from overens.documents.site.views import Happening
    from overens.model.agreement import Agreement
    from overens.model.summary import Listed

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


@dataclass
class _Writer:
    """Writes a file only when its content differs, and counts."""

    output: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0

    def put(self, rel: str, content: bytes) -> str:
        path = self.output / rel
        try:
            same = path.stat().st_size == len(content) and path.read_bytes() == content
        except OSError:
            same = False
        if same:
            self.unchanged += 1
        else:
            from overens.store import yaml_write

            yaml_write.atomic_write(path, content)
            self.written.append(rel)
        return hashlib.sha256(content).hexdigest()[:16]


def _load(root: Path, ids: Sequence[str]) -> list[tuple[Agreement, tuple[Listed, ...]]]:
    from overens.documents.templates import uses_repository_templates
    from overens.store.loader import load

    if not ids:
        return []
    if not uses_repository_templates(root):
        from overens.store.signatory_index import load_listed

        found = load_listed(root, ids)
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
    from overens.model.summary import listed

    return [(a, listed(a)) for a in result.repository.agreements]


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


def _key(
    environment: str,
    agreement: Agreement,
    signatories: Sequence[Listed],
    as_of: dt.date | None,
    state: str,
    found: Sequence[Happening],
    day: dt.date,
) -> str:
    """What an agreement's files are made from: the agreement, what the site shows of each
    signatory (not its signer or contact person, which it never shows), and what the site's day
    changes (the lists' day, the state, the events up to it), so that a new commit elsewhere in
    the repository does not make every agreement again."""
    h = hashlib.sha256(environment.encode())
    h.update(repr(agreement).encode())
    newest = found[0] if found else day
    h.update(f"\0{as_of}\0{state}\0{len(found)}\0{newest}\0".encode())
    h.update(
        "\n".join(
            f"{s.id}\0{s.name}\0{s.municipality}\0{s.sector}\0{s.periods}" for s in signatories
        ).encode()
    )
    return h.hexdigest()


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


def build_site(
    output: Path, options: SiteOptions, *, repo: Path | None = None, use_cache: bool = True
) -> SiteResult:
    """Build (or bring up to date) the static site of every agreement in ``output``."""
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
        _templates_key(root),
    )
    trees = {aid: _tree(program, day, root, aid, manifest) for aid in ids}
    same = {
        aid
        for aid in ids
        if aid in before and before[aid].get("tree") == trees[aid] and _present(output, before[aid])
    }
    loaded = _load(root, [aid for aid in ids if aid not in same])
    lang = _language([before[aid]["card"][2] for aid in same] + [a.language for a, _ in loaded])
    from overens.documents.site.files import Maker, News, site_files
    from overens.documents.site.pages import Pages, SiteInfo
    from overens.documents.site.views import Card, happenings_from_json

    site = SiteInfo(options.title or DEFAULT_TITLE[lang], lang, day, options.base_url)
    environment = hashlib.sha256(f"{program}\0{site.title}\0{lang}".encode()).hexdigest()
    maker = Maker(root, Pages(root, site), site, options.licence)
    writer = _Writer(output)
    now = {aid: before[aid] for aid in same}
    if any(before[aid].get("site") != environment for aid in same):
        now, loaded = {}, _load(root, ids)  # the site's title or language changed: all again
    rebuilt = []
    for agreement, signatories in loaded:
        kept = before.get(agreement.id)
        entry = _agreement(maker, writer, environment, agreement, signatories, kept)
        entry["tree"] = trees[agreement.id]
        now[agreement.id] = entry
        if entry is not kept:
            rebuilt.append(agreement.id)
    writer.unchanged += sum(len(now[aid]["files"]) for aid in now if aid not in rebuilt)
    entries = [now[aid] for aid in ids if aid in now]
    site_key = _site_key(environment, entries)
    kept_site = before.get("")
    if kept_site and kept_site.get("key") == site_key and _present(output, kept_site):
        site_entry = kept_site
        writer.unchanged += len(kept_site["files"])
    else:
        made = site_files(
            maker,
            [Card.from_json(e["card"]) for e in entries],
            [
                News(e["card"][0], e["card"][2], tuple(happenings_from_json(e["news"])))
                for e in entries
            ],
            [r for e in entries for r in e["resources"]],
        )
        files = {rel: writer.put(rel, content) for rel, content in made}
        site_entry = {"key": site_key, "files": files}
    removed = _remove_stale(output, before, {**now, "": site_entry})
    if use_cache:
        manifest.put(scope, {**now, "": site_entry})
        manifest.save()
    return SiteResult(
        output, day, tuple(writer.written), writer.unchanged, removed, tuple(rebuilt), len(ids)
    )


def _site_key(environment: str, entries: Sequence[dict[str, Any]]) -> str:
    """What the site-wide files are made from: each agreement's card, newest events and data
    package entry."""
    import orjson

    h = hashlib.sha256(environment.encode())
    for e in entries:
        h.update(orjson.dumps([e["card"], e["news"], e["resources"]]))
    return h.hexdigest()


def _tree(program: str, day: dt.date, root: Path, aid: str, manifest: Cache) -> str:
    """The agreement's folder by content, with the program and the day: while it is the same, so
    is everything the site shows of the agreement."""
    folder = tree_key(root, f"{AGREEMENTS_DIR}/{aid}", manifest.digests)
    return hashlib.sha256(f"{program}\0{day}\0{folder}".encode()).hexdigest()


def _agreement(
    maker: Maker,
    writer: _Writer,
    environment: str,
    agreement: Agreement,
    signatories: Sequence[Listed],
    kept: dict[str, Any] | None,
) -> dict[str, Any]:
    """What is kept of one agreement, its files made and written again unless what they show is
    unchanged (``kept``, from the build before)."""
    from overens.documents.document import default_as_of
    from overens.documents.site.files import agreement_files
    from overens.documents.site.views import (
        Card,
        agreement_state,
        agreement_view,
        happenings,
        happenings_to_json,
    )

    day = maker.site.as_of
    as_of = default_as_of(agreement, day, signatories)
    state = agreement_state(agreement, day)
    found = happenings(agreement, signatories, day)
    key = _key(environment, agreement, signatories, as_of, state, found, day)
    if kept and kept["key"] == key and _present(writer.output, kept):
        return kept
    view = agreement_view(agreement, signatories, day, as_of, found)
    files = agreement_files(maker, view, signatories)
    return {
        "key": key,
        "site": environment,
        "files": {rel: writer.put(rel, content) for rel, content in files},
        "card": list(Card.of(agreement, state, len(view.members), as_of)),
        "news": happenings_to_json(found[: feeds.ENTRIES]),
        "resources": register.resources(agreement, maker.licence),
    }


def _templates_key(root: Path) -> str:
    """The templates by content: the shipped ones, and the repository's own that override them."""
    from overens.resources import shipped_dir

    h = hashlib.sha256()
    for folder in (shipped_dir("templates"), root / "templates"):
        h.update(f"\0{folder}\0".encode())
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ():
            h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _present(output: Path, kept: dict[str, Any]) -> bool:
    base = f"{output}{os.sep}"
    return all(os.path.isfile(base + rel) for rel in kept["files"])


def _remove_stale(output: Path, before: dict[str, Any], now: dict[str, Any]) -> tuple[str, ...]:
    """Delete the files an earlier build made that this one did not (never any other file)."""
    kept = {rel for entry in now.values() for rel in entry["files"]}
    removed = []
    for entry in before.values():
        for rel in entry.get("files", {}):
            path = output / rel
            if rel not in kept and path.is_file() and path.resolve().is_relative_to(output):
                path.unlink()
                removed.append(rel)
    return tuple(sorted(removed))
