"""Word-level differences between two strings, and how to mark them.

Pure functions: difflib on word tokens. Text is split into words, runs of white space and single
punctuation marks, so a changed word is marked as a word and a changed comma as a comma. Changes
separated only by white space are joined into one, so ``[-in the-]{+on a+}`` reads as one edit
instead of two.

Three styles mark the changes:

- ``plain``: ``[-removed-]{+added+}``, as ``git diff --word-diff=plain`` does;
- ``color``: the same brackets, red and green (ANSI), for a terminal;
- ``markdown``: ``~~removed~~ **added**`` with the rest of the text escaped, for a pull request
  comment or a job summary.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_MD_SPECIAL = re.compile(r"([\\`*_~<>\[\]|#])")

RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"


class Style(str, enum.Enum):
    PLAIN = "plain"
    COLOR = "color"
    MARKDOWN = "markdown"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is unchanged (``equal``), only in the old text (``delete``) or only in the
    new one (``insert``)."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn ``old`` into ``new``; joining the equal and insert ones gives ``new``."""
    a, b = tokens(old), tokens(new)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(Segment("insert", "".join(b[j1:j2])))
    return _join_changes(raw)


def _join_changes(raw: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    pending_space = ""

    def flush() -> None:
        if deleted:
            out.append(Segment("delete", "".join(deleted)))
        if inserted:
            out.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for i, seg in enumerate(raw):
        if seg.op == "equal":
            in_change = bool(deleted or inserted)
            next_changes = i + 1 < len(raw) and raw[i + 1].op != "equal"
            if in_change and next_changes and seg.text.isspace() and "\n\n" not in seg.text:
                pending_space = seg.text
                continue
            flush()
            out.append(seg)
            continue
        if pending_space:
            deleted.append(pending_space)
            inserted.append(pending_space)
            pending_space = ""
        (deleted if seg.op == "delete" else inserted).append(seg.text)
    flush()
    return out


def changed(segments: list[Segment]) -> bool:
    return any(s.op != "equal" for s in segments)


def escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _wrap(text: str, opening: str, closing: str) -> str:
    """Put markers around ``text`` line by line, with white space outside them (Markdown needs it)."""
    pieces = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            pieces.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        pieces.append(f"{lead}{opening}{stripped}{closing}{trail}")
    return "\n".join(pieces)


def mark(segments: list[Segment], style: Style) -> str:
    """The new text with the changes marked in ``style``."""
    parts = []
    previous = "equal"
    for seg in segments:
        text = escape_markdown(seg.text) if style is Style.MARKDOWN else seg.text
        if style is Style.MARKDOWN and previous == "delete" and seg.op == "insert":
            parts.append(" ")  # ~~old~~ **new** reads better than ~~old~~**new**
        previous = seg.op
        if seg.op == "equal":
            parts.append(text)
        elif style is Style.MARKDOWN:
            parts.append(_wrap(text, "~~", "~~") if seg.op == "delete" else _wrap(text, "**", "**"))
        elif style is Style.COLOR:
            parts.append(
                _wrap(text, f"{RED}[-", f"-]{RESET}")
                if seg.op == "delete"
                else _wrap(text, f"{GREEN}{{+", f"+}}{RESET}")
            )
        else:
            parts.append(_wrap(text, "[-", "-]") if seg.op == "delete" else _wrap(text, "{+", "+}"))
    return "".join(parts)


def mark_change(old: str, new: str, style: Style) -> str:
    """``old`` → ``new`` with the changed words marked."""
    return mark(word_diff(old, new), style)


def mark_whole(text: str, op: str, style: Style) -> str:
    """All of ``text`` marked as added (``insert``) or removed (``delete``)."""
    return mark([Segment(op, text)], style)
