"""The files of the site: an agreement's (pages, register, feed) and the site's own (index, feed,
data package, assets), as bytes. :mod:`overens.documents.site.build` decides which to make and
writes them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.documents.site import feeds, register
from overens.documents.site.pages import Pages, SiteInfo
from overens.documents.site.views import AgreementView, Card, Happening
from overens.model.summary import Summary

ASSETS = {
    "assets/site.css": ("_agreement.css", "_site.css"),
    "assets/filter.js": ("_site-filter.js",),
}


@dataclass(frozen=True, slots=True)
class News:
    """An agreement's newest events, as the site-wide feed needs them."""

    agreement_id: str
    language: str
    happenings: tuple[Happening, ...]


@dataclass
class Maker:
    """What every file needs: the repository, the pages, the site, and the options."""

    root: Path
    pages: Pages
    site: SiteInfo
    licence: str
    held: frozenset[str] = frozenset()
    """The ids of the agreements on the site (a succession link names their pages)."""

    def href(self, rel: str, feed_dir: str = "") -> str:
        """A link from a feed in ``feed_dir`` to ``rel``: absolute under --base-url, else relative."""
        if self.site.base_url:
            return f"{self.site.base_url.rstrip('/')}/{rel}"
        return rel[len(feed_dir) + 1 :] if feed_dir and rel.startswith(feed_dir + "/") else rel

    def entries(self, news: Sequence[News], feed_dir: str) -> list[feeds.Entry]:
        """The feed entries of ``news``, phrased in each agreement's language."""
        out = []
        for n in news:
            phrases = self.pages.phrases(n.language)
            for h in n.happenings:
                year = h.day.first.year
                anchor = f"#revision-{h.subject}" if h.kind == "revised" else f"#year-{year}"
                link = self.href(f"{n.agreement_id}/index.html{anchor}", feed_dir)
                out.append(feeds.Entry(n.agreement_id, h, str(phrases.happening(h)), link))
        return out


def agreement_files(
    maker: Maker,
    view: AgreementView,
    signatories: Sequence[Summary],
    *,
    feed: bool = True,
) -> Iterator[tuple[str, bytes]]:
    """An agreement's page, its pages per municipality and sector, its register and (``feed``)
    its feed."""
    from overens.documents.site.revisions import revision_views

    aid = view.id
    if feed:
        yield f"{aid}/{feeds.FEED_NAME}", _agreement_feed(maker, view)
    revisions = revision_views(maker.root, view.agreement)
    page = maker.pages.agreement_page(view, signatories, revisions)
    yield f"{aid}/index.html", page.encode("utf-8")
    for kind, folder, groups in (
        ("municipality", "kommun", view.municipalities),
        ("sector", "sektor", view.sectors),
    ):
        for group in groups:
            html = maker.pages.group_page(view, group, kind)
            yield f"{aid}/{folder}/{group.slug}.html", html.encode("utf-8")
    records = register.rows(view)
    yield register.csv_name(aid), register.to_csv(records)
    yield register.json_name(aid), register.to_json(records)


def _agreement_feed(maker: Maker, view: AgreementView) -> bytes:
    a = view.agreement
    phrases = maker.pages.phrases(a.language)
    news = News(a.id, a.language, view.happenings[: feeds.ENTRIES])
    return feeds.atom(
        scope=a.id,
        title=str(phrases.feed_title(a.name)),
        subtitle=a.title,
        lang=a.language,
        author=a.parties[0].name if a.parties else a.title,
        self_href=maker.href(f"{a.id}/{feeds.FEED_NAME}", a.id),
        page_href=maker.href(f"{a.id}/index.html", a.id),
        entries=maker.entries([news], a.id),
        empty_day=lambda: a.adopted_date.first if a.adopted_date else maker.site.as_of,
    )


def site_files(
    maker: Maker,
    cards: Sequence[Card],
    news: Sequence[News],
    described: Sequence[dict[str, Any]],
) -> Iterator[tuple[str, bytes]]:
    """The index, the site-wide feed (the newest events of all agreements), the data package and
    the assets."""
    for rel, names in ASSETS.items():
        yield rel, maker.pages.asset(names)
    yield "index.html", maker.pages.index_page(cards).encode("utf-8")
    flat = sorted(
        ((n, h) for n in news for h in n.happenings),
        key=lambda pair: feeds.order(pair[0].agreement_id, pair[1]),
        reverse=True,
    )[: feeds.ENTRIES]
    newest = [News(n.agreement_id, n.language, (h,)) for n, h in flat]
    phrases = maker.pages.phrases(maker.site.lang)
    yield (
        feeds.FEED_NAME,
        feeds.atom(
            scope=f"site:{maker.site.base_url or ''}",
            title=str(phrases.site_feed_title()),
            subtitle=maker.site.title,
            lang=maker.site.lang,
            author=maker.site.title,
            self_href=maker.href(feeds.FEED_NAME),
            page_href=maker.href("index.html"),
            entries=maker.entries(newest, ""),
            empty_day=lambda: maker.site.as_of,
        ),
    )
    yield (
        "datapackage.json",
        register.datapackage(described, maker.licence, maker.site.base_url, maker.site.title),
    )
