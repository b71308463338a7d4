"""Reading one file into the model's input: parsed, schema-checked and scanned for personal data,
every problem a finding with its line (the loader's first step, one file at a time)."""

from __future__ import annotations

import operator
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.errors import YamlProblem
from overens.model import personal_numbers
from overens.model.findings import Finding, Findings, Severity
from overens.model.identity import WINDOWS_RESERVED
from overens.model.shown import (
    describe,
    may_hold_unsafe,
    printable,
    unsafe_character,
    unsafe_values,
)
from overens.store.files import read_text
from overens.store.folders import link_target


@dataclass(frozen=True, slots=True)
class Loaded:
    """A parsed, schema-valid file: its data, its text (for locating lines) and its path."""

    rel: str
    data: dict[str, Any]
    text: str


class Collector:
    """Reads files into :class:`Loaded` values and collects every problem as a finding."""

    def __init__(self, root: Path, findings: Findings, documents: str | None = None) -> None:
        self.root = root
        self._prefix = str(root).rstrip("/") + "/"
        self.findings = findings
        self._environment = documents
        """With ``documents`` (the program's cache key), valid documents come from the cache."""
        self.documents: Any = None

    def open_documents(self, agreement: str) -> None:
        if self._environment is not None:
            from overens.store.documents_cache import Documents

            self.documents = Documents(self.root, agreement, self._environment)

    def close_documents(self) -> None:
        if self.documents is not None:
            self.documents.save()
            self.documents = None

    def rel(self, path: Path) -> str:
        text = str(path)
        if os.sep == "/" and text.startswith(self._prefix):
            return text[len(self._prefix) :]  # the same as below, without pathlib's cost
        return path.relative_to(self.root).as_posix()

    def add(
        self,
        rel: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        rule: str = "structure",
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
        agreement: str | None = None,
    ) -> None:
        # A message may quote a value: a personal identity number is never shown in full, and
        # no control character or a megabyte of text reaches the terminal.
        message = printable(personal_numbers.redact(message))
        self.findings.add(
            Finding(printable(rel), line, column, rule, severity, message, hint, agreement)
        )

    def add_at(
        self,
        loaded: Loaded,
        json_path: Sequence[str | int],
        message: str,
        *,
        key: bool = False,
        hint: str | None = None,
        agreement: str | None = None,
        severity: Severity = Severity.ERROR,
        rule: str = "structure",
    ) -> None:
        from overens.store import line_marks

        where = (line_marks.locate_key if key else line_marks.locate)(loaded.text, json_path)
        line, column = where if where else (None, None)
        self.add(
            loaded.rel,
            message,
            line=line,
            column=column,
            hint=hint,
            agreement=agreement,
            severity=severity,
            rule=rule,
        )

    def read(self, path: Path, kind: str, agreement: str | None) -> Loaded | None:
        rel = self.rel(path)
        documents, key = self.documents, ""
        try:
            text = read_text(path)
            if documents is not None:
                key = documents.key(kind, text)
                cached = documents.get(key)
                if cached is not None:
                    return Loaded(rel, cached, text)
            from overens.store import safe_yaml  # PyYAML: only for a file not in the cache

            data = safe_yaml.parse(text, rel)
        except YamlProblem as e:
            self.add(
                rel,
                e.problem,
                line=e.line,
                column=e.column,
                rule="yaml",
                hint=e.hint,
                agreement=agreement,
            )
            return None
        if not isinstance(data, dict):
            what = "empty" if data is None else f"a {type(data).__name__}"
            from overens.store import line_marks

            line, column = line_marks.locate(text, []) or (1, 1)
            self.add(
                rel,
                f"the file must hold a mapping of keys to values, but it is {what}",
                line=line,
                column=column,
                rule="schema",
                agreement=agreement,
                hint=f"see schemas/{kind}.schema.json for the keys a {kind} file has",
            )
            return None
        loaded = Loaded(rel, data, text)
        valid = self._valid(loaded, kind, agreement)
        if valid and documents is not None:
            documents.put(key, data)
        return loaded if valid else None

    def _valid(self, loaded: Loaded, kind: str, agreement: str | None) -> bool:
        """Check a parsed file against its schema and for personal identity numbers; every
        problem is a finding at its line."""
        # jsonschema: only for files not found in the document cache
        from overens.store import schemas

        valid = True
        for issue in schemas.iter_issues(kind, loaded.data):
            valid = False
            self.add_at(
                loaded,
                issue.json_path,
                issue.message,
                key=issue.points_at_key,
                hint=issue.hint,
                agreement=agreement,
                rule=issue.rule,
            )
        may_hold = personal_numbers.may_hold(loaded.text)
        exotic = may_hold and personal_numbers.exotic(loaded.text)
        for json_path, shown in (
            personal_numbers.scan(loaded.data, exotic=exotic) if may_hold else ()
        ):
            valid = False
            where = ".".join(map(str, json_path))
            self.add_at(
                loaded,
                json_path,
                f"'{where}' holds a personal identity number ({shown}), "
                "which is personal data and is never stored",
                agreement=agreement,
                rule="personal-data",
                hint="remove it; an organisation is identified by its "
                "organisationsnummer, a person by name and role only",
            )
        if may_hold_unsafe(loaded.text):
            for json_path, ch, in_key in unsafe_values(loaded.data):
                valid = False
                where = ".".join(printable(str(p)) for p in json_path)
                self.add_at(
                    loaded,
                    json_path,
                    f"{'the key' if in_key else 'the value of'} '{where}' holds the character "
                    f"{describe(ch)}, which no value may hold",
                    key=in_key,
                    agreement=agreement,
                    rule="control-character",
                    hint="remove it (it is invisible in most editors, or changes how the text "
                    "reads); sign refuses it too, and a line break is the only control "
                    "character allowed",
                )
        return valid


