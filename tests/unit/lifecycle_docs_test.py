"""docs/data-model.md stays true: every YAML example names its file on its first line and, set
into a minimal valid file of that kind, validates against the shipped schemas."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from lifecycle_corpus import PROJECT, kind_of, validator

GUIDE = PROJECT / "docs" / "data-model.md"

BASES: dict[str, dict[str, Any]] = {
    "agreement": {
        "id": "x",
        "title": "X",
        "language": "sv",
        "version": "1",
        "parties": [{"id": "p", "name": "P", "sector": "offentlig"}],
        "sources": [{"document": "x.pdf", "description": "X"}],
        "signature_block": {"layout": "rows"},
        "revisions": [
            {"version": "1", "kind": "material", "summary": "X", "text_sha256": "0" * 64}
        ],
    },
    "principle": {"id": "01-x", "number": 1, "title": "X"},
    "signatory": {
        "id": "x",
        "name": "X",
        "sector": "ideburen",
        "memberships": [{"signed": {"version": "1"}}],
    },
    "body": {"id": "x", "members": []},
    "plan": {},
    "events": {},
}


class _Loader(yaml.SafeLoader):
    """Dates kept as strings, as overens reads them."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def _examples() -> list[tuple[str, str]]:
    blocks = re.findall(
        r"^```yaml\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
    )
    return [(block.splitlines()[0].removeprefix("# "), block) for block in blocks]


def _merge(base: Any, part: Any) -> Any:
    if isinstance(base, dict) and isinstance(part, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in part.items()}}
    return part


def test_the_guide_has_an_example_of_every_kind_of_file() -> None:
    files = [name for name, _ in _examples()]
    assert {kind_of(PROJECT / name) for name in files} == set(BASES)


@pytest.mark.parametrize(
    ("name", "block"), _examples(), ids=[f"{i}-{n}" for i, (n, _) in enumerate(_examples())]
)
def test_an_example_validates(name: str, block: str) -> None:
    kind = kind_of(PROJECT / name)
    data = _merge(BASES[kind], yaml.load(block, Loader=_Loader))
    found = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(kind).iter_errors(data)
    ]
    assert found == []
