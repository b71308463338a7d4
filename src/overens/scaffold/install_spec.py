"""What a repository made by ``overens init`` installs: the pip requirement in its workflow, its
README and its pre-commit notes (docs/decisions/0407-releases-and-the-install-line.md).

By default it is the exact overens that made the repository (``overens==0.1.0``), so CI checks
with the version the coordinator checked with. ``--overens-spec`` names another: a version
(``0.2.0``), or a URL pip installs from, for an organisation that installs from its own mirror or
a tag of a repository (``git+https://git.example.org/overens.git@v0.2.0``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from overens._version import __version__
from overens.errors import UsageError

_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?")
"""A public version as PEP 440 writes it in its normal form."""

_URL_SCHEMES = {"git+https", "git+ssh", "git+http", "git+file", "https", "http", "file"}
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!&'()*+,;=%-]+")
"""What a URL may hold here: it is written into YAML and a shell command inside double quotes,
so no space, quote, backslash, ``$`` or backtick."""

_EXAMPLES = (
    "a version such as 0.2.0, or a URL such as git+https://git.example.org/overens.git@v0.2.0"
)


def requirement(spec: str | None = None) -> str:
    """The pip requirement for ``spec`` (a version or a URL; None: the running overens).

    >>> requirement("0.2.0")
    'overens==0.2.0'
    >>> requirement("git+https://git.example.org/overens.git@v0.2.0")
    'overens @ git+https://git.example.org/overens.git@v0.2.0'
    """
    if spec is None:
        return f"overens=={__version__}"
    spec = spec.strip()
    if _VERSION.fullmatch(spec):
        return f"overens=={spec}"
    parts = urlsplit(spec)
    if (
        parts.scheme in _URL_SCHEMES
        and (parts.netloc or parts.path)
        and _URL_CHARACTERS.fullmatch(spec)
    ):
        return f"overens @ {spec}"
    if parts.scheme and parts.scheme not in _URL_SCHEMES:
        problem = f"pip cannot install from a {parts.scheme}: URL"
    elif parts.scheme:
        problem = "a URL here may not hold spaces, quotes, backslashes, $ or backticks"
    else:
        problem = "it is neither a version nor a URL"
    raise UsageError(f"--overens-spec {spec!r}: {problem}", hint=f"give {_EXAMPLES}")
