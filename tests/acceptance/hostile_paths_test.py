"""Arguments and files that try to leave their folder.

An agreement is read only from agreements/<id>/; a signatory file is written only as
agreements/<id>/signatories/<slug>.yaml and stored evidence only into agreements/<id>/evidence/,
through real folders, never through a symbolic link. Where a test must prove that a file outside
is never *read*, that file is a named pipe (FIFO): opening it would block, so the command runs
as a subprocess with a time limit.

What `render --output` may do is decided in docs/decisions/0602-where-overens-reads-and-writes.md:
the person running render chooses where its output goes, as with any compiler's -o.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli, snapshot_tree
from coordinator_helpers import HALLAND, sign_args, withdraw_args


def _trap(path: Path) -> Path:
    """A FIFO at ``path``: anything that opens it for reading blocks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


AGREEMENT_PATHS = ["../outside", "../../outside", "demo/../../outside", "/etc", "~root", ".."]
COMMANDS = {
    "sign": lambda repo, a: sign_args(repo, agreement=a),
    "withdraw": lambda repo, a: [
        "withdraw",
        a,
        "foreningen-exempel",
        "--repo",
        repo,
        "--notice-date",
        "2024-05-02",
        "--reference",
        "X",
    ],
    "erase": lambda repo, a: ["erase", a, "foreningen-exempel", "--repo", repo],
    "list": lambda repo, a: ["list", a, "--repo", repo],
    "render": lambda repo, a: ["render", a, "--repo", repo],
}
AGREEMENT_CASES = [(c, AGREEMENT_PATHS[0]) for c in COMMANDS] + [
    ("sign", a) for a in AGREEMENT_PATHS[1:]
]


@pytest.mark.parametrize(
    ("command", "agreement"), AGREEMENT_CASES, ids=[f"{c}:{a}" for c, a in AGREEMENT_CASES]
)
def test_an_agreement_argument_that_is_a_path_is_refused_unread(
    demo_repo: Path, command: str, agreement: str
) -> None:
    for outside in (demo_repo / "outside", demo_repo.parent / "outside"):
        _trap(outside / "agreement.yaml")
        _trap(outside / "signatories" / "foreningen-exempel.yaml")
    before = snapshot_tree(demo_repo)
    result = run_cli(COMMANDS[command](demo_repo, agreement), cwd=demo_repo, timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"AGREEMENT {agreement!r} is not an agreement id" in result.stderr
    assert "never by a path" in result.stderr and "Traceback" not in result.stderr
    assert snapshot_tree(demo_repo) == before


def test_check_resolves_a_path_only_inside_agreements(run_line, demo_repo: Path) -> None:
    result = run_line(["check", "../outside", "--repo", demo_repo], cwd=demo_repo)
    assert result.exit_code == 2 and "unknown agreement '../outside'" in result.stderr


SLUGS = ["../x", "../../../tmp/x", "/tmp/x", "x/../../y", ".hidden", "Upper"]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_slug_that_leaves_the_folder_is_refused(run_line, demo_repo: Path, slug: str) -> None:
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, slug=slug))
    assert result.exit_code == 1, result.output
    assert (
        f"--slug {slug!r}: use lower-case letters a-z, digits and single hyphens" in result.stderr
    )
    assert snapshot_tree(demo_repo) == before


ORGS = ["../../../../outside", "/etc/passwd", "../signatories/foreningen-exempel"]


@pytest.mark.parametrize("command", ["withdraw", "erase"])
@pytest.mark.parametrize("org", ORGS)
def test_an_organisation_argument_is_only_matched_never_opened(
    demo_repo: Path, command: str, org: str
) -> None:
    _trap(demo_repo.parent / "outside.yaml")
    _trap(demo_repo.parent / "outside")
    args = (
        withdraw_args(demo_repo, org)
        if command == "withdraw"
        else ["erase", "demo", org, "--repo", demo_repo]
    )
    before = snapshot_tree(demo_repo)
    result = run_cli(args, cwd=demo_repo, timeout=30)
    assert result.returncode == 1, result.stderr
    assert f"no signatory {org!r} in the agreement demo" in result.stderr
    assert snapshot_tree(demo_repo) == before


# ----------------------------------------------------------------------------- evidence


def _link(demo_repo: Path, tmp_path: Path) -> Path:
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN PRIVATE KEY-----\n")
    link = demo_repo / "inbox" / "form.pdf"
    link.parent.mkdir()
    link.symlink_to(secret)
    return link


def _folder(demo_repo: Path, tmp_path: Path) -> Path:
    (tmp_path / "scans").mkdir()
    return tmp_path / "scans"


