"""The core of `overens rules`: every rule with its explanation, severity, when it runs and its parameters."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

from overens.checks.engine import check_rule_ids, param_schema
from overens.checks.rules import RULES


def describe(ids: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The rules (all, or those named) as data: the shape of ``overens rules --json``."""
    selected = check_rule_ids(ids) if ids else list(RULES)
    described = []
    for rule_id in selected:
        rule = RULES[rule_id]
        params = {}
        for name, spec in param_schema(rule_id).items():
            entry = {"type": _type_text(spec), "description": spec.get("description", "")}
            if name in rule.builtin:
                entry["default"] = rule.builtin[name]
            elif "default" in spec:
                entry["default"] = spec["default"]
            params[name] = entry
        described.append(
            {
                "id": rule.id,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "runs": rule.applies_when,
                "explanation": rule.explanation,
                "parameters": params,
            }
        )
    return described


def _type_text(spec: dict[str, Any]) -> str:
    kind = spec.get("type", "")
    if kind == "array":
        items = spec.get("items", {})
        ref = str(items.get("$ref", ""))
        if "enum" in items:
            return "list of " + " | ".join(items["enum"])
        if ref.endswith("/sector"):
            return "list of sectors (ideburen | offentlig)"
        if ref.endswith("/slug"):
            return "list of ids"
        if items.get("format") == "regex":
            return "list of regular expressions"
        return "list"
    if kind == "integer" and "minimum" in spec:
        return f"integer ≥ {spec['minimum']}"
    return str(kind)


def write_text(described: list[dict[str, Any]], out: TextIO, width: int = 88) -> None:
    """The catalogue as plain text."""
    indent = "    "
    for n, rule in enumerate(described):
        if n:
            out.write("\n")
        out.write(f"{rule['id']}  [{rule['severity']}]  runs: {rule['runs']}\n")
        out.write(
            textwrap.fill(
                rule["explanation"], width, initial_indent=indent, subsequent_indent=indent
            )
            + "\n"
        )
        if not rule["parameters"]:
            out.write(f"{indent}parameters: none\n")
            continue
        out.write(f"{indent}parameters:\n")
        for name, p in rule["parameters"].items():
            default = p.get("default")
            listed = isinstance(default, list) and any(len(str(d)) > 30 for d in default)
            shown = (
                ""
                if "default" not in p or listed
                else f", default {json.dumps(default, ensure_ascii=False)}"
            )
            out.write(f"{indent}  {name} ({p['type']}){shown}\n")
            out.write(
                textwrap.fill(
                    p["description"], width, initial_indent=indent * 2, subsequent_indent=indent * 2
                )
                + "\n"
            )
            if listed:
                out.write(f"{indent * 2}default:\n")
                out.writelines(f"{indent * 2}  {item}\n" for item in default)


def as_json(described: list[dict[str, Any]]) -> str:
    return json.dumps({"version": 1, "rules": described}, ensure_ascii=False, indent=2) + "\n"
