"""SECURITY.md states how many bad inputs and fault scenarios the suite tries; this keeps the
figures true ("the README or SECURITY.md states the figures")."""

from __future__ import annotations

import re
import sys
from pathlib import Path

TESTS = Path(__file__).parent
sys.path[:0] = [
    str(TESTS / d) for d in ("acceptance", "faults", "property") if str(TESTS / d) not in sys.path
]

import concurrency_and_states_test
import erase_copies_test
import git_failures_test
import hostile_data_test
import hostile_names_test
import hostile_paths_test
import hostile_props_test
import hostile_templates_test
import hostile_test
import identity_props_test
import kill_test
import loader_props_test
import personal_data_test
import prepared_messages_test
import roundtrip_props_test


def _stated() -> dict[str, int]:
    text = (TESTS.parent / "SECURITY.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| (?:\*\*)?(\d+)(?:\*\*)? \|$", text, flags=re.MULTILINE)
    return {label.strip("* "): int(n) for label, n in rows}


def _properties() -> list[int]:
    return [
        f._hypothesis_internal_use_settings.max_examples
        for m in (loader_props_test, identity_props_test, roundtrip_props_test, hostile_props_test)
        for name, f in vars(m).items()
        if name.startswith("test_") and hasattr(f, "hypothesis")
    ]


def test_the_figures_in_security_md_are_the_suites() -> None:
    generated = [
        n
        for n in vars(hostile_test)
        if n.startswith("test_") and n not in ("test_every_case_has_a_file", "test_refused_input")
    ]
    bad = {
        "Bad input files, one per case, refused with their file and line (`tests/hostile/refused/`)": len(
            hostile_test.CASES
        ),
        "Bad files made by the tests (a 50 MB file, links to files and folders outside)": len(
            generated
        ),
        "Arguments and planted links that try to leave their folder": hostile_paths_test.HOSTILE_ARGUMENTS,
        "Places a personal identity number is offered and refused": personal_data_test.PERSONAL_NUMBER_CASES,
        "Hostile repository templates, one per case (`tests/hostile/templates/`)": len(
            hostile_templates_test.CASES
        ),
        "Ways a templates folder is made to lead outside, for render, validate and check": hostile_templates_test.TEMPLATE_LINK_CASES,
        "Set-ups and arguments generated for every command (links and special files in the data, "
        "a personal identity number written nine ways in twelve options, the machine's limits)": hostile_data_test.DATA_SETUP_CASES,
        "Histories holding copies of erased data (earlier names, five written forms, messages), "
        "purged by the printed commands and searched": erase_copies_test.ERASE_COPY_CASES,
    }
    faults = {
        "`sign`, `withdraw` and `erase` killed with SIGKILL at a point of a change": len(
            kill_test.SCENARIOS
        ),
        "Processes signing at once (eight organisations, all committed)": 1,
        "A commit hook that rejects, for each writing command": len(
            concurrency_and_states_test.COMMANDS
        ),
        "A git state refused with nothing written (merge, rebase, a merge's waiting autostash, "
        "detached HEAD, no repository) × each writing command": len(
            concurrency_and_states_test.GIT_STATE_CASES
        ),
        "A lock git holds, or a commit hook that changes what is committed, × each writing "
        "command; git failing unexpectedly; a repository git does not trust or cannot read, for "
        "each command that needs git": git_failures_test.GIT_FAILURE_CASES,
        "A message git prepared for the user's next commit (`merge --squash`, `cherry-pick -n`) "
        "kept across a signing's or a withdrawal's commit, a kill after it and a refused commit": (
            prepared_messages_test.PREPARED_MESSAGE_CASES
        ),
    }
    expected = {
        **bad,
        "Bad inputs tried": sum(bad.values()),
        "Dangerous but valid names, stored as given and rendered escaped (`tests/hostile/accepted/`)": len(
            hostile_names_test.ACCEPTED
        ),
        "Property-based tests (hypothesis)": len(_properties()),
        "Examples the property tests ask hypothesis for per run (their `max_examples`)": sum(
            _properties()
        ),
        **faults,
        "Fault scenarios survived": sum(faults.values()),
    }
    assert _stated() == expected
