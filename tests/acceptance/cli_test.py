from __future__ import annotations

from pathlib import Path

from overens import __version__


def test_version(run_line) -> None:
    result = run_line(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"overens {__version__}\n"


def test_fixture_repo_validates_clean(run_line, demo_repo: Path) -> None:
    result = run_line(["validate", "--repo", demo_repo])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 5 files" in result.stderr


def test_a_closed_pipe_is_not_a_bug(tmp_path: Path) -> None:
    """`overens rules | head -n 1`: the reader has gone before overens writes; that is no bug."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, as after `head` has exited
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "overens", "rules"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 0, proc.stderr
    assert "bug" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
