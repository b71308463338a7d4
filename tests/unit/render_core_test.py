"""Pure parts of rendering: escaping, ordering, the default day, the environment, the catalogues."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURES, PROJECT
from overens.documents import i18n
from overens.documents.document import default_as_of
from overens.documents.filters import md_paragraphs, md_text
from overens.documents.templates import Renderer, make_environment
from overens.errors import RenderError
from overens.model.summary import collation_key
from overens.store.loader import load


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("A | B", r"A \| B"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        (
            "*fet* _kursiv_ `kod` [länk](x) ~~struken~~",
            r"\*fet\* \_kursiv\_ \`kod\` \[länk\](x) \~\~struken\~\~",
        ),
        ("# inte en rubrik", r"\# inte en rubrik"),
        ("- inte en lista", r"\- inte en lista"),
        ("1. inte numrerad", r"1\. inte numrerad"),
        ("R&D &amp; co", r"R\&D \&amp; co"),
        ("back\\slash", r"back\\slash"),
        ("rad ett\nrad två", "rad ett rad två"),
        ("    indragen", "indragen"),
    ],
)
def test_md_text_escapes_everything_that_could_become_markup(raw: str, escaped: str) -> None:
    assert md_text(raw) == escaped


def test_md_paragraphs_keep_paragraphs_and_line_breaks() -> None:
    text = "Första stycket.\n\nAnders Åkesson\nordförande | *x*\n\n\n===\n"
    assert md_paragraphs(
        text
    ) == "Första stycket.\n\nAnders Åkesson\\\nordförande \\| \\*x\\*\n\n\\===".replace(
        "\\\\", "\\"
    )


def test_collation_puts_a_ring_a_umlaut_o_umlaut_last() -> None:
    names = ["Östra", "Ängen", "Åsen", "Zeta", "Ébo", "alfa", "Beta"]
    assert sorted(names, key=collation_key) == [
        "alfa",
        "Beta",
        "Ébo",
        "Zeta",
        "Åsen",
        "Ängen",
        "Östra",
    ]


def test_default_as_of_is_the_latest_event_up_to_today() -> None:
    demo = load(FIXTURES / "repo").repository.agreement("demo")
    assert demo is not None
    assert default_as_of(demo, dt.date(2030, 1, 1)) == dt.date(2021, 2, 15)
    assert default_as_of(demo, dt.date(2021, 2, 14)) is None


def test_environment_is_strict_and_escapes_html_only() -> None:
    html = make_environment("html", "sv")
    assert (
        html.get_template("_sentences.jinja").module.signer({"name": "<b>A & B</b>", "title": None})
        == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    )  # a shared partial is escaped in an HTML document ...
    md = make_environment("md", "sv")
    assert (
        md.get_template("_sentences.jinja").module.signer({"name": "<b>A & B</b>", "title": None})
        == r"\<b\>A \& B\</b\>"
    )  # ... and Markdown-escaped in a Markdown one
    with pytest.raises(Exception, match="undefined"):
        md.from_string("{{ missing }}").render()
    assert md.from_string("{{ _('Principles') }}").render() == "Principer"
    assert (
        make_environment("md", "en").from_string("{{ _('Principles') }}").render() == "Principles"
    )


def test_shipped_templates_are_not_sandboxed_but_repository_ones_are(tmp_path: Path) -> None:
    assert not Renderer.create("md", "sv", tmp_path).templates.sandboxed
    assert not Renderer.create(
        "md", "sv", PROJECT
    ).templates.sandboxed  # this repository ships them
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "agreement.md.jinja").write_text("{{ ''.__class__ }}\n")
    renderer = Renderer.create("md", "sv", tmp_path)
    assert renderer.templates.sandboxed
    with pytest.raises(RenderError, match="refused by the sandbox"):
        renderer.render("agreement.md.jinja", {})


def _template_messages() -> set[str]:
    from babel.messages.extract import extract_from_dir

    method_map = [("templates/**.jinja", "jinja2")]
    options = {"templates/**.jinja": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT), method_map=method_map, options_map=options
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_catalogue_template_holds_every_label_of_the_templates() -> None:
    """messages.pot is what babel.cfg's extraction gives: every label the templates use and no
    other (it once held a quarter of them)."""
    from babel.messages.pofile import read_po

    with (i18n.catalogue_path("sv").parents[2] / "messages.pot").open("rb") as f:
        template = read_po(f)
    held = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert held == _template_messages(), "run the extraction babel.cfg describes"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalogue_translates_every_label_of_the_templates(lang: str) -> None:
    from babel.messages.pofile import read_po

    with i18n.catalogue_path(lang).open("rb") as f:
        catalogue = read_po(f, locale=lang)
    translated = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalogue if m.id}
    used = _template_messages()
    missing = sorted(used - translated.keys())
    assert not missing, (
        f"labels without a {lang} translation (see babel.cfg for how to update): {missing}"
    )
    unused = sorted(translated.keys() - used)
    assert not unused, f"{lang} catalogue has labels no template uses: {unused}"
    for message in translated.values():
        assert not message.fuzzy, f"fuzzy {lang} translation: {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"empty {lang} translation: {message.id!r}"
