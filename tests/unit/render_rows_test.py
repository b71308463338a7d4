"""The signatory lists of a document, made in Python for 10,000 rows: the same as the model's
rows (``Summary.row``) and the same bytes as the template loops they replaced."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overens.documents.document import listed_rows
from overens.documents.filters import escape_all, html_text
from overens.documents.templates import make_environment
from overens.model.dates import partial_of
from overens.model.signatory import Person
from overens.model.summary import BY_NAME, Period, SignatoryRow, Summary, collation_key

# ----------------------------------------------------------------------------- the rows


def _reference(signatories: list[Summary], on: dt.date) -> tuple[tuple[SignatoryRow, ...], ...]:
    """What build_document made before: every row from the model, filtered three times."""
    rows = [s.row(on) for s in sorted(signatories, key=BY_NAME)]
    return (
        tuple(r for r in rows if r is not None and r.withdrawn is None and not r.uncertain),
        tuple(r for r in rows if r is not None and r.withdrawn and not r.uncertain),
        tuple(r for r in rows if r is not None and r.uncertain),
    )


_DATES = st.one_of(
    st.none(),
    st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31)).map(lambda d: d.isoformat()),
    st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31)).map(lambda d: d.isoformat()[:7]),
    st.integers(2015, 2027).map(str),
)


@st.composite
def _period(draw: st.DrawFn) -> Period:
    signed = partial_of(draw(_DATES))
    withdrawn = partial_of(draw(st.one_of(st.none(), _DATES)))
    version = draw(st.sampled_from(["1.0", "2.0", "2024"]))
    return Period(signed, version, withdrawn, signed_version=version)


@st.composite
def _summary(draw: st.DrawFn, number: int) -> Summary:
    name = draw(st.sampled_from(["Ängens förening", "Alfa", "alfa", "Öst & Co", "Bäcken", "Zeta"]))
    periods = tuple(draw(st.lists(_period(), min_size=1, max_size=3)))
    signer = draw(st.sampled_from([None, Person("Anna Andersson", "Ordförande"), Person("Bo Ek")]))
    town = draw(st.sampled_from([None, "Solna", "Borås"]))
    return Summary(f"org-{number}", name, collation_key(name)[0], town, signer, None, periods)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 10_000), min_size=0, max_size=12, unique=True).flatmap(
        lambda ids: st.tuples(*(_summary(i) for i in ids))
    ),
    st.dates(dt.date(2014, 1, 1), dt.date(2028, 12, 31)),
)
def test_listed_rows_are_the_models_rows(signatories: tuple[Summary, ...], on: dt.date) -> None:
    assert listed_rows(signatories, on) == _reference(list(signatories), on)


def test_the_usual_signatory_is_the_models_row() -> None:
    """One period, signed by the day, no withdrawal: the row made without asking the model."""
    day = partial_of("2020-03-01")
    s = Summary("a", "Alfa", "alfa", "Solna", Person("Bo Ek"), None, (Period(day, "1.0", None),))
    for on in (dt.date(2020, 2, 29), dt.date(2020, 3, 1), dt.date(2030, 1, 1)):
        assert listed_rows([s], on) == _reference([s], on)
    assert listed_rows([s], dt.date(2020, 3, 1))[0] == (s.row(dt.date(2020, 3, 1)),)


# ----------------------------------------------------------------------------- the HTML


def _row(name: str, town: str | None, signed: str | None, version: str, **more: Any) -> Any:
    return SignatoryRow(
        name,
        town,
        partial_of(signed),
        version,
        more.get("signer"),
        None,
        **{k: v for k, v in more.items() if k != "signer"},
    )


ROWS = [
    _row("Alfa", "Solna", "2020-03-01", "1.0", signer=Person("Anna Andersson", "Ordförande")),
    _row("<script>alert(1)</script>", None, None, "2.0 & <b>", signer=Person("O'Brien", 'VD "x"')),
    _row('Öst & "Väst"', "Borås & Kinna", "2019-06", "1.0", signer=Person("Bo Ek", None)),
    _row("Nul\0l", "A\0<", "2018", "1.0", signer=None),
    _row("Zeta 'AB'", "Växjö", "2021-01-02", "1.0", signer=Person("Ärla Öst", "")),
]
WITHDRAWN = [
    r._replace(withdrawn=partial_of(day))
    for r, day in zip(ROWS, ["2022-01-01", "2022", "2023-02", "2024-05-05", "2025"], strict=True)
]

# The loops of the shipped template before the filters (same trim and escaping settings).
SIGNATORY_LOOP = """{% for r in rows %}
<tr><td>{{ r.name }}</td><td>{{ r.municipality or "–" }}</td><td>{{ r.signed|isodate if r.signed else "–" }}</td><td>{{ r.version }}</td></tr>
{% endfor %}"""
WITHDRAWN_LOOP = """{% for r in rows %}
<tr><td>{{ r.name }}</td><td>{{ r.municipality or "–" }}</td><td>{{ r.signed|isodate if r.signed else "–" }}</td><td>{{ r.version }}</td><td>{{ r.withdrawn|isodate }}</td></tr>
{% endfor %}"""
SIGNATURE_LOOP = """{% import "_sentences.jinja" as s %}
{% for r in rows %}
<tr>
{% for c in columns %}
<td>{% if loop.first %}{{ r.name }}{% elif loop.index0 == clarification and r.signer %}{{ s.signer(r.signer) }}{% endif %}</td>
{% endfor %}
</tr>
{% endfor %}"""


@pytest.mark.parametrize(
    "rows", [ROWS, ROWS[:1], [], ROWS[2:3] * 3], ids=["all", "one", "none", "same"]
)
def test_signatory_rows_are_the_template_loop(rows: list[Any]) -> None:
    env = make_environment("html", "sv")
    made = str(env.filters["signatory_rows"](rows))
    assert made + ("\n" if rows else "") == env.from_string(SIGNATORY_LOOP).render(rows=rows)
    withdrawn = WITHDRAWN[: len(rows)] if rows is not ROWS[2:3] * 3 else WITHDRAWN[2:3] * 3
    made = str(env.filters["signatory_rows"](withdrawn, withdrawn=True))
    expected = env.from_string(WITHDRAWN_LOOP).render(rows=withdrawn)
    assert made + ("\n" if withdrawn else "") == expected


@pytest.mark.parametrize("columns", [1, 2, 3, 4])
@pytest.mark.parametrize("clarification", [None, 0, 1, 2, 3, 5])
def test_signature_rows_are_the_template_loop(columns: int, clarification: int | None) -> None:
    env = make_environment("html", "sv")
    macro = env.get_template("_sentences.jinja").module.signer
    made = str(env.filters["signature_rows"](ROWS, columns, clarification, macro))
    expected = env.from_string(SIGNATURE_LOOP).render(
        rows=ROWS, columns=list(range(columns)), clarification=clarification
    )
    assert made + "\n" == expected
    # A macro of a repository's own (not the shipped one) is called for each signer.
    own = env.from_string("{% macro signer(p) %}[{{ p.name }}]{% endmacro %}").module.signer
    made = str(env.filters["signature_rows"](ROWS, columns, clarification, own))
    if clarification is not None and 1 <= clarification < columns:
        assert "[&lt;script&gt;" not in made  # the macro escapes; the result is not escaped again
        assert "[O&#39;Brien]" in made


@pytest.mark.parametrize(
    "values",
    [
        [],
        ["plain", "values"],
        ["a & b", "<c>", 'd "e"', "f 'g'", "plain"],
        ["nul\0inside & out", "x<y"],
        [""],
        ["", "&"],
    ],
)
def test_escape_all_is_each_value_escaped(values: list[str]) -> None:
    assert escape_all(list(values)) == [html_text(v) for v in values]
