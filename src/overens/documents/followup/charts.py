"""The follow-up report's charts as SVG to embed in the HTML: the only module that imports matplotlib.

matplotlib draws SVG without a browser or a display (its own SVG backend, no pyplot); the text
stays text (``svg.fonttype: none``), so it is read by screen readers, found by search and crisp in
print. The same figures give the same bytes: no date in the metadata, a fixed hash salt for the
clip-path ids, and every id prefixed with the chart's own name so several charts can share a page.
Each chart has a ``<title>`` and a ``<desc>`` (its text alternative), and the report prints the
numbers in a table beside it (docs/decisions/0905-follow-up-report.md).
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INK, BLUE, ORANGE, GREY = "#1a1a1a", "#1f4e79", "#b35900", "#6b7785"
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "overens",
    "font.family": ["DejaVu Sans"],
    "font.size": 11,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[int, ...]
    color: str


def use_cache_folder(folder: Path) -> None:
    """Have matplotlib keep its font cache and configuration in ``folder`` (in
    ``.overens-cache/``) rather than in the user's home folder, unless ``MPLCONFIGDIR`` says
    where; before matplotlib is first imported (it reads the setting once)."""
    if "matplotlib" in sys.modules or "MPLCONFIGDIR" in os.environ:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # matplotlib then finds a place of its own
    os.environ["MPLCONFIGDIR"] = str(folder)


def _figure_svg(years: Sequence[int], series: Sequence[Series], kind: str, y_label: str) -> str:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = Figure(figsize=(6.4, 3.2))
        ax = fig.subplots()
        xs = list(range(len(years)))
        if kind == "line":
            for s in series:
                ax.plot(xs, s.values, color=s.color, marker="o", linewidth=2, label=s.label)
        else:
            width = 0.8 / max(len(series), 1)
            for i, s in enumerate(series):
                offset = (i - (len(series) - 1) / 2) * width
                ax.bar([x + offset for x in xs], s.values, width, color=s.color, label=s.label)
        ax.set_xticks(xs, [str(y) for y in years])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max((v for s in series for v in s.values), default=0)
        ax.set_ylim(0, max(top * 1.15, 1))
        ax.set_ylabel(y_label)
        ax.grid(axis="y", color="#d5dbe1", linewidth=0.6)
        ax.set_axisbelow(True)
        if len(series) > 1:
            ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=len(series))
        # Fixed margins: tight_layout measures every text and costs more than the drawing.
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.1, top=0.88)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_SIZE = re.compile(r'<svg\b[^>]*?\swidth="[^"]*"\s+height="[^"]*"')


def _embeddable(svg: str, name: str, title: str, desc: str) -> str:
    """The SVG as an element of an HTML page: no XML prologue or metadata, ids of its own, a title
    and a description it is labelled by, and a width that follows the page."""
    from markupsafe import escape

    svg = _COMMENT.sub("", _METADATA.sub("", _PROLOGUE.sub("", svg)))
    for old in dict.fromkeys(_ID.findall(svg)):
        new = f"{name}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    svg = _SIZE.sub(lambda m: m.group(0).split(" width=")[0], svg, count=1)
    head, rest = svg.split(">", 1)
    return (
        f'{head} role="img" aria-labelledby="{name}-title {name}-desc" class="chart">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(desc)}</desc>{rest}'
    )


def chart(
    name: str,
    years: Sequence[int],
    series: Sequence[Series],
    *,
    kind: str,
    title: str,
    desc: str,
    y_label: str,
) -> str:
    """One chart (``kind`` ``line`` or ``bar``) as an SVG element with its text alternative."""
    return _embeddable(_figure_svg(years, series, kind, y_label), name, title, desc)