EVIDENCE = {
    "symbolic link": (_link, 1, "is a symbolic link"),
    "character device": (lambda repo, tmp: Path("/dev/zero"), 1, "not a regular file"),
    "named pipe": (lambda repo, tmp: _trap(tmp / "pipe"), 1, "not a regular file"),
    "folder": (_folder, 2, "is a directory"),
    "missing": (lambda repo, tmp: tmp / "nothing.pdf", 1, "no such file"),
}


ENDLESS = {"character device", "named pipe"}
"""Reading these would never end: run as a subprocess with a time limit."""


@pytest.mark.parametrize("case", list(EVIDENCE))
@pytest.mark.parametrize("command", ["sign", "withdraw"])
def test_evidence_must_be_a_regular_file(
    run_line, demo_repo: Path, tmp_path: Path, case: str, command: str
) -> None:
    make, code, words = EVIDENCE[case]
    source = make(demo_repo, tmp_path)
    args = sign_args(demo_repo) if command == "sign" else withdraw_args(demo_repo)
    args = [*args, "--evidence", str(source), "--store-evidence"]
    before = snapshot_tree(demo_repo)
    if case in ENDLESS:
        proc = run_cli(args, cwd=demo_repo, timeout=30)
        exit_code, stderr = proc.returncode, proc.stderr
    else:
        result = run_line(args)
        exit_code, stderr = result.exit_code, result.stderr
    assert exit_code == code, stderr
    assert words in stderr and "Traceback" not in stderr
    assert snapshot_tree(demo_repo) == before
    assert not (demo_repo / "agreements/demo/evidence").exists()


def _scan(tmp_path: Path) -> Path:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    return scan


def test_store_evidence_never_writes_through_a_linked_evidence_folder(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (demo_repo / "agreements/demo/evidence").symlink_to(outside)
    before = snapshot_tree(demo_repo)
    result = run_line(sign_args(demo_repo, "--evidence", str(_scan(tmp_path)), "--store-evidence"))
    assert result.exit_code == 1
    assert "agreements/demo/evidence is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []
    assert snapshot_tree(demo_repo) == before


def test_store_evidence_never_writes_through_a_linked_file(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    scan = _scan(tmp_path)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    target = tmp_path / "bashrc"
    target.write_text("# the coordinator's own file\n")
    evidence = demo_repo / "agreements/demo/evidence"
    evidence.mkdir()
    name = f"hallands-bildningsforbund-signed-2024-03-01-{digest[:12]}.pdf"
    (evidence / name).symlink_to(target)
    result = run_line(sign_args(demo_repo, "--evidence", str(scan), "--store-evidence"))
    assert result.exit_code == 1, result.output
    assert f"agreements/demo/evidence/{name} is a symbolic link" in result.stderr
    assert target.read_text() == "# the coordinator's own file\n"
    assert not (demo_repo / HALLAND).exists()


@pytest.mark.parametrize("folder", ["signatories", "principles"])
def test_a_linked_folder_of_the_agreement_is_refused(
    run_line, demo_repo: Path, tmp_path: Path, folder: str
) -> None:
    real = demo_repo / "agreements/demo" / folder
    moved = tmp_path / folder
    shutil.move(real, moved)
    real.symlink_to(moved)
    before = sorted(p.name for p in moved.iterdir())
    result = run_line(sign_args(demo_repo))
    assert result.exit_code == 1, result.output
    assert f"agreements/demo/{folder} is a symbolic link" in result.stderr
    assert sorted(p.name for p in moved.iterdir()) == before


def test_a_linked_agreement_folder_is_refused(run_line, demo_repo: Path, tmp_path: Path) -> None:
    shutil.copytree(demo_repo / "agreements/demo", tmp_path / "other")
    (demo_repo / "agreements/other").symlink_to(tmp_path / "other")
    result = run_line(sign_args(demo_repo, agreement="other"))
    assert result.exit_code == 1, result.output
    assert "agreements/other is a symbolic link" in result.stderr
    assert not (tmp_path / "other" / "signatories" / "hallands-bildningsforbund.yaml").exists()


# ----------------------------------------------------------------------------- render --output


def test_render_output_goes_where_the_caller_says(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "published" / "demo.md"
    target.parent.mkdir()
    result = run_line(["render", "demo", "--repo", demo_repo, "--output", target])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("# ")


def test_render_replaces_a_link_at_the_output_and_never_writes_through_it(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "demo.md").symlink_to(victim)
    result = run_line(
        [
            "render",
            "--all",
            "--repo",
            demo_repo,
            "--format",
            "md",
            "--format",
            "html",
            "--output",
            out,
        ]
    )
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me\n"
    assert not (out / "demo.md").is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["demo.html", "demo.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", "repo", "victim.txt"])


HOSTILE_ARGUMENTS = (
    len(AGREEMENT_CASES) + 1 + len(SLUGS) + 2 * len(ORGS) + 2 * len(EVIDENCE) + 2 + 2 + 1 + 1
)
"""How many hostile arguments and planted links this module tries (stated in SECURITY.md)."""
