"""Labels and dates in the reader's language: the only module that imports Babel.

The message catalogues are the ``.po`` files under ``overens/locale/<lang>/LC_MESSAGES/``, kept
in git and read at run time (docs/decisions/0301-po-catalogues-read-at-run-time.md): there is no
compile step, so a plain ``pip install`` (or an editable checkout) always has every label. The
compiled form (``.mo``) is kept in a folder of the user's own, by the ``.po``'s content
(:mod:`overens.documents.compiled`, docs/decisions/0707-compiled-catalogues-and-cheaper-rows.md).
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from functools import cache
from pathlib import Path

from overens.documents import compiled
from overens.model.dates import DayRange, PartialDate
from overens.resources import LOCALE_DIR

LANGUAGES = ("sv", "en")
DOMAIN = "messages"


def catalogue_path(lang: str) -> Path:
    """The ``.po`` file of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang``, built from its ``.po`` file (fuzzy entries are left out).
    The standard library's reader of the ``.mo``: Babel's ``Translations`` adds only what the
    templates do not use (domains), and importing it costs more."""
    import io

    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    mo = compiled.catalogue(catalogue_path(lang), lang, compile_catalogue)
    return gettext.GNUTranslations(io.BytesIO(mo))


def compile_catalogue(source: bytes, lang: str) -> bytes:
    """The ``.mo`` of the ``.po`` text ``source`` (fuzzy entries left out): what
    :func:`translations` loads, whether compiled now or kept from an earlier run."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang, domain=DOMAIN)
    # The .po has no creation date, and Babel would stamp the minute of compiling into the .mo:
    # the same text then compiled to other bytes a minute later.
    catalog.creation_date = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def long_date(day: dt.date | DayRange, lang: str) -> str:
    """A date as a reader writes it in prose, as precise as it is known: ``1 mars 2020`` /
    ``March 1, 2020``; a month ``februari 2018`` / ``February 2018``; a year ``2016``; an
    interval of days (a date counted from a vague one) from its first to its last day."""
    if isinstance(day, PartialDate) and day.precision == "year":
        return day.text
    if isinstance(day, PartialDate) and day.precision == "month":
        return _skeleton("yMMMM", day.first, lang)
    if isinstance(day, DayRange):
        if day.exact is None:
            return f"{long_date(day.first, lang)} – {long_date(day.last, lang)}"
        day = day.first
    return _formats(lang).get(f"long\0{day.isoformat()}", lambda: _babel_long(day, lang))


def day_and_month(month_day: str, lang: str) -> str:
    """``MM-DD`` as day and month without a year: ``30 juni`` / ``June 30``."""
    month, day = (int(x) for x in month_day.split("-"))
    # A leap year, so that 02-29 is a date.
    return _skeleton("MMMMd", dt.date(2000, month, day), lang)


def _skeleton(skeleton: str, day: dt.date, lang: str) -> str:
    def make() -> str:
        from babel.dates import format_skeleton

        return format_skeleton(skeleton, day, locale=lang)

    return _formats(lang).get(f"{skeleton}\0{day.isoformat()}", make)


def _babel_long(day: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, format="long", locale=lang)


@cache
def _formats(lang: str) -> compiled.Formats:
    """The dates Babel formatted in ``lang`` before, kept (:class:`compiled.Formats`): a document
    shows a few, and Babel costs more to import and load a locale than to format them."""
    return compiled.Formats(lang, _babel_long)


def decimal(value: float, lang: str) -> str:
    """A number with one decimal as the reader writes it: ``0,5`` / ``0.5``."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.0", locale=lang)


def amount(value: float, lang: str) -> str:
    """An amount of money in whole units, grouped as the reader writes it: ``300 000`` / ``300,000``."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0", locale=lang)


# How a seat's label says that its seats have personal substitutes, in each language.
_SUBSTITUTES = {
    "sv": re.compile(r"\bpersonliga? ersättare\b", re.IGNORECASE),
    "en": re.compile(r"\bpersonal substitutes?\b", re.IGNORECASE),
}


def says_substitutes(label: str, lang: str) -> bool:
    """True when ``label`` (a seat's, in the agreement's words) says, in ``lang``, that its seats
    have personal substitutes: the document then does not say it again. A label in another
    language than the document's says nothing to its reader."""
    return bool(_SUBSTITUTES[lang].search(label))
