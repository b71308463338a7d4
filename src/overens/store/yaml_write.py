"""Writing: YAML text in the order and style of hand-written files, and atomic file replacement."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Block style, keys in the order given, multi-line strings as literal blocks."""


def _represent_str(dumper: Any, value: str) -> Any:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any, *, schema_comment: str | None = None) -> str:
    """Dump data as YAML text, with the editor's ``$schema`` line first when given."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    head = f"# yaml-language-server: $schema={schema_comment}\n" if schema_comment else ""
    return head + body


def atomic_write(
    path: Path,
    text: str | bytes,
    *,
    before_replace: Callable[[], None] | None = None,
    durable: bool = True,
) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A reader (or a crash) sees the old file or the new one, never half of one. ``text`` is
    written as UTF-8 with ``\\n`` line ends; bytes (a rendered PDF) are written as they are.
    ``before_replace`` is called once the temporary file is complete (the transaction's fault
    point, :mod:`overens.faults`). ``durable=False`` skips the ``fsync`` (files made again on
    the next run, such as a site of thousands of pages: a crash leaves each old or new, but not
    necessarily on disk).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
