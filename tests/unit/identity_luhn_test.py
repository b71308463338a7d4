"""The organisation number's check digit (``identity.org_number_problem``) is python-stdnum's:
``personal_numbers.luhn_ok`` says what ``stdnum.se.orgnr.is_valid`` says of every number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.se import orgnr

from overens.model.identity import org_number_problem
from overens.model.personal_numbers import luhn_ok


@settings(max_examples=2000, deadline=None)
@given(st.text("0123456789", min_size=10, max_size=10))
def test_the_check_digit_is_stdnums(ten: str) -> None:
    assert luhn_ok(ten) == orgnr.is_valid(ten)


@settings(max_examples=500, deadline=None)
@given(st.integers(2, 9), st.integers(0, 999), st.integers(0, 9999))
def test_an_organisation_number_passes_exactly_when_stdnum_says_so(
    third: int, rest: int, tail: int
) -> None:
    # A legal entity's form, NNNNNN-NNNN: its third digit is 2 or more (no personal number's is).
    number = f"80{third}{rest:03d}-{tail:04d}"
    digits = number.replace("-", "")
    assert (org_number_problem(number) is None) == orgnr.is_valid(digits)


def test_every_check_digit_of_one_body() -> None:
    for last in "0123456789":
        ten = "802004689" + last
        assert luhn_ok(ten) == orgnr.is_valid(ten)
    assert sum(luhn_ok("802004689" + last) for last in "0123456789") == 1
