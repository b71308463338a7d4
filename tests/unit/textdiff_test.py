"""Word-level differences: what is marked, and that nothing is lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from overens.revisions.textdiff import Style, escape_markdown, mark_change, word_diff

words = st.lists(
    st.sampled_from(["dialog", "kvalitet", "och", "vi", "Å", ",", ".", " ", "\n", "  "]),
    max_size=25,
)


@given(words, words)
def test_segments_rebuild_both_texts(old: list[str], new: list[str]) -> None:
    a, b = "".join(old), "".join(new)
    segments = word_diff(a, b)
    assert "".join(s.text for s in segments if s.op != "insert") == a
    assert "".join(s.text for s in segments if s.op != "delete") == b
    if a == b:
        assert all(s.op == "equal" for s in segments)


def test_plain_marks_words_not_letters() -> None:
    assert (
        mark_change("Vi för en dialog.", "Vi för en öppen dialog.", Style.PLAIN)
        == "Vi för en {+öppen+} dialog."
    )
    assert (
        mark_change("Mötas regelbundet.", "Mötas varje månad.", Style.PLAIN)
        == "Mötas [-regelbundet-]{+varje månad+}."
    )
    assert mark_change("ett, två", "ett; två", Style.PLAIN) == "ett[-,-]{+;+} två"


def test_changes_separated_by_space_are_one_change() -> None:
    assert (
        mark_change("i det stora huset", "på ett litet hus", Style.PLAIN)
        == "[-i det stora huset-]{+på ett litet hus+}"
    )


def test_markdown_escapes_and_keeps_space_outside_markers() -> None:
    assert mark_change("a *b* c", "a *b* d_e", Style.MARKDOWN) == r"a \*b\* ~~c~~ **d\_e**"
    assert mark_change("ett två", "ett nytt två", Style.MARKDOWN) == "ett **nytt** två"
    assert (
        mark_change("Första.\n\nAndra.", "Första.\n\nTredje.", Style.MARKDOWN)
        == "Första.\n\n~~Andra~~ **Tredje**."
    )
    assert escape_markdown("<b>[x]|#") == r"\<b\>\[x\]\|\#"


def test_markers_never_span_a_paragraph_break() -> None:
    out = mark_change("Ett.", "Ett.\n\nTvå stycken.", Style.MARKDOWN)
    assert out == "Ett.\n\n**Två stycken.**"


def test_color() -> None:
    assert mark_change("a b", "a c", Style.COLOR) == "a \x1b[31m[-b-]\x1b[0m\x1b[32m{+c+}\x1b[0m"
