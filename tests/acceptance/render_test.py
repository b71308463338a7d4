"""`overens render` through the real CLI on real temporary git repositories."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import build_file_tree, git, run_cli

AS_OF = "2024-06-30"
SIGNED = "2be7062e390286286ecd107eaa887c1d666d1e328ed9e836244295d413000f07"


def add_signatory(
    repo: Path,
    slug: str,
    name: str,
    *,
    signed: str = "2021-03-01",
    municipality: str | None = None,
    withdrawn: str | None = None,
    contact: bool = False,
    signer: str | None = None,
) -> None:
    """Write a signatory file (strings as JSON, which is valid YAML, so any name survives quoting)."""
    lines = [f"id: {slug}", f"name: {json.dumps(name)}", "sector: ideburen"]
    if municipality:
        lines.append(f"municipality: {json.dumps(municipality)}")
    if signer:
        lines += ["signer:", f"  name: {json.dumps(signer)}", "  title: Ordförande"]
    if contact:
        lines += [
            "contact:",
            "  name: Kim Kontakt",
            "  email: kim@example.se",
            "  phone: 035-99 88 77",
        ]
    lines += [
        "memberships:",
        "  - signed:",
        f'      date: "{signed}"',
        '      version: "1"',
        f"      text_sha256: {SIGNED}",
    ]
    if withdrawn:
        lines += [
            "    withdrawal:",
            f'      notice_date: "{withdrawn}"',
            f'      effective: "{withdrawn}"',
            "      evidence:",
            "        reference: DNR 1",
        ]
    build_file_tree(repo, {f"agreements/demo/signatories/{slug}.yaml": "\n".join(lines) + "\n"})


def edit_text(repo: Path, agreement: str, old: str, new: str) -> None:
    """Change the agreement's text and declare the new text's hash, as a revision would."""
    from overens.store.loader import load

    path = repo / "agreements" / agreement / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    new_hash = load(repo).repository.agreement(agreement).text_sha256
    for file in (repo / "agreements" / agreement).rglob("*.yaml"):
        file.write_text(
            file.read_text(encoding="utf-8").replace(SIGNED, new_hash), encoding="utf-8"
        )


def render(run_line, repo: Path, *args: str):
    return run_line(["render", "demo", "--repo", repo, *args])


def md_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, split on unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


# ----------------------------------------------------------------------------- content


def test_markdown_holds_the_agreement_in_its_language(run_line, demo_repo: Path) -> None:
    result = render(run_line, demo_repo, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Överenskommelse mellan idéburen sektor och Region Exempel\n")
    for expected in [
        "**Parter:** Region Exempel; Idéburna organisationer i Exempel län",
        "Antagen av Regionfullmäktige den 1 mars 2020.",
        "## Bakgrund",
        "## Principer",
        "### 1. Dialog",
        "#### Åtgärder",
        "#### Ansvar",
        "**Alla undertecknare**",
        "**Arbetsgruppen**",
        "#### Åtaganden",
        "**Region Exempel**",
        "Tjänstepersoner från Region Exempel: 1 plats, med en personlig ersättare",
        "Adjungerad från Länsstyrelsen: 1 plats",
        "Ordinarie platser totalt: 3.",
        "> Anslutning godkänns av styrgruppen.",  # the wording, without its paraphrase
        "Utträdet gäller tidigast 30 dagar efter meddelandet.",
        "Överenskommelsen gäller från och med 1 mars 2020 till och med 31 december 2030.",
        "## Signering",
        "## Undertecknare den 30 juni 2024",
        "| Föreningen Exempel | Halmstad | 2021-02-15 | 1 |",
        f"Version 1 · textens SHA-256: {SIGNED}",
    ]:
        assert expected in out, expected
    # Sections placed after the principles come after them.
    assert out.index("## Principer") < out.index("## Målbild") < out.index("## Villkor")


def test_lang_en_translates_labels_not_the_agreement(run_line, demo_repo: Path) -> None:
    md = render(run_line, demo_repo, "--as-of", AS_OF, "--lang", "en").stdout
    assert "## Principles" in md and "#### Actions" in md and "**All signatories**" in md
    assert "## Signatories on June 30, 2024" in md
    assert "- Mötas regelbundet." in md  # the agreement's own text stays Swedish
    assert "Principer" not in md
    html = render(run_line, demo_repo, "--as-of", AS_OF, "--lang", "en", "--format", "html").stdout
    assert '<html lang="sv">' in html  # the document's language is the agreement's ...
    assert '<h2 lang="en">Principles</h2>' in html  # ... and the English labels say so
    sv_html = render(run_line, demo_repo, "--as-of", AS_OF, "--format", "html").stdout
    assert "<h2>Principer</h2>" in sv_html and 'lang="en"' not in sv_html


def test_hostile_names_render_escaped(run_line, demo_repo: Path) -> None:
    add_signatory(demo_repo, "skript", "<script>alert(1)</script> Förening", municipality="A | B")
    add_signatory(
        demo_repo, "pipe", "A | B *ideell* [länk](x) # förening", municipality="Kungsbacka"
    )
    git(demo_repo, "add", "-A")
    html = render(run_line, demo_repo, "--as-of", AS_OF, "--format", "html")
    assert html.exit_code == 0, html.output
    assert "<script>" not in html.stdout
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; Förening</td><td>A | B</td>" in html.stdout
    md = render(run_line, demo_repo, "--as-of", AS_OF).stdout
    assert "<script>" not in md
    rows = [line for line in md.splitlines() if "2021-03-01" in line]
    assert len(rows) == 2
    for row in rows:
        assert len(md_cells(row)) == 4, row  # the pipes inside names did not add columns
    assert md_cells(rows[0])[:2] == [r"\<script\>alert(1)\</script\> Förening", r"A \| B"]
    assert md_cells(rows[1])[0] == r"A \| B \*ideell\* \[länk\](x) \# förening"


def test_contact_details_only_on_request(run_line, demo_repo: Path) -> None:
    for fmt in ("md", "html"):
        out = render(run_line, demo_repo, "--as-of", AS_OF, "--format", fmt).stdout
        assert (
            "bertil@example.se" not in out
            and "035-12 34 56" not in out
            and "Bertil Berg" not in out
        )
        shown = render(
            run_line, demo_repo, "--as-of", AS_OF, "--format", fmt, "--include-contacts"
        ).stdout
        assert (
            "bertil@example.se" in shown and "035-12 34 56" in shown and "Kontaktpersoner" in shown
        )


def test_signatories_in_force_and_withdrawn_follow_as_of(run_line, demo_repo: Path) -> None:
    add_signatory(
        demo_repo,
        "lamnat",
        "Lämnade föreningen",
        signed="2021-05-01",
        withdrawn="2023-01-31",
        municipality="Laholm",
    )
    before = render(run_line, demo_repo, "--as-of", "2022-12-31").stdout
    assert "| Lämnade föreningen | Laholm | 2021-05-01 | 1 |" in before
    assert "Bilaga" not in before
    after = render(run_line, demo_repo, "--as-of", "2023-01-31").stdout
    in_force = after[after.index("## Undertecknare") : after.index("## Bilaga")]
    assert "Lämnade föreningen" not in in_force
    assert "## Bilaga: organisationer som har lämnat överenskommelsen" in after
    assert "| Lämnade föreningen | Laholm | 2021-05-01 | 1 | 2023-01-31 |" in after
    early = render(run_line, demo_repo, "--as-of", "2020-06-01").stdout
    assert "Ingen organisation hade undertecknat överenskommelsen den 1 juni 2020." in early


def test_default_as_of_is_the_latest_recorded_event(run_line, demo_repo: Path) -> None:
    add_signatory(
        demo_repo, "lamnat", "Lämnade föreningen", signed="2021-05-01", withdrawn="2023-01-31"
    )
    out = render(run_line, demo_repo).stdout
    # Not today's date: the document changes only when the record does.
    assert "## Undertecknare den 31 januari 2023" in out
    assert out == render(run_line, demo_repo, "--as-of", "2023-01-31").stdout


def test_signatories_sorted_as_swedish_readers_expect(run_line, demo_repo: Path) -> None:
    for slug, name in [
        ("o", "Östra föreningen"),
        ("aa", "Ålands vänner"),
        ("ae", "Ängens förening"),
        ("z", "Zeta förening"),
        ("e", "Ébo förening"),
    ]:
        add_signatory(demo_repo, slug, name)
    out = render(run_line, demo_repo, "--as-of", AS_OF).stdout
    names = [
        md_cells(line)[0] for line in out.splitlines() if line.endswith("| 1 |") and "2021" in line
    ]
    assert names == [
        "Ébo förening",
        "Föreningen Exempel",
        "Zeta förening",
        "Ålands vänner",
        "Ängens förening",
        "Östra föreningen",
    ]


def test_rows_layout_names_the_signer_and_parties_layout_blocks(run_line, demo_repo: Path) -> None:
    out = render(run_line, demo_repo, "--as-of", AS_OF).stdout
    assert "| Föreningen Exempel |  | Anna Andersson, Ordförande |" in out
    edit_text(
        demo_repo,
        "demo",
        "signature_block:\n  layout: rows\n  heading: Signering\n  columns: [Organisation, Signatur, Namnförtydligande]\n",
        "signature_block:\n  layout: parties\n  date_per_party: true\n  copies: 2\n",
    )
    html = render(run_line, demo_repo, "--as-of", AS_OF, "--format", "html")
    assert html.exit_code == 0, html.output
    assert "<h2>För parterna</h2>" in html.stdout
    assert html.stdout.count('<div class="party">') == 2
    assert html.stdout.count("<span>Datum</span>") == 2
    assert (
        "Överenskommelsen undertecknas i 2 likalydande exemplar, ett för varje part." in html.stdout
    )


def test_signing_sheet_has_the_rows_asked_for(run_line, demo_repo: Path) -> None:
    md = render(run_line, demo_repo, "--signing-sheet", "--rows", "30").stdout
    assert "| Organisation | Signatur | Namnförtydligande | Datum |" in md
    assert md.count("\n|   |   |   |   |") == 30
    html = render(run_line, demo_repo, "--signing-sheet", "--rows", "30", "--format", "html").stdout
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr><td></td><td></td><td></td><td></td></tr>") == 30
    assert '<th scope="col">Namnförtydligande</th>' in html
    bad = render(run_line, demo_repo, "--signing-sheet", "--rows", "0")
    assert bad.exit_code == 2


# ----------------------------------------------------------------------------- files, --all, --check


def test_output_is_byte_identical_for_the_same_state(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    first = run_cli(["render", "demo", "--format", "html", "--as-of", AS_OF], cwd=demo_repo)
    second = run_cli(
        ["render", "demo", "--format", "html", "--as-of", AS_OF],
        cwd=demo_repo,
        env={"TZ": "Pacific/Kiritimati", "LC_ALL": "C"},
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout


def test_all_writes_one_file_per_agreement_and_format(
    run_line, demo_repo: Path, tmp_path: Path
) -> None:
    shutil.copytree(demo_repo / "agreements/demo", demo_repo / "agreements/demo2")
    edit_text(demo_repo, "demo2", "id: demo\n", "id: demo2\n")
    out = tmp_path / "out"
    args = [
        "render",
        "--all",
        "--format",
        "md",
        "--format",
        "html",
        "--output",
        out,
        "--as-of",
        AS_OF,
        "--repo",
        demo_repo,
    ]
    result = run_line(args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "demo.html",
        "demo.md",
        "demo2.html",
        "demo2.md",
    ]
    assert result.stderr.count("wrote ") == 4
    again = run_line(args)
    assert again.stderr.count("is up to date") == 4
    single = run_line(["render", "demo", "--as-of", AS_OF, "--repo", demo_repo]).stdout
    assert (out / "demo.md").read_text(encoding="utf-8") == single


def test_check_reports_a_stale_copy_and_the_command_that_updates_it(
    run_line, demo_repo: Path
) -> None:
    target = demo_repo / "out" / "demo.md"
    args = ["render", "demo", "--output", target, "--as-of", AS_OF, "--repo", demo_repo]
    missing = run_line([*args, "--check"])
    assert missing.exit_code == 1
    assert f"{target} is missing" in missing.stderr
    assert not target.exists()
    assert run_line(args).exit_code == 0
    fresh = run_line([*args, "--check"])
    assert fresh.exit_code == 0, fresh.output
    assert f"{target} is up to date" in fresh.stderr
    target.write_text(
        target.read_text(encoding="utf-8").replace("Dialog", "Monolog"), encoding="utf-8"
    )
    stale = run_line([*args, "--check"])
    assert stale.exit_code == 1
    assert f"{target} differs from what `overens render` produces now" in stale.stderr
    assert (
        f"update with:\n  overens render demo --format md --output {target} --as-of {AS_OF} "
        f"--repo {demo_repo}"
    ) in stale.stderr
    assert "Monolog" in target.read_text(encoding="utf-8")  # --check wrote nothing


def test_check_without_output_is_a_usage_error(run_line, demo_repo: Path) -> None:
    result = render(run_line, demo_repo, "--check")
    assert result.exit_code == 2
    assert "--check compares" in result.stderr


def test_invalid_agreement_is_not_rendered(run_line, demo_repo: Path) -> None:
    path = demo_repo / "agreements/demo/signatories/foreningen-exempel.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("sector: ideburen", "sector: privat"),
        encoding="utf-8",
    )
    result = render(run_line, demo_repo)
    assert result.exit_code == 1
    assert "overens renders only valid agreements" in result.stderr
    assert "agreements/demo/signatories/foreningen-exempel.yaml:5" in result.stderr
    assert result.stdout == ""


def test_unknown_agreement(run_line, demo_repo: Path) -> None:
    result = run_line(["render", "nope", "--repo", demo_repo])
    assert result.exit_code == 2
    assert "unknown agreement 'nope'" in result.stderr and "demo" in result.stderr


# ----------------------------------------------------------------------------- templates from the repository


def test_repository_template_overrides_file_by_file(run_line, demo_repo: Path) -> None:
    build_file_tree(
        demo_repo,
        {"templates/_agreement.css": "/* Region Exempel theme */\nbody { color: #123; }\n"},
    )
    html = render(run_line, demo_repo, "--as-of", AS_OF, "--format", "html")
    assert html.exit_code == 0, html.output
    assert "/* Region Exempel theme */" in html.stdout  # the repository's stylesheet ...
    assert "--accent" not in html.stdout  # ... replaced the shipped one,
    assert "<h2>Principer</h2>" in html.stdout  # the shipped page around it stays
    build_file_tree(
        demo_repo,
        {
            "templates/agreement.md.jinja": "{{ doc.agreement.title|text }} v{{ doc.agreement.version }}\n"
        },
    )
    md = render(run_line, demo_repo, "--as-of", AS_OF)
    assert md.stdout == "Överenskommelse mellan idéburen sektor och Region Exempel v1\n"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ doc.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_repository_templates_run_in_the_sandbox(run_line, demo_repo: Path, payload: str) -> None:
    build_file_tree(demo_repo, {"templates/agreement.md.jinja": f"# title\n{payload}\n"})
    result = render(run_line, demo_repo)
    assert result.exit_code == 1, result.output
    assert (
        "templates/agreement.md.jinja (from the repository), line 2: refused by the sandbox"
        in result.stderr
    )
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_repository_template_errors_name_file_and_line(run_line, demo_repo: Path) -> None:
    build_file_tree(demo_repo, {"templates/agreement.md.jinja": "# ok\n\n{% if %}\n"})
    syntax = render(run_line, demo_repo)
    assert syntax.exit_code == 1
    assert (
        "templates/agreement.md.jinja (from the repository), line 3: template syntax error"
        in syntax.stderr
    )
    build_file_tree(
        demo_repo, {"templates/agreement.md.jinja": "# ok\n{{ doc.agreement.titel }}\n"}
    )
    undefined = render(run_line, demo_repo)
    assert undefined.exit_code == 1
    assert "templates/agreement.md.jinja (from the repository), line 2:" in undefined.stderr
    assert "has no attribute 'titel'" in undefined.stderr


def test_repository_template_may_not_be_a_link(run_line, demo_repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish\n")
    (demo_repo / "templates").mkdir()
    (demo_repo / "templates" / "agreement.md.jinja").symlink_to(secret)
    result = render(run_line, demo_repo)
    assert result.exit_code == 1
    assert "templates/agreement.md.jinja is a symbolic link" in result.stderr
    assert "do not publish" not in result.output


# ----------------------------------------------------------------------------- PDF


def test_pdf_without_weasyprint_says_how_to_install_it(demo_repo: Path, tmp_path: Path) -> None:
    # A package named weasyprint that fails to import, first on the path: the extra is "not installed".
    blocker = tmp_path / "blocker"
    build_file_tree(
        blocker,
        {"weasyprint/__init__.py": "raise ModuleNotFoundError(\"No module named 'weasyprint'\")\n"},
    )
    result = run_cli(
        ["render", "demo", "--format", "pdf", "--output", tmp_path / "demo.pdf"],
        cwd=demo_repo,
        env={"PYTHONPATH": str(blocker)},
    )
    assert result.returncode == 1, result.stderr
    assert "--format pdf needs WeasyPrint, which is not installed" in result.stderr
    assert "pip install 'overens[pdf]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "demo.pdf").exists()


def test_pdf_needs_an_output_file(run_line, demo_repo: Path) -> None:
    result = render(run_line, demo_repo, "--format", "pdf")
    assert result.exit_code == 2
    assert "--output FILE.pdf" in result.stderr
