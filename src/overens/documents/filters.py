"""The filters templates use: escaping for Markdown and HTML, and the signatory tables built in
Python (the same bytes as the template loops, at a fraction of their cost for 10,000 rows)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from overens import resources
from overens.constants import TEMPLATES_DIR

if TYPE_CHECKING:
    from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")
_MD_LINE_START = re.compile(r"^([+=-])|^(\d+)([.)])")


def _md_line(line: str) -> str:
    line = _MD_SPECIAL.sub(r"\\\1", line.strip())
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def md_text(value: Any) -> str:
    """Inline Markdown: every character that could start markup escaped, line breaks as spaces.

    Safe in headings, list items and table cells (``|`` is escaped, a cell stays one line).
    """
    return " ".join(_md_line(line) for line in str(value).split("\n") if line.strip())


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A wrapping editor fills a line to near its margin (72 to 100 columns less the YAML indentation),
# so a wrapped paragraph has lines this long; a line its author ended on purpose (a name, a title,
# an address, a label before a web address) is shorter (docs/decisions/0307-line-breaks.md).
WRAPPED_LINE = 50


def paragraph_lines(value: Any) -> list[list[str]]:
    """The paragraphs of ``value`` (split at blank lines), each as the lines it prints on.

    A paragraph with a line of ``WRAPPED_LINE`` characters or more before its last was wrapped
    by its author's editor: its line breaks are spaces, and it is one line. A paragraph of short
    lines (a contact or an address, one item a line) keeps its line breaks.
    """
    out = []
    for p in _PARAGRAPH_BREAK.split(str(value).strip("\n")):
        lines = [line.strip() for line in p.split("\n") if line.strip()]
        if not lines:
            continue
        if any(len(line) >= WRAPPED_LINE for line in lines[:-1]):
            lines = [" ".join(lines)]
        out.append(lines)
    return out


def md_paragraphs(value: Any) -> str:
    """Prose as Markdown paragraphs: a wrapped paragraph is one line, a paragraph of short lines
    keeps each line (a hard break, ``\\`` at the end of the line); see :func:`paragraph_lines`."""
    return "\n\n".join(
        "\\\n".join(_md_line(line) for line in lines) for lines in paragraph_lines(value)
    )


def html_text(value: str) -> str:
    """``markupsafe.escape(value)`` as a plain string; a value with nothing to escape (most) is
    returned as it is, without the cost of a Markup object."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        from markupsafe import escape

        return str(escape(value))
    return value


def shipped_signer(person: Any) -> str:
    """What the shipped ``_sentences.jinja`` macro ``signer`` gives in HTML: the name, and the
    title after a comma, escaped (tests/unit/render_signer_test.py holds the two equal)."""
    text = html_text(person.name)
    return f"{text}, {html_text(person.title)}" if person.title else text


def is_shipped_signer(macro: Any) -> bool:
    """True when ``macro`` is the ``signer`` macro of the shipped ``_sentences.jinja``."""
    code = getattr(getattr(macro, "_func", None), "__code__", None)
    if code is None or getattr(macro, "name", None) != "signer":
        return False
    return bool(os.path.realpath(str(code.co_filename)) == _shipped_sentences())


@functools.cache
def _shipped_sentences() -> str:
    return os.path.realpath(resources.shipped_dir(TEMPLATES_DIR) / "_sentences.jinja")


def html_filters() -> dict[str, Callable[..., Any]]:
    """The filters of an HTML environment (markupsafe is imported only where HTML is made)."""
    return {
        "text": lambda v: v,
        "paragraphs": _paragraphs,
        "css_string": _css_string,
        "signatory_rows": _signatory_rows,
        "signature_rows": _signature_rows,
    }


def _paragraphs(value: Any) -> Markup:
    from markupsafe import Markup, escape

    return Markup("\n").join(
        Markup("<p>") + Markup("<br>\n").join(escape(line) for line in lines) + Markup("</p>")
        for lines in paragraph_lines(value)
    )


