"""Dates as precise as the source (overens.model.dates) and status on a day with them
(overens.model.status): a year or a month is the interval of its days, and every question about a
day has three answers."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest

from overens.model.dates import DayRange, PartialDate, Tri, any_of, exact, partial_of
from overens.model.status import Status, status_on

D = dt.date


@pytest.mark.parametrize(
    "text, first, last, precision",
    [
        ("2016", D(2016, 1, 1), D(2016, 12, 31), "year"),
        ("2018-02", D(2018, 2, 1), D(2018, 2, 28), "month"),
        ("2020-02", D(2020, 2, 1), D(2020, 2, 29), "month"),
        ("2019-06-13", D(2019, 6, 13), D(2019, 6, 13), "day"),
    ],
)
def test_a_partial_date_is_the_interval_of_its_days(
    text: str, first: dt.date, last: dt.date, precision: str
) -> None:
    d = partial_of(text)
    assert isinstance(d, PartialDate)
    assert (d.first, d.last, d.precision, str(d), d.isoformat()) == (
        first,
        last,
        precision,
        text,
        text,
    )
    assert d.exact == (first if precision == "day" else None)
    assert partial_of(text) is d  # parsed once


def test_by_and_until_answer_yes_no_or_maybe() -> None:
    year = partial_of("2016")
    assert year is not None
    assert [year.by(D(2015, 6, 1)), year.by(D(2016, 6, 1)), year.by(D(2016, 12, 31))] == [
        Tri.NO,
        Tri.MAYBE,
        Tri.YES,
    ]
    # "until 2016": still within on its first day at the latest, no longer after its last.
    assert [year.until(D(2016, 1, 1)), year.until(D(2016, 6, 1)), year.until(D(2017, 1, 1))] == [
        Tri.YES,
        Tri.MAYBE,
        Tri.NO,
    ]
    day = exact(D(2019, 6, 13))
    assert (day.by(D(2019, 6, 12)), day.by(D(2019, 6, 13))) == (Tri.NO, Tri.YES)


def test_years_later_keep_the_precision() -> None:
    month = partial_of("2018-02")
    assert month is not None
    later = month.plus_years(3)
    assert (later.text, later.first, later.last) == ("2021-02", D(2021, 2, 1), D(2021, 2, 28))
    leap = exact(D(2020, 2, 29)).plus_years(1)
    assert leap.exact == D(2021, 2, 28)
    before = month.shifted(-1)
    assert isinstance(before, DayRange) and (before.first, before.last) == (
        D(2018, 1, 31),
        D(2018, 2, 27),
    )


def test_three_valued_logic() -> None:
    assert (Tri.YES & Tri.MAYBE, Tri.NO & Tri.MAYBE, Tri.MAYBE | Tri.YES) == (
        Tri.MAYBE,
        Tri.NO,
        Tri.YES,
    )
    assert (~Tri.YES, ~Tri.MAYBE) == (Tri.NO, Tri.MAYBE)
    assert Tri.of(True, True) is Tri.YES and Tri.of(True, False) is Tri.MAYBE
    assert any_of([]) is Tri.NO and any_of([Tri.NO, Tri.MAYBE]) is Tri.MAYBE


class Period(NamedTuple):
    start: PartialDate | None
    end: PartialDate | None


@pytest.mark.parametrize(
    "signed, withdrawn, day, expected",
    [
        ("2016", None, D(2015, 6, 1), None),
        ("2016", None, D(2016, 6, 1), Status.UNCERTAIN),
        ("2016", None, D(2017, 1, 1), Status.ACTIVE),
        ("2011-03-01", "2013", D(2012, 6, 1), Status.ACTIVE),
        ("2011-03-01", "2013", D(2013, 6, 1), Status.UNCERTAIN),
        ("2011-03-01", "2013", D(2014, 1, 1), Status.WITHDRAWN),
    ],
)
def test_status_on_a_day_inside_a_vague_date_is_uncertain(
    signed: str, withdrawn: str | None, day: dt.date, expected: Status | None
) -> None:
    period = Period(partial_of(signed), partial_of(withdrawn))
    assert status_on([period], day) is expected


def test_an_application_known_to_the_month() -> None:
    assert status_on([], D(2016, 5, 15), [partial_of("2016-05")]) is Status.UNCERTAIN
    assert status_on([], D(2016, 6, 1), [partial_of("2016-05")]) is Status.PENDING
