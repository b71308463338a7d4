"""Personal data: contact details stay out of every public output unless asked for,
a personal identity number is refused wherever it appears and never written or shown in full,
and `overens erase` removes an organisation's personal data and says how to purge its history.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git, snapshot_tree
from coordinator_helpers import EXEMPEL, SIGNATORIES, commit_all, sign_args, withdraw_args
from overens.store import safe_yaml, yaml_write


def _require(tool: str, present: bool) -> None:
    """Skip on a developer's machine without ``tool``; fail under CI, which installs the test extra."""
    if not present:
        message = f"{tool} is not installed (it is in the test extra)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


CONTACT = ("Bertil Berg", "bertil@example.se", "035-12 34 56")
"""The demo fixture's contact person (agreements/demo/signatories/foreningen-exempel.yaml)."""


def _assert_no_contact(text: str, where: str) -> None:
    for value in CONTACT:
        assert value not in text, f"{where} shows {value!r}"


# ----------------------------------------------------------------------------- public outputs


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_render_leaves_contacts_out_unless_asked(run_line, demo_repo: Path, fmt: str) -> None:
    args = ["render", "demo", "--repo", demo_repo, "--format", fmt, "--as-of", "2024-06-01"]
    public = run_line(args)
    assert public.exit_code == 0, public.output
    _assert_no_contact(public.stdout, f"render --format {fmt}")
    internal = run_line([*args, "--include-contacts"])
    for value in CONTACT:
        assert value in internal.stdout


def test_the_pdf_leaves_contacts_out(run_line, demo_repo: Path, tmp_path: Path) -> None:
    _require("weasyprint", importlib.util.find_spec("weasyprint") is not None)
    from pdf_checks import nfkc, pdf_pages_and_text

    out = tmp_path / "demo.pdf"
    result = run_line(["render", "demo", "--repo", demo_repo, "--format", "pdf", "--output", out])
    assert result.exit_code == 0, result.output
    _, text = pdf_pages_and_text(out)  # NFKC: the fonts' ligatures read as their letters
    assert nfkc("Föreningen Exempel") in text
    for value in CONTACT:
        assert nfkc(value) not in text, f"the PDF shows {value!r}"


@pytest.mark.parametrize("command", ["list", "history"])
def test_list_and_history_show_no_contact_details(run_line, demo_repo: Path, command: str) -> None:
    for extra in ([], ["--json"]):
        result = run_line([command, "demo", "--repo", demo_repo, *extra])
        assert result.exit_code == 0 and "Föreningen Exempel" in result.stdout
        _assert_no_contact(result.output, f"{command} {' '.join(extra)}")


def test_check_and_validate_messages_never_quote_contact_details(run_line, demo_repo: Path) -> None:
    agreement = demo_repo / "agreements/demo/agreement.yaml"
    agreement.write_text(
        agreement.read_text() + "checks:\n  contact-person:\n"
        "    params:\n      fields: [email, phone]\n"
    )
    exempel = demo_repo / EXEMPEL
    exempel.write_text(exempel.read_text().replace("  phone: 035-12 34 56\n", ""))
    broken = safe_yaml.load(exempel)
    broken.update(
        id="trasig",
        name="Trasig förening",
        org_number="802002-6442",
        contact={"name": "Bertil Berg", "email": "bertil@@example.se", "phone": "+46 ett två"},
    )
    (demo_repo / SIGNATORIES / "trasig.yaml").write_text(yaml_write.dump(broken))
    outputs = {}
    for fmt in ("text", "json", "github"):
        result = run_line(["check", "--repo", demo_repo, "--as-of", "2024-06-01", "--format", fmt])
        assert result.exit_code == 1
        outputs[f"check --format {fmt}"] = result.output
    outputs["validate"] = run_line(["validate", "--repo", demo_repo]).output
    findings = json.loads(
        run_line(["check", "--repo", demo_repo, "--as-of", "2024-06-01", "--format", "json"]).stdout
    )["findings"]
    rules = {(f["rule"], f["file"].rsplit("/", 1)[-1]) for f in findings}
    assert ("contact-person", "foreningen-exempel.yaml") in rules  # the phone is missing
    assert ("schema", "trasig.yaml") in rules  # the e-mail and phone are malformed
    for where, text in outputs.items():
        _assert_no_contact(text, where)
        for value in ("bertil@@example.se", "ett två"):
            assert value not in text, f"{where} quotes {value!r}"


