"""Plain-text tables in the layout Rich gives ``overens``'s tables, written line by line.

``overens list`` on 10,000 signatories spent most of its time in Rich laying out one table
(every cell measured, wrapped and styled as segments). The tables overens prints have one
shape: a title, a header row, a rule, and rows whose cells never wrap except in the columns that
may (an organisation's name, a finding's message), which fold at word boundaries. This module
lays that shape out the way Rich does (``box.SIMPLE_HEAD``, ``show_edge=False``,
``pad_edge=False``, ``collapse_padding=True``: two spaces between columns, the rule as wide as
the table) with the same column widths and line breaks, in a fraction of the time, and yields
it line by line without trailing spaces. tests/unit/tables_test.py holds it to Rich's output.
One difference: in a console too narrow for the table even with the folding columns at their
narrowest, Rich cuts the other columns short or drops them; these lines run longer instead.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, TextIO

from rich.cells import cell_len


class Column(NamedTuple):
    """One column: its header, and whether its cells may wrap onto more lines."""

    header: str
    wrap: bool = False
    """Fold at word boundaries (Rich's ``overflow="fold"``); else one line, cut with "…"."""
    min_width: int | None = None


class Section(NamedTuple):
    """Between two rows: a blank line (Rich's ``Table.add_section``)."""


SECTION = Section()


def lines(
    columns: Sequence[Column],
    rows: Iterable[Sequence[str] | Section],
    width: int,
    *,
    title: str | None = None,
    collapse_padding: bool = True,
    rule: str = "─",
) -> Iterator[str]:
    """The table as lines for a console ``width`` cells wide. Cells are padded by a space on
    each side inside the table; with ``collapse_padding`` (Rich's option) two neighbours share
    theirs, so two spaces separate columns instead of three."""
    rows = list(rows)
    data = [r for r in rows if not isinstance(r, Section)]
    pads = _pads(len(columns), collapse_padding)
    cells = [[row[i] for row in data] for i in range(len(columns))]
    simple = [_simple(" ".join(column)) for column in cells]  # one check a column
    widths = column_widths(columns, data, width, pads, cells, simple)
    table_width = sum(widths) + len(widths) - 1
    if title:
        yield from wrap(title, table_width)
    yield from _row(columns, widths, pads, [c.header for c in columns], header=True)
    yield rule * table_width
    # A cell that is one line of one-cell characters and not too long is only padded: such a row
    # is one %-format. The rows with another cell are found a column at a time (only in the
    # columns that have one), and laid out cell by cell.
    rooms = [w - left - right for w, (left, right) in zip(widths, pads, strict=True)]
    slow: set[int] = set()
    for ok, column, room in zip(simple, cells, rooms, strict=True):
        if not (ok and max(map(len, column), default=0) <= room):
            slow.update(r for r, text in enumerate(column) if not _simple(text) or len(text) > room)
    every_simple = all(simple)
    plain = " ".join(
        " " * left + f"%-{w - left}s" for w, (left, _) in zip(widths, pads, strict=True)
    )
    number = 0
    for index, row in enumerate(rows):
        if isinstance(row, Section):
            if 0 < index < len(rows) - 1:
                yield ""
            continue
        if number not in slow:
            yield (plain % tuple(row)).rstrip()
        elif every_simple or all(map(_simple, row)):  # a name folds: each line one %-format
            yield from _folded(columns, rooms, plain, row)
        else:
            yield from _row(columns, widths, pads, row)
        number += 1


def _folded(
    columns: Sequence[Column], rooms: list[int], plain: str, row: Sequence[str]
) -> Iterator[str]:
    """A row of simple cells (one line of one-cell characters each) where some are too long:
    those that may wrap fold, the others are cut (as :func:`_row` lays them out)."""
    parts = [
        wrap(text, room) if column.wrap else [text if len(text) <= room else _cut(text, room)]
        for column, text, room in zip(columns, row, rooms, strict=True)
    ]
    height = max(map(len, parts))
    even = [p if len(p) == height else p + [""] * (height - len(p)) for p in parts]
    for cells in zip(*even, strict=True):
        yield (plain % cells).rstrip()


Pads = list[tuple[int, int]]


def _pads(count: int, collapse: bool) -> Pads:
    """Each column's (left, right) padding: none at the table's edges (``pad_edge=False``)."""
    return [(0 if i == 0 or collapse else 1, 0 if i == count - 1 else 1) for i in range(count)]


def column_widths(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    pads: Pads,
    cells: list[list[str]],
    simple: list[bool],
) -> list[int]:
    """Each column's width in cells, its padding included (Rich's
    ``Table._calculate_column_widths`` for tables that do not expand: only the widest line of a
    column counts, then the columns that may wrap give up room until the table fits).
    ``cells`` are the rows' cells by column, ``simple`` whether a column's are all one line of
    one-cell characters."""
    count = len(columns)
    max_width = width - (count - 1)  # the dividers between columns
    padding = [left + right for left, right in pads]
    measured = []
    for i, column in enumerate(columns):
        longest = _longest_line(column.header)
        if cells[i]:
            widest = max(map(len if simple[i] else _longest_line, cells[i]))
            longest = max(longest, widest)
        if max_width - padding[i] < 1:
            high = max_width
        else:
            longest = min(longest, max_width)
            high = min((longest if longest >= 1 else 0) + padding[i], max_width)
        if column.min_width is not None:
            high = max(high, column.min_width + padding[i])
        measured.append(high)
    widths = [high or 1 for high in measured]
    if sum(widths) > max_width:
        # Where the table cannot fit even so, Rich cuts the other columns short or leaves them
        # out; here the lines run longer instead, so that no value is lost.
        widths = _collapse(widths, [c.wrap for c in columns], max_width)
        widths = [
            min(w, high) if high >= 1 else 0 for w, high in zip(widths, measured, strict=True)
        ]
        widths = [
            max(w, c.min_width + padding[i]) if c.min_width is not None else w
            for i, (w, c) in enumerate(zip(widths, columns, strict=True))
        ]
    return widths


_SIMPLE = re.compile("[ -~\u00a1-\u00ac\u00ae-\u02ff]*")
"""The printable characters below U+0300 (``str.isprintable``: not a control character, not
U+00A0 or U+00AD): tests/unit/tables_test.py holds it to that, character by character."""


def _simple(text: str) -> bool:
    """True when ``text`` is one line of characters one cell wide each (its width is its length):
    printable, and below U+0300 (Latin letters with their accents composed; Rich agrees)."""
    return _SIMPLE.fullmatch(text) is not None


def _width(text: str) -> int:
    return len(text) if _simple(text) else cell_len(text)


def _longest_line(text: str) -> int:
    if _simple(text):
        return len(text)
    parts = text.splitlines()
    return max(map(cell_len, parts)) if parts else 0


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if not any(wrapable):
        return widths
    while total and excess > 0:
        largest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
        second = max(
            w if ok and w != largest else 0 for w, ok in zip(widths, wrapable, strict=True)
        )
        difference = largest - second
        ratios = [1 if (w == largest and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
        if not any(ratios) or not difference:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - max_width
    return widths


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _row(
    columns: Sequence[Column],
    widths: list[int],
    pads: Pads,
    cells: Sequence[str],
    header: bool = False,
) -> Iterator[str]:
    parts = []
    for i, text in enumerate(cells):  # most rows: every cell fits on its one line
        left, right = pads[i]
        if not _simple(text) or len(text) > widths[i] - left - right:
            break
        parts.append(" " * left + text + " " * (widths[i] - left - len(text)))
    else:
        yield " ".join(parts).rstrip()
        return
    rendered = []
    for i, (column, text) in enumerate(zip(columns, cells, strict=True)):
        room = widths[i] - pads[i][0] - pads[i][1]
        if column.wrap:
            rendered.append(wrap(text, room))
        else:
            rendered.append([_cut(part, room) for part in text.split("\n")])
    height = max(len(r) for r in rendered)
    if header:  # a header is aligned to the bottom of its row, as Rich does
        rendered = [[""] * (height - len(r)) + r for r in rendered]
    for line in range(height):
        shown = [
            _pad(" " * pads[i][0] + (r[line] if line < len(r) else ""), widths[i])
            for i, r in enumerate(rendered)
        ]
        yield " ".join(shown).rstrip()


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def console_width(out: TextIO, piped: int) -> int:
    """The width Rich would give a console writing to ``out``: ``COLUMNS`` when set, else the
    terminal's, else ``piped``."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if out.isatty():
        return shutil.get_terminal_size().columns
    return piped


def _cut(text: str, width: int) -> str:
    """One line of a cell that does not wrap, cut with an ellipsis where it is too long."""
    if _width(text) <= width:
        return text
    if width <= 0:
        return ""
    kept = _chop(text, width - 1)[0] if width > 1 else ""
    return kept + "…"


_WORD = re.compile(r"\s*\S+\s*")


def wrap(text: str, width: int) -> list[str]:
    """``text`` folded at word boundaries into lines of at most ``width`` cells (a word longer
    than that is folded across lines), as Rich's ``Text.wrap`` with ``overflow="fold"``."""
    lines: list[str] = []
    for line in text.split("\n"):
        if _simple(line):
            if len(line) <= width:
                lines.append(line.rstrip())
                continue
            words = line.split(" ")
            if "" not in words and max(map(len, words)) <= width:
                lines += _greedy(words, width)  # most names: what _divide gives, at half the cost
                continue
        lines += _divided(line, width)
    return lines


def _divided(line: str, width: int) -> list[str]:
    """One line folded where :func:`_divide` breaks it: any text (what :func:`_greedy` stands in
    for on the usual name)."""
    breaks = _divide(line, width)
    starts = [0, *breaks]
    ends = [*breaks, len(line)]
    return [line[a:b].rstrip() for a, b in zip(starts, ends, strict=True)]


def _greedy(words: list[str], width: int) -> list[str]:
    """The lines :func:`wrap` folds simple text into when its words are one space apart and
    none is wider than ``width``: as many words a line as fit (tests/unit/tables_test.py holds
    this to :func:`_divide` on any such text)."""
    lines = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _divide(text: str, width: int) -> list[int]:
    """Where to break ``text`` (Rich's ``_wrap.divide_line`` with folding)."""
    measure = len if _simple(text) else _width  # one cell a character: its length
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = measure(word.rstrip())
        if width - offset >= length:
            offset += measure(word)
        elif length > width:
            folded = _chop(word, width)
            for index, piece in enumerate(folded):
                if start:
                    breaks.append(start)
                if index == len(folded) - 1:
                    offset = measure(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = measure(word)
    return breaks


def _chop(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most ``width`` cells."""
    if width < 1:
        return [text]
    if _simple(text):  # one cell a character
        return [text[i : i + width] for i in range(0, len(text), width)]
    pieces: list[str] = []
    piece, size = "", 0
    for ch in text:
        cells = cell_len(ch)
        if size + cells > width and piece:
            pieces.append(piece)
            piece, size = "", 0
        piece += ch
        size += cells
    if piece:
        pieces.append(piece)
    return pieces
