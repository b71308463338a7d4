"""Personal identity numbers wherever they appear, in whatever form, and keeping them out of
every output.

An organisation is identified by its organisationsnummer. A personal identity number
(personnummer, or samordningsnummer) identifies a person, so overens never stores one and never
shows one beyond its redacted form (the first six digits). The ``org_number`` field has its own,
stricter check (:func:`is_personal_number`, which also refuses a number of a person's shape whose
check digit is wrong, and :func:`mask` to show it); :func:`find` and :func:`redact` find personal
identity numbers inside any other value: a phone field, a name, a note, a reason, a reference.

This module is the only detector; docs/decisions/0604-personal-identity-numbers.md says what
counts. In short, a text is first brought to one form: NFKC (full-width, mathematical,
superscript and circled digits become 0-9), every other Unicode decimal digit read as its value,
invisible format characters (zero-width spaces, bidi marks, soft hyphens) dropped. Digits are
then grouped by the separators between them (any white space, any dash, ``+`` or ``.``, at most
four in a row), and a number counts when it is written as one is written and is one (a real
date, or a coordination number's day + 60, and a valid check digit):

* ``YYMMDD-NNNN`` and ``YYMMDD+NNNN`` with any separator; ``YY-MM-DD-NNNN``;
* ``YYYYMMDD-NNNN``, ``YYYY-MM-DD-NNNN`` and ``YYYYMMDDNNNN``;
* after a word that says what it is (``pnr``, ``personnummer``, ``samordningsnummer``, …), ten
  or twelve digits in any grouping, with no separator at all too.

Ten digits in a row with no such word are not matched, nor ten digits grouped otherwise
(``070-123 45 67``): Swedish phone numbers look like that. Twelve digits inside a longer run of
letters and digits (a SHA-256 in hex) are not matched either.

The scan is linear in the length of the text: one regular expression without nested
repetition finds runs of digits, and each run is looked at in windows of at most twelve digits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

_SEPARATORS = r"\s.+\-\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
"""White space, dashes (hyphen, U+2010-2015, minus, …), plus and full stop."""
_IGNORED = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U000e0000-\U000e0fff]"
)
"""Default-ignorable code points: invisible, so a number written with them reads as one without."""

_S = rf"[{_SEPARATORS}]{{1,4}}"
_ANY = rf"[{_SEPARATORS}]{{0,4}}"
_NUMBER = re.compile(
    # After a word that says what it is: ten or twelve digits, any grouping (or none).
    rf"(?:p\.?\s?-?n\.?\s?r|pers(?:on)?\.?\s?n(?:umme)?r|personnummer|samordningsnummer"
    rf"|samordningsnr|s-?nr|födelsenummer|personal\s+(?:identity\s+)?number|ssn)\W{{0,4}}"
    rf"(?P<named>\d(?:{_ANY}\d){{9}}(?:(?:{_ANY}\d){{2}})?)(?!\d)"
    # As they are written: YYYY-MM-DD-NNNN, YYYYMMDD-NNNN, YY-MM-DD-NNNN, YYMMDD-NNNN.
    rf"|(?<!\d)(?P<written>\d{{4}}{_S}\d\d{_S}\d\d{_S}\d{{4}}|\d{{8}}{_S}\d{{4}}"
    rf"|\d\d{_S}\d\d{_S}\d\d{_S}\d{{4}}|\d{{6}}{_S}\d{{4}})(?!\d)"
    # Twelve digits in a row, not inside a longer run of letters and digits (a SHA-256 in hex).
    r"|(?<![^\W_])(?P<plain>\d{12})(?![^\W_])",
    re.IGNORECASE,
)
"""Every way a personal identity number is written, in the text's :func:`normal_form`. No
alternative has a repetition inside a repetition over overlapping classes, so a search costs a
bounded amount of work per character."""
_DIGITS = re.compile(r"\d+")
_FOREIGN_DIGIT = re.compile(r"(?![0-9])\d")
_NFKC_DIGITS = (
    "\xb2\xb3\xb9\xbc-\xbe\u2070\u2074-\u2079\u2080-\u2089\u2150-\u215f\u2189\u2460-\u249b"
    "\u24ea\u3251-\u325f\u32b1-\u32cb\u3358-\u3370\u3378\u3379\u339f-\u33a6\u33a8\u33af"
    "\u33e0-\u33fe\U0001f100-\U0001f10a"
)
"""Characters NFKC turns into digits (superscripts, circled digits, fractions, …);
tests/property/hostile_props_test.py holds the list complete."""
_NFKC_DIGIT = re.compile(f"[{_NFKC_DIGITS}]")
_DIGITISH = re.compile(f"[\\d{_NFKC_DIGITS}]")
"""A decimal digit of any script, or a character NFKC turns into one."""
_NOT_DIGIT = re.compile(r"\D")
_QUICK = re.compile(r"\d(?:\D{0,5}\d){9}")
"""Ten digits close together: what any personal identity number has (a cheap test first)."""
_SPACES = re.compile(r"\s+")


_DOUBLED = {str(d): (2 * d - 9 if d > 4 else 2 * d) for d in range(10)}
_SINGLE = {str(d): d for d in range(10)}


def luhn_ok(ten: str) -> bool:
    """Whether ten ASCII digits end in their Luhn check digit (personal identity and
    organisation numbers alike); tests/unit/identity_luhn_test.py holds it to python-stdnum."""
    total = sum(_DOUBLED[ch] for ch in ten[0::2]) + sum(_SINGLE[ch] for ch in ten[1::2])
    return total % 10 == 0


def _is_valid(digits: str) -> bool:
    """A real birth date (a coordination number's day is 61-91) and a valid check digit.

    Written here rather than with python-stdnum's personnummer, which refuses coordination
    numbers (samordningsnummer) — they identify people too.
    """
    if len(digits) == 12 and digits[:2] not in ("19", "20"):
        return False
    ten = digits[-10:]
    if not luhn_ok(ten):
        return False
    month, day = int(ten[2:4]), int(ten[4:6])
    day = day - 60 if day > 60 else day
    years = [int(digits[:4])] if len(digits) == 12 else [1900 + int(ten[:2]), 2000 + int(ten[:2])]
    for year in years:
        try:
            dt.date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def normal_form(text: str) -> str:
    """``text`` as the detector reads it: NFKC, invisible format characters dropped, and every
    decimal digit of any script written 0-9 (so a number is the same number however typed)."""
    if text.isascii():
        return text
    text = _IGNORED.sub("", unicodedata.normalize("NFKC", text))
    return _FOREIGN_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


def _ten_digits(text: str) -> bool:
    """A cheap first test: could ``text`` hold ten digits of a number (however written)? Ten
    digits close together, or (in a text with characters NFKC makes digits of, or with
    invisible ones between digits) ten digit-like characters anywhere."""
    if _QUICK.search(text) is not None:
        return True
    if text.isascii() or not (_NFKC_DIGIT.search(text) or _IGNORED.search(text)):
        return False
    return sum(1 for _ in islice(_DIGITISH.finditer(text), 10)) == 10


def digits_of(number: str) -> str:
    """The digits of a number as written anywhere (any script, any separators), 0-9."""
    return "".join(ch for ch in normal_form(number) if ch.isascii() and ch.isdigit())


def is_personal_number(number: str) -> bool:
    """True when ``number`` (a value given as an organisation number) is, or has the shape of,
    a Swedish personal or coordination number."""
    text = normal_form(number)
    if re.search(rf"[^\d{_SEPARATORS}]", text.strip()):
        return False
    digits = digits_of(text)
    if len(digits) not in (10, 12):
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
    digits = digits_of(number)
    return digits[:6] + "-XXXX" if len(digits) >= 6 else "XXXX"


@dataclass(frozen=True, slots=True)
class Found:
    """One personal identity number in a text (in its :func:`normal_form`)."""

    start: int
    end: int
    digits: str

    @property
    def redacted(self) -> str:
        return self.digits[:6] + "-XXXX"


def find(text: str) -> list[Found]:
    """Every personal identity number written in ``text``, with where it is in
    ``normal_form(text)``."""
    if not _ten_digits(text):
        return []
    text = normal_form(text)
    found, pos = [], 0
    while (match := _NUMBER.search(text, pos)) is not None:
        group = match.lastgroup or "plain"
        digits = _NOT_DIGIT.sub("", match[group])
        if len(digits) in (10, 12) and _is_valid(digits):
            found.append(Found(match.start(group), match.end(group), digits))
            pos = match.end()
        else:
            # A number may begin inside what did not turn out to be one, at its next group.
            first = _DIGITS.match(text, match.start(group))
            pos = first.end() if first is not None else match.start() + 1
    return found


def contains(text: str) -> bool:
    """True when ``text`` holds a personal identity number."""
    return bool(find(text))


def redact(text: str) -> str:
    """``text`` with every personal identity number cut to its first six digits (``YYMMDD-XXXX``).

    A text that holds one is returned in its :func:`normal_form` (invisible characters dropped),
    with each number replaced; any other text is returned as it is.
    """
    found = find(text)
    if not found:
        return text
    normal = normal_form(text)
    out, last = [], 0
    for f in found:
        out += [normal[last : f.start], f.redacted]
        last = f.end
    return "".join(out) + normal[last:]


def may_hold(text: str) -> bool:
    """A quick test of a whole file's text: False when no value parsed from it can hold a
    personal identity number (no ten digits close together, and no escape that could build
    one), so the value-by-value :func:`scan` can be skipped. White space is collapsed first: a
    YAML value may continue on the next line, indented."""
    if "\\" in text:
        return True
    return _ten_digits(text) or _ten_digits(_SPACES.sub(" ", text))


def exotic(text: str) -> bool:
    """True when a file's text may make values whose digits are not plain ``\\d`` runs: a
    character NFKC makes a digit of, an invisible one, or an escape that could write either."""
    return "\\" in text or (
        not text.isascii() and bool(_NFKC_DIGIT.search(text) or _IGNORED.search(text))
    )


def scan(
    data: Any, path: tuple[str | int, ...] = (), *, exotic: bool = True
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(json path, the value redacted) of every string in ``data`` that holds a personal identity
    number. ``org_number`` values are left to the schema's own check. A string met again (an
    alias repeats the same object) is looked at once. ``exotic=False`` (the file's text has no
    character :func:`exotic` looks for) lets each value be tested by its digits alone."""
    # Strings are tested where they are met, without a generator each, and only when the cheap
    # test finds ten digits: the loader scans every file, and most values hold none.
    seen: dict[int, str | None] = {}
    quick = _QUICK.search

    def verdict(value: str) -> str | None:
        key = id(value)
        if key not in seen:
            seen[key] = redact(value) if contains(value) else None
        return seen[key]

    def wanted(value: str) -> bool:
        if len(value) < 10:
            return False
        return bool(_ten_digits(value) if exotic else quick(value))

    def walk(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        if isinstance(data, dict):
            for key, value in data.items():
                if value.__class__ is str:
                    if key != "org_number" and wanted(value) and (shown := verdict(value)):
                        yield (*path, str(key)), shown
                elif isinstance(value, (dict, list)) and key != "org_number":
                    yield from walk(value, (*path, str(key)))
        else:
            for index, value in enumerate(data):
                if value.__class__ is str:
                    if wanted(value) and (shown := verdict(value)):
                        yield (*path, index), shown
                elif isinstance(value, (dict, list)):
                    yield from walk(value, (*path, index))

    if isinstance(data, (dict, list)):
        yield from walk(data, path)
    elif isinstance(data, str) and contains(data):
        yield path, redact(data)
