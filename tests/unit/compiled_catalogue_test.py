"""The compiled message catalogues kept between runs (overens.documents.compiled): always the
``.mo`` that compiling the ``.po`` now gives, whatever is (or is not) in the folder."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from overens.documents import compiled, i18n


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory of the test's own, where the kept catalogues go."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _fresh(po: Path, lang: str) -> bytes:
    return i18n.compile_catalogue(po.read_bytes(), lang)


def _kept(temporary: Path) -> list[Path]:
    return sorted((temporary / f"overens-{os.getuid()}").glob("messages-*.mo"))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_kept_catalogue_is_the_one_compiled_now(temporary: Path, lang: str) -> None:
    po = i18n.catalogue_path(lang)
    first = compiled.catalogue(po, lang, i18n.compile_catalogue)  # compiled and kept
    assert len(_kept(temporary)) == 1
    second = compiled.catalogue(po, lang, _must_not_compile)  # read from the folder
    assert first == second == _fresh(po, lang)
    labels = gettext.GNUTranslations(io.BytesIO(second))
    assert labels.gettext("Principles") == {"sv": "Principer", "en": "Principles"}[lang]


@functools.wraps(i18n.compile_catalogue)  # the same code, so the same key
def _must_not_compile(source: bytes, lang: str) -> bytes:
    raise AssertionError("the kept catalogue should have been used")


def test_a_changed_po_is_compiled_again(temporary: Path, tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    shutil.copyfile(i18n.catalogue_path("sv"), po)
    before = compiled.catalogue(po, "sv", i18n.compile_catalogue)
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Principer"' in text
    po.write_text(text.replace('msgstr "Principer"', 'msgstr "Grundsatser"'), encoding="utf-8")
    after = compiled.catalogue(po, "sv", i18n.compile_catalogue)
    assert after != before
    assert after == _fresh(po, "sv")
    assert gettext.GNUTranslations(io.BytesIO(after)).gettext("Principles") == "Grundsatser"
    assert len(_kept(temporary)) == 2  # by content: the old one is simply no longer asked for


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty"])
def test_a_damaged_kept_file_is_compiled_again(temporary: Path, damage: str) -> None:
    po = i18n.catalogue_path("en")
    compiled.catalogue(po, "en", i18n.compile_catalogue)
    (path,) = _kept(temporary)
    data = path.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 2],
        "flipped": data[:-10] + bytes([data[-10] ^ 1]) + data[-9:],
        "empty": b"",
    }[damage]
    path.write_bytes(damaged)
    assert compiled.catalogue(po, "en", i18n.compile_catalogue) == _fresh(po, "en")
    assert path.read_bytes() == data  # replaced by the whole file again


def test_a_folder_others_could_write_to_is_not_used(temporary: Path) -> None:
    folder = temporary / f"overens-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert compiled.user_folder() is None
    po = i18n.catalogue_path("sv")
    assert compiled.catalogue(po, "sv", i18n.compile_catalogue) == _fresh(po, "sv")
    assert list(folder.iterdir()) == []


def test_a_link_in_place_of_the_folder_is_not_used(temporary: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (temporary / f"overens-{os.getuid()}").symlink_to(elsewhere)
    assert compiled.user_folder() is None
    po = i18n.catalogue_path("sv")
    assert compiled.catalogue(po, "sv", i18n.compile_catalogue) == _fresh(po, "sv")
    assert list(elsewhere.iterdir()) == []


def test_translations_are_those_of_the_po(temporary: Path) -> None:
    """What the templates get: the same messages as a catalogue compiled from the .po now."""
    from babel.messages.pofile import read_po

    i18n.translations.cache_clear()
    try:
        for lang in i18n.LANGUAGES:
            labels = i18n.translations(lang)
            with i18n.catalogue_path(lang).open("rb") as f:
                catalogue = read_po(f, locale=lang)
            for message in catalogue:
                if not message.id or message.fuzzy or isinstance(message.id, tuple):
                    continue
                assert labels.gettext(message.id) == message.string
    finally:
        i18n.translations.cache_clear()


# ----------------------------------------------------------------------------- dates Babel formatted


DAYS = [dt.date(2000, 2, 29), dt.date(2017, 3, 13), dt.date(2025, 6, 30), dt.date(2026, 12, 1)]


def _clear_formats() -> None:
    i18n._formats.cache_clear()


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_kept_dates_are_what_babel_gives(temporary: Path, lang: str) -> None:
    from babel.dates import format_date, format_skeleton

    from overens.model.dates import partial_of

    def expected() -> list[str]:
        out = []
        for day in DAYS:
            out.append(format_date(day, format="long", locale=lang))
            out.append(format_skeleton("yMMMM", day, locale=lang))
            out.append(format_skeleton("MMMMd", dt.date(2000, day.month, day.day), locale=lang))
        return out

    def made() -> list[str]:
        out = []
        for day in DAYS:
            out.append(i18n.long_date(day, lang))
            out.append(i18n.long_date(partial_of(day.isoformat()[:7]), lang))
            out.append(i18n.day_and_month(day.isoformat()[5:], lang))
        return out

    _clear_formats()
    try:
        assert made() == expected()  # formatted by Babel, kept when the process ends
        i18n._formats(lang).save()
        (kept,) = (temporary / f"overens-{os.getuid()}").glob(f"formats-{lang}-*.json")
        _clear_formats()
        assert made() == expected()  # read from the file
        assert kept.stat().st_size > 32
    finally:
        _clear_formats()


def test_kept_dates_are_read_not_made_again(temporary: Path) -> None:
    first = compiled.Formats("sv", i18n.compile_catalogue)
    assert first.get("long\0x", lambda: "ett") == "ett"
    assert first.get("long\0y", lambda: "två") == "två"
    first.save()
    again = compiled.Formats("sv", i18n.compile_catalogue)
    assert again.get("long\0x", _must_not_format) == "ett"
    assert again.get("long\0y", _must_not_format) == "två"
    # Another language, or other code asking, keeps its own.
    other = compiled.Formats("en", i18n.compile_catalogue)
    assert other.get("long\0x", lambda: "one") == "one"
    other.save()
    code = compiled.Formats("sv", test_kept_dates_are_read_not_made_again)
    assert code.get("long\0x", lambda: "annat") == "annat"
    code.save()
    assert compiled.Formats("sv", i18n.compile_catalogue).get("long\0x", _must_not_format) == "ett"


def _must_not_format() -> str:
    raise AssertionError("the kept text should have been used")


def test_dates_are_kept_when_the_process_ends(tmp_path: Path) -> None:
    """The real path: a process formats dates with Babel, and the next one finds them kept."""
    script = (
        "import datetime as dt, sys\n"
        "from overens.documents import i18n\n"
        "print(i18n.long_date(dt.date(2024, 2, 29), 'sv'), i18n.day_and_month('06-30', 'en'))\n"
        "print(any(m.startswith('babel') for m in sys.modules))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.split("\n")
        for _ in range(2)
    ]
    assert runs[0][0] == runs[1][0] == "29 februari 2024 June 30"
    assert runs[0][1] == "True"  # Babel made them
    assert runs[1][1] == "False"  # kept: Babel is not even imported
    assert len(list((tmp_path / f"overens-{os.getuid()}").glob("formats-*.json"))) == 2


def test_the_file_of_dates_stays_bounded(temporary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "MOST_FORMATS", 3)
    for batch in range(3):
        kept = compiled.Formats("sv", i18n.compile_catalogue)
        for i in range(2):
            assert kept.get(f"long\0{batch}-{i}", lambda: "x") == "x"
        kept.save()
    (path,) = (temporary / f"overens-{os.getuid()}").glob("formats-sv-*.json")
    assert len(json.loads(path.read_bytes()[32:])) <= 3


@pytest.mark.parametrize("damage", ["truncated", "flipped", "not-json"])
def test_a_damaged_file_of_dates_is_made_again(temporary: Path, damage: str) -> None:
    first = compiled.Formats("sv", i18n.compile_catalogue)
    first.get("long\0x", lambda: "ett")
    first.save()
    (path,) = (temporary / f"overens-{os.getuid()}").glob("formats-sv-*.json")
    data = path.read_bytes()
    if damage == "not-json":
        body = b"[1, 2"
        path.write_bytes(hashlib.sha256(body).digest() + body)
    else:
        path.write_bytes(data[:-3] if damage == "truncated" else data[:-2] + b"X" + data[-1:])
    assert compiled.Formats("sv", i18n.compile_catalogue).get("long\0x", lambda: "nytt") == "nytt"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_compiled_catalogue_depends_on_its_text_alone(lang: str) -> None:
    """Babel stamps a catalogue without a creation date with the minute it is compiled in; a
    catalogue kept from a minute before then differed from one compiled now."""
    mo = _fresh(i18n.catalogue_path(lang), lang)
    now = dt.datetime.now(dt.UTC)
    assert f"POT-Creation-Date: {now:%Y-%m-%d}".encode() not in mo
    assert b"POT-Creation-Date: 1970-01-01 00:00+0000" in mo