# ----------------------------------------------------------------------------- personal identity numbers

PNR = "811218-9876"
"""A valid personal identity number (date and check digit); fictitious."""

SIGN_PNR = [
    {"org_number": PNR},
    {"org_number": "19" + PNR},
    {"contact_phone": PNR},
    {"name": f"Anna Anderssons firma {PNR}"},
    {"signed_by": f"Anna Andersson 19{PNR}"},
    {"legal_form": f"enskild firma {PNR.replace('-', '+')}"},
]
WITHDRAW_PNR = [{"reason": f"Ordföranden ({PNR}) har avgått"}, {"reference": PNR}]


def _refused_unshown(result, repo: Path, before: dict[str, bytes]) -> None:
    assert result.exit_code == 1, result.output
    assert "personal identity number" in result.stderr
    assert "811218-XXXX" in result.stderr or "198112-XXXX" in result.stderr
    assert "9876" not in result.output
    assert snapshot_tree(repo) == before


@pytest.mark.parametrize("options", SIGN_PNR, ids=lambda o: next(iter(o)))
def test_sign_refuses_a_personal_identity_number_in_any_value(
    run_line, demo_repo: Path, options
) -> None:
    before = snapshot_tree(demo_repo)
    _refused_unshown(run_line(sign_args(demo_repo, **options)), demo_repo, before)


@pytest.mark.parametrize("options", WITHDRAW_PNR, ids=lambda o: next(iter(o)))
def test_withdraw_refuses_a_personal_identity_number(run_line, demo_repo: Path, options) -> None:
    before = snapshot_tree(demo_repo)
    _refused_unshown(run_line(withdraw_args(demo_repo, **options)), demo_repo, before)


def test_erase_refuses_a_personal_identity_number_as_the_organisation(
    run_line, demo_repo: Path
) -> None:
    before = snapshot_tree(demo_repo)
    _refused_unshown(run_line(["erase", "demo", PNR, "--repo", demo_repo]), demo_repo, before)


IN_FILES = [
    # (where in the file, the line to write, the expected line of the finding)
    ("contact.phone", "contact:\n  name: Kim\n  phone: 811218-9876\n", "phone"),
    ("notes", "notes: Kontakt via 19811218-9876.\n", "notes"),
    ("name", "name: Anna Anderssons firma 811218+9876\n", "name"),
    ("org_number", 'org_number: "19811218-9876"\n', "org_number"),
]


@pytest.mark.parametrize(("where", "text", "key"), IN_FILES, ids=[c[0] for c in IN_FILES])
def test_validate_and_check_refuse_it_in_any_yaml_value(
    run_line, demo_repo: Path, where: str, text: str, key: str
) -> None:
    base = {"id": "firma", "name": "Firma", "sector": "ideburen"}
    lines = [f"{k}: {v}\n" for k, v in base.items() if not text.startswith(f"{k}:")]
    body = "".join(lines) + text + 'memberships:\n  - signed: {version: "1"}\n'
    path = demo_repo / SIGNATORIES / "firma.yaml"
    path.write_text(body)
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 1
    expected_line = next(
        i for i, ln in enumerate(body.splitlines(), 1) if ln.strip().startswith(f"{key}:")
    )
    hits = [
        ln
        for ln in result.stdout.splitlines()
        if ln.startswith(f"{SIGNATORIES}/firma.yaml:{expected_line}:")
        and "personal identity number" in ln
    ]
    assert hits, result.stdout
    checked = run_line(["check", "--repo", demo_repo, "--format", "json", "--as-of", "2024-06-01"])
    listed = run_line(["list", "demo", "--repo", demo_repo, "--json", "--as-of", "2024-06-01"])
    for output in (result.output, checked.output, listed.stdout):
        assert "9876" not in output
    assert "Firma" not in listed.stdout  # a file holding one is left out of the model


