"""The parse floor: only read and parse every agreement file with PyYAML's C loader.

    python bench/parse_floor.py ROOT [--signatories-only]

What `overens check` cannot beat on a cold run: it must at least find and parse the same files.
Nothing else is imported, nothing is validated; it prints the number of files parsed.
"""

from __future__ import annotations

import os
import sys

import yaml


def yaml_files(root: str, signatories_only: bool) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(os.path.join(root, "agreements")):
        dirs.sort()
        if signatories_only and os.path.basename(folder) != "signatories":
            continue
        found.extend(os.path.join(folder, name) for name in sorted(files) if name.endswith(".yaml"))
    return found


def main() -> int:
    root = sys.argv[1]
    files = yaml_files(root, "--signatories-only" in sys.argv[2:])
    for path in files:
        with open(path, "rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is the safe loader
    print(len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
