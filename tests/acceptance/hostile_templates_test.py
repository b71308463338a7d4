"""A repository's own templates are untrusted: never read through a link, never run without
limits, never handed what the options withhold.

One file per case in tests/hostile/templates/ (its ``setup`` and what must be said, or be absent);
the ways a templates folder can lead outside are generated below, for render, validate and check.
A named pipe is proved unread by a subprocess with a time limit (opening it would block).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import git, run_cli, snapshot_tree
from overens.documents import limits

CASES = sorted((Path(__file__).parents[1] / "hostile" / "templates").iterdir())
SECRET = "AUTHORIZATION: bearer-secret-token"


def _header(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    setup = re.search(r"\{# setup: (.*?) #\}", text)
    expect = re.search(r"\{# expect: (.*?) #\}", text)
    assert setup and expect, f"{path.name} has no setup or expectation"
    return setup.group(1), expect.group(1)


def _install(repo: Path, case: Path, setup: str) -> None:
    body = case.read_text(encoding="utf-8")
    git(repo, "config", "http.extraheader", SECRET)
    if setup == "templates-is-a-link-to-the-root":
        (repo / "templates").symlink_to(".")
        (repo / "agreement.md.jinja").write_text(body, encoding="utf-8")
        return
    (repo / "templates").mkdir()
    (repo / "templates" / "agreement.md.jinja").write_text(body, encoding="utf-8")
    if setup.startswith("templates/etc-is-a-link"):
        (repo / "templates" / "etc").symlink_to("/etc")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_hostile_template_is_refused_or_bounded(
    run_line, demo_repo: Path, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 3.0)  # the limit's value, not its working
    setup, expect = _header(case)
    _install(demo_repo, case, setup)
    before = snapshot_tree(demo_repo)
    result = run_line(
        ["render", "demo", "--repo", demo_repo, "--as-of", "2024-06-01", "--no-cache"]
    )
    assert "Traceback" not in result.output and SECRET not in result.output
    if expect.startswith("absent: "):
        assert result.exit_code == 0, result.output
        assert expect.removeprefix("absent: ") not in result.stdout
        assert "none" in result.stdout  # the template ran, and found no contact
    else:
        assert result.exit_code == 1, result.output
        assert expect in result.stderr
    assert snapshot_tree(demo_repo) == before


def test_contacts_reach_a_repository_template_only_when_asked(run_line, demo_repo: Path) -> None:
    case = next(c for c in CASES if c.name == "contact-email.md.jinja")
    _install(demo_repo, case, "none")
    args = ["render", "demo", "--repo", demo_repo, "--as-of", "2024-06-01"]
    assert "bertil@example.se" in run_line([*args, "--include-contacts"]).stdout
    assert "bertil@example.se" not in run_line(args).stdout


def _outside(repo: Path) -> Path:
    outside = repo.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "agreement.md.jinja").write_text(SECRET + "\n")
    return outside


LINKS = {
    # name: (what to make, the path the finding names)
    "templates to .": (lambda r: (r / "templates").symlink_to("."), "templates/"),
    "templates to /": (lambda r: (r / "templates").symlink_to("/"), "templates/"),
    "templates to ..": (lambda r: (r / "templates").symlink_to(".."), "templates/"),
    "templates to a folder outside": (
        lambda r: (r / "templates").symlink_to(_outside(r)),
        "templates/",
    ),
    "a template linked to a file outside": (
        lambda r: _inside(r, "agreement.md.jinja", _outside(r) / "agreement.md.jinja"),
        "templates/agreement.md.jinja",
    ),
    "a folder in templates linked to /etc": (
        lambda r: _inside(r, "etc", Path("/etc")),
        "templates/etc",
    ),
    "a folder in templates linked to the root": (
        lambda r: _inside(r, "up", Path("..")),
        "templates/up",
    ),
    "a template that links to itself": (
        lambda r: _inside(r, "agreement.md.jinja", Path("agreement.md.jinja")),
        "templates/agreement.md.jinja",
    ),
}


def _inside(repo: Path, name: str, target: Path) -> None:
    (repo / "templates").mkdir(exist_ok=True)
    (repo / "templates" / name).symlink_to(target)


@pytest.mark.parametrize("case", list(LINKS))
def test_a_templates_folder_that_leads_outside_is_refused_and_reported(
    run_line, demo_repo: Path, case: str
) -> None:
    make, where = LINKS[case]
    git(demo_repo, "config", "http.extraheader", SECRET)
    make(demo_repo)
    before = snapshot_tree(demo_repo)
    rendered = run_line(["render", "demo", "--repo", demo_repo])
    assert rendered.exit_code == 1, rendered.output
    assert f"{where.rstrip('/')}" in rendered.stderr and "symbolic link" in rendered.stderr
    assert SECRET not in rendered.output
    validated = run_line(["validate", "--repo", demo_repo])
    assert validated.exit_code == 1
    assert any(ln.startswith(f"{where}: error:") for ln in validated.stdout.splitlines())
    checked = run_line(["check", "--repo", demo_repo, "--format", "github", "--no-cache"])
    assert checked.exit_code == 1 and f"file={where}," in checked.stdout
    for result in (rendered, validated, checked):
        assert "Traceback" not in result.output
    assert snapshot_tree(demo_repo) == before


def test_a_named_pipe_among_the_templates_is_never_opened(demo_repo: Path) -> None:
    (demo_repo / "templates").mkdir()
    os.mkfifo(demo_repo / "templates" / "agreement.md.jinja")
    for command in (["render", "demo"], ["validate"], ["check", "--no-cache"]):
        result = run_cli([*command, "--repo", demo_repo], cwd=demo_repo, timeout=30)
        assert result.returncode == 1, result.stderr
        assert "templates/agreement.md.jinja" in result.stdout + result.stderr
        assert "named pipe" in result.stdout + result.stderr


TEMPLATE_LINK_CASES = len(LINKS) + 1
"""Ways a templates folder is made to lead outside, generated (stated in SECURITY.md)."""
