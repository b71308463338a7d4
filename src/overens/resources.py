"""Where the shipped schemas, templates and message catalogues are.

In a wheel they are package data (``overens/_data/…``, mapped from the repository's ``schemas/``
and ``templates/`` by ``pyproject.toml``). In a source checkout or an editable install they are
the repository's own folders, so there is one copy of each file in git.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def shipped_dir(name: str) -> Path:
    """Return the folder of shipped ``schemas`` or ``templates``."""
    packaged = Path(__file__).resolve().parent / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"overens is installed without its {name}/ folder ({packaged})")


LOCALE_DIR = Path(__file__).resolve().parent / "documents" / "locale"
"""The label catalogues (``<lang>/LC_MESSAGES/messages.po``), inside the package in every install."""
