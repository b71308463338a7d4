"""Dates: as the files write them and as options give them, each read in one place.

:func:`date_of` turns a date a file holds (already schema-checked) into a ``datetime.date``;
:func:`parse_date` reads a date a person gives at an option or a prompt, and :func:`parse_as_of`
reads ``--as-of``, with one message for every command.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from overens.errors import UsageError

_DATES: dict[str, dt.date] = {}
"""Dates already parsed: 10,000 signatories share a few hundred dates, and a date is immutable."""


def date_of(value: Any) -> dt.date | None:
    """The date a file's (schema-valid) value names, or None when it names none."""
    if not isinstance(value, str):
        return None
    day = _DATES.get(value)
    if day is None:
        day = _DATES[value] = dt.date.fromisoformat(value)
    return day


def plus_days(day: dt.date, days: int) -> dt.date:
    """``day`` + ``days``, held within the calendar datetime knows (0001-01-01 to 9999-12-31):
    a notice period after a date near the year 9999 must not crash a check."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def plus_years(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` later (28 February for 29 February), within the calendar."""
    year = day.year + years
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max if years > 0 else dt.date.min
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def required_date(value: Any) -> dt.date:
    """The date a required field of a (schema-valid) file names."""
    day = date_of(value)
    if day is None:
        raise ValueError(f"a required date is missing: {value!r}")
    return day


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date given at ``option`` (or its prompt), or a :class:`UsageError` naming it."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise UsageError(
            f"{option} {text!r} is not a date written YYYY-MM-DD",
            hint="write it as YYYY-MM-DD, for example 2024-12-31",
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not a date: not a real calendar date "
            f"(there is no day {value[8:]} in {value[:7]})",
            hint="write it as YYYY-MM-DD, for example 2024-12-31",
        ) from None


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of``: a YYYY-MM-DD date, today when not given."""
    return dt.date.today() if value is None else parse_date(value, "--as-of")
