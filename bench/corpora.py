"""The benchmark's corpora: generated repositories, and repositories with a life made from them.

- :func:`corpus`: N agreements × M signatories from bench/generate.py, committed once.
- :func:`with_history`: the 1 × 10,000 corpus and a year of a coordinator's work after it, one
  commit a day: organisations join (a new file), withdraw (a withdrawal appended to a file) and
  change their details (a municipality, a contact), as ``overens history`` meets them.
- :func:`with_branch`: the 100 × 100 corpus with a branch ``review`` on which ten agreements
  changed (signatory files edited, one added to each), to switch to and back.

Both are git repositories made once (a stamp in ``.git`` says they are complete) and reused.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (bench/ is not a package)

HISTORY_START = dt.date(2025, 7, 1)


@dataclass
class Corpus:
    name: str
    path: Path
    agreements: int
    signatories: int
    files: int


def corpus(base: Path, agreements: int, signatories: int, seed: int, rebuild: bool) -> Corpus:
    """The generated corpus (made once, reused while the generator version and seed are the same)."""
    name = f"{agreements}x{signatories}"
    path = base / f"corpus-{name}-s{seed}-g{generate.GENERATOR_VERSION}"
    stamp = path / ".git" / "bench-complete"
    if rebuild or not stamp.exists():
        if path.exists():
            shutil.rmtree(path)
        print(f"generating {path.name} ...", file=sys.stderr)
        generate.generate(path, agreements, signatories, seed)
        stamp.write_text("ok\n")
    return Corpus(name, path, agreements, signatories, _count(path))


def _count(path: Path) -> int:
    return sum(1 for _ in (path / "agreements").rglob("*.yaml"))


def derived(base: Corpus, suffix: str, make: Any, rebuild: bool) -> Corpus:
    """A corpus made from ``base`` by ``make(base_path, out_path)``, beside it."""
    path = base.path.with_name(f"{base.path.name}-{suffix}")
    if rebuild and path.exists():
        shutil.rmtree(path)
    if not (path / ".git" / "bench-complete").exists():
        print(f"making {path.name} ...", file=sys.stderr)
    make(base.path, path)
    return Corpus(f"{base.name}-{suffix}", path, base.agreements, base.signatories, _count(path))


def _git(repo: Path, *args: str, day: dt.date | None = None) -> str:
    env = {**os.environ, **generate.GIT_ENV}
    if day is not None:
        stamp = f"{day.isoformat()}T12:00:00+0200"
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


def _clone(source: Path, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    subprocess.run(["git", "clone", "-q", "--local", str(source), str(out)], check=True)


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def with_history(base: Path, out: Path, commits: int = 300, seed: int = 7) -> Path:
    """``base`` (one agreement) and ``commits`` commits after it; returns ``out``."""
    stamp = out / ".git" / "bench-complete"
    if stamp.exists():
        return out
    _clone(base, out)
    agreement = sorted(p.name for p in (out / "agreements").iterdir())[0]
    folder = out / "agreements" / agreement / "signatories"
    main = _load(out / "agreements" / agreement / "agreement.yaml")
    version = str(main["version"])
    text_hash = next(r["text_sha256"] for r in main["revisions"] if str(r["version"]) == version)
    rng = random.Random(seed)
    files = sorted(folder.glob("*.yaml"))
    active = [p for p in files if "withdrawal" not in _load(p)["memberships"][-1]]
    rng.shuffle(active)
    taken: set[str] = set()
    for i in range(commits):
        day = HISTORY_START + dt.timedelta(days=i)
        if i % 3 == 0:
            path, message = _join(folder, i, day, version, text_hash, rng, taken)
        elif i % 3 == 1:
            path, message = _withdraw(active.pop(), day)
        else:
            path, message = _edit(files[rng.randrange(len(files))], rng)
        _git(out, "add", "--", str(path.relative_to(out)))
        _git(out, "commit", "-q", "--no-verify", "-m", message, day=day)
    stamp.write_text("ok\n")
    return out


def _join(
    folder: Path,
    i: int,
    day: dt.date,
    version: str,
    text_hash: str,
    rng: random.Random,
    taken: set[str],
) -> tuple[Path, str]:
    name = f"Årets förening nummer {i // 3 + 1}"
    org = generate.org_number(rng, "802", taken)
    doc = {
        "id": generate.slugify(name),
        "name": name,
        "org_number": org,
        "sector": "ideburen",
        "legal_form": "ideell förening",
        "municipality": rng.choice(generate.MUNICIPALITIES),
        "signer": {"name": generate.person(rng), "title": "Ordförande"},
        "contact": {"name": generate.person(rng), "email": "kontakt@example.se"},
        "memberships": [
            {"signed": {"date": day.isoformat(), "version": version, "text_sha256": text_hash}}
        ],
    }
    path = folder / f"{doc['id']}.yaml"
    generate.write(path, doc, "signatory")
    message = (
        f"sign: {name}\n\nSigned-on: {day}\nAgreement-version: {version}\n"
        f"Organisation-number: {org}\n"
    )
    return path, message


def _withdraw(path: Path, day: dt.date) -> tuple[Path, str]:
    doc = _load(path)
    doc["memberships"][-1]["withdrawal"] = {
        "notice_date": day.isoformat(),
        "effective": day.isoformat(),
        "reason": "Föreningen har upphört.",
        "evidence": {"reference": f"DNR {day.year}/{day.timetuple().tm_yday}"},
    }
    generate.write(path, doc, "signatory")
    return path, f"withdraw: {doc['name']}\n\nNotice-received: {day}\nEffective: {day}\n"


def _edit(path: Path, rng: random.Random) -> tuple[Path, str]:
    doc = _load(path)
    doc["municipality"] = rng.choice(generate.MUNICIPALITIES)
    generate.write(path, doc, "signatory")
    return path, f"{doc['name']}: new municipality\n"


def with_branch(base: Path, out: Path, agreements: int = 10) -> Path:
    """``base`` with a branch ``review`` where ``agreements`` agreements changed; ``main`` is
    checked out. Returns ``out``."""
    stamp = out / ".git" / "bench-complete"
    if stamp.exists():
        return out
    _clone(base, out)
    _git(out, "checkout", "-q", "-b", "review")
    for folder in sorted((out / "agreements").iterdir())[:agreements]:
        files = sorted((folder / "signatories").glob("*.yaml"))
        for path in files[:5]:
            doc = _load(path)
            doc["municipality"] = "Granskningsby"
            generate.write(path, doc, "signatory")
        copy = _load(files[-1])
        copy["id"], copy["name"] = "granskad-forening", "Granskad förening"
        copy.pop("org_number", None)
        generate.write(folder / "signatories" / "granskad-forening.yaml", copy, "signatory")
    _git(out, "add", "-A")
    _git(out, "commit", "-q", "--no-verify", "-m", "review: ten agreements changed")
    _git(out, "checkout", "-q", "main")
    stamp.write_text("ok\n")
    return out
