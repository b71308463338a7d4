"""What ``render`` is asked for: the output format and the options, apart from the code that
renders (so that telling whether a rendered file is up to date imports neither Jinja nor the
model)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Format(str, enum.Enum):
    """An output format."""

    md = "md"
    html = "html"
    pdf = "pdf"

    @property
    def template_format(self) -> str:
        """The template format that produces it (a PDF is printed from the HTML)."""
        return "md" if self is Format.md else "html"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What to render, beyond the agreement and the format."""

    lang: str | None = None
    """The language of the labels; the agreement's language when None."""
    as_of: dt.date | None = None
    """The day the signatories are listed for; see :func:`default_as_of` when None."""
    signing_sheet: bool = False
    rows: int = 20
    """Empty rows on the signing sheet."""
    include_contacts: bool = False
    """Show contact persons' e-mail and phone (personal data; left out by default)."""
    today: dt.date | None = None
    """The day that counts as today for the default ``as_of`` (tests pass a fixed day)."""
    plan: str | None = None
    """Render this plan (plans/<plan>.yaml) as a document of its own instead of the agreement."""
