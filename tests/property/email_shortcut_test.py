"""The schema's ``email`` check accepts the plainest addresses without email_validator
(``schemas._PLAIN_EMAIL``): every address it accepts so, email_validator accepts too, and it
accepts the addresses the corpora hold (so the shortcut is taken)."""

from __future__ import annotations

import sys
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from overens.store.schemas import _PLAIN_EMAIL

sys.path.insert(0, str(PROJECT / "bench"))
import generate


def _valid(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


PIECES = ["a", "bc", "X", "xn", "0", "19", "-", "--", ".", "_", "+", "a" * 30, "é"]
PARTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
TLDS = st.sampled_from(
    [
        "se",
        "com",
        "nu",
        "SE",
        "a",
        "c0m",
        "test",
        "local",
        "localhost",
        "onion",
        "arpa",
        "invalid",
        "x" * 25,
        "xn--11b4c3d",
        "Test",
        "org.",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(local=PARTS, labels=st.lists(PARTS, min_size=0, max_size=4), tld=TLDS)
def test_every_address_taken_plainly_is_valid(local: str, labels: list[str], tld: str) -> None:
    address = f"{local}@{'.'.join([*labels, tld])}"
    if _PLAIN_EMAIL.fullmatch(address):
        assert _valid(address), address


@settings(max_examples=1000, deadline=None)
@given(st.text(min_size=0, max_size=80))
def test_any_text_taken_plainly_is_valid(text: str) -> None:
    if _PLAIN_EMAIL.fullmatch(text):
        assert _valid(text), text


def test_long_and_special_addresses() -> None:
    for address in (
        "a" * 64 + "@example.se",
        "a" * 65 + "@example.se",
        "x@" + "a" * 63 + ".se",
        "x@" + "a" * 64 + ".se",
        "x@" + ".".join(["a" * 60] * 4) + ".se",
        "x@" + ".".join(["a" * 63] * 4) + ".se",
        "anna@kommun.test",
        "anna@kommun.Local",
        "a..b@example.se",
        "a@b--c.se",
        "a@-b.se",
        "a@b-.se",
        "a@ab--c.se",
        "a@xn--zzzz.se",
        "a@xn--abc.se",
        "a_b+c-d.e@x1.y-2.se",
    ):
        if _PLAIN_EMAIL.fullmatch(address):
            assert _valid(address), address


def test_the_corpus_addresses_take_the_shortcut(tmp_path: Path) -> None:
    import yaml

    repo = tmp_path / "corpus"
    generate.generate(repo, agreements=1, signatories=200, seed=3, git=False)
    emails = [
        yaml.safe_load(p.read_text(encoding="utf-8")).get("contact", {}).get("email")
        for p in sorted(repo.glob("agreements/*/signatories/*.yaml"))
    ]
    emails = [e for e in emails if e]
    assert len(emails) > 100
    assert all(_PLAIN_EMAIL.fullmatch(e) for e in emails), [
        e for e in emails if not _PLAIN_EMAIL.fullmatch(e)
    ][:5]
    assert all(_valid(e) for e in emails)
