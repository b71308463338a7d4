"""The rule registry and the shipped schema agree; the placeholder patterns on real wording."""

from __future__ import annotations

import inspect
import re

import pytest

from overens.checks.engine import param_schema
from overens.checks.rules import RULES
from overens.checks.rules.text import DEFAULT_PATTERNS
from overens.store.schemas import schemas


def test_every_rule_has_a_schema_entry_and_every_entry_a_rule() -> None:
    agreement = schemas()["agreement"]
    declared = list(agreement["properties"]["checks"]["properties"])
    assert declared == list(RULES)
    defs = sorted(k[len("check-") :] for k in agreement["$defs"] if k.startswith("check-"))
    assert defs == sorted(RULES)


def _parameters_read(rule_id: str) -> set[str]:
    """The parameter names a rule's code reads (its whole module when it is the module's only rule)."""
    check = RULES[rule_id].check
    module = inspect.getmodule(check)
    alone = [r for r in RULES.values() if inspect.getmodule(r.check) is module] == [RULES[rule_id]]
    text = inspect.getsource(module if alone and module else check)
    return set(re.findall(r'ctx\.param\("([a-z_]+)"', text))


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_parameter_a_rule_reads_is_declared(rule_id: str) -> None:
    declared = set(param_schema(rule_id))
    assert _parameters_read(rule_id) <= declared
    assert set(RULES[rule_id].builtin) <= declared


def test_rule_explanations_and_summaries_are_sentences() -> None:
    for rule in RULES.values():
        assert rule.summary.endswith(".") and len(rule.explanation) > len(rule.summary), rule.id


def _placeholders(text: str) -> list[str]:
    return [m.group(0) for p in DEFAULT_PATTERNS for m in re.finditer(p, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Örebro läns landsting: (länk till hemsida där man kan läsa om överenskommelsen)",
        "(Kontaktperson och kontaktuppgifter Örebro läns landsting)",
        "(Kontaktperson och kontaktuppgifter Cesam)",
        "[Skriv text]",
        "Undertecknat (ort och datum) av (namn, titel)",
        "Datum: XXX",
        "TODO: fyll i",
        "Kontakt: <<e-post>>",
    ],
)
def test_placeholders_found(text: str) -> None:
    assert _placeholders(text)


@pytest.mark.parametrize(
    "text",
    [
        (
            "Ett samhälle där människors ideella och idéburna engagemang tillvaratas är grunden för demokrati. "
            "(Grunden för demokrati)"
        ),
        "(Hur demokratin ser ut)",
        "(Hur demokratin ska bevaras och utvecklas)",
        "Idéburet Offentligt Partnerskap (IOP)",
        "Sveriges Kommuner och Landsting (SKL)",
        "Telefon 019-602 70 00, telefax 019-602 70 08",
        "(telefon 019-602 70 00)",
        "(e-post orebroll@orebroll.se)",
        "(organisationer som ännu inte signerat)",
        "Namnförtydligande",
        "Xxx är inte versaler; XX är två.",
    ],
)
def test_ordinary_text_is_not_a_placeholder(text: str) -> None:
    assert _placeholders(text) == []
