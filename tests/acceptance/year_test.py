"""A coordinator's year, with the commands only: new → adopt → sign ×3 → report → due → revise
(material) → confirm → withdraw → rejoin → export, on a fictional agreement.

Nobody edits a record by hand or copies a hash: the coordinator writes only the text (the draft's
placeholders, and later the reworded principle). Every step that changes the repository is one
commit and leaves the working tree clean, and `check` is clean at the end.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from conftest import git, init_repo
from overens.store import safe_yaml
from year_helpers import (
    REGION,
    TITLE,
    commits,
    one_commit,
    reword_the_principle,
    write_the_text,
)

ID = "exempelland-2025"
ORGS = {
    "foreningen-exempel": ("Föreningen Exempel", "802004-6895", "Eva Ek", "Ordförande"),
    "exempelby-idrottsforening": ("Exempelby idrottsförening", "802477-1233", "Per Persson", None),
    "studieforbundet-prov": ("Studieförbundet Prov", "802002-6442", "Lo Lund", "Verksamhetschef"),
}


def _sign(slug: str, date: str) -> list[str]:
    name, number, signer, title = ORGS[slug]
    args = ["sign", ID, "--name", name, "--org-number", number, "--sector", "idéburen",
            "--legal-form", "ideell förening", "--municipality", "Exempelstad",
            "--signed-by", signer, "--contact-name", "Kim Kontakt",
            "--contact-email", f"kontakt@{slug}.example.se", "--date", date]  # fmt: skip
    return args + (["--signed-by-title", title] if title else [])


def _check(run_line, repo: Path, as_of: str) -> dict:
    result = run_line(["check", ID, "--repo", repo, "--as-of", as_of, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_a_coordinators_year_with_the_commands_only(run_line, tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    repo = init_repo(tmp_path / "repo")
    start = commits(repo)

    # January: the draft, its text, and the council's decision.
    one_commit(run_line, repo, ["new", ID, "--title", TITLE, "--region", REGION])
    draft = _check(run_line, repo, "2025-01-20")
    assert {f["rule"] for f in draft["findings"]} == {"draft"}  # advice, not text-hash errors
    write_the_text(repo, ID)
    adopted = one_commit(
        run_line,
        repo,
        ["adopt", ID, "--date", "2025-01-28", "--by", "Regionfullmäktige",
         "--reference", "RS 2024/1234", "--paragraph", "§ 12"],
    )  # fmt: skip
    assert "version 1 adopted by Regionfullmäktige" in adopted.stdout
    data = safe_yaml.load(repo / "agreements" / ID / "agreement.yaml")
    assert "status" not in data
    assert data["adopted"] == {
        "date": "2025-01-28",
        "by": "Regionfullmäktige",
        "reference": "RS 2024/1234",
        "paragraph": "§ 12",
    }
    assert _check(run_line, repo, "2025-01-28")["findings"] == []

    # February and March: three organisations sign.
    one_commit(run_line, repo, _sign("foreningen-exempel", "2025-02-10"))
    one_commit(run_line, repo, _sign("exempelby-idrottsforening", "2025-02-15"))
    one_commit(run_line, repo, _sign("studieforbundet-prov", "2025-03-01"))

    # The next February: the annual reports for 2025 arrive.
    for slug, day in (("foreningen-exempel", "2026-02-20"), ("studieforbundet-prov", "2026-02-25")):
        one_commit(
            run_line,
            repo,
            ["report", ID, slug, "--kind", "arsberattelse", "--year", "2025", "--received", day],
        )
    due = run_line(["due", "--repo", repo, "--as-of", "2026-03-01", "--format", "json"])
    assert due.exit_code == 0, due.output
    items = json.loads(due.stdout)["items"]
    assert [(i["date"], i["kind"], i["subject"]) for i in items] == [
        ("2026-03-31", "report", "exempelby-idrottsforening")
    ]
    one_commit(
        run_line,
        repo,
        ["report", ID, "exempelby-idrottsforening", "--kind", "arsberattelse", "--year", "2025",
         "--received", "2026-03-20", "--reference", "RS 2026/0301"],
    )  # fmt: skip

    # April: a material revision, visible from its own day.
    reword_the_principle(repo, ID)
    revised = one_commit(
        run_line,
        repo,
        ["revise", ID, "--kind", "material", "--decided-by", "Regionfullmäktige",
         "--summary", "Ändrad: dialogen ska vara regelbunden", "--date", "2026-04-15"],
    )  # fmt: skip
    assert "changed: principle 1. Dialog: reworded" in revised.stdout
    on_the_day = _check(run_line, repo, "2026-04-15")
    assert sorted(f["file"].rsplit("/", 1)[1] for f in on_the_day["findings"]) == sorted(
        f"{slug}.yaml" for slug in ORGS
    )
    assert {f["rule"] for f in on_the_day["findings"]} == {"version-confirmed"}

    # May: two confirm, one leaves; in September it joins again with a new signer.
    for slug in ("foreningen-exempel", "exempelby-idrottsforening"):
        one_commit(run_line, repo, ["confirm", ID, slug, "--date", "2026-05-04"])
    one_commit(
        run_line,
        repo,
        ["withdraw", ID, "studieforbundet-prov", "--notice-date", "2026-05-02",
         "--reference", "RS 2026/0512"],
    )  # fmt: skip
    rejoin = _sign("studieforbundet-prov", "2026-09-01")
    rejoin[rejoin.index("Lo Lund")] = "Mo Berg"
    rejoined = one_commit(run_line, repo, rejoin)
    assert "signed exempelland-2025 again" in rejoined.stdout
    assert "changed signer.name: Lo Lund \u2192 Mo Berg" in rejoined.stdout

    # The register, and a clean check at the end of the year.
    out = tmp_path / "register.xlsx"
    result = run_line(["export", ID, "--repo", repo, "--format", "xlsx", "--as-of", "2026-12-31",
                       "--output", out])  # fmt: skip
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [
        "Exempelby idrottsförening",
        "Föreningen Exempel",
        "Studieförbundet Prov",
    ]
    assert {r[6] for r in rows[1:]} == {"aktiv"} and {r[9] for r in rows[1:]} == {"2"}
    final = _check(run_line, repo, "2026-12-31")
    assert final["findings"] == [] and not final["summary"]["failed"]
    steps = commits(repo) - start
    assert steps == 13  # new, adopt, 3 × sign, 3 × report, revise, 2 × confirm, withdraw, rejoin
    subjects = git(repo, "log", "--format=%s", f"-{steps}").splitlines()
    assert [s.split("(", 1)[0] for s in reversed(subjects)] == [
        "new", "adopt", "sign", "sign", "sign", "report", "report", "report",
        "revise", "confirm", "confirm", "withdraw", "sign",
    ]  # fmt: skip
