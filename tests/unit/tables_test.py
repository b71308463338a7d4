"""overens.tables lays out the tables of `list` and `check` as Rich does, line for line.

Rich is the reference: every table is also drawn by Rich with the options the commands used
before (``box.SIMPLE_HEAD``, no edge, no edge padding; ``collapse_padding`` for `list`), in a
console of the same width, and the lines must be the same but for the spaces Rich pads them with.
"""

from __future__ import annotations

import io
import random
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from overens.tables import SECTION, Column, Section, _divided, lines, wrap

sys.path.insert(0, str(PROJECT / "bench"))
import generate


def _rich(
    columns: list[Column],
    rows: list[list[str] | Section],
    width: int,
    title: str | None,
    collapse: bool,
) -> list[str]:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=collapse,
    )
    for c in columns:
        if c.wrap:
            table.add_column(c.header, overflow="fold", min_width=c.min_width, ratio=1)
        else:
            table.add_column(c.header, no_wrap=True, min_width=c.min_width)
    for row in rows:
        if isinstance(row, Section):
            table.add_section()
        else:
            table.add_row(*(Text(cell) for cell in row))
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, emoji=False).print(table)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def _same(
    columns: list[Column],
    rows: list[list[str] | Section],
    width: int,
    title: str | None = None,
    collapse: bool = True,
) -> list[str]:
    ours = list(lines(columns, rows, width, title=title, collapse_padding=collapse))
    if max(map(len, ours)) <= width:
        assert ours == _rich(columns, rows, width, title, collapse)
    else:  # too narrow for the table: Rich cuts values short; here every value stays whole
        shown = "\n".join(ours)
        for row in rows:
            if not isinstance(row, Section):
                for column, cell in zip(columns, row, strict=True):
                    words = cell.split() if column.wrap else cell.split("\n")
                    assert all(word[:5] in shown for word in words), cell
    return ours


LIST_COLUMNS = [
    Column("Organisation", wrap=True, min_width=12),
    Column("Org. number"),
    Column("Sector"),
    Column("Status"),
    Column("Since"),
    Column("Until"),
    Column("Version"),
]


def test_the_list_of_a_generated_agreement_at_several_widths() -> None:
    rng = generate.random.Random(3)
    names = [name for name, _ in generate.organisation_names(rng, 400)]
    names += ["Föreningen för en mycket lång benämning som inte får plats på en rad i tabellen"]
    names += ["Ettordsnamnsomärlängreänkolumnenkanvisaochdärförvikssönder"]
    rows: list[list[str] | Section] = [
        [name, "802477-1233" if i % 3 else "", "ideburen", "active", "2024-03-01", "", "1"]
        for i, name in enumerate(names)
    ]
    for width in (30, 50, 60, 70, 80, 100, 160):
        _same(
            LIST_COLUMNS,
            rows,
            width,
            title="Överenskommelse om samverkan: signatories on 2025-06-30",
        )


def test_the_check_table_with_sections_and_multi_line_cells() -> None:
    columns = [
        Column("severity"),
        Column("where / rule"),
        Column("what is wrong → how to fix it", wrap=True),
    ]
    rows: list[list[str] | Section] = [
        [
            "error",
            "signatories/foreningen-exempel.yaml:2:1\ncontact-person",
            "Föreningen Exempel names no contact person\n→ add `contact:` with the person's name",
        ],
        SECTION,
        [
            "warning",
            "agreement.yaml:143:12\nvalidity",
            "the agreement's period ended on 2014-12-31; a new period or an end date is due",
        ],
        ["warning", "x.yaml\nsigner", "kort"],
    ]
    for width in (30, 50, 80, 120):
        _same(
            columns,
            rows,
            width,
            title="demo  agreements/demo/  1 error, 2 warnings",
            collapse=False,
        )


def test_wrap_folds_words_as_rich_does() -> None:
    assert wrap("Föreningen Exempel i Halland", 12) == ["Föreningen", "Exempel i", "Halland"]
    assert wrap("abcdefghijklmnop qr", 5) == ["abcde", "fghij", "klmno", "p qr"]
    assert wrap("", 5) == [""]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet=st.sampled_from(list("abcåÖé-.'")), min_size=1, max_size=14),
        min_size=1,
        max_size=12,
    ),
    width=st.integers(min_value=1, max_value=45),
)
def test_the_greedy_fold_is_the_divided_one(words: list[str], width: int) -> None:
    """Words one space apart (most organisations' names): wrap's shortcut gives the lines that
    _divide's breaks give, whether the words fit, fold onto more lines or one is too long to
    fit a line at all (then wrap takes _divide's way itself)."""
    text = " ".join(words)
    assert wrap(text, width) == _divided(text, width)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab åÖé-")), max_size=40), width=st.integers(1, 12)
)
def test_chopping_simple_text_is_the_character_loop(text: str, width: int) -> None:
    """_chop slices simple text (one cell a character) where it measured each character; both
    give the same pieces as a character-by-character chop with Rich's cell widths."""
    from rich.cells import cell_len

    from overens.tables import _chop

    expected: list[str] = []
    for ch in text:
        if expected and cell_len(expected[-1]) + cell_len(ch) <= width:
            expected[-1] += ch
        else:
            expected.append(ch)
    assert _chop(text, width) == expected


