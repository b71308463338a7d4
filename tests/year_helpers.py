"""Helpers for the coordinator's year: writing a draft's text as a person would (the only files a
coordinator writes by hand are the text itself), and running commands that must commit once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import git

TITLE = "Överenskommelse om samverkan mellan Region Exempelland och den idéburna sektorn"
REGION = "Region Exempelland"

_AGREEMENT_TEXT = {
    "'[Ange den idéburna parten]'": "Idéburna Exempelland",
    "'[Skriv bakgrunden.]'": "Region Exempelland och den idéburna sektorn vill samverka.",
    "'[Skriv syftet med överenskommelsen.]'": "Överenskommelsen tydliggör hur parterna samverkar.",
    "'[Skriv om kontaktpersoner.]'": "Varje undertecknande organisation utser en kontaktperson.",
    "'[Skriv vem som kan ansluta sig.]'": "Idéburna organisationer i Exempelland kan ansluta sig.",
    "    written_notice: true\n    text: '[Skriv hur en organisation lämnar överenskommelsen.]'": (
        "    written_notice: true\n    notice_period_days: 30\n"
        "    text: En organisation som vill lämna meddelar det skriftligen, med 30 dagars varsel."
    ),
    "    frequency: annual\n    text: '[Skriv hur den följs upp.]'": (
        "    frequency: annual\n    reports:\n    - kind: arsberattelse\n      title: Årsberättelse\n"
        "      due: 03-31\n    text: Varje organisation lämnar en årsberättelse senast 31 mars."
    ),
    "  validity:\n    text: '[Skriv hur länge överenskommelsen gäller.]'": (
        "  validity:\n    from: '2025-02-01'\n    indefinite: true\n"
        "    text: Överenskommelsen gäller från 1 februari 2025 och tills vidare."
    ),
}
_PRINCIPLE_TEXT = {
    "'[Skriv principens rubrik]'": "Dialog",
    "'[Skriv principens text.]'": "Parterna för en öppen dialog om frågor som berör dem båda.",
    "'[Skriv vad de idéburna organisationerna gör.]'": "Organisationerna deltar i dialogen.",
    "'[Skriv vad den offentliga parten gör.]'": "Regionen bjuder in till dialog i god tid.",
}


def _replace(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"{old!r} is not in {path}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def write_the_text(repo: Path, agreement: str) -> None:
    """Write the draft's text in place of its placeholders, as the coordinator does in her editor
    (the text is what people write; every record is written by a command)."""
    folder = repo / "agreements" / agreement
    _replace(folder / "agreement.yaml", _AGREEMENT_TEXT)
    _replace(folder / "principles" / "01-exempel.yaml", _PRINCIPLE_TEXT)


def reword_the_principle(repo: Path, agreement: str) -> None:
    """A material change of the text: the dialogue becomes a regular one."""
    _replace(
        repo / "agreements" / agreement / "principles" / "01-exempel.yaml",
        {"en öppen dialog": "en öppen och regelbunden dialog"},
    )


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def one_commit(run_line: Any, repo: Path, args: list[str]) -> Any:
    """Run a command that must make exactly one commit and leave the working tree clean."""
    before = commits(repo)
    result = run_line([*args, "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert commits(repo) == before + 1, f"{args[0]} made {commits(repo) - before} commits"
    assert git(repo, "status", "--porcelain") == "", f"{args[0]} left changes behind"
    return result
