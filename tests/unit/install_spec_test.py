"""What `overens init --overens-spec` turns into the pip requirement a new repository installs."""

from __future__ import annotations

import pytest

from overens._version import __version__
from overens.errors import UsageError
from overens.scaffold.install_spec import requirement


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, f"overens=={__version__}"),
        ("0.2.0", "overens==0.2.0"),
        (" 1.0rc1 ", "overens==1.0rc1"),
        ("0.2.0.post1", "overens==0.2.0.post1"),
        (
            "git+https://git.example.org/overens.git@v0.2.0",
            "overens @ git+https://git.example.org/overens.git@v0.2.0",
        ),
        (
            "git+ssh://git@git.example.org/it/overens.git@v0.2.0",
            "overens @ git+ssh://git@git.example.org/it/overens.git@v0.2.0",
        ),
        (
            "https://pypi.example.org/packages/overens-0.2.0-py3-none-any.whl",
            "overens @ https://pypi.example.org/packages/overens-0.2.0-py3-none-any.whl",
        ),
        (
            "git+file:///srv/mirror/overens@v0.2.0",
            "overens @ git+file:///srv/mirror/overens@v0.2.0",
        ),
    ],
)
def test_a_version_or_a_url_becomes_a_requirement(spec: str | None, expected: str) -> None:
    assert requirement(spec) == expected


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("latest", "neither a version nor a URL"),
        (">=0.2", "neither a version nor a URL"),
        ("overens==0.2.0", "neither a version nor a URL"),
        ("ftp://example.org/overens.tar.gz", "pip cannot install from a ftp: URL"),
        ("git+https://example.org/o.git@v1 --index-url x", "may not hold spaces"),
        (
            "git+https://example.org/$(whoami).git",
            "may not hold spaces, quotes, backslashes, $ or backticks",
        ),
        ('git+https://example.org/o.git"', "may not hold"),
        ("git+https://example.org/`id`.git", "may not hold"),
    ],
)
def test_anything_else_is_a_usage_error_that_shows_the_forms(spec: str, says: str) -> None:
    with pytest.raises(UsageError) as caught:
        requirement(spec)
    assert says in str(caught.value)
    assert "0.2.0" in str(caught.value) and "git+https://" in str(caught.value)
    assert caught.value.exit_code == 2
