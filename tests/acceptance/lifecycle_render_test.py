"""Rendered documents of the lifecycle corpus show every new field, in Swedish and in English:
partial dates as written, decisions and their registry numbers, parties over time, succession,
versions whose text is not recorded, excerpts, who runs the agreement, offices and elections,
review cycles, joining criteria and channels, plans and events, counts without names, uncertain
signatories; and a plan renders as a document of its own (`render --plan`). The HTML passes the
Nu HTML Checker and prints to A4 in Chromium (slow tests, with the tools of .ci/install-tools)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, init_repo
from lifecycle_corpus import LIFECYCLE
from outside_tools import require_tool
from pdf_checks import assert_a4_with_titles, chromium_or_skip, chromium_print

VNU_JAR = PROJECT / "tests" / ".cache" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    repo = tmp_path / "lifecycle"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    return init_repo(repo)


def render(run_line, repo: Path, *args: str) -> str:
    result = run_line(["render", *args, "--repo", repo])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_partial_dates_and_decisions_print_as_given(run_line, corpus: Path) -> None:
    sv = render(run_line, corpus, "exempelland-2010", "--as-of", "2013-01-01")
    assert "Antagen av Regionfullmäktige i juni 2010 (dnr RS 2010/0412)." in sv
    assert "juni 2010" in sv and "2010-06-01" not in sv and "1 juni 2010" not in sv
    en = render(run_line, corpus, "exempelland-2010", "--as-of", "2013-01-01", "--lang", "en")
    assert "Adopted by Regionfullmäktige in June 2010 (ref. RS 2010/0412)." in en
    # The version known only by its decision, and the one held.
    assert (
        "Version 1 (juni 2010, materiell revidering): beslutad av Regionfullmäktige, dnr RS 2010/0412; texten finns inte återgiven."
        in sv
    )
    assert (
        "Version 1 (June 2010, material revision): decided by Regionfullmäktige, ref. RS 2010/0412; the text is not recorded."
        in en
    )
    # A signing known to the year, and a withdrawal known to the year, on a day inside it.
    inside = render(run_line, corpus, "exempelland-2010", "--as-of", "2013-06-01")
    assert "Trossamfundet Ljusgården: osäker (undertecknade 1 mars 2011) (utträde 2013)" in inside


def test_adoption_parties_and_their_decisions(run_line, corpus: Path) -> None:
    sv = render(run_line, corpus, "exempelland-2014", "--as-of", "2017-06-01")
    assert "Antagen av Regionfullmäktige den 25 november 2014 (dnr RS 2014/0831, § 212)." in sv
    assert (
        "**Beslut:** Regionfullmäktige, 25 november 2014 (dnr RS 2014/0831, § 212); "
        "Årsmötet för Idéburna Exempelland, 18 oktober 2014 (§ 14)" in sv
    )
    assert "Testköpings kommun (kommun), part sedan 20 mars 2017" in sv
    assert "Länsstyrelsen" not in sv.split("**Version:**")[0]  # joined in 2018: not yet a party
    en = render(run_line, corpus, "exempelland-2014", "--as-of", "2018-06-01", "--lang", "en")
    assert "Testköpings kommun (municipality), a party since March 20, 2017" in en
    assert (
        "Länsstyrelsen i Exempellands län (county administrative board), a party since 2018 "
        "(whether it was a party on this day cannot be told)" in en
    )


def test_succession_counts_and_uncertain_signatories(run_line, corpus: Path) -> None:
    day = render(run_line, corpus, "exempelland-2014", "--as-of", "2016-06-01")
    assert (
        "Ersätter Överenskommelse om samverkan mellan Region Exempelland och den idéburna sektorn i Exempelland från och med 5 december 2014."
        in day
    )
    assert (
        "Omkring 70 organisationer (idéburen sektor) undertecknade den 5 december 2014 (namnen finns inte återgivna)."
        in day
    )
    assert "- Provby Idrottsallians: osäker (undertecknade 2016)" in day
    assert "| Provby Idrottsallians |" not in day.split("## Undertecknare den")[1]
    # Without --as-of: the latest recorded event is the successor taking over.
    now = render(run_line, corpus, "exempelland-2014")
    assert (
        "**Ersatt av Överenskommelse om samverkan mellan Region Exempelland och den idéburna sektorn i Exempelland den 1 mars 2021."
        in now
    )
    assert (
        "Överenskommelsen gällde till och med 28 februari 2021; undertecknarna förtecknas som de var den dagen."
        in now
    )
    en = render(run_line, corpus, "exempelland-2014", "--lang", "en")
    assert (
        "About 70 organisations (idéburen sector) signed on December 5, 2014 (names not recorded)."
        in en
    )
    assert "Replaced by Överenskommelse om samverkan" in en and "on March 1, 2021." in en
    carried = render(run_line, corpus, "exempelland-2021", "--as-of", "2021-06-01")
    assert "Dess undertecknare kvarstår som undertecknare." in carried


def test_excerpts_and_a_text_not_recorded(run_line, corpus: Path) -> None:
    sv = render(run_line, corpus, "nationell-2008")
    assert (
        "De idéburna organisationernas självständighet och oberoende ska respekteras. *(utdrag)*"
        in sv
    )
    assert "### 3. Kvalitet\n\n*Principens lydelse finns inte återgiven.*" in sv
    assert sv.rstrip().endswith("Version 1 · versionens text finns inte återgiven")
    assert "textens SHA-256" not in sv
    assert "Nationella organet för dialog och samråd i Exempelriket tog över." in sv
    assert (
        "Omkring 100 organisationer (idéburen sektor) var undertecknare den 31 december 2009" in sv
    )
    en = render(run_line, corpus, "nationell-2008", "--lang", "en")
    assert "*(excerpt)*" in en and "*The wording of this principle is not recorded.*" in en
    assert en.rstrip().endswith("Version 1 · the text of this version is not recorded")


def test_who_runs_it_and_the_terms_of_its_life(run_line, corpus: Path) -> None:
    sv = render(run_line, corpus, "exempelland-2021", "--as-of", "2023-06-01")
    for expected in (
        "- Ägare: Regionala utvecklingsnämnden, sedan 2019 (Regionfullmäktige, november 2018, dnr RS 2018/1502).",
        "- Rapporterar till Regionstyrelsen → Regionfullmäktige.",
        "- Kansli: Kansliet för överenskommelsen, Region Exempelland (Processledare 1,0, Kommunikatör 0,5 tjänst).",
        "Rapporterar till Regionala utvecklingsnämnden.",
        "4 platser; väljs av Årsmötet för de undertecknande idéburna organisationerna för 2 år",
        "2 platser; utses av Regionstyrelsen",
        "- Ordförande: väljs bland Ledamöter för de idéburna organisationerna, valda vid årsmötet.",
        "- Principerna: ses över vart 5:e år.",
        "- Åtagandena: ses över vart 3:e år.",
        "- Anslutning via: Webbformuläret på överenskommelsens webbplats; Anslutningsblanketten på papper.",
        "Undantag: Lokala eller nationella organisationer kan i undantagsfall ansluta",
        "- En plan (verksamhetsplan) ska täcka varje år av överenskommelsen. Planerna antas av Partnerskapsrådet. Utfallet redovisas senast 31 mars året efter.",
        "- Årsmötet för de undertecknande idéburna organisationerna hålls varje år, senast 30 juni.",
        "- Verksamhetsplan 2022, 2022: antagen av Partnerskapsrådet, 14 december 2021, § 12.",
        "## Möten och evenemang 2023",
        "- Dialogforum 2023, 9 november 2023 – 10 november 2023, Provby",
        "beslutad av Partnerskapsrådet, dnr RS 2024/0233; översyn av åtagandena (gällande version).",
    ):
        assert expected in sv, expected
    # Plans adopted after the day are not listed yet.
    early = render(run_line, corpus, "exempelland-2021", "--as-of", "2021-06-01")
    assert "Verksamhetsplan 2021" in early and "Verksamhetsplan 2022" not in early
    en = render(run_line, corpus, "exempelland-2021", "--as-of", "2023-06-01", "--lang", "en")
    for expected in (
        "- Owner: Regionala utvecklingsnämnden, since 2019",
        "- Secretariat: Kansliet för överenskommelsen, Region Exempelland (Processledare 1.0, Kommunikatör 0.5 full-time equivalents).",
        "- Ordförande: held by a member from Ledamöter för de idéburna organisationerna, valda vid årsmötet.",
        "elected by Årsmötet för de undertecknande idéburna organisationerna for 2 years",
        "- The principles: reviewed every 5 years.",
        "- Joining through: Webbformuläret på överenskommelsens webbplats; Anslutningsblanketten på papper.",
        "- Dialogforum is held every year.",
        "## Meetings and events 2023",
    ):
        assert expected in en, expected


def test_a_plan_renders_as_a_document_of_its_own(run_line, corpus: Path, tmp_path: Path) -> None:
    sv = render(run_line, corpus, "exempelland-2021", "--plan", "2023-2024")
    assert sv.startswith("# Verksamhetsplan 2023–2024\n")
    assert "**Period:** 2023 – 2024" in sv and "**Antagen:** Partnerskapsrådet, januari 2023" in sv
    assert "| Aktivitet | 2023 | 2024 |" in sv
    assert "| Forskningscirkel om idéburen välfärd | – | 90\u00a0000 |" in sv
    assert "| **Totalt** | **320\u00a0000** | **330\u00a0000** |" in sv
    assert "- Ansvariga: Exempellands högskola (huvudansvarig); Studieförbundet Kunskapsvägen" in sv
    assert "- När: september 2023 – juni 2024" in sv
    assert "| juni 2024 | pågår | – |" in sv
    en = render(run_line, corpus, "exempelland-2021", "--plan", "2021", "--lang", "en")
    assert "- Responsible: Partnerskapsrådet (lead); Kansliet för överenskommelsen" in en
    assert "- Event: Dialogforum 2021, November 10, 2021, Testköping" in en
    assert "| February 15, 2022 | done | Webbplatsen lanserades i oktober 2021;" in en
    out = tmp_path / "out"
    out.mkdir()
    result = run_line(
        ["render", "exempelland-2021", "--plan", "2022", "-f", "md", "-f", "html", "-o", out]
        + ["--repo", corpus]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "exempelland-2021-plan-2022.html",
        "exempelland-2021-plan-2022.md",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["exempelland-2021", "--plan", "2025"], "exempelland-2021 has no plan '2025'"),
        (["--all", "--plan", "2022", "-o", "out"], "--plan renders one plan of one agreement"),
        (["exempelland-2021", "--plan", "2022", "--signing-sheet"], "--plan renders one plan"),
    ],
)
def test_a_plan_that_cannot_be_rendered_is_a_usage_error(
    run_line, corpus: Path, args: list[str], message: str
) -> None:
    result = run_line(["render", *args, "--repo", corpus])
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.slow
def test_the_lifecycle_html_passes_the_nu_html_checker(
    run_line, corpus: Path, tmp_path: Path
) -> None:
    require_tool(shutil.which("java"), "Java")
    require_tool(VNU_JAR.is_file(), "the Nu HTML Checker")
    out = tmp_path / "out"
    out.mkdir()
    files = []
    for agreement in sorted(p.name for p in (corpus / "agreements").iterdir()):
        for lang in ("sv", "en"):
            path = out / f"{agreement}-{lang}.html"
            render(run_line, corpus, agreement, "--lang", lang, "-f", "html", "-o", str(path))
            files.append(path)
    for plan in ("2021", "2022", "2023-2024"):
        path = out / f"plan-{plan}.html"
        render(run_line, corpus, "exempelland-2021", "--plan", plan, "-f", "html", "-o", str(path))
        files.append(path)
    home = tmp_path / "tool-home"
    home.mkdir()
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"vnu reported errors:\n{proc.stderr}{proc.stdout}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, title",
    [
        (["exempelland-2021"], "Överenskommelse om samverkan mellan Region Exempelland"),
        (["exempelland-2021", "--plan", "2023-2024"], "Verksamhetsplan 2023–2024"),
    ],
)
def test_chromium_prints_a_lifecycle_document_to_a4(
    run_line, corpus: Path, tmp_path: Path, args: list[str], title: str
) -> None:
    chromium = chromium_or_skip()
    html, pdf = tmp_path / "doc.html", tmp_path / "doc.pdf"
    render(run_line, corpus, *args, "-f", "html", "-o", str(html))
    chromium_print(chromium, html, pdf, tmp_path)
    assert_a4_with_titles(pdf, title, [])


def test_the_count_line_names_every_status_listed(run_line, corpus: Path) -> None:
    """The line under `list` counts the active signatories and names the others it listed: an
    organisation whose status cannot be told, and those of an agreement no longer in force."""
    args = ["list", "exempelland-2014", "--repo", str(corpus)]
    vague = run_line([*args, "--as-of", "2016-06-01"])
    assert vague.exit_code == 0, vague.output
    assert vague.stderr.strip().splitlines()[-1] == "4 active signatories (1 uncertain listed too)"
    ended = run_line([*args, "--as-of", "2022-06-01"])
    assert ended.stderr.strip().splitlines()[-1] == "0 active signatories (7 ended listed too)"
