"""The signature rows compute the shipped `signer` macro in Python: the same text."""

from __future__ import annotations

from pathlib import Path

import pytest

from overens.documents.filters import is_shipped_signer, shipped_signer
from overens.documents.templates import Renderer, make_environment
from overens.model.signatory import Person

PEOPLE = [
    Person("Anna Andersson", "Ordförande"),
    Person("Bo Ek", None),
    Person("<script>alert(1)</script>", 'VD & "grundare"'),
    Person("O'Brien & Söner", "<b>"),
    Person("Ärla Öst", ""),
]


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.name)
def test_the_python_signer_is_the_macro(person: Person) -> None:
    macro = make_environment("html", "sv").get_template("_sentences.jinja").module.signer
    assert is_shipped_signer(macro)
    assert shipped_signer(person) == str(macro(person))


def test_a_repository_macro_is_called(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_sentences.jinja").write_text(
        (Path(__file__).parents[2] / "templates/_sentences.jinja")
        .read_text(encoding="utf-8")
        .replace("{{ p.name|text }}{% if p.title %}", "{{ p.name|text }} (egen){% if p.title %}"),
        encoding="utf-8",
    )
    renderer = Renderer.create("html", "sv", tmp_path)
    macro = renderer.env.get_template("_sentences.jinja").module.signer
    assert not is_shipped_signer(macro)
    rows = renderer.env.filters["signature_rows"]
    row = type("Row", (), {"name": "Förening", "signer": PEOPLE[0]})()
    assert "Anna Andersson (egen), Ordförande" in rows([row], 3, 2, macro)
    assert not is_shipped_signer(lambda p: p) and not is_shipped_signer(None)