def _css_string(value: Any) -> Markup:
    from markupsafe import Markup

    text = str(value)
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\A "), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(old, new)
    return Markup(f'"{text}"')


def escape_all(values: list[str]) -> list[str]:
    """:func:`html_text` of each value, for a column of 10,000 cells at the cost of a few calls:
    when no value holds ``& < > " '`` they are returned as they are, else escaped in one
    ``markupsafe.escape`` of them all joined by NUL (escaping is character by character, so
    that is each value's escape), one by one if a value holds a NUL itself."""
    joined = "\0".join(values)
    if not ("&" in joined or "<" in joined or ">" in joined or '"' in joined or "'" in joined):
        return values
    if joined.count("\0") == len(values) - 1:
        from markupsafe import escape

        parts = str(escape(joined)).split("\0")
        if len(parts) == len(values):
            return parts
    return [html_text(v) for v in values]


def _signatory_rows(rows: Any, withdrawn: bool = False) -> Markup:
    """The rows of a signatory table (in force, or withdrawn with the day it took effect).

    The same bytes as a ``{% for %}`` over the rows, built in Python with the cells escaped a
    column at a time (:func:`escape_all`): 10,000 signatories cost a tenth of what the loop in
    the template costs.
    """
    from markupsafe import Markup

    names = escape_all([r.name for r in rows])
    towns = escape_all([r.municipality or "–" for r in rows])
    versions = escape_all([r.version for r in rows])
    days = [r.signed.isoformat() if r.signed else "–" for r in rows]
    cells = zip(names, towns, days, versions, strict=True)
    if withdrawn:
        ended = [r.withdrawn.isoformat() for r in rows]
        return Markup(
            "\n".join(
                f"<tr><td>{n}</td><td>{m}</td><td>{d}</td><td>{v}</td><td>{w}</td></tr>"
                for (n, m, d, v), w in zip(cells, ended, strict=True)
            )
        )
    return Markup(
        "\n".join(
            f"<tr><td>{n}</td><td>{m}</td><td>{d}</td><td>{v}</td></tr>" for n, m, d, v in cells
        )
    )


def _signature_rows(
    rows: Any, columns: int, clarification: int | None, signer: Callable[..., Any]
) -> Markup:
    """The filled rows of a signature table: the name first, ``signer`` (the template's macro)
    in the clarification column, the other cells empty; the same bytes as the loops in the
    template at a fraction of their cost. The shipped ``signer`` macro is not called but computed
    (:func:`shipped_signer`, a column at a time); a repository's own is called for every row."""
    from markupsafe import Markup, escape

    names = escape_all([r.name for r in rows])
    empty = "\n<td></td>"
    if clarification is None or not 1 <= clarification < columns:
        tail = empty * (columns - 1) + "\n</tr>"
        return Markup("\n".join(f"<tr>\n<td>{n}</td>{tail}" for n in names))
    if is_shipped_signer(signer):
        signers = _shipped_signers([r.signer for r in rows])
    else:
        signers = [str(escape(signer(r.signer))) if r.signer else None for r in rows]
    # The cells before and after the clarification column, and a row without a signer.
    before = empty * (clarification - 1) + "\n<td>"
    after = "</td>" + empty * (columns - clarification - 1) + "\n</tr>"
    unsigned = empty * (columns - 1) + "\n</tr>"
    return Markup(
        "\n".join(
            f"<tr>\n<td>{n}</td>{unsigned}"
            if who is None
            else f"<tr>\n<td>{n}</td>{before}{who}{after}"
            for n, who in zip(names, signers, strict=True)
        )
    )


def _shipped_signers(people: list[Any]) -> list[str | None]:
    """:func:`shipped_signer` of each person (None for none), escaped a column at a time."""
    names = escape_all([p.name if p else "" for p in people])
    titles = escape_all([(p.title or "") if p else "" for p in people])
    return [
        None if not p else f"{n}, {t}" if p.title else n
        for p, n, t in zip(people, names, titles, strict=True)
    ]
