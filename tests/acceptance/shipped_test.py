"""The shipped agreements: clean, complete, and faithful to the seed documents they cite.

The seed documents are in tests/fixtures/seeds/ (copied in once, unchanged; its README names each
document), so these tests run in any clone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from overens import load_repository
from overens.model.status import Status
from overens.store import safe_yaml

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "tests" / "fixtures" / "seeds"

PRINCIPLES = {
    "halland": [
        "Dialog",
        "Långsiktighet",
        "Öppenhet och insyn",
        "Självständighet och oberoende",
        "Mångfald",
        "Kvalitet",
    ],
    "blekinge": [
        "Självständighet och oberoende",
        "Dialog",
        "Kvalitet",
        "Långsiktighet",
        "Öppenhet och insyn",
        "Mångfald",
        "Innovation",
    ],
    "skane": [
        "Självständighet och oberoende",
        "Dialog",
        "Kvalitet",
        "Långsiktighet",
        "Öppenhet och insyn",
        "Mångfald",
    ],
    "orebro": [
        "Principen om långsiktighet",
        "Principen om ömsesidig öppenhet och insyn",
        "Principen om självständighet och oberoende",
        "Principen om kvalitet",
        "Principen om dialog",
        "Principen om mångfald",
    ],
}


def test_shipped_repository_validates_clean(run_line) -> None:
    result = run_line(["validate", "--repo", PROJECT])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.stderr


@pytest.mark.parametrize("agreement_id", sorted(PRINCIPLES))
def test_principle_counts_and_titles(agreement_id: str) -> None:
    agreement = load_repository(PROJECT).agreement(agreement_id)
    assert agreement is not None
    assert [p.title for p in agreement.principles] == PRINCIPLES[agreement_id]
    assert [p.number for p in agreement.principles] == list(
        range(1, len(PRINCIPLES[agreement_id]) + 1)
    )


def test_what_the_agreements_carry() -> None:
    repo = load_repository(PROJECT)
    halland, blekinge = repo.agreement("halland"), repo.agreement("blekinge")
    skane, orebro = repo.agreement("skane"), repo.agreement("orebro")
    assert halland and blekinge and skane and orebro
    # Halland: actions and responsibilities under every principle, the working group's make-up.
    assert all(p.actions and p.responsibilities for p in halland.principles)
    group = halland.bodies[0]
    seats = {(s.sector, s.role): s for s in group.seats}
    assert seats[("ideburen", "representative")].count == 8
    official = seats[("offentlig", "official")]
    assert (official.count, official.personal_substitutes) == (3, 3)
    assert sum(s.count or 0 for s in group.seats if s.co_opted) == 1
    assert halland.terms.contact_required
    assert halland.signature_block.columns == ("Organisation", "Signatur", "Namnförtydligande")
    assert halland.signatories == ()  # the seed is a proposal: nobody is recorded as signed
    # Blekinge: parity, co-opted seats per municipality, written withdrawal, two copies.
    partnership = blekinge.bodies[0]
    assert partnership.parity
    assert any(s.per == "municipality" and s.co_opted for s in partnership.seats)
    assert blekinge.terms.written_notice and blekinge.terms.approval_by
    assert blekinge.terms.indefinite
    assert blekinge.signature_block.layout == "parties" and blekinge.signature_block.copies == 2
    assert sorted(s.signer.name for s in blekinge.signatories if s.signer) == [
        "Anders Ohlsson",
        "Jan-Anders Palmqvist",
    ]
    assert all(s.memberships[0].signed.date is None for s in blekinge.signatories)
    # Skåne: signed 29 June 2010 by the two parties; the period ended with 2014.
    import datetime as dt

    assert sorted(s.name for s in skane.signatories) == [
        "Nätverket Social Ekonomi Skåne",
        "Region Skåne",
    ]
    assert {s.memberships[0].signed.date for s in skane.signatories} == {dt.date(2010, 6, 29)}
    assert skane.terms.valid_until == dt.date(2014, 12, 31)
    assert len(skane.actions) == 9
    assert all(s.status_on(dt.date(2012, 1, 1)) is Status.ACTIVE for s in skane.signatories)
    # Örebro: commitments of both parties, annual and financial reports, a four-year period.
    assert all(
        {c.by for c in p.commitments} == {"organisations", "public_party"}
        for p in orebro.principles[:5]
    )
    assert {r.kind for r in orebro.terms.reports} == {"annual-report", "financial-report"}
    assert orebro.terms.period_years == 4


# ---------------------------------------------------------------------------- faithfulness


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _encoded_text(agreement_id: str) -> str:
    folder = PROJECT / "agreements" / agreement_id
    parts = []
    for path in sorted(folder.rglob("*.yaml")):
        data = safe_yaml.load(path)
        data.pop("sources", None)
        parts.extend(_strings(data))
    return _words(" ".join(parts))


def _words(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("*", "").replace("\u00ad", "")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links in the text copies
    text = re.sub(r"<(https?://[^>]*)>", r"\1", text)
    return " ".join(re.findall(r"\w+", text.casefold()))


def _seed_sentences(name: str) -> list[str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    text = re.sub(r"-\n(?=[a-zåäö])", "", text)  # hyphenation across lines
    sentences = re.split(r"(?<=[.!?:;])\s+|\n\s*\n", text)
    return [w for w in (_words(s) for s in sentences) if len(w.split()) >= 4]


def test_every_cited_document_is_a_seed_with_its_recorded_hash() -> None:
    recorded = dict(
        re.findall(
            r"^\| (\S+\.txt) \|.*\| `([0-9a-f]{64})` \|$",
            (SEEDS / "README.md").read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    )
    cited = {
        s["document"]
        for path in sorted((PROJECT / "agreements").glob("*/agreement.yaml"))
        for s in safe_yaml.load(path).get("sources", [])
    }
    assert cited == set(recorded) == {p.name for p in SEEDS.glob("*.txt")}
    for name, digest in recorded.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


# Lines of the seeds that are deliberately not encoded (see each agreement's sources notes).
OMITTED = {
    "orebro": [
        # the table of contents
        "varför en överenskommelse 4",
        "5 värdegrund 5",
        "principen om långsiktighet 6",
        "principen om ömsesidig öppenhet och insyn 7",
        "principen om självständighet och oberoende 8",
        "principen om kvalitet 8",
        "principen om dialog 9",
        "principen om mångfald 9",
        # the commitment headings, encoded as who carries each commitment (`by`)
        "de idéburna organisationernas åtagande",
        "örebro läns landstings åtagande",
    ],
}


@pytest.mark.parametrize(
    ("agreement_id", "seed"),
    [
        ("blekinge", "002_dabac0e6f6536ac0.txt"),
        ("skane", "003_ad3533e977f8eecc.txt"),
        ("orebro", "004_97de024141c80e6c.txt"),
    ],
)
def test_every_sentence_of_the_seed_is_encoded(agreement_id: str, seed: str) -> None:
    encoded = _encoded_text(agreement_id)
    missing = [
        s
        for s in _seed_sentences(seed)
        if s not in encoded
        and not any(s == o or s.startswith(o + " ") for o in OMITTED.get(agreement_id, []))
    ]
    assert missing == []


_FOLD = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def test_halland_ocr_copy_is_encoded_sentence_by_sentence() -> None:
    """The Halland seed lost å/ä/ö to OCR, so its sentences cannot match exactly. Fold both sides
    to plain letters and require most word pairs of every seed sentence to be in the encoding: a
    missing sentence shares almost none, a sentence with a few repaired OCR words shares most."""
    encoded_words = _encoded_text("halland").translate(_FOLD).split()
    encoded = _bigrams(encoded_words)
    weak = []
    for sentence in _seed_sentences("000_f8295965f52d7611.txt"):
        words = sentence.translate(_FOLD).split()
        pairs = _bigrams(words)
        if len(pairs) < 4:
            continue
        share = len(pairs & encoded) / len(pairs)
        if share < 0.6:
            weak.append((round(share, 2), sentence))
    assert weak == []


def test_every_file_names_its_schema_for_editors() -> None:
    wrong = []
    for path in sorted((PROJECT / "agreements").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        kind = {"agreements": "agreement"}.get(path.parent.parent.name, "")
        if (
            not match
            or not (path.parent / match.group(1)).resolve().is_file()
            or kind
            and not match.group(1).endswith("agreement.schema.json")
        ):
            wrong.append(path.relative_to(PROJECT).as_posix())
    assert wrong == []
