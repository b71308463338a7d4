"""The core of ``overens site``: every agreement's pages, feeds and register, and the site around them.

Reproducible and incremental (docs/decisions/0901-the-site.md):

- Nothing is read from the clock. The site's day is ``--as-of``, else the day of the commit it is
  built from; each agreement's lists are for its latest recorded event up to that day, as
  ``render`` does (docs/decisions/0302-default-as-of.md). The same commit gives the same bytes.
- A file is written only when its content differs, so an unchanged page keeps its date.
- An agreement whose inputs are unchanged is not laid out again: its signatories come from the
  signatory index (:mod:`overens.store.signatory_index`, only changed files are read), and what
  its files were made from is kept per agreement in ``.overens-cache/site.json``. After one
  signatory changed, one agreement's files and the site-wide ones are made again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overens.documents.site import feeds, register
from overens.documents.site.pages import Pages, SiteInfo
from overens.documents.site.views import AgreementView, agreement_view
from overens.errors import UsageError, ValidationFailed
from overens.model.agreement import Agreement
from overens.model.summary import Listed, listed
from overens.store import yaml_write
from overens.store.cache import Cache, environment_key
from overens.store.folders import resolve_root

ASSETS = {
    "assets/site.css": ("_agreement.css", "_site.css"),
    "assets/filter.js": ("_site-filter.js",),
}
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
class _Run:
    root: Path
    output: Path
    options: SiteOptions
    pages: Pages
    site: SiteInfo
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
            yaml_write.atomic_write(path, content)
            self.written.append(rel)
        return hashlib.sha256(content).hexdigest()[:16]

    def href(self, rel: str, feed_dir: str = "") -> str:
        """A link from a feed in ``feed_dir`` to ``rel``: absolute under --base-url, else relative."""
        if self.options.base_url:
            return f"{self.options.base_url.rstrip('/')}/{rel}"
        return rel[len(feed_dir) + 1 :] if feed_dir and rel.startswith(feed_dir + "/") else rel


def _load(root: Path) -> list[tuple[Agreement, tuple[Listed, ...]]]:
    from overens.documents.templates import uses_repository_templates
    from overens.store.loader import load

    if not uses_repository_templates(root):
        from overens.store.signatory_index import load_listed

        found = load_listed(root)
        if found:
            return [(f.agreement, f.signatories) for f in found]
    result = load(root)
    errors = [f for f in result.findings.sorted() if f.severity.value == "error"]
    if errors:
        first = errors[0]
        raise ValidationFailed(
            f"{len(errors)} error(s) in the agreement files; overens publishes only valid "
            f"agreements. The first: {first.location}: {first.message}",
            hint="run `overens validate` to see them all, and fix them",
        )
    if not result.repository.agreements:
        raise UsageError(
            f"there are no agreements in {root}/agreements/",
            hint="add one, or pass --repo PATH to the agreements repository",
        )
    return [(a, listed(a)) for a in result.repository.agreements]


def site_day(root: Path, as_of: dt.date | None) -> dt.date:
    """``as_of``, else the day of the commit the site is built from (the clock's only outside git)."""
    if as_of is not None:
        return as_of
    from overens.vcs.reading import commit_date

    when = commit_date(root)
    return when.date() if when is not None else dt.date.today()


def _language(agreements: Sequence[Agreement]) -> str:
    counts = Counter(a.language for a in agreements)
    return max(sorted(counts), key=lambda lang: (counts[lang], lang == "sv"))


def _key(environment: str, view: AgreementView, signatories: Sequence[Listed], day: dt.date) -> str:
    """What an agreement's files are made from. The site's day counts only through what it
    changes (the lists' day, the state, the events up to it), so a new commit elsewhere in the
    repository does not make every agreement again."""
    h = hashlib.sha256(environment.encode())
    h.update(repr(view.agreement).encode())
    newest = view.happenings[0] if view.happenings else day
    h.update(f"\0{view.as_of}\0{view.state}\0{len(view.happenings)}\0{newest}\0".encode())
    h.update(repr(tuple(signatories)).encode())
    return h.hexdigest()


def build_site(
    output: Path, options: SiteOptions, *, repo: Path | None = None, use_cache: bool = True
) -> SiteResult:
    """Build (or bring up to date) the static site of every agreement in ``output``."""
    root = resolve_root(repo).resolve()
    output = output.resolve()
    if output == root or root.is_relative_to(output):
        raise UsageError(f"--output {output} would hold the repository itself; name a new folder")
    if options.licence not in register.LICENCES:
        raise UsageError(
            f"unknown licence {options.licence!r}",
            hint=f"choose one of {', '.join(register.LICENCES)}",
        )
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output {output} is a file; the site is a folder")
    loaded = _load(root)
    day = site_day(root, options.as_of)
    lang = _language([a for a, _ in loaded])
    site = SiteInfo(options.title or DEFAULT_TITLE[lang], lang, day, options.base_url)
    run = _Run(root, output, options, Pages(root, site), site)
    manifest = Cache(root, MANIFEST)
    scope = f"out\0{output}"
    before: dict[str, Any] = (manifest.get(scope) or {}) if use_cache else {}
    environment = environment_key([], "site", repr(options), site.title, lang, _templates_key(root))
    views, now, rebuilt = [], {}, []
    for agreement, signatories in loaded:
        view = _view(agreement, signatories, day)
        views.append(view)
        key = _key(environment, view, signatories, day)
        kept = before.get(agreement.id)
        if kept and kept["key"] == key and _present(output, kept["files"]):
            now[agreement.id] = kept
            run.unchanged += len(kept["files"])
            continue
        files = {
            rel: run.put(rel, content) for rel, content in _agreement_files(run, view, signatories)
        }
        now[agreement.id] = {"key": key, "files": files}
        rebuilt.append(agreement.id)
    site_files = {rel: run.put(rel, content) for rel, content in _site_files(run, views)}
    now[""] = {"key": "", "files": site_files}
    removed = _remove_stale(output, before, now)
    if use_cache:
        manifest.put(scope, now)
        manifest.save()
    return SiteResult(
        output, day, tuple(run.written), run.unchanged, removed, tuple(rebuilt), len(views)
    )


def _view(agreement: Agreement, signatories: Sequence[Listed], day: dt.date) -> AgreementView:
    from overens.documents.document import default_as_of

    return agreement_view(agreement, signatories, day, default_as_of(agreement, day, signatories))


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


def _present(output: Path, files: dict[str, str]) -> bool:
    return all(os.path.isfile(output / rel) for rel in files)


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


def _agreement_files(
    run: _Run, view: AgreementView, signatories: Sequence[Listed]
) -> Iterator[tuple[str, bytes]]:
    from overens.documents.site.revisions import revision_views

    aid = view.id
    revisions = revision_views(run.root, view.agreement)
    page = run.pages.agreement_page(view, signatories, revisions)
    yield f"{aid}/index.html", page.encode("utf-8")
    for kind, folder, groups in (
        ("municipality", "kommun", view.municipalities),
        ("sector", "sektor", view.sectors),
    ):
        for group in groups:
            html = run.pages.group_page(view, group, kind)
            yield f"{aid}/{folder}/{group.slug}.html", html.encode("utf-8")
    records = register.rows(view)
    yield register.csv_name(aid), register.to_csv(records)
    yield register.json_name(aid), register.to_json(records)
    yield f"{aid}/{feeds.FEED_NAME}", _agreement_feed(run, view)


def _entries(run: _Run, view: AgreementView, feed_dir: str) -> list[feeds.Entry]:
    phrases = run.pages.phrases(view.agreement.language)
    page = f"{view.id}/index.html"
    out = []
    for h in view.happenings[: feeds.ENTRIES]:
        anchor = f"#revision-{h.subject}" if h.kind == "revised" else f"#year-{h.day.year}"
        out.append(
            feeds.Entry(view.id, h, str(phrases.happening(h)), run.href(page + anchor, feed_dir))
        )
    return out


def _agreement_feed(run: _Run, view: AgreementView) -> bytes:
    a = view.agreement
    phrases = run.pages.phrases(a.language)
    return feeds.atom(
        scope=a.id,
        title=str(phrases.feed_title(a.name)),
        subtitle=a.title,
        lang=a.language,
        author=a.parties[0].name if a.parties else a.title,
        self_href=run.href(f"{a.id}/{feeds.FEED_NAME}", a.id),
        page_href=run.href(f"{a.id}/index.html", a.id),
        entries=_entries(run, view, a.id),
        empty_day=lambda: a.adopted_date or run.site.as_of,
    )


def _site_files(run: _Run, views: Sequence[AgreementView]) -> Iterator[tuple[str, bytes]]:
    for rel, names in ASSETS.items():
        yield rel, run.pages.asset(names)
    yield "index.html", run.pages.index_page(views).encode("utf-8")
    entries = feeds.newest([e for v in views for e in _entries(run, v, "")])
    phrases = run.pages.phrases(run.site.lang)
    yield (
        feeds.FEED_NAME,
        feeds.atom(
            scope=f"site:{run.options.base_url or ''}",
            title=str(phrases.site_feed_title()),
            subtitle=run.site.title,
            lang=run.site.lang,
            author=run.site.title,
            self_href=run.href(feeds.FEED_NAME),
            page_href=run.href("index.html"),
            entries=entries,
            empty_day=lambda: run.site.as_of,
        ),
    )
    yield (
        "datapackage.json",
        register.datapackage(
            [v.agreement for v in views], run.options.licence, run.options.base_url, run.site.title
        ),
    )
