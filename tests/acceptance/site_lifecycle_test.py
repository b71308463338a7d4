"""`overens site` and `overens followup` on the lifecycle corpus (tests/corpus/lifecycle/:
Exempelland 2010 → 2014 → 2021, with plans, events, dates known only to the year or month, and
succession), through the real CLI on a real git repository: what the pages, the register, the
feeds and the report show of plans, events, succession and partial dates.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import uuid
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import init_repo
from lifecycle_corpus import LIFECYCLE

ATOM = "{http://www.w3.org/2005/Atom}"


class _Page(HTMLParser):
    """The rows of every table (cell texts) and the text of every list item, by section id."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[list[str]]] = {}
        self.items: dict[str, list[str]] = {}
        self._section: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self._section.append(dict(attrs).get("id") or (self._section or [""])[-1])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "li":
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        where = self._section[-1] if self._section else ""
        if tag == "section" and self._section:
            self._section.pop()
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(where, []).append(self._row)
            self._row = None
        elif tag == "li" and self._item is not None:
            self.items.setdefault(where, []).append(" ".join("".join(self._item).split()))
            self._item = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._item):
            if part is not None:
                part.append(data)


def _page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _run(args: list[object]) -> str:
    from typer.testing import CliRunner

    from overens.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("lifecycle-site") / "repo"
    shutil.copytree(LIFECYCLE / "agreements", repo / "agreements")
    return init_repo(repo)


@pytest.fixture(scope="module")
def site(corpus: Path) -> Path:
    out = corpus.parent / "site-2024"
    _run(["site", "--output", out, "--as-of", "2024-12-31", "--repo", corpus])
    return out


@pytest.fixture(scope="module")
def site_2016(corpus: Path) -> Path:
    out = corpus.parent / "site-2016"
    _run(["site", "--output", out, "--as-of", "2016-06-01", "--repo", corpus])
    return out


def test_plans_and_their_activities_with_the_outcome_by_the_site_s_day(site: Path) -> None:
    page = _page(site / "exempelland-2021" / "index.html")
    plans = page.items["plans"]
    assert (
        "Verksamhetsplan 2023–2024, 2023 – 2024: antagen av Partnerskapsrådet, januari 2023."
        in plans
    )
    rows = {r[0]: r[1:] for r in page.rows["plans"][1:]}
    assert rows["Genomföra Dialogforum 2022"] == [
        "Verksamhetsplan 2022",
        "Partnerskapsrådet (huvudansvarig)",
        "Flyttad (20 februari 2023): Dialogforum kunde inte genomföras 2022 och flyttades till "
        "verksamhetsplanen 2023–2024.",
    ]
    assert rows["Genomföra Dialogforum 2023 och 2024"][1:] == [
        "Partnerskapsrådet (huvudansvarig), Kansliet för överenskommelsen",
        "Pågår (15 februari 2024): Dialogforum 2023 hölls den 9–10 november med 110 deltagare.",
    ]
    # A follow-up known to the month, as precise as it is; one recorded after the site's day is
    # not shown (the map's outcome is dated 2025-02-20).
    assert rows["Forskningscirkel om idéburen välfärd"][1:] == [
        "Exempellands högskola (huvudansvarig), Studieförbundet Kunskapsvägen",
        "Pågår (juni 2024)",
    ]
    assert rows["Utveckla webbplatsen med en karta över anslutna organisationer"][-1] == (
        "Ingen uppföljning registrerad"
    )
    assert len(rows) == 8  # every activity of the three plans


def test_the_events_recorded_up_to_the_day_newest_first(site: Path, site_2016: Path) -> None:
    events = _page(site / "exempelland-2021" / "index.html").items["events"]
    assert events[:2] == [
        "Dialogforum 2024, 7 november 2024 (inställt: Inställt på grund av för få anmälda.)",
        "Årsmötet 2024, maj 2024",
    ]
    assert events[-1] == "Årsmötet 2021, 17 april 2021, Testköping"
    assert len(events) == 7
    # On 2016-06-01 the conference of November 2016 had not been held yet.
    early = _page(site_2016 / "exempelland-2014" / "index.html").items["events"]
    assert early == [
        "Samverkanskonferensen 2015, 15 november 2015, Testköping",
        "Undertecknande av den reviderade överenskommelsen, 5 december 2014, Testköping",
    ]


