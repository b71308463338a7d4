from __future__ import annotations

from pathlib import Path

import pytest

from overens.store import line_marks, safe_yaml, yaml_write
from overens.store.files import atomic_write


def test_dates_stay_strings() -> None:
    assert safe_yaml.parse("d: 2020-01-02\n", "x.yaml") == {"d": "2020-01-02"}


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    with pytest.raises(safe_yaml.YamlProblem) as e:
        safe_yaml.parse("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert (e.value.line, e.value.column) == (3, 1)
    assert "duplicate key 'a'" in str(e.value)


def test_global_safe_loader_is_untouched() -> None:
    import yaml

    assert yaml.safe_load("d: 2020-01-02") != {"d": "2020-01-02"}  # PyYAML's own stays as it is


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(safe_yaml.YamlProblem):
        safe_yaml.parse("a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")


def test_alias_bomb_is_bounded() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(safe_yaml.YamlProblem) as e:
        safe_yaml.parse("\n".join(lines) + "\n", "bomb.yaml")
    assert "expands to more than" in str(e.value)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(safe_yaml.YamlProblem) as e:
        safe_yaml.parse("a: " + "[" * 200 + "]" * 200 + "\n", "deep.yaml")
    assert "nesting" in str(e.value)


def test_non_utf8_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\nname: F\xf6reningen\n".encode("latin-1"))
    with pytest.raises(safe_yaml.YamlProblem) as e:
        safe_yaml.load(path)
    assert (e.value.line, e.value.column) == (2, 8)
    assert "not valid UTF-8" in str(e.value)


def test_bom_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\n")
    with pytest.raises(safe_yaml.YamlProblem) as e:
        safe_yaml.load(path)
    assert "byte-order mark" in str(e.value)


def test_locate_points_at_values_keys_and_parents() -> None:
    text = "a:\n  b:\n    - x\n    - y: 1\n      z: 2\n"
    assert line_marks.locate(text, ["a", "b", 1, "z"]) == (5, 10)
    assert line_marks.locate(text, ["a", "b", 1, "missing"]) == (4, 7)
    assert line_marks.locate_key(text, ["a", "b", 1, "z"]) == (5, 7)


def test_dump_round_trips_and_keeps_order(tmp_path: Path) -> None:
    data = {"id": "x", "name": "Föreningen A | B", "text": "rad ett\n\nrad två\n", "n": [1, 2]}
    text = yaml_write.dump(data, schema_comment="../s.json")
    assert text.startswith(
        "# yaml-language-server: $schema=../s.json\nid: x\nname: Föreningen A | B\n"
    )
    path = tmp_path / "out.yaml"
    atomic_write(path, text)
    assert safe_yaml.load(path) == data
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]
