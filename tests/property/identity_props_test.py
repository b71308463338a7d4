"""Properties of slugs and organisation numbers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hardening_helpers import luhn_digit
from overens.errors import PersonalDataError, RefusedError
from overens.membership.inputs import check_value
from overens.model.identity import name_key, org_key, org_number_problem, slugify
from overens.model.personal_numbers import is_personal_number

names = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
)
swedish = st.text(
    "abcdefghijklmnopqrstuvwxyzåäöéüÅÄÖÉ ABCXYZ-&.,0123456789", min_size=1, max_size=60
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(names, swedish))
def test_slugify_is_idempotent_and_safe(name: str) -> None:
    slug = slugify(name)
    assert slugify(slug) == slug
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert len(slug) <= 80


@settings(max_examples=400, deadline=None)
@given(st.one_of(names, swedish))
def test_slugify_is_never_empty_for_a_name_with_a_letter_or_digit(name: str) -> None:
    assume(any(ch.isalnum() for ch in name))
    assert slugify(name) != ""


@settings(max_examples=400, deadline=None)
@given(st.one_of(names, swedish))
def test_nfc_and_nfd_give_the_same_slug_and_name_key(name: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    assert slugify(nfc) == slugify(nfd)
    assert name_key(nfc) == name_key(nfd)


def test_slugify_examples() -> None:
    assert slugify("Hallands bildningsförbund") == "hallands-bildningsforbund"
    assert slugify("Ελλάδα") == slugify("ΕΛΛΆΔΑ") != ""
    assert slugify("!!!") == ""


# ----------------------------------------------------------------------------- organisation numbers


@st.composite
def org_numbers(draw: st.DrawFn) -> str:
    """Ten digits whose "month" digits are 20 or more, with a valid Luhn check digit."""
    first = draw(st.integers(1, 9))
    second = draw(st.integers(0, 9))
    month = draw(st.integers(20, 99))
    rest = draw(st.text("0123456789", min_size=5, max_size=5))
    nine = f"{first}{second}{month:02d}{rest}"
    return nine + luhn_digit(nine)


@st.composite
def personal_numbers(draw: st.DrawFn) -> str:
    """A valid personnummer (or samordningsnummer: day + 60), 10 or 12 digits, with or without
    a separator."""
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2024, 12, 31)))
    coordination = draw(st.booleans())
    serial = draw(st.text("0123456789", min_size=3, max_size=3))
    nine = f"{day:%y%m}{day.day + (60 if coordination else 0):02d}{serial}"
    digits = nine + luhn_digit(nine)
    form = draw(st.sampled_from(["short-dash", "long-dash", "long", "short"]))
    if form == "short-dash":
        return f"{digits[:6]}-{digits[6:]}"
    century = f"{day.year // 100}"
    if form == "long-dash":
        return f"{century}{digits[:6]}-{digits[6:]}"
    return f"{century}{digits}" if form == "long" else digits


@settings(max_examples=300, deadline=None)
@given(org_numbers(), st.sampled_from(["{d}", "{a}-{b}", "16{d}", "16{a}-{b}"]))
def test_every_organisation_number_with_a_valid_check_digit_is_accepted(
    digits: str, form: str
) -> None:
    number = form.format(d=digits, a=digits[:6], b=digits[6:])
    assert org_number_problem(number) is None
    assert check_value("org_number", number) == f"{digits[:6]}-{digits[6:]}"


@settings(max_examples=300, deadline=None)
@given(org_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_is_refused(digits: str, position: int, delta: int) -> None:
    changed = digits[:position] + str((int(digits[position]) + delta) % 10) + digits[position + 1 :]
    assert org_number_problem(changed) is not None
    with pytest.raises(RefusedError):
        check_value("org_number", f"{changed[:6]}-{changed[6:]}")


@settings(max_examples=300, deadline=None)
@given(personal_numbers())
def test_every_personal_identity_number_is_refused_and_never_echoed(number: str) -> None:
    assert is_personal_number(number)
    digits = re.sub(r"\D", "", number)
    with pytest.raises(PersonalDataError) as refused:
        check_value("org_number", number)
    # Only the redacted form is shown: the first six digits, then XXXX.
    assert "".join(re.findall(r"\d", str(refused.value))) == digits[:6]
    assert "XXXX" in str(refused.value)
    if "-" in number or "+" in number or len(digits) == 12:  # how it is written in free text
        for field in ("contact_phone", "name", "signed_by"):
            with pytest.raises(PersonalDataError) as again:
                check_value(field, f"Tel {number}")
            assert "".join(re.findall(r"\d", str(again.value))) == digits[:6]


# ----------------------------------------------------------------------------- the look-up's sieve

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def written_numbers(draw: st.DrawFn, digits: str) -> str:
    """``digits`` written as a signatory file or a hand may have it: with or without the hyphen,
    with the century 16, with another dash, spaces or full-width digits; or ASCII of the usual
    length with other characters."""
    form = draw(st.sampled_from(["plain", "joined", "century", "dash", "spaced", "wide", "odd"]))
    usual = f"{digits[:6]}-{digits[6:]}"
    return {
        "plain": usual,
        "joined": digits,
        "century": "16" + usual,
        "dash": f"{digits[:6]}\u2013{digits[6:]}",
        "spaced": f"{digits[:3]} {digits[3:6]} - {digits[6:]}",
        "wide": usual.translate(FULL_WIDTH),
        "odd": draw(st.text("0123456789 -x", min_size=6, max_size=6)) + "-" + digits[6:],
    }[form]


@settings(max_examples=400, deadline=None)
@given(
    st.data(), org_numbers(), org_numbers(), st.one_of(names, swedish), st.one_of(names, swedish)
)
def test_the_sieve_lets_through_every_file_the_look_up_would_name(
    data: st.DataObject, ours: str, theirs: str, name: str, other: str
) -> None:
    """``Sought.may_be`` passes every file that has the number (its ten digits, however it is
    written), the name's key or look-alike key, or the file name a signing would write."""
    from overens.model.identity import Sought, look_alike_key

    digits = data.draw(st.sampled_from([ours, theirs]))
    number = data.draw(st.one_of(st.none(), written_numbers(digits), names))
    their_name = data.draw(st.sampled_from([name, other, name.upper(), f" {name} "]))
    file = data.draw(st.sampled_from(["x.yaml", f"{slugify(name) or 'x'}.yaml"]))
    sought = Sought(name, ours, slugify(name) or "x")
    key, look = name_key(their_name), look_alike_key(their_name)
    named = (
        bool(number and org_key(number) == org_key(ours))
        or key == name_key(name)
        or look == look_alike_key(name)
        or file == f"{slugify(name) or 'x'}.yaml"
    )
    if named:
        assert sought.may_be(file, number, key, look)
    if number is not None and org_key(number) != org_key(ours):
        # A sieve, not a pass: another organisation's number does not let its file through.
        assert not sought.may_be("\0.yaml", number, sought.key + "\0", f"{sought.look}\0")


@settings(max_examples=400, deadline=None)
@given(st.data(), org_numbers(), org_numbers())
def test_a_number_is_the_same_by_its_ten_digits_however_it_is_compared(
    data: st.DataObject, ours: str, theirs: str
) -> None:
    """``SameNumber`` (a number written NNNNNN-NNNN compared as written, any other through
    ``org_key``) answers as ``org_key`` of both, for every way of writing either number and for
    any text."""
    from overens.model.identity import SameNumber

    number = data.draw(st.one_of(written_numbers(ours), written_numbers(theirs), names))
    given = data.draw(st.one_of(written_numbers(ours), st.just(ours)))
    assert SameNumber(given)(number) == (org_key(number) == org_key(given))
