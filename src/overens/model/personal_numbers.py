"""Personal identity numbers wherever they appear, and keeping them out of every output.

An organisation is identified by its organisationsnummer. A personal identity number
(personnummer, or samordningsnummer) identifies a person, so overens never stores one and never
shows one beyond its redacted form (the first six digits). The ``org_number`` field has its own,
stricter check (:func:`is_personal_number`, which also refuses a number of a person's shape whose
check digit is wrong, and :func:`mask` to show it); :func:`find` and :func:`redact` find personal
identity numbers inside any other value: a phone field, a name, a note, a reason.

In free text a number counts as a personal identity number when it is written as one is written
(``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDD-NNNN`` or ``YYYYMMDDNNNN``) and is one: a real date
(or a coordination number's day + 60) and a valid check digit. Ten digits without a separator
are not matched there, since Swedish phone numbers look like that (0701234567); see
docs/decisions/0604-personal-identity-numbers.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

# Not inside a longer run of letters and digits: a SHA-256 in hex can hold twelve decimal digits
# in a row that happen to form a date and a valid check digit.
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z+\-])"
    r"(?:(?P<century>19|20)(?P<long>[0-9]{6})-?|(?P<short>[0-9]{6})[-+])"
    r"(?P<serial>[0-9]{4})"
    r"(?![0-9A-Za-z])"
)


_QUICK = re.compile(r"[0-9]{6}(?:[0-9]{2})?[-+]?[0-9]{4}")
"""Everything :data:`_CANDIDATE` matches, and more, found faster (no look-around)."""


def _luhn_ok(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _is_valid(digits: str) -> bool:
    """A real birth date (a coordination number's day is 61-91) and a valid check digit.

    Written here rather than with python-stdnum's personnummer, which refuses coordination
    numbers (samordningsnummer) — they identify people too.
    """
    ten = digits[-10:]
    month, day = int(ten[2:4]), int(ten[4:6])
    day = day - 60 if day > 60 else day
    years = [int(digits[:4])] if len(digits) == 12 else [1900 + int(ten[:2]), 2000 + int(ten[:2])]
    for year in years:
        try:
            dt.date(year, month, day)
        except ValueError:
            continue
        return _luhn_ok(ten)
    return False


def is_personal_number(number: str) -> bool:
    """True when ``number`` is (or looks like) a Swedish personal or coordination number."""
    digits = re.sub(r"[\s-]", "", number)
    if not digits.isdigit() or len(digits) not in (10, 12):
        return False
    if len(digits) == 12:
        if digits.startswith("16"):
            return False
        return _is_valid(digits) or int(digits[4:6]) <= 12
    # An organisation number has 20 or more in the "month" digits; a person's number 01-12
    # (or 61-72 for a coordination number, whose day is +60).
    return int(digits[2:4]) <= 12


def mask(number: str) -> str:
    """Show a refused number without its personal part: the first six digits only."""
    digits = re.sub(r"[\s-]", "", number)
    return digits[:6] + "-XXXX" if len(digits) >= 6 else "XXXX"


def find(text: str) -> list[re.Match[str]]:
    """Every personal identity number written in ``text``."""
    found = []
    for match in _CANDIDATE.finditer(text):
        if match["long"]:
            digits = match["century"] + match["long"] + match["serial"]
        else:
            digits = match["short"] + match["serial"]
        if _is_valid(digits):
            found.append(match)
    return found


def contains(text: str) -> bool:
    """True when ``text`` holds a personal identity number."""
    return bool(find(text))


def _redacted(match: re.Match[str]) -> str:
    birth = (match["century"] + match["long"]) if match["long"] else match["short"]
    return birth[:6] + "-XXXX"


def redact(text: str) -> str:
    """``text`` with every personal identity number cut to its first six digits (``YYMMDD-XXXX``)."""
    if not any(ch.isdigit() for ch in text):
        return text
    out, last = [], 0
    for match in find(text):
        out += [text[last : match.start()], _redacted(match)]
        last = match.end()
    return "".join(out) + text[last:] if out else text


def may_hold(text: str) -> bool:
    """A quick test of a whole file's text: False when no value parsed from it can hold a
    personal identity number (no number is written as one, and no escape could build one), so
    the value-by-value :func:`scan` can be skipped."""
    return "\\" in text or _QUICK.search(text) is not None


def scan(
    data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(json path, the value redacted) of every string in ``data`` that holds a personal identity
    number. ``org_number`` values are left to the schema's own check."""
    # Strings are tested where they are met, without a generator each, and only when the quick
    # pattern (which matches everything _CANDIDATE does) finds a candidate: the loader scans every
    # file, and most values hold no ten digits in a row.
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "org_number":
                continue
            if isinstance(value, str):
                if _QUICK.search(value) and contains(value):
                    yield (*path, str(key)), redact(value)
            elif isinstance(value, (dict, list)):
                yield from scan(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                if _QUICK.search(value) and contains(value):
                    yield (*path, index), redact(value)
            elif isinstance(value, (dict, list)):
                yield from scan(value, (*path, index))
    elif isinstance(data, str) and contains(data):
        yield path, redact(data)
