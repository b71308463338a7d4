"""yamlio's fast construction gives exactly what PyYAML's full constructor gives.

The reference is a loader built the way yamlio's was before the fast path: the C safe loader with
dates kept as strings and duplicate keys refused, resolving tags with PyYAML's own resolver. Values
are compared with their types (``True`` is not ``1``), and errors by the message yamlio reports.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, PROJECT
from overens.store import safe_yaml


class _Reference(safe_yaml._BaseLoader):  # type: ignore[misc]
    pass


_Reference.add_constructor("tag:yaml.org,2002:timestamp", _Reference.construct_yaml_str)
_Reference.add_constructor("tag:yaml.org,2002:map", safe_yaml._construct_mapping)


def _reference_load(text: str) -> Any:
    return yaml.load(text, Loader=_Reference)  # noqa: S506 - a SafeLoader subclass


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            _same(k, k2) and _same(a[k], b[k2]) for k, k2 in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def _outcome(text: str, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[str, Any]:
    try:
        return "ok", safe_yaml.parse(text, "x.yaml")
    except safe_yaml.YamlProblem as e:
        return "error", str(e)


def _compare(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _outcome(text)
    with monkeypatch.context() as m:
        m.setattr(safe_yaml, "_load", _reference_load)
        m.setattr(safe_yaml.Loader, "resolve", safe_yaml._BaseLoader.resolve)
        reference = _outcome(text)
    assert fast[0] == reference[0], (fast, reference)
    assert _same(fast[1], reference[1]), (fast, reference)


SNIPPETS = [
    "a: 1\nb: 2.5\nc: true\nd: ~\ne:\nf: 2021-02-15\ng: '2021-02-15'\nh: yes\ni: No\nj: on\nk: 0x1F\nl: 1_000\n",
    "m: .inf\nn: -.Inf\no: .nan\np: 0o17\nq: +12\nr: -3\ns: 1e3\nt: 190:20:30\nu: 2001-12-14t21:59:43.10-05:00\n",
    "v: ''\nw: \"\"\nx: 'yes'\ny: \"1\"\nz: ~x\n'null': null\n1: one\n2.5: float key\ntrue: bool key\n~: null key\n",
    "list: [1, two, 'three', {four: 4}, [5]]\nflow: {a: b, c: [d, e]}\nblock: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "anchor: &a {x: 1}\nalias: *a\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",
    "seq: &s [1, 2]\nagain: *s\n",
    "dup: 1\ndup: 2\n",
    "outer:\n  inner: 1\n  inner: 2\n",
    "? [a, b]\n: complex key\n",
    "? {a: 1}\n: mapping key\n",
    "bin: !!binary aGVsbG8=\n",
    "set: !!set {a, b}\n",
    "omap: !!omap [a: 1, b: 2]\n",
    "pairs: !!pairs [a: 1, a: 2]\n",
    "custom: !thing x\n",
    "str: !!str 123\nint: !!int '7'\nfloat: !!float '1'\nnull: !!null ''\n",
    "- just\n- a\n- list\n",
    "just a string\n",
    "42\n",
    "",
    "# only a comment\n",
    "---\na: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a:\n\t- tab\n",
    "key: value: bad\n",
    "a: b\n  c: d\n",
    "deep: " + "[" * 100 + "]" * 100 + "\n",
    "nested: " + "{a: " * 40 + "1" + "}" * 40 + "\n",
    'unicode: "\\u00e5\\u00e4\\u00f6"\nemoji: 🙂\nnbsp: a\u00a0b\n',
    'ctrl: "\\x07"\n',
    "=: value key\n<<: merge without mapping\n",
    "a: &x 1\nb: *x\n",
    "lots: &l [a, b, c]\nmore: [*l, *l, *l]\n",
    "a: Nullify\nb: offentlig\nc: truely\nd: FALSE\ne: No\nf: nulls\ng: ~~~~~~\nh: Yes!\ni: off\nj: OFFICE\n",
    # integers: plain decimal ones are made in the fast path, every other form by PyYAML
    "a: 0\nb: 7\nc: 2022\nd: 012\ne: 0012\nf: 1_000\ng: -0\nh: +0\ni: 19800101123412345678901\n",
    "a: 0b101\nb: 0x_ff\nc: 1:20\nd: 08\ne: 09\nf: 00\ng: !!int 2022\nh: !!int '0x10'\ni: ²\n",
]


@given(st.integers(min_value=0, max_value=10**30) | st.text("0123456789_xob:+-", max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_integer_as_pyyaml_makes_it(value: int | str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _compare(f"n: {value}\nlist: [{value}, {value}]\n", monkeypatch)


@pytest.mark.parametrize("text", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _compare(text, monkeypatch)


def _corpus() -> list[Path]:
    bases = [
        PROJECT / "tests" / "examples",
        PROJECT / "tests" / "hostile",
        PROJECT / "agreements",
        FIXTURES / "repo",
    ]
    return sorted(
        p
        for base in bases
        for p in base.rglob("*.yaml")
        if p.is_file() and not p.is_symlink() and p.stat().st_size < 1_000_000
    )


def test_every_file_of_the_corpora(monkeypatch: pytest.MonkeyPatch) -> None:
    files = _corpus()
    assert len(files) > 60
    for path in files:
        try:
            text = safe_yaml.read_text(path)
        except safe_yaml.YamlProblem:
            continue
        _compare(text, monkeypatch)


def test_a_generated_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(PROJECT / "bench"))
    import generate

    generate.generate(tmp_path / "c", 2, 30, seed=2, git=False)
    for path in sorted((tmp_path / "c").rglob("*.yaml")):
        _compare(path.read_text(encoding="utf-8"), monkeypatch)


def test_the_fast_path_is_taken_for_plain_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above would pass if everything fell back to the full constructor; it does not."""
    calls: list[str] = []
    real = yaml.load

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("full")
        return real(*args, **kwargs)

    monkeypatch.setattr(yaml, "load", counting)
    assert safe_yaml.parse("a: 1\nb: [x, 'y']\n", "x.yaml") == {"a": 1, "b": ["x", "y"]}
    assert calls == []
    assert safe_yaml.parse("a: &x [1]\nb: *x\n", "x.yaml") == {"a": [1], "b": [1]}
    assert calls == ["full"]
