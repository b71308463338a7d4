"""Dates: as the files write them and as options give them, each read in one place.

A file may give a date as precisely as its source does: a year (``"2016"``), a month
(``"2018-02"``) or a day (``2019-06-13``). :func:`partial_of` reads such a value into a
:class:`PartialDate`, the interval of the days it may be; every comparison with a day then has
three answers (:class:`Tri`): yes, no, or cannot be told (docs/decisions/0800-lifecycle-model.md,
"How partial dates compare on --as-of"). :func:`date_of` reads the fields that stay full dates.
:func:`parse_date` reads a date a person gives at an option or a prompt, and :func:`parse_as_of`
reads ``--as-of``, with one message for every command.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from overens.errors import UsageError

_DATES: dict[str, dt.date] = {}
"""Dates already parsed: 10,000 signatories share a few hundred dates, and a date is immutable."""


class Tri(enum.Enum):
    """The answer to a question about a day that a partial date may or may not answer."""

    NO = 0
    MAYBE = 1
    YES = 2

    @property
    def yes(self) -> bool:
        return self is Tri.YES

    @property
    def no(self) -> bool:
        return self is Tri.NO

    @property
    def maybe(self) -> bool:
        return self is Tri.MAYBE

    @staticmethod
    def of(at_least: bool, at_most: bool) -> Tri:
        """A verdict computed at both ends of an interval: the same both ways is that answer."""
        if at_least and at_most:
            return Tri.YES
        if not at_least and not at_most:
            return Tri.NO
        return Tri.MAYBE

    def __and__(self, other: Tri) -> Tri:
        return Tri(min(self.value, other.value))

    def __or__(self, other: Tri) -> Tri:
        return Tri(max(self.value, other.value))

    def __invert__(self) -> Tri:
        return Tri(2 - self.value)


def any_of(answers: Any) -> Tri:
    """Yes when one answer is yes, no when every one is no (or there is none), else maybe."""
    found = Tri.NO
    for answer in answers:
        found = found | answer
        if found is Tri.YES:
            break
    return found


@dataclass(frozen=True, slots=True)
class DayRange:
    """The days a date may be, from ``first`` to ``last`` (the same day for an exact date)."""

    first: dt.date
    last: dt.date

    @property
    def exact(self) -> dt.date | None:
        """The day, when there is only one."""
        return self.first if self.first == self.last else None

    def by(self, day: dt.date) -> Tri:
        """Had it happened by ``day`` (a signing, a decision, a withdrawal's effect)?"""
        if self.last <= day:
            return Tri.YES
        if self.first > day:
            return Tri.NO
        return Tri.MAYBE

    def until(self, day: dt.date) -> Tri:
        """Is ``day`` still within it, read as an end date (validity ``until``, a term's end)?"""
        if day <= self.first:
            return Tri.YES
        if day > self.last:
            return Tri.NO
        return Tri.MAYBE

    def plus_years(self, years: int) -> DayRange:
        """The same interval ``years`` later (29 February becomes 28 February)."""
        return DayRange(plus_years(self.first, years), plus_years(self.last, years))

    def shifted(self, days: int) -> DayRange:
        """The same interval ``days`` days later (earlier when negative)."""
        return DayRange(plus_days(self.first, days), plus_days(self.last, days))

    def isoformat(self) -> str:
        return str(self)

    def __str__(self) -> str:
        return self.first.isoformat() if self.exact else f"{self.first} … {self.last}"


@dataclass(frozen=True, slots=True)
class PartialDate(DayRange):
    """A date as precise as its source: a year, a month or a day, printed as it is written."""

    text: str
    precision: str
    """``year``, ``month`` or ``day``."""

    def plus_years(self, years: int) -> PartialDate:
        """The same date ``years`` later, as precise as it is."""
        if self.precision == "day":
            return _exact(plus_years(self.first, years))
        return _partial(f"{self.first.year + years:04d}{self.text[4:]}")

    def isoformat(self) -> str:
        """The date as written (``2016``, ``2018-02``, ``2019-06-13``)."""
        return self.text

    def __str__(self) -> str:
        return self.text


_PARTIAL: dict[str, PartialDate] = {}
"""Partial dates already parsed, by their text (as :data:`_DATES`)."""


def _partial(text: str) -> PartialDate:
    found = _PARTIAL.get(text)
    if found is not None:
        return found
    if len(text) == 4:
        year = int(text)
        found = PartialDate(dt.date(year, 1, 1), dt.date(year, 12, 31), text, "year")
    elif len(text) == 7:
        year, month = int(text[:4]), int(text[5:7])
        last = calendar.monthrange(year, month)[1]
        found = PartialDate(dt.date(year, month, 1), dt.date(year, month, last), text, "month")
    else:
        day = dt.date.fromisoformat(text)
        found = PartialDate(day, day, text, "day")
    _PARTIAL[text] = found
    return found


def _exact(day: dt.date) -> PartialDate:
    return _partial(day.isoformat())


def exact(day: dt.date) -> PartialDate:
    """A full date as a :class:`PartialDate` (a date given at an option, for example)."""
    return _exact(day)


def partial_of(value: Any) -> PartialDate | None:
    """The partial date a file's (schema-valid) value names, or None when it names none."""
    if not isinstance(value, str):
        return None
    return _partial(value)


def required_partial(value: Any) -> PartialDate:
    """The partial date of a required field of a (schema-valid) file."""
    found = partial_of(value)
    if found is None:
        raise ValueError(f"a required date is missing: {value!r}")
    return found


def date_of(value: Any) -> dt.date | None:
    """The date a file's (schema-valid) full-date value names, or None when it names none."""
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
    """The date a required full-date field of a (schema-valid) file names."""
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