def test_the_greedy_fold_on_names_of_the_generated_corpus() -> None:
    names = [name for name, _ in generate.organisation_names(random.Random(5), 600)]
    for width in (8, 12, 20, 31, 44):
        for name in names:
            assert wrap(name, width) == _divided(name, width), (name, width)


_TEXT = st.text(alphabet=st.sampled_from(list("abcdefgh åäöÅÄÖéü-.'")), min_size=0, max_size=70)


@settings(max_examples=80, deadline=None)
@given(
    names=st.lists(_TEXT, min_size=1, max_size=12),
    width=st.integers(min_value=30, max_value=140),
    other=st.text(alphabet=st.sampled_from(list("0123456789-")), max_size=14),
)
def test_any_latin_table_is_laid_out_as_rich_does(names: list[str], width: int, other: str) -> None:
    rows: list[list[str] | Section] = [[name, other, "active", "1"] for name in names]
    columns = [
        Column("Organisation", wrap=True, min_width=12),
        Column("Org. number"),
        Column("Status"),
        Column("Version"),
    ]
    _same(columns, rows, width, title=" ".join(names)[:90] or None)


def test_simple_text_is_printable_text_below_u0300() -> None:
    """tables._simple (one regular expression) is the definition it stands for, on every
    character below U+0300 and on the first ones above."""
    from overens.tables import _simple

    for code in range(0x340):
        ch = chr(code)
        assert _simple(ch) == (ch.isprintable() and ch < "\u0300"), hex(code)
        assert _simple(f"ab{ch}c") == _simple(ch)
    assert _simple("") and _simple("Föreningen Ödsmål") and not _simple("rad\nrad")


_WORDS = st.sampled_from(
    ["a", "fil", "Årsberättelse", "`overens validate agreements/ale`", "`x", "802999-9995", "—"]
    + ["agreements/ale/signatories/aby-friluftsforening.yaml", "x" * 70, "`" + "y " * 40 + "`"]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(_WORDS, max_size=8),
            st.none() | st.lists(_WORDS, max_size=6),
            st.sampled_from(["yaml", "annual-reports", "a-rule-with-a-long-name-indeed"]),
            st.booleans(),
            st.none() | st.sampled_from(["ale", "vastra-gotalandsregionen"]),
        ),
        max_size=6,
    ),
    st.integers(min_value=40, max_value=240),
)
def test_whether_the_check_tables_fit_is_what_the_longest_word_says(
    made: list[tuple[list[str], list[str] | None, str, bool, str | None]], width: int
) -> None:
    """`table_fits` stops before reading a word when the column is too narrow anyway, and reads
    the words with `findall`: the same answer as every word measured as it was."""
    import re

    from overens.checks.reporters import TABLE_MESSAGE_ROOM, _where, table_fits
    from overens.model.findings import Finding, Findings, Severity

    findings = Findings()
    for words, hint, rule, unsure, agreement in made:
        findings.add(
            Finding(
                f"agreements/{agreement or 'x'}/signatories/s.yaml",
                3,
                1,
                rule,
                Severity.INFO if unsure else Severity.ERROR,
                " ".join(words),
                " ".join(hint) if hint is not None else None,
                agreement,
                unsure,
            )
        )
    if not findings:
        assert table_fits(findings, width)
        return
    listed = list(findings)
    where = max(
        max(len(_where(f, f"agreements/{f.agreement}/" if f.agreement else "")), len(f.rule))
        for f in listed
    )
    severity = len("uncertain") if any(f.uncertain for f in listed) else len("severity")
    room = width - severity - max(where, len("where / rule")) - 6
    quoted = re.compile(r"`[^`]*`|\S+")
    longest = max(
        (len(m.group()) for f in listed for m in quoted.finditer(f"{f.message} {f.hint or ''}")),
        default=0,
    )
    assert table_fits(findings, width) == (room >= max(TABLE_MESSAGE_ROOM, longest + 2))
