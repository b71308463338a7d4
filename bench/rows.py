"""The benchmark's rows of check, sign and render, and the targets they are held to.

Each function takes measurements (whole processes, see timing.py) and returns the targets they
meet or miss; the measurements themselves are kept in the :class:`timing.Bench`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import generate
from cjs import measure_cjs
from corpora import Corpus
from timing import CACHE_DIR, Bench, Measurement, Run, Target, clear_cache, ratio, unavailable, why

BENCH = Path(__file__).resolve().parent
AS_OF = generate.AS_OF.isoformat()


def floor_run(c: Corpus, *extra: str, name: str | None = None) -> Run:
    return Run(
        name or f"parse floor {c.name}",
        [sys.executable, str(BENCH / "parse_floor.py"), str(c.path), *extra],
        c.path,
    )


def parse_floor(b: Bench, c: Corpus, *extra: str, name: str | None = None) -> Measurement:
    run = floor_run(c, *extra, name=name)
    return b.measure(run.name, run.cmd, cwd=run.cwd)


def check_command(b: Bench) -> list[str]:
    return [*b.overens, "check", "--as-of", AS_OF]


def cold_check(b: Bench, c: Corpus, name: str, *, sample_tree: bool = False) -> Run:
    """`overens check` of the corpus ``c`` with no .overens-cache/ (exit 1 counts: the corpus
    holds warnings and planted errors)."""
    return Run(
        name,
        [*check_command(b), "--repo", str(c.path)],
        c.path,
        ok=(0, 1),
        before=clear_cache(c.path),
        sample_tree=sample_tree,
    )


def check_rows(b: Bench, mid: Corpus) -> tuple[list[Target], Measurement]:
    """The parse floor, check-jsonschema, start-up, and check cold and warm on 100 × 100."""
    parse_floor(b, mid, "--signatories-only", name="parse floor 100x100 signatories")
    cjs = b.keep(measure_cjs(b, mid.path))
    version = b.measure("overens --version", [*b.overens, "--version"], cwd=b.scratch, runs=10)
    shown = b.measure("overens --help", [*b.overens, "--help"], cwd=b.scratch, runs=10)
    command = [*check_command(b), "--repo", str(mid.path)]
    cold, floor = b.pair(cold_check(b, mid, "check cold 100x100"), floor_run(mid))
    warm = b.measure("check warm 100x100", command, cwd=mid.path, ok=(0, 1), note="text, to a file")
    warm_json = b.measure(
        "check warm 100x100 --format json",
        [*command, "--format", "json"],
        cwd=mid.path,
        ok=(0, 1),
    )
    targets = [
        Target(
            "check-cold-vs-floor",
            "cold check ÷ parse floor (100×100)",
            ratio(cold, floor),
            1.6,
            "x",
            "max",
            why(cold, floor),
        ),
        Target(
            "check-cold-vs-cjs",
            "check-jsonschema ÷ cold check (100×100)",
            ratio(cjs, cold),
            3.5,
            "x",
            "min",
            why(cjs, cold),
        ),
        Target(
            "check-warm-vs-cold",
            "warm check ÷ cold check (100×100)",
            ratio(warm, cold),
            0.25,
            "x",
            "max",
            why(warm, cold),
        ),
        Target("check-warm", "warm check 100×100, text", warm.median, 0.2, "s", "max", why(warm)),
        Target(
            "check-warm-json",
            "warm check 100×100, JSON",
            warm_json.median,
            0.2,
            "s",
            "max",
            why(warm_json),
        ),
        Target("version", "overens --version (median)", version.median, 0.12, "s", "max"),
        Target("help", "overens --help (median)", shown.median, 0.12, "s", "max"),
    ]
    return targets, cold


def sign_arguments(help_text: str, agreement: str) -> list[str]:
    """The options of `overens sign` that this version has, with values that pass its checks."""
    body = "802999999"
    values = {
        "--name": "Mätpunktens bänkförening",
        "--org-number": f"{body[:6]}-{body[6:]}{generate.luhn.calc_check_digit(body)}",
        "--sector": "ideburen",
        "--legal-form": "ideell förening",
        "--municipality": "Halmstad",
        "--signed-by": "Anna Andersson",
        "--signed-by-title": "Ordförande",
        "--contact-name": "Bertil Berg",
        "--contact-email": "bertil.berg@example.se",
        "--contact-phone": "035-12 34 56",
        "--date": "2025-06-01",
        "--applied": "2025-04-01",
        "--approved": "2025-05-01",
        "--approved-by": "Arbetsgruppen",
        "--reference": "DNR 2025/1",
    }
    args = [agreement]
    for option, value in values.items():
        if option in help_text:
            args += [option, value]
    for flag in ("--democratic-values", "--attest-democratic-values"):
        if flag in help_text:
            args.append(flag)
    return args


def first_agreement(c: Corpus) -> str:
    return sorted(p.name for p in (c.path / "agreements").iterdir())[0]


def reset_after(b: Bench, repo: Path) -> Callable[[], None]:
    """After each run: the repository as it was (the commit undone, new files removed)."""
    base = b.git(repo, "rev-parse", "HEAD").strip()

    def reset() -> None:
        b.git(repo, "reset", "-q", "--hard", base)
        b.git(repo, "clean", "-q", "-fdx", "-e", CACHE_DIR)

    return reset


def sign_run(b: Bench, c: Corpus, help_text: str, name: str | None = None) -> Run:
    return Run(
        name or f"sign + commit {c.name}",
        [*b.overens, "sign", *sign_arguments(help_text, first_agreement(c))],
        c.path,
        after=reset_after(b, c.path),
    )


def sign_rows(b: Bench, mid: Corpus, small: Corpus) -> list[Target]:
    help_text = b.help("sign")
    if help_text is None:
        b.keep(unavailable("sign + commit", [*b.overens, "sign"], "not available yet"))
        return []
    large, one = b.pair(sign_run(b, mid, help_text), sign_run(b, small, help_text))
    return [
        Target(
            "sign-scaling",
            "sign+commit 100×100 ÷ 1×100",
            ratio(large, one),
            1.3,
            "x",
            "max",
            why(large, one),
        )
    ]


class SignatoryEdit:
    """Before each run, change one signatory file's municipality (a different file each time)."""

    TOWNS = ("Solna", "Borås", "Växjö", "Kiruna")

    def __init__(self, folder: Path) -> None:
        self.files = sorted(folder.glob("*.yaml"))
        self.count = 0

    def __call__(self) -> None:
        path = self.files[(self.count * 97) % len(self.files)]
        text = path.read_text(encoding="utf-8")
        town = self.TOWNS[self.count % len(self.TOWNS)]
        lines = [
            f"municipality: {town}" if line.startswith("municipality:") else line
            for line in text.split("\n")
        ]
        edited = "\n".join(lines)
        if edited == text:  # no municipality yet: add one (a top-level key, valid anywhere)
            edited = text.rstrip("\n") + f"\nmunicipality: {town}\n"
        path.write_text(edited, encoding="utf-8")
        self.count += 1


