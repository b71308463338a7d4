"""Properties of the second hardening round: each family's variants generated, not listed.

* a personal identity number in any written form (separator, digit script, invisible characters,
  a word before it, ten or twelve digits) is found, refused as an option value and redacted;
  phone numbers as Swedes write them are not;
* a control or format character is refused alike at an option and in a hand-written file;
* a name written with look-alike characters has the same look-alike key;
* an alias never multiplies the work of the personal-data scan.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hardening_helpers import luhn_digit
from overens.errors import PersonalDataError, RefusedError
from overens.membership.inputs import check_value
from overens.model import personal_numbers
from overens.model.identity import _DEFAULT_IGNORABLE, _prototypes, look_alike_key, skeleton
from overens.model.shown import _ALLOWED_FORMAT, unsafe_character
from overens.store.loader import check_file

# ----------------------------------------------------------------------------- numbers


@st.composite
def personal_numbers_(draw: st.DrawFn) -> tuple[str, str]:
    """(the ten digits, how a person might write them)."""
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    coordination = draw(st.booleans())
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}" + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    ten = nine + luhn_digit(nine)
    twelve = draw(st.booleans())
    digits = (str(born.year)[:2] + ten) if twelve else ten
    birth, serial = digits[:-4], digits[-4:]
    separator = draw(
        st.sampled_from(["-", "+", " ", "\u2013", "\u2011", "\u2010", "\u2212", "\u00a0", " - "])
    )
    shape = draw(st.sampled_from(["birth-serial", "dates", "plain", "word"]))
    if shape == "dates":
        parts = [birth[:-4], birth[-4:-2], birth[-2:], serial]
        written = separator.join(parts)
    elif shape == "plain" and twelve:
        written = digits
    elif shape == "word" or shape == "plain":
        word = draw(
            st.sampled_from(["pnr", "Pnr:", "personnummer", "pers.nr", "samordningsnummer"])
        )
        grouping = draw(st.sampled_from([[10], [6, 4], [2, 2, 2, 2, 2]])) if not twelve else [12]
        chunks, at = [], 0
        for n in grouping:
            chunks.append(digits[at : at + n])
            at += n
        written = word + draw(st.sampled_from([" ", ": ", ""])) + " ".join(chunks)
    else:
        written = birth + separator + serial
    script = draw(st.sampled_from(["ascii", "fullwidth", "arabic-indic", "bold", "devanagari"]))
    zero = {"ascii": "0", "fullwidth": "\uff10", "arabic-indic": "\u0660", "bold": "\U0001d7ce"}
    zero["devanagari"] = "\u0966"
    written = "".join(
        chr(ord(zero[script]) + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in written
    )
    if draw(st.booleans()):  # an invisible character somewhere inside
        at = draw(st.integers(1, len(written) - 1))
        written = (
            written[:at] + draw(st.sampled_from(["\u200b", "\u2060", "\u00ad"])) + written[at:]
        )
    return ten, written


around = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Zs", "Po")), max_size=20)


@settings(max_examples=300, deadline=None)
@given(personal_numbers_(), around, around)
def test_a_personal_identity_number_is_found_in_any_written_form(
    number: tuple[str, str], before: str, after: str
) -> None:
    ten, written = number
    text = before + " " + written + " " + after
    assert personal_numbers.contains(text), text
    shown = re.sub(r"\d{6}-XXXX", "", personal_numbers.redact(text))
    assert ten[-4:] not in personal_numbers.normal_form(shown)
    with pytest.raises(PersonalDataError) as refused:
        check_value("name", "Firma " + text)
    assert ten[-4:] not in re.sub(r"\d{6}-XXXX", "", str(refused.value))


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """Swedish phone numbers as they are written (mobile and landline, national and +46)."""
    area = draw(st.sampled_from(["070", "072", "073", "076", "079", "08", "031", "035", "0470"]))
    rest = draw(st.from_regex(r"[0-9]{6,7}", fullmatch=True))
    style = draw(st.sampled_from(["plain", "dash-groups", "spaces", "international"]))
    if style == "plain":
        return area + rest
    groups = " ".join([rest[:-4], rest[-4:-2], rest[-2:]])
    if style == "dash-groups":
        return f"{area}-{groups}"
    if style == "spaces":
        return f"{area} {groups}"
    return f"+46 {area[1:]} {groups}"


@settings(max_examples=300, deadline=None)
@given(phone_numbers())
def test_phone_numbers_are_not_taken_for_personal_identity_numbers(phone: str) -> None:
    assert not personal_numbers.contains(phone), phone
    assert not personal_numbers.contains(f"Ring {phone} på dagtid")


# ----------------------------------------------------------------------------- characters

UNSAFE = [
    chr(c)
    for c in range(0x110000)
    if (unicodedata.category(chr(c)) == "Cc" and chr(c) != "\n")
    or unicodedata.category(chr(c)) in ("Zl", "Zp")
    or (unicodedata.category(chr(c)) == "Cf" and chr(c) not in _ALLOWED_FORMAT)
]


def test_the_unsafe_pattern_is_exactly_the_unsafe_categories() -> None:
    assert all(unsafe_character(f"a{ch}b") == ch for ch in UNSAFE)
    assert unsafe_character("Föreningen Exempel\nrad två, 👩\u200d👩\u200d👧") is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(UNSAFE), st.sampled_from(["name", "legal_form", "municipality"]))
def test_an_unsafe_character_gets_the_same_verdict_at_an_option_and_in_a_file(
    tmp_path: Path, ch: str, field: str
) -> None:
    value = f"Före{ch}ningen"
    with pytest.raises(RefusedError) as at_option:
        check_value(field, value)
    code = f"U+{ord(ch):04X}"
    assert code in str(at_option.value)
    path = tmp_path / "firma.yaml"
    escaped = "".join(f"\\U{ord(c):08x}" if c == ch else c for c in value)
    fields = {"name": "Firma", "legal_form": "ideell förening", "municipality": "Halmstad"}
    fields[field] = f'"{escaped}"'
    body = "id: firma\nsector: ideburen\n" + "".join(f"{k}: {v}\n" for k, v in fields.items())
    path.write_text(body + 'memberships: [{signed: {version: "1"}}]\n', encoding="utf-8")
    found = [f for f in check_file(path, "signatory") if code in f.message]
    assert found and found[0].line == 3 + list(fields).index(field), found


# ----------------------------------------------------------------------------- look-alikes


def _twins() -> dict[str, list[str]]:
    """For each lower-case Latin letter, the letters of other scripts Unicode lists as looking
    the same (and that keep looking the same once case-folded)."""
    found: dict[str, list[str]] = {}
    for source, proto in _prototypes().items():
        latin = len(proto) == 1 and "a" <= proto.casefold() <= "z"
        if (
            latin
            and unicodedata.category(source)[0] == "L"
            and look_alike_key(f"x{source}x") == look_alike_key(f"x{proto.casefold()}x")
        ):
            found.setdefault(proto.casefold(), []).append(source)
    return found


TWINS = _twins()


@settings(max_examples=200, deadline=None)
@given(
    st.text("abcdefghijklmnopqrstuvwxyzåäö ", min_size=3, max_size=30),
    st.data(),
)
def test_a_name_written_with_look_alike_characters_has_the_same_key(
    name: str, data: st.DataObject
) -> None:
    assume(name.strip())
    swapped = list(name)
    for i, ch in enumerate(name):
        twins = TWINS.get(ch, [])
        if twins and data.draw(st.booleans()):
            swapped[i] = data.draw(st.sampled_from(twins))
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(swapped)))
        swapped.insert(at, data.draw(st.sampled_from(["\u200b", "\u2060", "\ufeff", "\u00ad"])))
    assert look_alike_key("".join(swapped)) == look_alike_key(name)


def _skeleton_by_character(text: str) -> str:
    """UTS #39's skeleton as written (what skeleton() does in one ``str.translate``)."""
    table = _prototypes()
    text = _DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in text))


def test_the_skeleton_of_every_confusable_character_is_as_written() -> None:
    for source in _prototypes():
        assert skeleton(source) == _skeleton_by_character(source), hex(ord(source))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(sorted(_prototypes())) | st.characters(), max_size=40))
def test_the_skeleton_of_any_text_is_as_written(text: str) -> None:
    assert skeleton(text) == _skeleton_by_character(text)


def test_names_that_differ_to_a_reader_have_different_keys() -> None:
    for a, b in [
        ("Föreningen Exempel", "Foreningen Exempel"),
        ("Hallands bildningsförbund", "Hallands idrottsförbund"),
        ("Region Halland", "Region Skåne"),
    ]:
        assert look_alike_key(a) != look_alike_key(b)


def test_every_character_nfkc_makes_a_digit_of_counts_as_one() -> None:
    import sys

    missing = [
        hex(c)
        for c in range(0x80, sys.maxunicode + 1)
        if any(d.isascii() and d.isdigit() for d in unicodedata.normalize("NFKC", chr(c)))
        and not personal_numbers._DIGITISH.match(chr(c))
    ]
    assert not missing
