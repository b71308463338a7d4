"""check-jsonschema on the 100 × 100 corpus's signatory files: the validator a CI would run
otherwise, measured at its best and proven to validate (decisions 0500, 0008)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from timing import Bench, Measurement, unavailable

PROJECT = Path(__file__).resolve().parents[1]


def measure_cjs(b: Bench, mid: Path) -> Measurement:
    name = "check-jsonschema 100x100 signatories"
    exe = Path(sys.executable).parent / "check-jsonschema"
    if not exe.exists():
        return unavailable(
            name, [str(exe)], "check-jsonschema is not installed: pip install -e '.[bench]'"
        )
    # The shipped schema as it is: self-contained (local $refs only), so check-jsonschema needs
    # neither --base-uri nor a bundle (docs/decisions/0008-portable-schemas.md).
    schema_args = ["--schemafile", str(PROJECT / "schemas" / "signatory.schema.json")]
    # Prove it really validates: planted errors behind a $ref (an enum, a date pattern) and a
    # missing required key must each fail, and an untouched file must pass.
    sample = next((mid / "agreements").glob("*/signatories/*.yaml"))
    text = sample.read_text(encoding="utf-8")
    planted = b.scratch / "planted"
    planted.mkdir()
    cases = {
        "bad-sector.yaml": text.replace("sector: ideburen", "sector: privat", 1),
        "bad-date.yaml": text.replace("date: '", "date: '1-", 1),
        "no-memberships.yaml": text.split("memberships:")[0],
    }
    for file_name, bad in cases.items():
        if bad == text:
            return Measurement(name, [str(exe)], error=f"could not plant {file_name} in {sample}")
        (planted / file_name).write_text(bad, encoding="utf-8")
    for bad_file in sorted(planted.iterdir()):
        proc = subprocess.run(
            [str(exe), *schema_args, str(bad_file)], env=b.env, capture_output=True, text=True
        )
        if proc.returncode != 1:
            return Measurement(
                name,
                [str(exe)],
                error=f"check-jsonschema accepted the invalid {bad_file.name}: "
                f"{proc.stdout}{proc.stderr}",
            )
    proc = subprocess.run(
        [str(exe), *schema_args, str(sample)], env=b.env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        return Measurement(
            name, [str(exe)], error=f"check-jsonschema rejected the valid {sample}: {proc.stdout}"
        )
    files = sorted(
        p.relative_to(mid).as_posix() for p in (mid / "agreements").glob("*/signatories/*.yaml")
    )
    return b.measure(
        name,
        [str(exe), *schema_args, *files],
        cwd=mid,
        note=f"{len(files):,} files, the shipped schema; planted errors rejected",
    )
