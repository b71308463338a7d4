"""The core of `overens render`: which files to produce, then write them or compare (``--check``).

Rendering itself is :mod:`overens.documents.templates` (text) and :mod:`overens.documents.pdf` (bytes); this module
decides where each document goes and never writes a file whose content would not change, so a
rendered copy kept in git changes only when the agreement does.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from overens.documents.templates import (
    Format,
    Renderer,
    RenderOptions,
    render_document,
    uses_repository_templates,
)
from overens.errors import UsageError, ValidationFailed
from overens.model.agreement import Agreement
from overens.model.summary import Summary
from overens.store.files import atomic_write
from overens.store.folders import resolve_root
from overens.store.loader import load


class FileStatus(str, enum.Enum):
    """What happened to one output file."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    DIFFERS = "differs"
    MISSING = "missing"
    STDOUT = "stdout"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One rendered document: where it went (None: standard output) and what happened."""

    agreement: str
    fmt: Format
    path: Path | None
    status: FileStatus
    content: bytes


def file_name(agreement_id: str, fmt: Format, options: RenderOptions) -> str:
    """``<id>.<ext>``, ``<id>-signing-sheet.<ext>``, or ``<id>-plan-<period>.<ext>``."""
    if options.plan is not None:
        return f"{agreement_id}-plan-{options.plan}.{fmt.value}"
    return f"{agreement_id}{'-signing-sheet' if options.signing_sheet else ''}.{fmt.value}"


Loaded = tuple[Agreement, "tuple[Summary, ...] | None"]
"""An agreement, and its signatories as listed when it was loaded without them."""


def _agreements(
    root: Path, agreement_id: str | None, use_cache: bool, contacts: bool
) -> list[Loaded]:
    ids = [agreement_id] if agreement_id else None
    if agreement_id:
        from overens.store.folders import agreement_folder

        agreement_folder(root, agreement_id)  # an unknown id: "did you mean", exit 2
    if use_cache and not uses_repository_templates(root):
        # Signatories as documents list them, kept per file in .overens-cache/ ; None when
        # anything has an error, which the full load below then reports.
        from overens.store.signatory_index import load_listed

        found = load_listed(root, ids, contacts=contacts)
        if found:
            return [(f.agreement, f.signatories) for f in found]
    # Parsed, schema-valid documents come from .overens-cache/ while their text is unchanged .
    result = load(root, ids, documents=use_cache)
    errors = [f for f in result.findings.sorted() if f.severity.value == "error"]
    if errors:
        first = errors[0]
        raise ValidationFailed(
            f"{len(errors)} error(s) in the agreement files; overens renders only valid agreements. "
            f"The first: {first.location}: {first.message}",
            hint="run `overens validate` to see them all, and fix them",
        )
    if not result.repository.agreements:
        raise UsageError(
            f"there are no agreements in {root}/agreements/",
            hint="add one, or pass --repo PATH to the agreements repository",
        )
    return [(a, None) for a in result.repository.agreements]


def _targets(
    agreements: list[Loaded],
    formats: Sequence[Format],
    output: Path | None,
    many: bool,
    options: RenderOptions,
) -> list[tuple[Loaded, Format, Path | None]]:
    if not many:
        (agreement,), (fmt,) = agreements, formats
        if output is not None and output.is_dir():
            output = output / file_name(agreement[0].id, fmt, options)
        if output is None and fmt is Format.pdf:
            raise UsageError("--format pdf writes a file; give it with --output FILE.pdf")
        return [(agreement, fmt, output)]
    if output is None:
        raise UsageError(
            "--all and several --format options write one file per agreement and format; "
            "give the folder with --output DIR"
        )
    if output.exists() and not output.is_dir():
        raise UsageError(
            f"--output {output} is a file; with --all or several formats it must be a folder"
        )
    return [
        (a, fmt, output / file_name(a[0].id, fmt, options)) for a in agreements for fmt in formats
    ]


def render(
    agreement_id: str | None,
    formats: Sequence[Format],
    output: Path | None,
    options: RenderOptions,
    *,
    repo: Path | None = None,
    check: bool = False,
    use_cache: bool = True,
) -> list[Outcome]:
    """Render one agreement (or every one, when ``agreement_id`` is None) in ``formats``.

    Writes each file atomically unless its content is already the same; with ``check``, writes
    nothing and reports which files differ or are missing. Documents without a path (one
    Markdown or HTML document and no ``--output``) are returned for the caller to print.
    ``use_cache=False`` reads every file and neither reads nor writes ``.overens-cache/`` (the
    same bytes, computed from scratch).
    """
    formats = list(dict.fromkeys(formats)) or [Format.md]
    if check and output is None:
        raise UsageError(
            "--check compares the rendered document with a file; give it with --output"
        )
    root = resolve_root(repo).resolve()
    agreements = _agreements(root, agreement_id, use_cache, options.include_contacts)
    many = agreement_id is None or len(formats) > 1
    renderers: dict[tuple[str, str], Renderer] = {}
    outcomes = []
    for (agreement, signatories), fmt, path in _targets(agreements, formats, output, many, options):
        lang = options.lang or agreement.language
        key = (fmt.template_format, lang)
        if key not in renderers:
            renderers[key] = Renderer.create(fmt.template_format, lang, root)
        others = linked_agreements(root, agreement)
        text = render_document(agreement, fmt, options, root, renderers[key], signatories, others)
        if fmt is Format.pdf:
            from overens.documents.pdf import html_to_pdf

            content = html_to_pdf(text)
        else:
            content = text.encode("utf-8")
        outcomes.append(Outcome(agreement.id, fmt, path, _settle(path, content, check), content))
    return outcomes


def linked_agreements(root: Path, agreement: Agreement) -> dict[str, Agreement]:
    """The agreements ``agreement``'s succession names, where they are in the repository: their
    agreement.yaml and principles only (the document shows their titles)."""
    from overens.store.folders import agreement_folders
    from overens.store.loader import load_agreement_text

    if not agreement.succession.linked:
        return {}
    here = {f.name for f in agreement_folders(root)}
    found = {}
    for other_id in agreement.succession.linked:
        if other_id in here:
            other, _ = load_agreement_text(root, other_id)
            if other is not None:
                found[other_id] = other
    return found


def _settle(path: Path | None, content: bytes, check: bool) -> FileStatus:
    if path is None:
        return FileStatus.STDOUT
    current = path.read_bytes() if path.is_file() else None
    if current == content:
        return FileStatus.UNCHANGED
    if check:
        return FileStatus.MISSING if current is None else FileStatus.DIFFERS
    atomic_write(path, content)
    return FileStatus.WRITTEN
