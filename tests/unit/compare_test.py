"""Matching principles and comparing values."""

from __future__ import annotations

from overens.revisions.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    Change,
    PrincipleDiff,
    diff_values,
    match_principles,
)


def p(number: int, slug: str, title: str, text: str = "") -> dict:
    return {"id": f"{number:02d}-{slug}", "number": number, "title": title, "text": text}


def _statuses(old: list[dict], new: list[dict]) -> set[tuple[str | None, str | None]]:
    return {(a and a["id"], b and b["id"]) for a, b in match_principles(old, new)}


def test_match_by_id_slug_title_text_and_wording() -> None:
    old = [
        p(1, "dialog", "Dialog", "Vi talar."),
        p(2, "kvalitet", "Kvalitet", "Vi mäter."),
        p(3, "samverkan", "Samverkan", "Vi samverkar."),
        p(4, "oppenhet", "Öppenhet", "Vi delar."),
        p(5, "insyn", "Insyn", "Vi visar allt vi gör för alla."),
    ]
    new = [
        p(1, "dialog", "Dialog", "Vi talar ofta."),  # same id, reworded
        p(2, "samverkan", "Samverkan", "Vi samverkar."),  # same slug, renumbered
        p(3, "oppenhet-och-insyn", "Öppenhet", "Vi delar."),  # same title, new slug
        p(4, "insyn-for-alla", "Insyn för alla", "Vi visar allt vi gör för alla."),  # same text
        p(5, "nytt", "Nytt", "Helt nytt."),
    ]
    assert _statuses(old, new) == {
        ("01-dialog", "01-dialog"),
        ("03-samverkan", "02-samverkan"),
        ("04-oppenhet", "03-oppenhet-och-insyn"),
        ("05-insyn", "04-insyn-for-alla"),
        ("02-kvalitet", None),
        (None, "05-nytt"),
    }


def test_similar_wording_under_the_same_number_is_a_rewording() -> None:
    old = [p(1, "dialog", "Dialog", "Genom dialog hittar vi områden där vi kan stärka varandra.")]
    new = [p(1, "samtal", "Samtal", "Genom samtal hittar vi områden där vi kan stärka varandra.")]
    [(a, b)] = match_principles(old, new)
    assert a is old[0] and b is new[0]
    unrelated = [p(1, "budget", "Budget", "Regionen anslår medel årligen.")]
    assert len(match_principles(old, unrelated)) == 2


def test_principle_status() -> None:
    a, b = p(2, "x", "X", "Text."), p(3, "x", "X", "Ny text.")
    d = PrincipleDiff(a, b, tuple(diff_values({"text": a["text"]}, {"text": b["text"]})))
    assert d.status == "renumbered and reworded"
    assert PrincipleDiff(a, None).status == "removed" and PrincipleDiff(None, b).status == "added"
    undertaking = PrincipleDiff(a, a, (Change(ADDED, ("actions", "[1]"), new={"text": "Gör."}),))
    assert undertaking.status == "changed"


def test_diff_values_keys_lists_by_id_and_aligns_others() -> None:
    old = {
        "seats": [{"id": "a", "count": 2}, {"id": "b", "count": 1}],
        "items": ["Ett.", "Två.", "Tre."],
    }
    new = {
        "seats": [{"id": "b", "count": 1}, {"id": "a", "count": 3}],
        "items": ["Ett.", "Tre.", "Fyra."],
    }
    changes = diff_values(old, new)
    assert [(c.kind, c.label, c.old, c.new) for c in changes] == [
        (CHANGED, "seats[a].count", 2, 3),
        (REMOVED, "items[2]", "Två.", None),
        (ADDED, "items[3]", None, "Fyra."),
    ]


def test_undertaking_with_the_same_text_but_another_party() -> None:
    old = {"commitments": [{"by": "organisations", "text": "Följa stadgarna."}]}
    new = {"commitments": [{"by": "public_party", "text": "Följa stadgarna."}]}
    [change] = diff_values(old, new)
    assert (change.kind, change.label, change.old, change.new) == (
        CHANGED,
        "commitments[1].by",
        "organisations",
        "public_party",
    )


def test_changes_are_grouped_by_part_of_the_agreement() -> None:
    from overens.revisions.compare import compare
    from overens.revisions.diff_report import render_markdown
    from overens.vcs.snapshot import Snapshot

    base = {
        "id": "a",
        "title": "Överenskommelse",
        "version": "1",
        "bodies": [{"id": "grupp", "name": "Gruppen", "seats": [{"id": "ideburna", "count": 2}]}],
        "signature_block": {"layout": "rows", "columns": ["Organisation", "Signatur"]},
        "actions": {"title": "Åtgärder", "items": [{"text": "Ses årligen."}]},
        "checks": {"contact-person": {}},
        "sources": [{"document": "x", "description": "y"}],
    }
    head = {
        **base,
        "title": "Överenskommelsen",
        "version": "1.1",
        "bodies": [{"id": "grupp", "name": "Gruppen", "seats": [{"id": "ideburna", "count": 3}]}],
        "signature_block": {"layout": "rows", "columns": ["Organisation", "Signatur", "Datum"]},
        "actions": {"title": "Åtgärder", "items": [{"text": "Ses två gånger om året."}]},
        "checks": {},
        "sources": [],
    }  # not part of the text: not shown
    c = compare(Snapshot("a", "base", "1" * 40, base), Snapshot("a", "head", None, head))
    assert [(g, [ch.label for ch in changes]) for g, changes in c.groups] == [
        ("Agreement", ["title"]),
        ("Actions", ["items[1].text"]),
        ("Bodies", ["grupp.seats[ideburna].count"]),
        ("Signature block", ["columns[3]"]),
    ]
    assert c.undeclared is False and c.text_changed is True
    md = render_markdown([c])
    assert "- `title`: ~~Överenskommelse~~ **Överenskommelsen**" in md
    assert "- `items[1].text`: Ses ~~årligen~~ **två gånger om året**." in md
    assert "- `columns[3]`: **Datum**" in md
