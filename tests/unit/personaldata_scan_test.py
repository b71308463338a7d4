"""personaldata.scan, made cheaper for the loader, finds exactly what it found before."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from conftest import FIXTURES, PROJECT
from overens.model import personal_numbers
from overens.store import safe_yaml


def _reference_scan(
    data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The scan as it was written first: one generator per value."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "org_number":
                continue
            yield from _reference_scan(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _reference_scan(value, (*path, index))
    elif isinstance(data, str) and personal_numbers.contains(data):
        yield path, personal_numbers.redact(data)


def _documents() -> list[Any]:
    docs = []
    for base in (PROJECT / "tests", PROJECT / "agreements", FIXTURES):
        for path in sorted(base.rglob("*.yaml")):
            if path.is_symlink() or not path.is_file() or path.stat().st_size > 1_000_000:
                continue
            try:
                docs.append(safe_yaml.load(path))
            except safe_yaml.YamlProblem:
                continue
    return docs


_VALUES = [
    "19800101-1234",
    "800101-1230",
    "8001011230",
    "198001011238",
    "800161-1234",
    "+46701234567",
    "0701234567",
    "802004-6895",
    "text 19121212-1212 more",
    "19121212+1212",
    "2be7062e3902862861",
    "x",
    "",
    1,
    2.5,
    True,
    None,
]


def _random_data(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 4 and roll < 0.3:
        return {
            rng.choice(["a", "org_number", "notes", 1, "phone"]): _random_data(rng, depth + 1)
            for _ in range(rng.randint(0, 4))
        }
    if depth < 4 and roll < 0.5:
        return [_random_data(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return rng.choice(_VALUES)


def test_the_same_findings_on_every_corpus_file() -> None:
    docs = _documents()
    assert len(docs) > 80
    found = 0
    for data in docs:
        expected = list(_reference_scan(data))
        assert list(personal_numbers.scan(data)) == expected
        found += len(expected)
    assert found > 0  # the hostile corpus holds personal identity numbers outside org_number


def test_the_same_findings_on_random_data() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        data = _random_data(rng)
        assert list(personal_numbers.scan(data)) == list(_reference_scan(data))


def test_a_hash_holding_a_date_shaped_run_of_digits_is_not_personal_data() -> None:
    from overens.model import personal_numbers

    # 19811218-9876 is a valid personnummer; inside a hex digest it is just digits.
    digest = "ab198112189876cd" + "0" * 48
    assert personal_numbers.contains("198112189876")
    assert not personal_numbers.contains(digest)
    assert list(personal_numbers.scan({"signed": {"text_sha256": digest}})) == []