def test_succession_links_to_the_other_agreements_pages(site: Path) -> None:
    newest = site / "exempelland-2021" / "index.html"
    html = newest.read_text(encoding="utf-8")
    assert (
        'Ersätter <a href="../exempelland-2014/index.html">Reviderad överenskommelse om samverkan '
        "mellan Region Exempelland och den idéburna sektorn i Exempelland</a> från och med "
        "1 mars 2021. Dess undertecknare kvarstår som undertecknare." in html
    )
    middle = site / "exempelland-2014" / "index.html"
    links = _page(middle).items["succession"]
    assert links[0].startswith("Ersätter Överenskommelse om samverkan") and links[0].endswith(
        "från och med 5 december 2014."
    )
    assert links[1].endswith("den 1 mars 2021.") and links[1].startswith("Ersatt av ")
    text = middle.read_text(encoding="utf-8")
    for target in ("exempelland-2010", "exempelland-2021"):
        assert f'href="../{target}/index.html"' in text
        assert (site / target / "index.html").is_file()
    # Replaced: its lists are as they stood on its last day, and the page says so.
    assert '<span class="state state-replaced">Ersatt</span>' in text
    assert (
        "Överenskommelsen gällde till och med 28 februari 2021; undertecknarna förtecknas som de "
        "var den dagen." in text
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("state-replaced") == 3  # 2010, 2014 and the national 2008
    # The national agreement names its successor's new body.
    national = _page(site / "nationell-2008" / "index.html").items["succession"]
    assert national == [
        "Ersatt av Överenskommelse om Nationella organet för dialog och samråd i Exempelriket den 1 "
        "mars 2018. Nationella organet för dialog och samråd i Exempelriket tog över."
    ]


def test_a_date_known_only_to_the_year(site: Path, site_2016: Path) -> None:
    # Provby Idrottsallians signed exempelland-2014 in "2016": shown as 2016, never 2016-01-01.
    late = site / "exempelland-2014"
    rows = list(csv.DictReader(io.StringIO((late / "signatories.csv").read_text())))
    allians = next(r for r in rows if r["organisation"] == "provby-idrottsallians")
    assert (allians["joined"], allians["status"]) == ("2016", "active")
    member_rows = {r[0]: r for r in _page(late / "index.html").rows["members"][1:]}
    assert member_rows["Provby Idrottsallians"][-1] == "2016"
    # Its feed entry: the id keeps the date as written, the moment is its first day.
    feed = ET.parse(late / "feed.xml").getroot()
    name = "overens:exempelland-2014:joined:provby-idrottsallians:2016"
    wanted = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == wanted)
    assert entry.findtext(f"{ATOM}updated") == "2016-01-01T00:00:00+00:00"
    assert "2016-01-01" not in (late / "index.html").read_text(encoding="utf-8")

    # On 2016-06-01 whether it had signed cannot be told: listed apart, not counted, not news.
    early = site_2016 / "exempelland-2014"
    page = _page(early / "index.html")
    assert page.items["uncertain"] == ["Provby Idrottsallians: osäker (undertecknade 2016)"]
    assert "Provby Idrottsallians" not in {r[0] for r in page.rows["members"][1:]}
    rows = list(csv.DictReader(io.StringIO((early / "signatories.csv").read_text())))
    assert [(r["joined"], r["status"]) for r in rows if r["name"] == "Provby Idrottsallians"] == [
        ("2016", "uncertain")
    ]
    assert "provby-idrottsallians" not in (early / "feed.xml").read_text(encoding="utf-8")
    index = (site_2016 / "index.html").read_text(encoding="utf-8")
    card = index.split('href="exempelland-2014/index.html"')[1].split("</li>")[0]
    assert "<dt>Aktiva undertecknare</dt>\n<dd>4</dd>" in card  # the four certain ones


