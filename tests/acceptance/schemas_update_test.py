"""`overens schemas update`: a repository's copy of the schemas kept in step with overens.

The repositories are made by the real `overens init`; "an older overens" is played by a copy whose
schemas and manifest are those of an earlier release (a schema with one description changed).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import PROJECT, snapshot_tree
from overens._version import __version__
from overens.resources import shipped_dir

NAMES = (
    "agreement.schema.json",
    "body.schema.json",
    "principle.schema.json",
    "signatory.schema.json",
)


@pytest.fixture
def made(run_line, tmp_path: Path) -> Path:
    root = tmp_path / "avtal"
    assert run_line(["init", root]).exit_code == 0
    return root


def _manifest(root: Path) -> dict:
    return json.loads((root / "schemas/.overens-schemas.json").read_text(encoding="utf-8"))


def _as_if_written_by_an_older_overens(root: Path) -> str:
    """Change one schema as an earlier release would have shipped it, and record it so."""
    path = root / "schemas/body.schema.json"
    older = path.read_text(encoding="utf-8").replace(
        '"title": "overens body members"', '"title": "overens body members (old)"'
    )
    path.write_text(older, encoding="utf-8")
    manifest = _manifest(root)
    manifest["sha256"]["body.schema.json"] = hashlib.sha256(older.encode()).hexdigest()
    (root / "schemas/.overens-schemas.json").write_text(json.dumps(manifest), encoding="utf-8")
    return older


def test_init_records_what_it_wrote(made: Path) -> None:
    manifest = _manifest(made)
    assert manifest["written_by"] == f"overens {__version__}"
    assert manifest["sha256"] == {
        name: hashlib.sha256((PROJECT / "schemas" / name).read_bytes()).hexdigest()
        for name in NAMES
    }


def test_in_step_changes_nothing(run_line, made: Path) -> None:
    before = snapshot_tree(made)
    result = run_line(["schemas", "update", "--repo", made])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"schemas/ is already in step with overens {__version__} (4 files unchanged)\n"
    )
    assert snapshot_tree(made) == before


def test_an_older_copy_is_updated_and_says_what_changed(run_line, made: Path) -> None:
    _as_if_written_by_an_older_overens(made)
    (made / "schemas/principle.schema.json").unlink()  # deleted by someone: added back
    dry = run_line(["schemas", "update", "--dry-run"], cwd=made / "agreements")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines() == [
        "would add schemas/principle.schema.json",
        "would update schemas/body.schema.json",
        f"schemas/ would be in step with overens {__version__}",
    ]
    assert not (made / "schemas/principle.schema.json").exists()

    result = run_line(["schemas", "update"], cwd=made / "agreements")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "add schemas/principle.schema.json",
        "update schemas/body.schema.json",
        (f"schemas/ is now in step with overens {__version__}; review and commit the change"),
    ]
    for name in NAMES:
        assert (made / "schemas" / name).read_bytes() == (PROJECT / "schemas" / name).read_bytes()
    assert (
        _manifest(made)["sha256"]["body.schema.json"]
        == hashlib.sha256((PROJECT / "schemas/body.schema.json").read_bytes()).hexdigest()
    )
    assert run_line(["check", "--repo", made]).exit_code == 0


def test_a_schema_no_longer_shipped_is_removed(run_line, made: Path) -> None:
    old = made / "schemas/common.schema.json"
    old.write_text('{"$defs": {}}\n', encoding="utf-8")
    manifest = _manifest(made)
    manifest["sha256"]["common.schema.json"] = hashlib.sha256(old.read_bytes()).hexdigest()
    manifest["sha256"]["../agreements/exempel/agreement.yaml"] = "0" * 64  # never a path outside
    (made / "schemas/.overens-schemas.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_line(["schemas", "update", "--repo", made])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "remove schemas/common.schema.json"
    assert not old.exists()
    assert (made / "agreements/exempel/agreement.yaml").exists()
    assert set(_manifest(made)["sha256"]) == set(NAMES)


def test_local_edits_are_kept_unless_forced(run_line, made: Path) -> None:
    edited = made / "schemas/signatory.schema.json"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace('"maxLength": 300', '"maxLength": 30'),
        encoding="utf-8",
    )
    _as_if_written_by_an_older_overens(made)
    before = snapshot_tree(made)
    refused = run_line(["schemas", "update", "--repo", made])
    assert refused.exit_code == 1
    assert (
        "schemas/signatory.schema.json: edited here (different from what overens wrote), so not replaced"
        in refused.stderr
    )
    assert "nothing was written" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.output
    assert snapshot_tree(made) == before  # not even the unedited body schema

    forced = run_line(["schemas", "update", "--repo", made, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "update schemas/signatory.schema.json (replacing local edits)" in forced.stdout
    assert "update schemas/body.schema.json\n" in forced.stdout
    assert edited.read_bytes() == (PROJECT / "schemas/signatory.schema.json").read_bytes()


def test_a_repository_without_a_copy_gets_one(run_line, demo_repo: Path) -> None:
    result = run_line(["schemas", "update", "--repo", demo_repo])
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[:-1]] == ["add"] * 4
    assert set(_manifest(demo_repo)["sha256"]) == set(NAMES)
    # The files that were there but never recorded are local edits: not replaced without --force.
    (demo_repo / "schemas/.overens-schemas.json").unlink()
    edited = demo_repo / "schemas/body.schema.json"
    edited.write_text("{}\n", encoding="utf-8")
    assert run_line(["schemas", "update", "--repo", demo_repo]).exit_code == 1


def test_an_unreadable_manifest_is_refused_with_a_way_out(run_line, made: Path) -> None:
    (made / "schemas/.overens-schemas.json").write_text("{not json", encoding="utf-8")
    result = run_line(["schemas", "update", "--repo", made])
    assert result.exit_code == 1
    assert (
        "schemas/.overens-schemas.json: cannot read the record of the schemas overens wrote"
        in result.stderr
    )
    assert "--force" in result.stderr and "Traceback" not in result.output


def test_a_linked_schemas_folder_is_refused(run_line, made: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (made / "schemas").rename(outside)
    (made / "schemas").symlink_to(outside)
    result = run_line(["schemas", "update", "--repo", made])
    assert result.exit_code == 1
    assert "schemas is a symbolic link" in result.stderr


def test_overens_own_checkout_is_its_own_source(run_line) -> None:
    if shipped_dir("schemas") != PROJECT / "schemas":
        pytest.skip("overens is installed from a wheel here, not from this checkout")
    result = run_line(["schemas", "update", "--repo", PROJECT])
    assert result.exit_code == 0, result.output
    assert "already in step" in result.stdout
    assert not (PROJECT / "schemas/.overens-schemas.json").exists()
