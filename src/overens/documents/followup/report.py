"""The core of ``overens followup``: the annual follow-up report of one agreement, as HTML, PDF or
Markdown.

The figures are :mod:`overens.documents.followup.figures`'s, the compliance findings those of
``overens check`` on 31 December (:func:`overens.check`), the charts
:mod:`overens.documents.followup.charts`'s (matplotlib is imported only here, and only for HTML and
PDF), the layout ``followup.{html,md}.jinja`` in the agreement's language or ``lang``. The report
holds no personal data: organisations, counts and dates (docs/decisions/0905-follow-up-report.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.documents.followup.figures import FollowUp, follow_up
from overens.documents.options import Format
from overens.documents.templates import Renderer
from overens.errors import AgreementNotFoundError, UsageError, ValidationFailed
from overens.model.agreement import Agreement
from overens.store.files import atomic_write
from overens.store.folders import resolve_root

TEMPLATE = "followup.{fmt}.jinja"
FIRST_YEAR, LAST_YEAR = 1900, 2999
CHART_CACHE = "followup-charts"


@dataclass(frozen=True, slots=True)
class FollowUpReport:
    """A rendered report: its content, and the file it was written to (None: not written)."""

    agreement: str
    year: int
    fmt: Format
    content: bytes
    path: Path | None
    written: bool


def _agreement(root: Path, agreement_id: str) -> Agreement:
    from overens.store.folders import agreement_folder
    from overens.store.loader import load

    agreement_folder(root, agreement_id)  # an unknown id: "did you mean", exit 2
    # Parsed, schema-valid documents come from .overens-cache/ while their text is unchanged.
    result = load(root, [agreement_id], documents=True)
    agreement = result.repository.agreement(agreement_id)
    errors = [f for f in result.findings.sorted() if f.severity.value == "error"]
    if agreement is None and not errors:
        from overens.store.folders import agreement_folders

        known = ", ".join(p.name for p in agreement_folders(root)) or "none"
        raise AgreementNotFoundError(
            f"unknown agreement {agreement_id!r}", hint=f"agreements: {known}"
        )
    if errors or agreement is None:
        first = errors[0]
        raise ValidationFailed(
            f"{len(errors)} error(s) in the agreement files; the follow-up needs a valid "
            f"agreement. The first: {first.location}: {first.message}",
            hint=f"run `overens validate agreements/{agreement_id}` and fix what it reports",
        )
    return agreement


def _findings(root: Path, agreement_id: str, day: dt.date) -> list[tuple[str, str, int]]:
    from overens.checks.cached import check

    result = check(root, [agreement_id], as_of=day)
    counts = Counter((f.rule, f.severity.value, f.severity.rank) for f in result.findings.items)
    ordered = sorted(counts.items(), key=lambda item: (item[0][2], item[0][0]))
    return [(rule, severity, n) for (rule, severity, _rank), n in ordered]


def _charts(root: Path, figures: FollowUp, phrases: Any) -> dict[str, str]:
    """The three charts, from ``.overens-cache/`` when the same figures and labels were drawn
    before by the same program (matplotlib is imported only to draw one that is not there)."""
    import hashlib

    from overens.constants import CACHE_DIR
    from overens.documents.followup.charts import BLUE, ORANGE, Series, chart, use_cache_folder
    from overens.store.cache import Cache, environment_key

    use_cache_folder(root / CACHE_DIR / "matplotlib")

    years = [y.year for y in figures.history]
    h = figures.history

    def label(key: str) -> str:
        return str(phrases.label(key))

    specs: dict[str, dict[str, Any]] = {
        "members": {
            "series": [Series(label("members"), tuple(y.members for y in h), BLUE)],
            "kind": "line",
            "title": str(phrases.members_title()),
            "desc": str(phrases.members_desc(h)),
            "y_label": label("organisations"),
        },
        "changes": {
            "series": [
                Series(label("joined"), tuple(y.joined for y in h), BLUE),
                Series(label("left"), tuple(y.left for y in h), ORANGE),
            ],
            "kind": "bar",
            "title": str(phrases.changes_title()),
            "desc": str(phrases.changes_desc(h)),
            "y_label": label("organisations"),
        },
        "reports": {
            "series": [
                Series(label("due"), tuple(y.reports_due for y in h), ORANGE),
                Series(label("received"), tuple(y.reports_received for y in h), BLUE),
            ],
            "kind": "bar",
            "title": str(phrases.reports_title()),
            "desc": str(phrases.reports_desc(h)),
            "y_label": label("reports"),
        },
    }
    store = Cache(root, CHART_CACHE)
    program = environment_key([], "followup-charts")
    out = {}
    for name, spec in specs.items():
        key = hashlib.sha256(f"{program}\0{name}\0{years}\0{spec!r}".encode()).hexdigest()
        svg = store.get(key)
        if not isinstance(svg, str):
            svg = chart(name, years, **spec)
        store.put(key, svg)
        out[name] = svg
    store.save()
    return out


def render_followup(
    root: Path, agreement: Agreement, year: int, fmt: Format, lang: str | None = None
) -> bytes:
    """The report's bytes (``agreement`` loaded with its signatories and body members)."""
    lang = lang or agreement.language
    day = dt.date(year, 12, 31)
    figures = follow_up(agreement, year, _findings(root, agreement.id, day))
    template_format = fmt.template_format
    renderer = Renderer.create(template_format, lang, root)
    charts: dict[str, str] = {}
    if template_format == "html":
        phrases = Renderer.create("md", lang, root).env.get_template("_followup.jinja").module
        charts = _charts(root, figures, phrases)
    text = renderer.render(
        TEMPLATE.format(fmt=template_format), {"f": figures, "charts": charts, "lang": lang}
    )
    if fmt is Format.pdf:
        from overens.documents.pdf import html_to_pdf

        return html_to_pdf(text)
    return text.encode("utf-8")


def followup(
    agreement_id: str,
    year: int,
    fmt: Format = Format.html,
    *,
    lang: str | None = None,
    output: Path | None = None,
    repo: Path | None = None,
) -> FollowUpReport:
    """The follow-up report of ``agreement_id`` for ``year``; written to ``output`` when given
    (only when its content differs), else returned for the caller to print."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            f"--year {year} is not a year overens can report on", hint="e.g. --year 2025"
        )
    if output is None and fmt is Format.pdf:
        raise UsageError("--format pdf writes a file; give it with --output FILE.pdf")
    root = resolve_root(repo).resolve()
    agreement = _agreement(root, agreement_id)
    if output is not None and output.is_dir():
        output = output / f"{agreement_id}-followup-{year}.{fmt.value}"
    content = render_followup(root, agreement, year, fmt, lang)
    written = False
    if output is not None and not (output.is_file() and output.read_bytes() == content):
        atomic_write(output, content)
        written = True
    return FollowUpReport(agreement_id, year, fmt, content, output, written)
