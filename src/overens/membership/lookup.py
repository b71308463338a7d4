"""An agreement's signatory files as sign, withdraw, confirm and erase need them: who each one
is, cheaply.

Looking up who has signed must not cost what validating every file costs. :func:`scan` takes the
name and organisation number of each file from the signatory index
(:mod:`overens.store.signatory_index`: only files whose stat changed are read, and those are
checked as the loader checks them); a file the index cannot vouch for (it has an error, or the
folder is one the loader refuses) is parsed for its name and number, as it always was. The one
file that will be changed is read and validated in full before it is touched
(:func:`load_target`). :func:`find` names a file by its slug, its organisation number or its
exact name, with "did you mean" for a near miss. A slug names its own file before anything else,
so :func:`look_up` given the slug of a file that is there reads that file alone.
"""

from __future__ import annotations

import difflib
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overens.constants import SIGNATORIES_DIR, SLUG
from overens.errors import PersonalDataError, RefusedError, SignatoryNotFoundError
from overens.model import personal_numbers
from overens.model.agreement import Agreement
from overens.model.identity import WINDOWS_RESERVED, SameNumber, Sought, name_key, org_digits
from overens.model.personal_numbers import is_personal_number, redact
from overens.model.shown import quoted
from overens.model.signatory import Signatory
from overens.model.summary import Who
from overens.store import safe_yaml, schemas
from overens.store.folders import relative


@dataclass(frozen=True, slots=True)
class Known:
    """Who each existing signatory file of an agreement is (to find duplicates), as
    :class:`~overens.model.summary.Who` records, by file name (a file's id is its name without
    ``.yaml``), and where they are: one record a file, the index's own where it has them, since a
    look-up in an agreement of 10,000 signatories would otherwise make 10,000 more."""

    folder: Path
    prefix: str
    """The folder relative to the root, with a trailing slash (as findings name it)."""
    files: list[Who]
    every: bool = True
    """Whether ``files`` holds every file (not only those a look-up's sieve let through)."""

    def __iter__(self) -> Iterator[Who]:
        return iter(self.files)

    def rel(self, who: Who) -> str:
        return f"{self.prefix}{who.id}.yaml"

    def described(self, files: Iterable[Who]) -> str:
        """Each file's name, number and path, as a refusal lists them."""
        return "; ".join(f"{k.name}, {k.org_number or 'no number'} ({self.rel(k)})" for k in files)

    def located(self, who: Who) -> tuple[Path, str, str]:
        """The file's path, its path relative to the root, and its id."""
        return self.folder / f"{who.id}.yaml", self.rel(who), who.id


@dataclass(frozen=True, slots=True)
class Target:
    """An existing signatory file that will be changed: validated, as model, text and data."""

    signatory: Signatory
    path: Path
    text: str
    data: dict[str, Any]


def scan(
    root: Path, agreement: Agreement, *, use_cache: bool = True, sought: Sought | None = None
) -> Known:
    """Every signatory file of the agreement (``signatories/*.yaml``), with the name and number it
    records: from the signatory index where it vouches for the file, parsed (not
    schema-validated) otherwise. ``use_cache=False`` parses every file and touches no cache.
    With ``sought``, the index leaves out the files it vouches for that cannot be that
    organisation (:meth:`~overens.model.identity.Sought.may_be`): who is a duplicate, a
    look-alike or the owner of a file name (a signing), and which file a slug, number or name
    names (:func:`find`), is the same on what is left."""
    folder = root / Path(agreement.path).parent / SIGNATORIES_DIR
    vouched: dict[str, Who] = {}
    names: Sequence[str] | None = None
    sieved = False
    if use_cache and os.path.realpath(folder) == str(folder):
        # The folder holds no symbolic link on its way from the (resolved) root, so a file's
        # path relative to the root is the folder's plus its name.
        from overens.store.signatory_index import identities

        found = identities(root, agreement, sought=sought)
        if found.complete:
            vouched, names, sieved = found.found, found.names, sought is not None
    if names is None:
        try:  # glob's *.yaml: every entry so named, hidden ones and folders too
            names = sorted(name for name in os.listdir(folder) if name.endswith(".yaml"))
        except OSError:
            names = []
    prefix = relative(root, folder / "_")[:-1]  # the folder resolved, as relative() names files
    get = vouched.get
    files = [get(name) or _parsed(folder, prefix, name) for name in names]
    return Known(folder, prefix, files, every=not sieved)


def _parsed(folder: Path, prefix: str, file: str) -> Who:
    """One file, parsed for its name and number only."""
    path = folder / file
    try:
        data = safe_yaml.load(path)
    except safe_yaml.YamlProblem as e:
        raise RefusedError(
            f"{e.message}; sign and withdraw cannot check who has signed while "
            "a signatory file cannot be read",
            hint=f"fix it first (overens validate {prefix}{file})",
        ) from None
    data = data if isinstance(data, dict) else {}
    name = data.get("name")
    name = name if isinstance(name, str) else path.stem
    number = data.get("org_number")
    return Who(path.stem, name, number if isinstance(number, str) else None, name_key(name))


def look_up(root: Path, agreement: Agreement, query: str, *, use_cache: bool = True) -> Target:
    """The one signatory file of ``agreement`` that ``query`` names (slug, organisation number or
    exact name), loaded and validated: the file withdraw, confirm, report and erase change."""
    text = _query_text(query)
    own = _own_file(root, agreement, text)
    if own is not None:  # what find would answer, without reading the other files
        return _load(*own)
    known = scan(root, agreement, use_cache=use_cache, sought=Sought.named(text))
    try:
        found = find(known, agreement.id, text)
    except SignatoryNotFoundError:
        if known.every:
            raise
        known = scan(root, agreement, use_cache=use_cache)  # every name, for "did you mean"
        found = find(known, agreement.id, text)
    return load_target(known, found)


