"""Values as messages, terminals and documents may show them.

Two questions, answered once for every command:

* :func:`unsafe_character`: does a value hold a character no value may hold? A control character
  other than a line break (NUL, ESC, BEL, a tab), an invisible format character that changes how
  text around it reads (bidi overrides and isolates, zero-width spaces, a byte-order mark, tag
  characters) or a line or paragraph separator. ``sign`` refuses such a value at its option and
  ``validate``/``check`` at its line in a hand-written file: the same verdict
  (docs/decisions/0610-control-characters.md).
* :func:`quoted` and :func:`printable`: how a value appears inside a message: control and format
  characters escaped (``\\x1b``), long values cut with "…" and their length said, and a name
  that looks like an e-mail address not repeated (docs/decisions/0609-resource-limits.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

SHOWN_CHARS = 80
"""The most of a value a message repeats."""
MAX_MESSAGE_CHARS = 2_000
"""The most of a message the terminal gets (a message quoting a huge value is cut)."""

_ALLOWED_FORMAT = {"\u200c", "\u200d", "\u00ad"}
"""Format characters that are part of ordinary text: zero-width (non-)joiners (emoji, scripts
that need them) and the soft hyphen."""
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b\u200e-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
"""Every control character but the line break (Cc), every format character (Cf) but
:data:`_ALLOWED_FORMAT`, and the line and paragraph separators (Zl, Zp); tests/unit/shown_test.py
holds it equal to those categories in Python's Unicode database."""
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\t": "TAB",
    "\r": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u200b": "ZERO WIDTH SPACE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` no value may hold, or None (a line break is allowed)."""
    match = _UNSAFE.search(text)
    return match[0] if match else None


def may_hold_unsafe(text: str) -> bool:
    """A quick test of a file's text: False when no value parsed from it can hold an unsafe
    character (none is written in it, and no escape could make one)."""
    return "\\" in text or _UNSAFE.search(text) is not None


def describe(ch: str) -> str:
    """``U+001B (ESC)``: a character as a message names it."""
    name = NAMES.get(ch) or unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def printable(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` safe to write to a terminal or a log: every control and format character that
    could move the cursor, clear the screen, ring the bell or reorder the text escaped
    (``\\x1b``, ``\\u202e``), line breaks kept, and cut at ``limit`` characters with "…" and the
    length of the whole."""
    if len(text) > limit:
        text = text[:limit] + f"… ({len(text):,} characters in all)"
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quoted(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as a message repeats it: ``repr``-quoted, escaped, and a long one cut at
    ``limit`` characters with "…" and its length (``'xxxx…' (1,048,576 characters)``)."""
    if not isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else text[:limit] + "…"
    if len(value) <= limit:
        return printable(repr(value))
    return printable(repr(value[:limit])[:-1]) + f"…' ({len(value):,} characters)"


def key_shown(key: str) -> str:
    """A mapping key as a message names it: quoted, and never an e-mail address (a key that is
    one is personal data typed in the wrong place)."""
    if _EMAIL.search(key):
        return "(a key that looks like an e-mail address, not shown)"
    return quoted(key)


def unsafe_values(
    data: object, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """(json path, the unsafe character, whether it is in a key) for every key and string of
    ``data`` that holds a character no value may hold."""
    seen: set[int] = set()  # an alias repeats the same object: looked at once
    todo: list[tuple[object, tuple[str | int, ...]]] = [(data, path)]
    while todo:
        value, where = todo.pop()
        if isinstance(value, str):
            ch = unsafe_character(value)
            if ch is not None:
                yield where, ch, False
            continue
        if not isinstance(value, (dict, list)) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                ch = unsafe_character(key) if isinstance(key, str) else None
                if ch is not None:
                    yield (*where, key), ch, True
                todo.append((item, (*where, str(key))))
        else:
            todo.extend((item, (*where, i)) for i, item in reversed(list(enumerate(value))))
