"""The site's pages, laid out by the templates (site-*.jinja) in each agreement's language.

An agreement's page extends ``agreement.html.jinja``, so its text is the one ``render`` makes, from
the same :class:`overens.documents.document.Document`; the site replaces only the signature block
and the signatory tables with its own lists. Templates come from the repository's ``templates/``
first, as for ``render`` (and in the sandbox when the repository has any).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens.documents import i18n
from overens.documents.document import build_document
from overens.documents.filters import html_text
from overens.documents.options import RenderOptions
from overens.documents.site.revisions import RevisionView
from overens.documents.site.views import AgreementView, Card, Group, Member
from overens.documents.templates import Renderer
from overens.model.summary import Summary

if TYPE_CHECKING:
    from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page knows of the site."""

    title: str
    lang: str
    """The language of the index and the site-wide feed."""
    as_of: dt.date
    """The site's day: ``--as-of``, else the day of the commit it is built from."""
    base_url: str | None
    page_lang: str = ""
    """The language of the page being laid out (an agreement's own)."""


def _member_rows(rows: Sequence[Member], sectors: Mapping[str, str], labels: Sequence[str]) -> str:
    cell = html_text
    municipality_label, sector_label, joined_label = (cell(x) for x in labels)
    out = []
    for m in rows:
        town = cell(m.municipality or "")
        sector = m.sector or ""
        out.append(
            f'<tr data-m="{town}" data-s="{cell(sector)}"><td>{cell(m.name)}</td>'
            f'<td data-label="{municipality_label}">{town or "–"}</td>'
            f'<td data-label="{sector_label}">{cell(sectors.get(sector, sector) or "–")}</td>'
            f'<td data-label="{joined_label}">{m.joined.isoformat() if m.joined else "–"}</td></tr>'
        )
    return "\n".join(out)


def _withdrawn_rows(rows: Sequence[Member], labels: Sequence[str]) -> str:
    cell = html_text
    municipality, joined, withdrawn = (cell(x) for x in labels)
    return "\n".join(
        f'<tr><td>{cell(m.name)}</td><td data-label="{municipality}">{cell(m.municipality or "–")}</td>'
        f'<td data-label="{joined}">{m.joined.isoformat() if m.joined else "–"}</td>'
        f'<td data-label="{withdrawn}">{m.withdrawn.isoformat() if m.withdrawn else "–"}</td></tr>'
        for m in rows
    )


class Pages:
    """One Jinja environment per language, reused for every page of the site."""

    def __init__(self, root: Path, site: SiteInfo) -> None:
        self.root = root
        self.site = site
        self._renderers: dict[tuple[str, str], Renderer] = {}

    def renderer(self, lang: str, fmt: str = "html") -> Renderer:
        key = (fmt, lang)
        found = self._renderers.get(key)
        if found is None:
            found = self._renderers[key] = Renderer.create(fmt, lang, self.root)
            if fmt == "html":
                self._add_filters(found)
        return found

    def _add_filters(self, renderer: Renderer) -> None:
        from markupsafe import Markup

        env = renderer.env
        labels = self._labels(renderer)

        def member_rows(rows: Sequence[Member], sectors: Mapping[str, str]) -> Markup:
            return Markup(_member_rows(rows, sectors, labels))

        env.filters["member_rows"] = member_rows
        gettext = i18n.translations(renderer.lang).gettext
        left = (labels[0], labels[2], gettext("Withdrawal took effect"))
        env.filters["withdrawn_rows"] = lambda rows: Markup(_withdrawn_rows(rows, left))

    @staticmethod
    def _labels(renderer: Renderer) -> tuple[str, str, str]:
        gettext = i18n.translations(renderer.lang).gettext
        return gettext("Municipality"), gettext("Sector"), gettext("Joined")

    def sector_names(self, lang: str) -> dict[str, str]:
        """The sectors' names in ``lang`` (as ``_site.jinja``'s ``sector`` says them)."""
        gettext = i18n.translations(lang).gettext
        return {"ideburen": gettext("Civil society"), "offentlig": gettext("Public sector")}

    def phrases(self, lang: str) -> Any:
        """The macros of ``_site.jinja`` in ``lang``, as plain text (for the feeds)."""
        env = self.renderer(lang, "md").env
        return env.get_template("_site.jinja").module

    def _context(self, view: AgreementView, **more: Any) -> dict[str, Any]:
        lang = view.agreement.language
        return {
            "site": dataclasses.replace(self.site, page_lang=lang),
            "view": view,
            "sector_names": self.sector_names(lang),
            **more,
        }

    def agreement_page(
        self,
        view: AgreementView,
        signatories: Sequence[Summary],
        revisions: Sequence[RevisionView],
    ) -> str:
        agreement = view.agreement
        options = RenderOptions(as_of=view.as_of, today=self.site.as_of)
        document = build_document(agreement, options, signatories, view.others)
        context = self._context(view, doc=document, a=agreement, revisions=revisions)
        return self.renderer(document.lang).render("site-agreement.html.jinja", context)

    def group_page(self, view: AgreementView, group: Group, kind: str) -> str:
        context = self._context(view, group=group, kind=kind)
        return self.renderer(view.agreement.language).render("site-members.html.jinja", context)

    def index_page(self, cards: Sequence[Card]) -> str:
        """The front page; the day it names is the latest list day of the agreements (so it
        changes when something happens, not every day)."""
        site = dataclasses.replace(self.site, page_lang=self.site.lang)
        days = [c.as_of for c in cards if c.as_of]
        latest = dt.date.fromisoformat(max(days)) if days else None
        return self.renderer(self.site.lang).render(
            "site-index.html.jinja", {"site": site, "cards": cards, "latest": latest}
        )

    def asset(self, names: Sequence[str]) -> bytes:
        """The named template files (CSS, the script) joined, as the site serves them."""
        env = self.renderer(self.site.lang).env
        assert env.loader is not None
        parts = [env.loader.get_source(env, name)[0] for name in names]
        return "\n".join(p.rstrip("\n") for p in parts).encode("utf-8") + b"\n"