def test_the_register_describes_vague_dates_and_validates(site: Path, tmp_path: Path) -> None:
    from frictionless import validate

    report = validate(str(site / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads((site / "datapackage.json").read_text())
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["joined"]["type"] == "string" and "YYYY-MM" in fields["joined"]["description"]
    assert fields["status"]["constraints"]["enum"] == ["active", "withdrawn", "uncertain"]
    # The pattern is enforced: a month 13 is refused.
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    path = copy / "exempelland-2014" / "signatories.csv"
    path.write_text(path.read_text().replace(",2016,", ",2016-13,"))
    broken = validate(str(copy / "datapackage.json"))
    errors = [(e.type, e.field_name) for t in broken.tasks for e in t.errors]
    assert errors == [("constraint-error", "joined")]


@pytest.fixture(scope="module")
def report_2024(corpus: Path) -> Path:
    out = corpus.parent / "exempelland-2021-2024.html"
    _run(["followup", "exempelland-2021", "--year", "2024", "-o", out, "--repo", corpus])
    return out


def test_the_report_shows_the_year_s_events_and_plan_outcomes(
    report_2024: Path, corpus: Path
) -> None:
    page = _page(report_2024)
    assert page.items["events"] == [
        "Årsmötet 2024, maj 2024",
        "Dialogforum 2024, 7 november 2024 (inställt: Inställt på grund av för få anmälda.)",
    ]
    rows = page.rows["plans"]
    assert rows[0] == ["Aktivitet", "Plan", "Ansvariga", "Utfall"]
    # Only the plan covering 2024, each activity with its last follow-up (recorded in 2025).
    assert rows[1:] == [
        [
            "Genomföra Dialogforum 2023 och 2024",
            "Verksamhetsplan 2023–2024",
            "Partnerskapsrådet (huvudansvarig), Kansliet för överenskommelsen",
            "Delvis genomförd (20 februari 2025): Dialogforum hölls 2023; 2024 ställdes det in på "
            "grund av för få anmälda.",
        ],
        [
            "Utveckla webbplatsen med en karta över anslutna organisationer",
            "Verksamhetsplan 2023–2024",
            "Kansliet för överenskommelsen (huvudansvarig)",
            "Genomförd (20 februari 2025): Kartan publicerades i juni 2024.",
        ],
        [
            "Forskningscirkel om idéburen välfärd",
            "Verksamhetsplan 2023–2024",
            "Exempellands högskola (huvudansvarig), Studieförbundet Kunskapsvägen",
            "Pågår (juni 2024)",
        ],
    ]
    md = _run(
        ["followup", "exempelland-2021", "--year", "2022", "--format", "md", "--lang", "en",
         "--repo", corpus]
    )  # fmt: skip
    assert "## Meetings and events\n\n- Årsmötet 2022, April 23, 2022, Provby\n\n" in md
    assert (
        "- Utbildning om överenskommelsen för nya förtroendevalda (Verksamhetsplan 2022; "
        "Region Exempelland (lead), Idéburna Exempelland): Started (September 30, 2022)\n" in md
    )
    assert "Verksamhetsplan 2023" not in md and "Verksamhetsplan 2021" not in md


def test_the_report_shows_a_joining_known_to_the_year(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    _run(["followup", "exempelland-2014", "--year", "2016", "-o", out, "--repo", corpus])
    joined = {r[0]: r for r in _page(out).rows["changes"][1:] if len(r) == 4}
    assert joined["Provby Idrottsallians"][1:] == ["Idéburen sektor", "Provby", "2016"]
    assert joined["Provby kommun"][-1] == "2016-05-10"


def test_a_linked_agreement_s_new_title_lays_out_the_pages_that_show_it(
    corpus: Path, tmp_path: Path
) -> None:
    import datetime as dt

    from overens.documents.site.build import SiteOptions, build_site

    repo = tmp_path / "repo"
    shutil.copytree(corpus, repo)
    out, options = tmp_path / "site", SiteOptions(as_of=dt.date(2024, 12, 31))
    build_site(out, options, repo=repo)
    assert build_site(out, options, repo=repo).rebuilt == ()
    # A signatory of exempelland-2014 changes: the pages linking to it are looked at, not remade.
    path = repo / "agreements" / "exempelland-2014" / "signatories" / "provby-kommun.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Provby kommun", "Provby kommun (KS)"))
    assert build_site(out, options, repo=repo).rebuilt == ("exempelland-2014",)
    # Its title changes: the predecessor's and the successor's pages show it, and are made again.
    folder = repo / "agreements" / "exempelland-2014"

    def text_hash() -> str:
        found = json.loads(_run(["version", "exempelland-2014", "--json", "--repo", repo]))
        return str(found["text_sha256"])

    old = text_hash()
    agreement = folder / "agreement.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(
        text.replace("title: Reviderad överenskommelse", "title: Den reviderade överenskommelsen"),
        encoding="utf-8",
    )
    new = text_hash()  # the title is part of the text: declare the new hash where the old stood
    for path in folder.rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = build_site(out, options, repo=repo)
    assert sorted(result.rebuilt) == ["exempelland-2010", "exempelland-2014", "exempelland-2021"]
    page = (out / "exempelland-2021" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../exempelland-2014/index.html">Den reviderade överenskommelsen' in page
    fresh = tmp_path / "fresh"
    build_site(fresh, options, repo=repo, use_cache=False)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {
        p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()
    }
