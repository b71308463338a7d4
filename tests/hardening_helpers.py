"""Helpers for the hardening tests: fictitious organisation numbers."""

from __future__ import annotations


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of ``digits`` (weights 2, 1, 2, … from the left, as for Swedish
    organisation and personal identity numbers of ten digits)."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def luhn_org_number(nine: str) -> str:
    """A fictitious organisation number: nine digits and their check digit, NNNNNN-NNNN."""
    digits = nine + luhn_digit(nine)
    return f"{digits[:6]}-{digits[6:]}"