def render_rows(b: Bench, wide: Corpus) -> list[Target]:
    """Render the HTML of one agreement of 10,000 signatories: nothing changed, after a change,
    cold."""
    agreement = first_agreement(wide)
    cmd = [*b.overens, "render", agreement, "--format", "html"]
    cmd += ["--output", str(b.scratch / "render.html"), "--as-of", AS_OF]
    render = b.measure(
        "render html 1x10000", cmd, cwd=wide.path, note="nothing changed since the last render"
    )
    # What a coordinator does: one signatory file changes (sign, withdraw, an edit), then render.
    edit = SignatoryEdit(wide.path / "agreements" / agreement / "signatories")
    changed = b.measure(
        "render html 1x10000 after a change",
        cmd,
        cwd=wide.path,
        before=edit,
        note="one signatory file edited before each run",
    )
    b.git(wide.path, "reset", "-q", "--hard", b.git(wide.path, "rev-parse", "HEAD").strip())
    b.measure(
        "render html 1x10000 cold",
        cmd,
        cwd=wide.path,
        before=clear_cache(wide.path),
        note="no .overens-cache/: every file read",
    )
    targets = [
        Target(
            "render",
            "render HTML, 1 agreement × 10,000 signatories",
            render.median,
            0.5,
            "s",
            "max",
            why(render),
        ),
        Target(
            "render-changed",
            "… after one signatory file changed",
            changed.median,
            0.5,
            "s",
            "max",
            why(changed),
        ),
    ]
    return targets


def large_rows(b: Bench, large: Corpus, mid: Corpus, runs: int) -> list[Target]:
    """Cold check of 100 × 1,000 in turn with 100 × 100 (a ratio of two runs made one after the
    other, as the other ratios are: decision 0708), and its peak memory."""
    large_cold, cold = b.pair(
        cold_check(b, large, "check cold 100x1000", sample_tree=True),
        cold_check(b, mid, "check cold 100x100, in turn with 100x1000"),
        runs=runs,
    )
    measured = bool(large_cold.samples)
    return [
        Target(
            "check-large-scaling",
            "cold check 100×1,000 ÷ 100×100",
            ratio(large_cold, cold),
            11,
            "x",
            "max",
            why(large_cold, cold),
        ),
        Target(
            "check-large-memory",
            "cold check 100×1,000 peak memory (one process)",
            large_cold.maxrss_mb if measured else None,
            500,
            "MB",
            "max",
            why(large_cold),
        ),
        Target(
            "check-large-memory-tree",
            "… all its processes together (sampled)",
            large_cold.tree_rss_mb if measured else None,
            500,
            "MB",
            "max",
            why(large_cold),
        ),
    ]
