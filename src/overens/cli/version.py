"""`overens version`: the current version, its text hash, and the revisions."""

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from overens.cli.shared import (
    AgreementArgument,
    AsOfOption,
    FormatOption,
    JsonAliasOption,
    OutputFormat,
    RepoOption,
    as_of_day,
    err,
    handle_errors,
    wants_json,
)

if TYPE_CHECKING:
    from overens.revisions.versions import VersionInfo


@handle_errors
def version(
    agreement: AgreementArgument,
    output_format: FormatOption = OutputFormat.text,
    as_of: AsOfOption = None,
    repo: RepoOption = None,
    as_json: JsonAliasOption = False,
) -> None:
    """Print the agreement's version, the SHA-256 of its canonical text, and its revisions.

    Says whether the text still matches the hash declared for the current version; when it does
    not, prints the `overens revise` command that declares it. Lists the active signatories that
    have still to confirm the latest material revision.
    """
    from overens.revisions.versions import version_info
    from overens.store.folders import resolve_root

    day = as_of_day(as_of)
    info = version_info(resolve_root(repo), agreement, day)
    a = info.agreement
    if wants_json(output_format, as_json):
        sys.stdout.write(json.dumps(info.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out = [f"{a.id}: version {a.version}", f"text sha256: {a.text_sha256}"]
        out += _state(info, day)
        out += ["", "revisions:"]
        for r in a.revisions:
            mark = "*" if r.version == a.version else " "
            when = r.date.isoformat() if r.date else "(no date)"
            line = f" {mark} {r.version:<6} {when:<10}  {r.kind:<9}  {r.summary}"
            out.append(line + (f" ({r.decided_by})" if r.decided_by else ""))
        if info.awaiting:
            out += [
                "",
                f"to confirm version {a.version} (signed or confirmed an earlier material version):",
            ]
            out.extend(f"  {s.id}: {s.name} (version {s.last.version})" for s in info.awaiting)
        sys.stdout.write("\n".join(out) + "\n")
    if info.other_problems:
        err(
            f"warning: {info.other_problems} other problem(s) in {a.id}: files with errors are left out "
            f"of the text hash; run `overens validate agreements/{a.id}`"
        )


def _state(info: "VersionInfo", day: dt.date) -> list[str]:
    """Whether the text is the one its version declared, and what to do when it is not."""
    a = info.agreement
    if info.matches:
        return [f"  matches the hash declared for version {a.version}"]
    if not a.text_recorded:
        return [
            f"  the text of version {a.version} is not recorded (known by its decision): "
            "there is no hash to compare it with"
        ]
    if info.declared_sha256:
        return [
            f"  differs from the hash declared for version {a.version} ({info.declared_sha256}):",
            "  the text has changed; declare it as a new version (editorial: nobody signs",
            "  again; material: signatories confirm), and overens writes the revision:",
            "",
            f'  overens revise {a.id} --kind editorial --summary "What changed" '
            f'--decided-by "Who decided" --date {day}',
        ]
    if a.draft:
        return [
            f"  a draft: no version is declared yet; once the text is decided, "
            f"`overens adopt {a.id} --date YYYY-MM-DD --by BODY` declares version {a.version}"
        ]
    return [f"  version {a.version} is not declared in revisions"]
