"""Text hygiene: unfilled placeholders, principle numbering, and a current text that is not
recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from overens.checks.rules.base import Context, Issue, JsonPath, rule
from overens.model.agreement import Agreement, Section, Undertaking
from overens.model.findings import Severity

# What a placeholder looks like (docs/decisions/0203-placeholders.md). A parenthesis is a
# placeholder when it *describes what should stand there*: it starts with a word such as
# Kontaktperson, länk, namn or datum and holds no digits or @ (real contact details do). Ordinary
# parentheses, such as Örebro's labels "(Grunden för demokrati)", start with other words.
_WORDS = (
    "kontaktperson",
    "kontaktpersoner",
    "kontaktuppgifter",
    "länk",
    "namn",
    "namnförtydligande",
    "datum",
    "ort",
    "adress",
    "e-post",
    "epost",
    "telefon",
    "telefonnummer",
    "underskrift",
    "signatur",
    "titel",
    "befattning",
    "organisationens namn",
    "contact",
    "link",
    "name",
    "date",
    "address",
    "email",
    "e-mail",
    "phone",
    "signature",
    "insert",
)
# The words hold no regular-expression metacharacters, so they are joined as they are.
DEFAULT_PATTERNS: tuple[str, ...] = (
    r"(?i)\((?:" + "|".join(_WORDS) + r")\b[^()\d@]*\)",
    r"(?i)\[\s*(?:skriv|infoga|ange|fyll i|lägg in|text|" + "|".join(_WORDS) + r")\b[^\]]*\]",
    r"\bX{3,}\b",
    r"\b(?:TODO|FIXME|TBD)\b",
    r"\?{3,}",
    r"<<[^<>]*>>",
)


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _section_texts(
    sections: tuple[Section, ...], where: JsonPath
) -> Iterator[tuple[JsonPath, str, str]]:
    for i, s in enumerate(sections):
        here = (*where, i)
        label = f"section \u201d{s.title}\u201d" if s.title else f"the untitled section {s.id}"
        if s.title:
            yield (*here, "title"), s.title, label
        if s.text:
            yield (*here, "text"), s.text, label
        for j, item in enumerate(s.items):
            yield (*here, "items", j), item, label
        if s.closing:
            yield (*here, "closing"), s.closing, label
        yield from _section_texts(s.sections, (*here, "sections"))


def _undertakings(
    items: tuple[Undertaking, ...], where: JsonPath, label: str
) -> Iterator[tuple[JsonPath, str, str]]:
    for i, u in enumerate(items):
        yield (*where, i, "text"), u.text, label


def texts(a: Agreement) -> Iterator[tuple[str, JsonPath, str, str]]:
    """Every piece of the agreement's text: (file, JSON path, text, what it is).

    The same text the canonical hash covers: not sources, revisions or checks.
    """
    main = a.path
    for key, value in (("title", a.title), ("subtitle", a.subtitle)):
        if value:
            yield main, (key,), value, key
    for i, party in enumerate(a.parties):
        yield main, ("parties", i, "name"), party.name, "the parties"
    for where, text, label in _section_texts(a.sections, ("sections",)):
        yield main, where, text, label
    if a.actions_title:
        yield main, ("actions", "title"), a.actions_title, "the actions"
    for where, text, label in _undertakings(a.actions, ("actions", "items"), "the actions"):
        yield main, where, text, label
    for i, b in enumerate(a.bodies):
        for key, value in (
            ("name", b.name),
            ("purpose", b.purpose),
            ("appointment", b.appointment),
        ):
            if value:
                yield main, ("bodies", i, key), value, f"body \u201d{b.name}\u201d"
        for j, seat in enumerate(b.seats):
            yield main, ("bodies", i, "seats", j, "label"), seat.label, f"body \u201d{b.name}\u201d"
    t = a.terms
    yield from _lifecycle_texts(a)
    for path, value in (
        (("contact_person", "text"), t.contact_text),
        (("joining", "text"), t.joining_text),
        (("withdrawal", "text"), t.withdrawal_text),
        (("renegotiation", "text"), t.renegotiation_text),
        (("follow_up", "forum"), t.follow_up_forum),
        (("follow_up", "text"), t.follow_up_text),
        (("validity", "text"), t.validity_text),
    ):
        if value:
            yield main, ("terms", *path), value, f"the terms ({path[0].replace('_', ' ')})"
    sb = a.signature_block
    for key, value in (
        ("heading", sb.heading),
        ("intro", sb.intro),
        ("copies_text", sb.copies_text),
    ):
        if value:
            yield main, ("signature_block", key), value, "the signature block"
    for p in a.principles:
        label = f"principle {p.number}"
        yield p.path, ("title",), p.title, label
        if p.text:
            yield p.path, ("text",), p.text, label
        for group in ("actions", "responsibilities", "commitments"):
            for where, text, lab in _undertakings(getattr(p, group), (group,), label):
                yield p.path, where, text, lab


def _lifecycle_texts(a: Agreement) -> Iterator[tuple[str, JsonPath, str, str]]:
    """The text of the terms and bodies an agreement's whole life adds: criteria, channels,
    review cycles, plans, recurring events, body roles and how seats are filled."""
    main, t = a.path, a.terms
    joining = ("terms", "joining")
    for i, c in enumerate(t.criteria):
        yield main, (*joining, "criteria", i, "text"), c.text, "the terms (joining criteria)"
        if c.exceptions:
            yield (
                main,
                (*joining, "criteria", i, "exceptions"),
                c.exceptions,
                "the terms (joining criteria)",
            )
    for i, ch in enumerate(t.channels):
        yield main, (*joining, "channels", i, "label"), ch.label, "the terms (joining channels)"
    for i, r in enumerate(t.reviews):
        if r.text:
            yield main, ("terms", "reviews", i, "text"), r.text, "the terms (reviews)"
    if t.plans.text:
        yield main, ("terms", "plans", "text"), t.plans.text, "the terms (plans)"
    for i, e in enumerate(t.events):
        yield main, ("terms", "events", i, "title"), e.title, "the terms (events)"
        if e.text:
            yield main, ("terms", "events", i, "text"), e.text, "the terms (events)"
    for i, b in enumerate(a.bodies):
        label = f"body \u201d{b.name}\u201d"
        for j, role in enumerate(b.roles):
            yield main, ("bodies", i, "roles", j, "title"), role.title, label
            if role.text:
                yield main, ("bodies", i, "roles", j, "text"), role.text, label
        for j, seat in enumerate(b.seats):
            if seat.selection and seat.selection.text:
                where = ("bodies", i, "seats", j, "selection", "text")
                yield main, where, seat.selection.text, label


@rule(
    "placeholders",
    Severity.ERROR,
    "The text holds no unfilled placeholders.",
    builtin={"patterns": list(DEFAULT_PATTERNS)},
)
def placeholders(ctx: Context) -> Iterator[Issue]:
    """The agreement's text (every prose field of agreement.yaml and the principles; not sources,
    revisions or checks) holds no unfilled placeholder: a parenthesis that describes what should
    stand there, such as \u201d(Kontaktperson och kontaktuppgifter …)\u201d or \u201d(länk till hemsida …)\u201d
    (it starts with a word such as Kontaktperson, kontaktuppgifter, länk, namn or datum and holds
    no digits or @), a bracketed instruction such as \u201d[Skriv text]\u201d, XXX, TODO, FIXME, TBD, ???
    or <<…>>. Ordinary parentheses, such as \u201d(Grunden för demokrati)\u201d, are left alone.
    Parameter `patterns` replaces the list of regular expressions, `extra_patterns` adds to it."""
    patterns = tuple(ctx.param("patterns", DEFAULT_PATTERNS)) + tuple(
        ctx.param("extra_patterns", ())
    )
    compiled = _compile(patterns)
    for path, where, text, label in texts(ctx.agreement):
        seen: set[tuple[int, int]] = set()
        for pattern in compiled:
            for match in pattern.finditer(text):
                if any(s <= match.start() < e or match.start() <= s < match.end() for s, e in seen):
                    continue
                seen.add(match.span())
                found = match.group(0)
                yield Issue(
                    path,
                    where,
                    f"unfilled placeholder \u201d{found}\u201d in {label}",
                    hint="write the real text in its place (a change of text: declare a revision); "
                    "if it is meant literally, narrow checks.placeholders.params.patterns",
                    needle=found,
                )


_NUMBERED_TITLE = re.compile(
    r"^\s*(?:princip(?:en)?\s+)?(?:nr\.?\s*)?(\d+)\s*[.:)\-–]", re.IGNORECASE
)


@rule("principle-numbering", Severity.ERROR, "The principles are numbered as the text states.")
def principle_numbering(ctx: Context) -> Iterator[Issue]:
    """The principles are as many as the text states (parameter `count`, for example 6 for
    \u201dde sex nationella principerna\u201d), and a title that carries a number (\u201d3. Kvalitet\u201d) carries
    the principle's own number. Gaps and duplicates in the `number` fields themselves are
    structural errors that every run reports (rule `structure`)."""
    a = ctx.agreement
    count = ctx.param("count")
    # A principle file that could not be read is reported where it is; its absence is not a gap.
    if count is not None and count != len(a.principles) and a.complete:
        numbers = ", ".join(str(p.number) for p in a.principles) or "none"
        yield Issue(
            a.path,
            ("checks", "principle-numbering", "params", "count"),
            f"the text states {count} principles, but {len(a.principles)} are recorded ({numbers})",
            hint="add the missing principles under principles/ (or correct `count`)",
        )
    for p in a.principles:
        m = _NUMBERED_TITLE.match(p.title)
        if m and int(m.group(1)) != p.number:
            yield Issue(
                p.path,
                ("title",),
                f"principle {p.number}'s title is numbered {m.group(1)}: \u201d{p.title}\u201d",
                hint="renumber the principle or its title so that the two agree",
            )


@rule(
    "text-not-recorded",
    Severity.INFO,
    "The current version's text is recorded, so it can be checked against its hash.",
    applies_when="the current version has `text_recorded: false`",
    applies=lambda a: not a.text_recorded,
)
def text_not_recorded(ctx: Context) -> Iterator[Issue]:
    """An agreement whose current version is known only by its date and decision
    (`revisions[].text_recorded: false`) has no text hash: what is in agreement.yaml and the
    principles (often excerpts) cannot be checked against the text the parties adopted, and
    nobody can sign that version anew. This says so on every date; record the text as a new
    revision when it is found."""
    a = ctx.agreement
    index = next(i for i, r in enumerate(a.revisions) if r.version == a.version)
    yield Issue(
        a.path,
        ("revisions", index, "text_recorded"),
        f"the text of version {a.version} is not recorded, so it cannot be checked against a hash",
        hint="when the adopted text is found, encode it and declare it as a revision with its "
        "text_sha256 (`overens version`)",
    )