def _own_file(root: Path, agreement: Agreement, text: str) -> tuple[Path, str, str] | None:
    """The path, relative path and id of the file ``<text>.yaml`` when ``text`` is a slug and
    that file is one :func:`scan` would find by it: a regular file that the loader reads, in a
    folder reached without a symbolic link. :func:`find` takes a slug for its file before any
    name, so no other file can change the answer. None otherwise."""
    if not SLUG.fullmatch(text) or text in WINDOWS_RESERVED:
        return None
    folder = root / Path(agreement.path).parent / SIGNATORIES_DIR
    path = folder / f"{text}.yaml"
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.path.realpath(folder) != str(folder):
            return None
    except OSError:
        return None
    return path, relative(root, path), text


def load_target(known: Known, who: Who) -> Target:
    """Load and validate the one signatory file that will be changed."""
    return _load(*known.located(who))


def _load(path: Path, rel: str, id: str) -> Target:
    text = safe_yaml.read_text(path)
    data = safe_yaml.parse(text, rel)
    issues = list(schemas.iter_issues("signatory", data)) if isinstance(data, dict) else []
    if not isinstance(data, dict) or issues or data.get("id") != id:
        what = issues[0].message if issues else "its id does not match its file name"
        raise RefusedError(
            f"{rel} has errors ({what}); it must be valid before it is changed",
            hint=f"run `overens validate {rel}` and fix what it reports",
        )
    return Target(Signatory.build(rel, data), path, text, data)


def _query_text(query: str) -> str:
    """The query in NFC without surrounding space; refused when it is or holds a personal
    identity number."""
    text = unicodedata.normalize("NFC", query).strip()
    if is_personal_number(text) or personal_numbers.contains(text):
        raise PersonalDataError(
            f"{quoted(personal_numbers.redact(text)) if not is_personal_number(text) else redact(text)}: "
            "this is, or holds, a personal identity number, which overens never stores",
            hint="name the organisation by its file name, number or name",
        )
    return text


def find(known: Known, agreement_id: str, query: str) -> Who:
    """The file named by slug, organisation number or exact name (NFC, case-folded), in that
    order: a slug names its own file even when another organisation's name reads the same. A
    name or number that more than one file records is refused (``overens check`` reports them
    as duplicates): the command would otherwise change one of them, chosen by its file name."""
    text = _query_text(query)
    for k in known:
        if k.id == text:
            return k
    key = name_key(text)
    found = [k for k in known if k.key == key]
    digits = org_digits(text)
    if not found and digits.isdigit() and len(digits) in (10, 12):
        same = SameNumber(digits)
        found = [k for k in known if k.org_number and same(k.org_number)]
    if len(found) > 1:
        raise RefusedError(
            f"{text!r} names more than one signatory file of {agreement_id}: "
            f"{known.described(found)}",
            hint=f"name the one you mean by its file name ({found[0].id} or "
            f"{found[1].id}); two files for one organisation must be merged into one, and "
            "`overens check` lists them",
        )
    if found:
        return found[0]
    raise _not_found(known, agreement_id, text)


def _not_found(known: Known, agreement_id: str, text: str) -> SignatoryNotFoundError:
    """No file is named so: with "did you mean" for the closest names or file names."""
    names = {k.name: k for k in known}
    ids = {k.id: k for k in known}
    close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6) or [
        ids[i].name for i in difflib.get_close_matches(text.lower(), list(ids), n=3, cutoff=0.6)
    ]
    guess = (
        "; did you mean " + " or ".join(f"{n!r} ({names[n].id})" for n in close) + "?"
        if close
        else ""
    )
    return SignatoryNotFoundError(
        f"no signatory {text!r} in the agreement {agreement_id}{guess}",
        hint=f"name it by its file name (see `overens list {agreement_id}`), organisation number "
        "or exact name",
    )


def find_existing(known: Known, agreement: Agreement, name: str, org_number: str) -> Target | None:
    """The file this organisation already has (same number, or same name), or None."""
    same, key = SameNumber(org_number), name_key(name)
    by_number = [k for k in known if k.org_number and same(k.org_number)]
    by_name = [k for k in known if k.key == key]
    found = {k.id: k for k in by_number + by_name}
    if len(found) > 1:
        raise RefusedError(
            f"{name} ({org_number}) matches more than one signatory file by its number or its "
            f"name: {known.described(found.values())}",
            hint="check the number and the name against the signed form; two files for one "
            "organisation must be merged into one first",
        )
    if not found:
        return None
    existing = load_target(known, next(iter(found.values())))
    s = existing.signatory
    if not by_number and s.org_number:
        if s.last.withdrawal is None:
            raise RefusedError(
                f"{s.name} is already a signatory of {agreement.id} ({s.path}); its organisation "
                f"number is {s.org_number}, not {org_number}",
                hint="two organisations may not share a name; if this is the same one, check the "
                "number",
            )
        raise RefusedError(
            f"a former signatory ({s.path}) has the name {s.name!r} but the organisation number "
            f"{s.org_number}, not {org_number}",
            hint="if it is the same organisation, give its number; otherwise the names must differ",
        )
    return existing
