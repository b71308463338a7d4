"""Property: whatever text or bytes a file holds, reading it gives data or a clean finding with
its path, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overens.model.findings import Finding
from overens.store import safe_yaml
from overens.store.loader import check_file

# Pieces of YAML that exercise the parser's corners: indentation and tabs, flow collections,
# anchors and aliases (and merge keys), explicit and unsafe tags, scalars the resolver claims
# (ints, floats, bools, dates), quoting and escapes, documents and directives, control
# characters and a byte-order mark.
PIECES = [
    "id",
    "name",
    "a",
    "b",
    ": ",
    ":",
    "- ",
    "\n",
    "  ",
    "    ",
    "\t",
    ", ",
    "[",
    "]",
    "{",
    "}",
    "&x ",
    "*x",
    "&y [*x, *x]",
    "<<: *x",
    "<<: ",
    "? ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!map ",
    "!!seq ",
    "!!set ",
    "!!omap ",
    "!!binary ",
    "!!timestamp ",
    "!local ",
    "!!python/object/apply:os.system ['true']",
    "0x_",
    "0b_",
    "0o7",
    "1_000",
    "1e999",
    ".nan",
    "-.inf",
    "190:20:30",
    "2023-02-30",
    "2024-01-01T10:00:00Z",
    "yes",
    "No",
    "~",
    "null",
    "'",
    '"',
    "''",
    '"\\x07"',
    '"\\u0000"',
    '"\\ud800"',
    "#",
    " # c",
    "|",
    ">-",
    "|2",
    "---",
    "...",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\u00e5\u00e4\u00f6",
    "o\u0308",
    "\x07",
    "\ufeff",
    "\u2028",
    "\\",
    "%",
    "@",
    "`",
    "802004-6895",
    "811218-9876",
]
yamlish = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
texts = st.one_of(yamlish, st.text(max_size=120))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_parse_gives_data_or_a_yaml_problem(text: str) -> None:
    try:
        safe_yaml.parse(text, "agreements/x/signatories/x.yaml")
    except safe_yaml.YamlProblem as e:
        assert e.path == "agreements/x/signatories/x.yaml"
        assert str(e).startswith("agreements/x/signatories/x.yaml")
        assert e.problem


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(yamlish.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)),
    st.sampled_from(["agreement", "principle", "signatory", "body"]),
)
def test_check_file_gives_findings_with_a_path(data: bytes, kind: str) -> None:
    # The autouse isolation fixture only sets environment variables, the same for every example.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(data)
        findings = check_file(path, kind)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.path == "x.yaml"
        assert finding.message and "Traceback" not in finding.message
        assert finding.line is None or finding.line >= 1
