"""Measure `overens sign` (with its commit) on a small and a large repository.

    python bench/sign_scaling.py [--agreements 100] [--signatories 100] [--runs 7]

Builds two git repositories in a temporary folder from tests/fixtures/repo: one agreement with
N signatories (about N files), and A agreements with N signatories each (about A × N files).
Then runs the same `overens sign` as a whole process in each, alternating, after a warm-up, and
prints the median wall time of each and their ratio. Between runs the commit is undone (not
timed). The target: large ≤ 1.3 × small.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stdnum import luhn

HERE = Path(__file__).resolve().parents[1]
FIXTURE = HERE / "tests" / "fixtures" / "repo"
SIGN = [
    "sign",
    "demo",
    "--name",
    "Mätföreningen",
    "--org-number",
    "802477-1233",
    "--sector",
    "ideburen",
    "--signed-by",
    "Eva Ek",
    "--contact-name",
    "Kim",
    "--contact-email",
    "kim@example.se",
    "--applied",
    "2024-01-10",
    "--approved",
    "2024-02-01",
    "--democratic-values",
    "--date",
    "2024-03-01",
]


def org_number(i: int) -> str:
    body = f"8030{i:05d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def build(root: Path, agreements: int, signatories: int) -> Path:
    template = (FIXTURE / "agreements/demo/signatories/foreningen-exempel.yaml").read_text()
    template = template.replace("../../../../../../schemas", "../../../schemas")
    for a in range(agreements):
        name = "demo" if a == 0 else f"demo{a:03d}"
        folder = root / "agreements" / name
        shutil.copytree(FIXTURE / "agreements/demo", folder)
        text = (folder / "agreement.yaml").read_text().replace("id: demo\n", f"id: {name}\n", 1)
        (folder / "agreement.yaml").write_text(text)
        (folder / "signatories/foreningen-exempel.yaml").unlink()
        for s in range(signatories):
            slug = f"forening-{s:05d}"
            (folder / f"signatories/{slug}.yaml").write_text(
                template.replace("id: foreningen-exempel", f"id: {slug}")
                .replace("name: Föreningen Exempel", f"name: Förening {s}")
                .replace('"802004-6895"', f'"{org_number(a * signatories + s)}"')
            )
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.se",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.se",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)
    return root


def run_once(repo: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "overens", *SIGN],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"sign failed in {repo}: {proc.stderr}")
    subprocess.run(["git", "reset", "-q", "--hard", "HEAD~1"], cwd=repo, check=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--signatories", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.se",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.se",
    }
    with tempfile.TemporaryDirectory() as tmp:
        small = build(Path(tmp) / "small", 1, args.signatories)
        large = build(Path(tmp) / "large", args.agreements, args.signatories)
        counts = {
            r: sum(1 for p in (r / "agreements").rglob("*") if p.is_file()) for r in (small, large)
        }
        times: dict[Path, list[float]] = {small: [], large: []}
        for repo in (small, large):
            run_once(repo, env)  # warm-up
        for _ in range(args.runs):
            for repo in (small, large):
                times[repo].append(run_once(repo, env))
    s, lg = statistics.median(times[small]), statistics.median(times[large])
    print(f"{'repository':<12}{'files':>8}{'median s':>10}")
    print(f"{'small':<12}{counts[small]:>8}{s:>10.3f}")
    print(f"{'large':<12}{counts[large]:>8}{lg:>10.3f}")
    verdict = "pass" if lg / s <= 1.3 else "miss"
    print(f"ratio large/small: {lg / s:.2f} (target ≤ 1.30: {verdict})")


if __name__ == "__main__":
    main()