# ----------------------------------------------------------------------------- erase


def _erase(run_line, repo: Path, *flags: str):
    return run_line(["erase", "demo", "foreningen-exempel", "--repo", repo, *flags])


def test_erase_removes_the_contact_and_keeps_the_public_record(run_line, demo_repo: Path) -> None:
    before = safe_yaml.load(demo_repo / EXEMPEL)
    head = git(demo_repo, "rev-parse", "HEAD").strip()
    result = _erase(run_line, demo_repo)
    assert result.exit_code == 0, result.output
    after = safe_yaml.load(demo_repo / EXEMPEL)
    assert "contact" not in after
    assert after == {k: v for k, v in before.items() if k != "contact"}
    assert after["signer"] == before["signer"]  # the signer signed the public document
    assert git(demo_repo, "rev-parse", "HEAD^").strip() == head
    assert git(demo_repo, "show", "--name-only", "--format=%B", "HEAD").split("\n\n")[0] == (
        "erase(demo): personal data of Föreningen Exempel"
    )
    assert git(demo_repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD").split() == [
        EXEMPEL
    ]
    assert git(demo_repo, "status", "--porcelain") == ""
    assert "erased the contact person (name, e-mail, phone)" in result.stdout
    assert "kept: the organisation's public record" in result.stdout
    assert "separate decision" in result.stdout and "every clone" in result.stdout
    _assert_no_contact(result.output, "erase's output")  # the values are in the expressions file
    expressions = demo_repo / ".git/overens-erase/demo-foreningen-exempel.txt"
    assert stat.S_IMODE(expressions.stat().st_mode) == 0o600
    assert sorted(expressions.read_text().splitlines()) == sorted(
        f"literal:{v}==>(raderad)" for v in CONTACT
    )
    assert run_line(["validate", "--repo", demo_repo]).exit_code == 0


def test_erase_leaves_nothing_of_the_contact_in_the_caches(run_line, demo_repo: Path) -> None:
    assert run_line(["render", "demo", "--repo", demo_repo, "--include-contacts"]).exit_code == 0
    assert run_line(["check", "--repo", demo_repo]).exit_code in (0, 1)
    cache = demo_repo / ".overens-cache"
    listing = cache / "listing-demo.json"
    assert any(v.encode() in listing.read_bytes() for v in CONTACT)  # what erase must clear

    def cached() -> bytes:
        return b"".join(p.read_bytes() for p in sorted(cache.iterdir()))

    assert _erase(run_line, demo_repo).exit_code == 0
    assert not any(v.encode() in cached() for v in CONTACT)
    assert run_line(["render", "demo", "--repo", demo_repo, "--include-contacts"]).exit_code == 0
    assert listing.is_file() and not any(v.encode() in cached() for v in CONTACT)


def test_erase_signer_removes_the_signer_too(run_line, demo_repo: Path) -> None:
    result = _erase(run_line, demo_repo, "--signer")
    assert result.exit_code == 0, result.output
    after = safe_yaml.load(demo_repo / EXEMPEL)
    assert "signer" not in after and "contact" not in after
    assert "Anna Andersson" not in (demo_repo / EXEMPEL).read_text()