def refuse_symlinked(folder: Path, c: Collector, agreement: str) -> bool:
    if folder.is_symlink():
        c.add(
            c.rel(folder),
            f"the folder is a symbolic link (to {link_target(folder)}); nothing in it is read",
            agreement=agreement,
            hint="replace the link with a real folder inside the repository",
        )
        return True
    return False


def refuse_folder(folder: Path, c: Collector) -> bool:
    """An agreement folder that is not read: a symbolic link, or a name holding a character no
    name may hold (a finding each)."""
    ch = unsafe_character(folder.name)
    if ch is not None:
        c.add(
            c.rel(folder),
            f"the folder name holds the character {describe(ch)}; nothing in it is read",
            hint="rename the folder to the agreement's id (lower-case letters, digits, hyphens)",
        )
        return True
    return refuse_symlinked(folder, c, folder.name)


_BY_NAME = operator.attrgetter("name")


def yaml_files(folder: Path, c: Collector, agreement: str) -> list[Path]:
    return [folder / name for name in yaml_names(folder, c, agreement)]


def yaml_names(
    folder: Path, c: Collector, agreement: str, skipped: list[str] | None = None
) -> list[str]:
    """The names of the ``*.yaml`` files in ``folder`` the loader reads, by name; findings for
    the entries it does not. ``skipped`` gets the other entries named ``*.yaml`` (hidden ones,
    names no file may have, folders)."""
    if refuse_symlinked(folder, c, agreement) or not folder.is_dir():
        return []
    names = []
    others = []
    # os.scandir and names rather than Path objects, and the names sorted rather than the
    # entries: the order is the same (one folder's paths sort by name), at a fraction of the cost
    # for 10,000 signatories. The other entries are taken in that order too, after the usual ones.
    reserved = WINDOWS_RESERVED
    with os.scandir(folder) as it:
        for item in it:
            name = item.name
            if (  # the usual file, without a call (_bad_name decides the others)
                name.endswith(".yaml")
                and name[0] != "."
                and name.isascii()
                and name.isprintable()
                and item.is_file(follow_symlinks=False)
                and name.split(".", 1)[0].lower() not in reserved
            ):
                names.append(name)
            else:
                others.append(item)
    for item in sorted(others, key=_BY_NAME):
        name = item.name
        if name.startswith("."):
            if skipped is not None and name.endswith(".yaml"):
                skipped.append(name)
            continue
        if name.endswith(".yaml"):
            if not _bad_name(folder, item, c, agreement):
                names.append(name)
                continue
            if skipped is not None:
                skipped.append(name)
        entry = folder / name
        if entry.suffix == ".yml":
            c.add(
                c.rel(entry),
                "overens reads .yaml files only; this file is ignored",
                severity=Severity.WARNING,
                hint=f"rename it to {entry.stem}.yaml",
                agreement=agreement,
            )
        else:
            c.add(
                c.rel(entry),
                f"unexpected entry in {folder.name}/; it is ignored",
                severity=Severity.WARNING,
                agreement=agreement,
                hint="each file here must be a .yaml file",
            )
    names.sort()
    return names


def _bad_name(folder: Path, item: os.DirEntry[str], c: Collector, agreement: str) -> bool:
    """True (and a finding) when a ``*.yaml`` entry is not read: a name with a character no
    name may hold, a name Windows reserves, or an entry that is neither a file nor a link (a
    folder, a named pipe, a device: opening a pipe would wait for ever)."""
    name = item.name  # not the usual file: yaml_names takes those without asking
    rel = c.rel(folder / name)
    ch = unsafe_character(name)
    if ch is not None:
        c.add(
            rel,
            f"the file name holds the character {describe(ch)}; the file is not read",
            agreement=agreement,
            hint="rename the file to its id (lower-case letters, digits and hyphens)",
        )
        return True
    if name.split(".")[0].lower() in WINDOWS_RESERVED:
        c.add(
            rel,
            f"the file name {name} is reserved on Windows, where a clone of the repository "
            "fails to check it out",
            agreement=agreement,
            hint="rename the file and its id, e.g. to " + name.split(".")[0] + "-org.yaml",
        )
    try:
        mode = os.lstat(folder / name).st_mode
    except OSError:
        return True
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return False
    kind = (
        "a folder" if stat.S_ISDIR(mode) else "not a regular file (a named pipe, socket or device)"
    )
    c.add(
        rel,
        f"{name} is {kind}; it is not read",
        agreement=agreement,
        hint="a signatory, principle or body is a plain .yaml file; remove this entry",
    )
    return True


def check_id(c: Collector, loaded: Loaded, expected: str, what: str, agreement: str) -> None:
    if loaded.data["id"] != expected:
        c.add_at(
            loaded,
            ["id"],
            f"the {what} id {loaded.data['id']!r} does not match its "
            f"{'folder' if what == 'agreement' else 'file'} name {expected!r}",
            hint=f"set id: {expected}, or rename the {'folder' if what == 'agreement' else 'file'}",
            agreement=agreement,
        )


def duplicates(values: Iterable[str]) -> list[str]:
    return [v for v, n in Counter(values).items() if n > 1]
