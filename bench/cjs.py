"""check-jsonschema on the 100 × 100 corpus's signatory files: the validator a CI would run
otherwise, measured at its best and proven to validate (decision 0500)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from timing import Bench, Measurement, unavailable

PROJECT = Path(__file__).resolve().parents[1]


def bundle_schema(kind: str, out: Path) -> Path:
    """Our ``kind`` schema as one self-contained file, for check-jsonschema.

    The shipped schemas ``$ref`` each other by relative URI under their ``$id``
    (https://overens.se/schemas/1/). check-jsonschema can resolve those from local files with
    ``--base-uri``, but then it crawls the referenced schema again on every ``$ref`` of every file
    (70 s instead of about 20 s on 10,000 files), and an embedded ``$id`` bundle is little better.
    So, to measure check-jsonschema at its best, the definitions of common.schema.json are copied
    into ``$defs`` (as ``common-NAME``) and every reference is rewritten to point there.
    """
    schemas = PROJECT / "schemas"
    common = json.loads((schemas / "common.schema.json").read_text(encoding="utf-8"))
    root = json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))

    def rewrite(value: Any, inside_common: bool) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                if key == "$ref" and isinstance(item, str):
                    if (
                        item.startswith("common.schema.json#/$defs/")
                        or inside_common
                        and item.startswith("#/$defs/")
                    ):
                        item = "#/$defs/common-" + item.rsplit("/", 1)[1]
                    elif "#" in item and not item.startswith("#"):
                        raise ValueError(f"cannot bundle the reference {item!r}")
                result[key] = rewrite(item, inside_common)
            return result
        if isinstance(value, list):
            return [rewrite(v, inside_common) for v in value]
        return value

    bundled = rewrite(root, False)
    bundled.setdefault("$defs", {})
    for name, definition in common["$defs"].items():
        bundled["$defs"][f"common-{name}"] = rewrite(definition, True)
    path = out / f"{kind}.bundled.schema.json"
    path.write_text(json.dumps(bundled, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def measure_cjs(b: Bench, mid: Path) -> Measurement:
    name = "check-jsonschema 100x100 signatories"
    exe = Path(sys.executable).parent / "check-jsonschema"
    if not exe.exists():
        return unavailable(
            name, [str(exe)], "check-jsonschema is not installed: pip install -e '.[bench]'"
        )
    schema_args = ["--schemafile", str(bundle_schema("signatory", b.scratch))]
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
        note=f"{len(files):,} files, bundled schema; planted errors rejected",
    )
