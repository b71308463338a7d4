"""Writing: YAML text in the order and style of hand-written files, and atomic file replacement."""

from __future__ import annotations

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
