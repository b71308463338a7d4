"""overens: collaboration agreements (överenskommelser) kept as validated YAML in git.

The library is usable without the CLI::

    import overens
    repo = overens.load_repository("path/to/repo")
    for agreement in repo.agreements:
        print(agreement.title, len(agreement.principles))

Names are imported on first use, so that ``import overens.cli`` (and so ``overens --help``)
does not pay for jsonschema, PyYAML or GitPython.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from overens._version import __version__

if TYPE_CHECKING:
    from overens.store.loader import load, load_repository

__all__ = ["__version__", "load", "load_repository"]


def __getattr__(name: str) -> Any:
    if name in ("load", "load_repository"):
        from overens.store import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'overens' has no attribute {name!r}")