def test_erase_dry_run_and_no_commit(run_line, demo_repo: Path) -> None:
    before = snapshot_tree(demo_repo)
    dry = _erase(run_line, demo_repo, "--dry-run")
    assert dry.exit_code == 0 and "would erase the contact person" in dry.stdout
    assert snapshot_tree(demo_repo) == before
    assert not (demo_repo / ".git/overens-erase").exists()
    written = _erase(run_line, demo_repo, "--no-commit")
    assert written.exit_code == 0
    assert git(demo_repo, "status", "--porcelain") == f" M {EXEMPEL}\n"
    assert "contact" not in safe_yaml.load(demo_repo / EXEMPEL)


def test_erase_finds_every_value_the_history_holds_and_again_after_erasing(
    run_line, demo_repo: Path
) -> None:
    exempel = demo_repo / EXEMPEL
    exempel.write_text(
        exempel.read_text()
        .replace("Bertil Berg", "Cecilia Ceder")
        .replace("bertil@example.se", "cecilia@example.se")
    )
    commit_all(demo_repo, "new contact person")
    assert _erase(run_line, demo_repo).exit_code == 0
    again = _erase(run_line, demo_repo)
    assert again.exit_code == 0
    assert "holds no personal data to erase" in again.stdout
    assert "The git history still holds the erased data (2 committed versions" in again.stdout
    values = (demo_repo / ".git/overens-erase/demo-foreningen-exempel.txt").read_text()
    for v in (*CONTACT, "Cecilia Ceder", "cecilia@example.se"):
        assert f"literal:{v}==>" in values


def test_the_printed_purge_commands_remove_the_data_from_history(run_line, demo_repo: Path) -> None:
    bin_dir = str(Path(sys.executable).parent)
    _require(
        "git-filter-repo",
        shutil.which("git-filter-repo", path=bin_dir + os.pathsep + os.environ["PATH"]) is not None,
    )
    assert run_line(sign_args(demo_repo)).exit_code == 0  # its Signed-by trailer names Eva Ek
    erased = ("Kim Kontakt", "kim@example.se", "Eva Ek")
    history = git(demo_repo, "log", "--all", "--format=%H")
    result = run_line(
        ["erase", "demo", "hallands-bildningsforbund", "--signer", "--repo", demo_repo]
    )
    assert result.exit_code == 0, result.output
    commands = [
        ln[4:] for ln in result.stdout.splitlines() if ln.startswith(("    git ", "    cd "))
    ]
    assert [c.split()[0] for c in commands] == ["git", "cd", "git"]
    assert commands[0].startswith("git clone --no-local ") and commands[2].startswith(
        "git filter-repo "
    )
    assert "--replace-message" in commands[2]  # the signer's name is in a commit message
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    proc = subprocess.run(
        ["bash", "-ec", "\n".join(commands)],
        cwd=demo_repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    purged = Path(commands[1].split(" ", 1)[1])
    everything = git(purged, "log", "--all", "-p", "--format=%H%n%B")
    for value in erased:
        assert value not in everything, f"{value!r} is still in the purged history"
    for value in CONTACT:
        assert value in everything  # another organisation's data is not touched
    assert git(purged, "rev-list", "--count", "HEAD") == git(
        demo_repo, "rev-list", "--count", "HEAD"
    )
    path = f"{SIGNATORIES}/hallands-bildningsforbund.yaml"
    now = safe_yaml.parse(git(purged, "show", f"HEAD:{path}"), path)
    signed = safe_yaml.parse(git(purged, "show", f"HEAD~1:{path}"), path)
    assert now["name"] == signed["name"] == "Hallands bildningsförbund"
    assert now["org_number"] == "802477-1233" and now["memberships"] == signed["memberships"]
    assert signed["contact"]["email"] == "(raderad)"
    assert git(demo_repo, "log", "--all", "--format=%H").endswith(
        history
    )  # this checkout: untouched


PERSONAL_NUMBER_CASES = len(SIGN_PNR) + len(WITHDRAW_PNR) + 1 + len(IN_FILES)
"""How many places a personal identity number is offered and refused (stated in SECURITY.md)."""
