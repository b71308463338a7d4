"""`overens diff` in a real repository with several commits, checked by snapshot.

The revision under review adds, removes, renumbers and rewords principles, and changes a section,
a term and an action. Commits have fixed authors and dates, so their ids in the headings are
stable.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from inline_snapshot import snapshot

from conftest import FIXTURES, git
from revision_steps import (
    DEMO,
    commit,
    declare,
    edit,
    principle,
    rehash_version_1,
    renumber,
    signatory,
)


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """main: the agreement (four principles) and a second signatory; branch revision-2: a material
    revision, committed."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", repo)
    principle(repo, 3, "samverkan", "Samverkan", "Parterna samverkar där det gagnar medborgarna.")
    principle(
        repo,
        4,
        "oppenhet",
        "Öppenhet och insyn",
        "Parterna är öppna med information om sitt arbete.",
    )
    rehash_version_1(repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Agreement as adopted", date="2024-01-10")
    signatory(repo, "andra-foreningen", "Andra föreningen", "1", "2024-02-01")
    commit(
        repo, "Andra föreningen signs", date="2024-02-01", author="Eva Ek", email="eva@example.se"
    )

    git(repo, "checkout", "-q", "-b", "revision-2")
    folder = repo / DEMO / "principles"
    edit(
        folder / "01-dialog.yaml",
        "Genom dialog hittar vi områden där vi kan stärka varandra.",
        "Genom en öppen dialog hittar vi områden där vi stärker varandra.",
    )
    edit(
        folder / "01-dialog.yaml",
        "- text: Mötas regelbundet.",
        "- text: Mötas minst fyra gånger om året.",
    )
    (folder / "02-kvalitet.yaml").unlink()
    renumber(repo, "03-samverkan", 2)
    renumber(repo, "04-oppenhet", 3)
    principle(repo, 4, "mangfald", "Mångfald", "Parterna värnar mångfalden i sektorn.")
    agreement = repo / DEMO / "agreement.yaml"
    edit(agreement, "notice_period_days: 30", "notice_period_days: 60")
    edit(
        agreement,
        "      - Fler samarbeten.\n",
        "      - Fler samarbeten.\n      - Bättre uppföljning.\n",
    )
    declare(repo, "2", "material", "Nya principer om mångfald; kvalitet utgår.", "2024-05-20")
    commit(repo, "Revision 2: mångfald in, kvalitet out", date="2024-05-20")
    return repo


def test_diff_text(run_line, reviewed: Path) -> None:
    result = run_line(["diff", "demo", "--repo", reviewed])
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot("""\
demo: Överenskommelse mellan idéburen sektor och Region Exempel
base: 16934e5 (the merge base with main)
head: working tree
version 1 → 2
new revision 2 (material, 2024-05-20): Nya principer om mångfald; kvalitet utgår.

Principles:
  reworded    1. Dialog
      text: Genom {+en öppen+} dialog hittar vi områden där vi [-kan stärka-]{+stärker+} varandra.
      actions[1].text: Mötas [-regelbundet-]{+minst fyra gånger om året+}.
  removed     2. Kvalitet
      title: [-Kvalitet-]
      text: [-Parterna enas om vilka kvalitetskrav som gäller.-]
      commitments[1].by: [-organisations-]
      commitments[1].text: [-De idéburna organisationerna följer sina stadgar.-]
      commitments[2].by: [-public_party-]
      commitments[2].text: [-Regionen arbetar långsiktigt.-]
  renumbered  3. Samverkan → 2. Samverkan
  renumbered  4. Öppenhet och insyn → 3. Öppenhet och insyn
  added       4. Mångfald
      title: {+Mångfald+}
      text: {+Parterna värnar mångfalden i sektorn.+}

Sections:
  malbild.items[2]: {+Bättre uppföljning.+}

Terms:
  withdrawal.notice_period_days: [-30-]{+60+}
""")


def test_diff_markdown(run_line, reviewed: Path) -> None:
    result = run_line(["diff", "demo", "--repo", reviewed, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == snapshot("""\
### Överenskommelse mellan idéburen sektor och Region Exempel (`demo`)

Base: 16934e5 (the merge base with main). Head: working tree.

**version 1 → 2**

New revision 2 (material, 2024-05-20): Nya principer om mångfald; kvalitet utgår.

#### Principles

- **Reworded:** 1. Dialog
  - `text`: Genom **en öppen** dialog hittar vi områden där vi ~~kan stärka~~ **stärker** varandra.
  - `actions[1].text`: Mötas ~~regelbundet~~ **minst fyra gånger om året**.
- **Removed:** 2. Kvalitet
  - `title`: ~~Kvalitet~~
  - `text`: ~~Parterna enas om vilka kvalitetskrav som gäller.~~
  - `commitments[1].by`: ~~organisations~~
  - `commitments[1].text`: ~~De idéburna organisationerna följer sina stadgar.~~
  - `commitments[2].by`: ~~public\\_party~~
  - `commitments[2].text`: ~~Regionen arbetar långsiktigt.~~
- **Renumbered:** 3. Samverkan → 2. Samverkan
- **Renumbered:** 4. Öppenhet och insyn → 3. Öppenhet och insyn
- **Added:** 4. Mångfald
  - `title`: **Mångfald**
  - `text`: **Parterna värnar mångfalden i sektorn.**

#### Sections

- `malbild.items[2]`: **Bättre uppföljning.**

#### Terms

- `withdrawal.notice_period_days`: ~~30~~ **60**
""")


def test_explicit_revisions_and_every_agreement(run_line, reviewed: Path) -> None:
    default = run_line(["diff", "demo", "--repo", reviewed]).stdout
    explicit = run_line(
        ["diff", "demo", "--repo", reviewed, "--base", "main", "--head", "HEAD"]
    ).stdout
    assert explicit.splitlines()[3:] == default.splitlines()[3:]
    assert (
        explicit.splitlines()[2].startswith("head: ") and "revision-2" in explicit.splitlines()[2]
    )
    assert (
        run_line(["diff", "--repo", reviewed]).stdout == default
    )  # the only agreement that changed
    same = run_line(["diff", "--repo", reviewed, "--base", "HEAD"])
    assert same.exit_code == 0 and same.stdout.startswith("No agreement's text changed between ")
    assert same.stdout.endswith(" and the working tree.\n")
    backwards = run_line(
        ["diff", "demo", "--repo", reviewed, "--base", "HEAD", "--head", "main"]
    ).stdout
    assert "version 2 → 1" in backwards and "added       2. Kvalitet" in backwards


def test_color(run_line, reviewed: Path) -> None:
    colored = run_line(["diff", "demo", "--repo", reviewed, "--color", "always"]).stdout
    assert "\x1b[31m[-dialog-]\x1b[0m" not in colored  # "dialog" stays; "en öppen" is added
    assert "\x1b[32m{+en öppen+}\x1b[0m" in colored
    assert "\x1b[" not in run_line(["diff", "demo", "--repo", reviewed]).stdout


def test_since_signed(run_line, reviewed: Path) -> None:
    since = run_line(["diff", "demo", "--repo", reviewed, "--since-signed", "andra-foreningen"])
    assert since.exit_code == 0, since.output
    first = git(reviewed, "rev-list", "--max-parents=0", "HEAD").strip()
    assert (
        since.stdout.splitlines()[1]
        == f"base: {first[:7]}, version 1 as andra-foreningen last signed it"
    )
    assert "version 1 → 2" in since.stdout and "removed" in since.stdout

    assert (
        run_line(
            ["confirm", "demo", "andra-foreningen", "--date", "2024-06-01", "--repo", reviewed]
        ).exit_code
        == 0
    )
    confirmed = run_line(["diff", "demo", "--repo", reviewed, "--since-signed", "andra-foreningen"])
    assert "version 2 as andra-foreningen last signed it" in confirmed.stdout
    assert "no changes to the text" in confirmed.stdout


def test_usage_errors(run_line, reviewed: Path, tmp_path: Path) -> None:
    cases = {
        ("--base", "nosuchbranch"): "unknown revision 'nosuchbranch'",
        ("--since-signed", "okand"): "'okand' is not a signatory of demo",
        ("--since-signed", "andra-foreningen", "--base", "main"): "give one of them",
    }
    for args, message in cases.items():
        result = run_line(["diff", "demo", "--repo", reviewed, *args])
        assert result.exit_code in (1, 2), result.output
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.output
    unknown = run_line(["diff", "nope", "--repo", reviewed])
    assert unknown.exit_code == 2 and "unknown agreement 'nope'" in unknown.stderr

    plain = tmp_path / "plain"
    shutil.copytree(reviewed / "agreements", plain / "agreements")
    outside = run_line(["diff", "demo", "--repo", plain])
    assert outside.exit_code == 1 and "not inside a git repository" in outside.stderr


def test_new_agreement_lists_its_principles_only(run_line, reviewed: Path) -> None:
    shutil.copytree(reviewed / DEMO, reviewed / "agreements/demo2")
    edit(reviewed / "agreements/demo2/agreement.yaml", "id: demo\n", "id: demo2\n")
    result = run_line(["diff", "--repo", reviewed, "--base", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3:] == [
        "new agreement, version 2: all of its text is new",
        "",
        "Principles:",
        "  added  1. Dialog",
        "  added  2. Samverkan",
        "  added  3. Öppenhet och insyn",
        "  added  4. Mångfald",
    ]


def test_broken_files_are_named_not_crashed_on(run_line, reviewed: Path) -> None:
    principle_file = reviewed / DEMO / "principles/01-dialog.yaml"
    edit(principle_file, "number: 1\n", "number: one\n")
    result = run_line(["diff", "demo", "--repo", reviewed])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {DEMO}/principles/01-dialog.yaml: the principle's number is 'one'"
    )
    principle_file.write_text("id: 01-dialog\n- not a mapping\n", encoding="utf-8")
    result = run_line(["diff", "demo", "--repo", reviewed])
    assert result.exit_code == 1 and f"{DEMO}/principles/01-dialog.yaml:2:1:" in result.stderr
    assert "Traceback" not in result.output and "bug" not in result.output
    history = run_line(["history", "demo", "--repo", reviewed])  # history does not read principles
    assert history.exit_code == 0, history.output
