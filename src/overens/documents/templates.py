"""Render an agreement as Markdown or HTML: the only module that imports Jinja2.

Rendering returns a ``str``; writing and ``--check`` live in :mod:`overens.documents.outputs`, PDF in
:mod:`overens.documents.pdf`. Templates are looked up file by file: the repository's own ``templates/``
first, then the ones shipped with overens (``resources.shipped_dir("templates")``). When any
template comes from the repository the whole document is rendered in Jinja's sandbox, because a
pull request can change those templates and CI renders them (docs/decisions/0300-rendering-templates-and-sandbox.md).

What a template sees (the contract for a repository's own templates):

``doc``
    a :class:`overens.documents.document.Document`: the agreement (``doc.agreement``, a :class:`overens.model.agreement.Agreement`)
    and what the templates would otherwise have to work out: sections before and after the
    principles, carrier groups, bodies, terms as facts, the signature block, the signatories in
    force, uncertain and withdrawn on ``doc.as_of``, and the agreement's life on that day
    (``doc.records``: parties, decisions, succession, versions, governance, counts, plans,
    events). With ``--plan``, ``doc`` is a :class:`overens.documents.plan.PlanDocument`.
``_``, ``gettext``, ``ngettext``
    the message catalogue of ``doc.lang`` (Jinja's i18n extension, new-style).
filters
    ``text`` (inline text), ``paragraphs`` (prose: paragraphs and line breaks), ``long_date`` (as
    precise as the date is known: a year, a month or a day), ``isodate``, ``day_month``,
    ``decimal``, ``amount`` and, in HTML, ``css_string``. ``text`` and ``paragraphs`` escape
    for the output format: Markdown escaping in a Markdown environment, HTML autoescaping in an
    HTML one, so shared partials (``_*.jinja``) are safe in both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overens import resources
from overens.constants import TEMPLATES_DIR
from overens.documents import i18n, limits
from overens.documents.document import build_document
from overens.documents.filters import html_filters, md_paragraphs, md_text
from overens.documents.options import Format, RenderOptions
from overens.errors import RenderError
from overens.model.agreement import Agreement
from overens.model.summary import Summary
from overens.store.folders import template_folder_problems

if TYPE_CHECKING:
    import jinja2


AGREEMENT_TEMPLATE = "agreement.{fmt}.jinja"
SIGNING_SHEET_TEMPLATE = "signing-sheet.{fmt}.jinja"
PLAN_TEMPLATE = "plan.{fmt}.jinja"


# ----------------------------------------------------------------------------- the environment


@dataclass
class _Templates:
    """Where templates come from: the repository's folder first, then the shipped one."""

    shipped: Path
    repository: Path | None

    @property
    def sandboxed(self) -> bool:
        """Render in the sandbox when the repository provides any template: a file named like a
        shipped one, or any ``*.jinja`` (its own partials). Anything else there, such as the
        README.md ``overens init`` puts in templates/, is never loaded, so it changes nothing."""
        if self.repository is None:
            return False
        shipped = {
            p.relative_to(self.shipped).as_posix() for p in self.shipped.rglob("*") if p.is_file()
        }
        return any(
            p.is_file()
            and (p.suffix == ".jinja" or p.relative_to(self.repository).as_posix() in shipped)
            for p in self.repository.rglob("*")
        )

    def describe(self, filename: str | None) -> str:
        if not filename:
            return "a template"
        path = Path(filename)
        if self.repository and path.is_relative_to(self.repository):
            return f"{TEMPLATES_DIR}/{path.relative_to(self.repository).as_posix()} (from the repository)"
        if path.is_relative_to(self.shipped):
            return f"the shipped template {path.relative_to(self.shipped).as_posix()}"
        return filename


def _templates(root: Path | None) -> _Templates:
    """Where templates come from. A repository's templates folder that is a link, or holds a
    link or anything but files and folders, is refused before anything in it is read: a link
    to ``.`` would let ``{% include '.git/config' %}`` print the repository's secrets."""
    shipped = resources.shipped_dir(TEMPLATES_DIR).resolve()
    if root is None:
        return _Templates(shipped, None)
    problems = template_folder_problems(root)
    if problems:
        _, what = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RenderError(
            f"{what}{more}",
            hint="replace links with copies of the files, inside the repository's templates/ "
            "folder; `overens validate` lists every entry",
        )
    own = root.resolve() / TEMPLATES_DIR
    if not own.is_dir() or own == shipped:
        return _Templates(shipped, None)
    return _Templates(shipped, own)


def _loader(templates: _Templates) -> jinja2.BaseLoader:
    import jinja2

    class RepositoryLoader(jinja2.BaseLoader):
        """A repository's templates: plain files inside its templates/ folder, no links."""

        def __init__(self, folder: Path) -> None:
            self.folder = folder

        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            found = limits.read_template(self.folder, template)
            if found is None:
                raise jinja2.TemplateNotFound(template)
            source, filename = found
            return source, filename, lambda: False

    shipped = jinja2.FileSystemLoader(templates.shipped)
    if templates.repository is None:
        return shipped
    return jinja2.ChoiceLoader([RepositoryLoader(templates.repository), shipped])


def make_environment(fmt: str, lang: str, root: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment factory (see :func:`_environment`)."""
    return _environment(fmt, lang, _templates(root))


def _environment(fmt: str, lang: str, templates: _Templates) -> jinja2.Environment:
    """The one Jinja environment factory: strict, escaping for ``fmt``, translated into ``lang``.

    ``fmt`` is ``md`` or ``html``. HTML autoescaping is on for ``*.html.jinja`` and, in an HTML
    environment, for the shared partials too, so a partial is escaped for the format it ends up
    in. The i18n extension is installed with ``lang``'s catalogue. Templates come from
    ``root/templates`` file by file before the shipped ones; if the repository provides any,
    the environment is Jinja's sandbox.
    """
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    def autoescape(name: str | None) -> bool:
        return fmt == "html" or bool(name and name.endswith((".html", ".html.jinja")))

    class BoundedSandbox(SandboxedEnvironment):
        """The sandbox, with ``*`` and ``**`` bounded (:func:`limits.check_binop`)."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            limits.check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    cls = BoundedSandbox if templates.sandboxed else jinja2.Environment
    env = cls(
        loader=_loader(templates),
        bytecode_cache=None if templates.sandboxed else _bytecode_cache(fmt),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    # Trimmed: a {% trans %} block's white space and line breaks collapse, as pybabel extracts it.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        long_date=lambda d: i18n.long_date(d, lang),
        isodate=lambda d: d.isoformat(),
        day_month=lambda md: i18n.day_and_month(md, lang),
        decimal=lambda n: i18n.decimal(n, lang),
        amount=lambda n: i18n.amount(n, lang),
        says_substitutes=lambda label: i18n.says_substitutes(str(label), lang),
    )
    if fmt == "html":
        env.filters.update(html_filters())
    else:
        env.filters.update(text=md_text, paragraphs=md_paragraphs)
    return env


def _bytecode_cache(fmt: str) -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled shipped templates, so compiling them (about 0.1 s) is paid
    once. It lives in a folder of the user's own under the temporary directory (Jinja
    checks its owner and mode) and checks each template's source; what Jinja does not key is the
    environment the code was compiled for (autoescaping differs between Markdown and HTML, and
    the i18n settings), so the file names carry the format and a digest of this module and of
    Jinja's version. The repository's own templates are not cached: they are compiled for the
    sandbox each time."""
    import jinja2

    try:
        return jinja2.FileSystemBytecodeCache(pattern=f"__overens_{fmt}_{_compiled_for()}_%s.cache")
    except (OSError, RuntimeError):
        return None


@functools.cache
def _compiled_for() -> str:
    import hashlib

    import jinja2

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(str(getattr(jinja2, "__version__", "")).encode())
    return h.hexdigest()[:16]


def _template_line(error: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error was raised at (Jinja rewrites the traceback)."""
    filename, line = None, None
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".jinja"):
            filename, line = code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return filename, line


def _render_error(error: Exception, templates: _Templates) -> RenderError:
    import jinja2
    from jinja2.exceptions import SecurityError

    if isinstance(error, jinja2.TemplateSyntaxError):
        where = templates.describe(error.filename)
        return RenderError(
            f"{where}, line {error.lineno}: template syntax error: {error.message}",
            hint="fix the template; see the Jinja documentation on template syntax",
        )
    if isinstance(error, jinja2.TemplateNotFound):
        return RenderError(
            f"template {error.name!r} was not found in {TEMPLATES_DIR}/ nor among the "
            "shipped templates",
            hint="check the name in the include, import or extends",
        )
    filename, line = _template_line(error)
    where = templates.describe(filename) + (f", line {line}" if line else "")
    if isinstance(error, SecurityError):
        return RenderError(
            f"{where}: refused by the sandbox: {error}",
            hint="templates from the repository are rendered in Jinja's sandbox and may not reach "
            "Python internals; use only the values and filters overens provides (see docs/architecture/render.md)",
        )
    if isinstance(error, jinja2.UndefinedError):
        return RenderError(
            f"{where}: {error}",
            hint="the variable or attribute does not exist; "
            "check its spelling against docs/architecture/render.md",
        )
    return RenderError(f"{where}: {type(error).__name__}: {error}", hint="fix the template")


@dataclass
class Renderer:
    """An environment for one format and language, and where its templates come from.

    Rendering many agreements (``render --all``) reuses one per format and language.
    """

    fmt: str
    lang: str
    env: jinja2.Environment
    templates: _Templates

    @classmethod
    def create(cls, fmt: str, lang: str, root: Path | None = None) -> Renderer:
        templates = _templates(root)
        return cls(fmt, lang, _environment(fmt, lang, templates), templates)

    def render(self, name: str, context: dict[str, Any]) -> str:
        """The document; a repository's templates are rendered under :mod:`limits` (time,
        output size and memory), the shipped ones as they are."""
        if self.templates.sandboxed:
            return limits.bounded(lambda: self._render(name, context, bounded=True))
        return self._render(name, context)

    def _render(self, name: str, context: dict[str, Any], bounded: bool = False) -> str:
        import jinja2

        try:
            template = self.env.get_template(name)
            if bounded:
                return limits.collect(template.generate(context))
            return template.render(context)
        except MemoryError:
            if bounded:  # the address-space limit of the child process
                raise limits.limit_error(limits.memory_text()) from None
            raise
        except RenderError:
            raise
        except jinja2.TemplateError as e:
            raise _render_error(e, self.templates) from None
        except Exception as e:
            # In the sandbox a template from the repository is input, so its faults are the user's
            # to fix; in the shipped templates they are bugs in overens and surface as such (exit 3).
            if self.templates.sandboxed and _template_line(e)[0] is not None:
                raise _render_error(e, self.templates) from None
            raise


def uses_repository_templates(root: Path | None) -> bool:
    """True when ``root/templates`` holds a template (the document is then rendered in the sandbox,
    and its templates may use anything in the model, ``doc.agreement.signatories`` included)."""
    return _templates(root).sandboxed


def render_document(
    agreement: Agreement,
    fmt: Format | str,
    options: RenderOptions | None = None,
    root: Path | None = None,
    renderer: Renderer | None = None,
    signatories: Sequence[Summary] | None = None,
    others: Mapping[str, Agreement] | None = None,
) -> str:
    """Render ``agreement`` (or its signing sheet) as Markdown or HTML and return the text.

    ``root`` is the repository whose ``templates/`` override the shipped ones; ``renderer`` lets
    a caller rendering many agreements reuse one (it must match the format and language).
    ``signatories`` are the agreement's as listed (:mod:`overens.store.signatory_index`) when ``agreement`` was
    loaded without them; only the shipped templates may be used then. ``others`` are the
    agreements its succession names, by id (their titles are shown). With ``options.plan``, the
    plan of that period is rendered as a document of its own (``plan.*.jinja``).
    """
    options = options or RenderOptions()
    template_format = Format(fmt).template_format
    if options.plan is not None:
        from overens.documents.plan import build_plan_document

        names = {s.id: s.name for s in signatories} if signatories is not None else None
        plan = build_plan_document(agreement, options.plan, options.lang, names)
        if renderer is None or (renderer.fmt, renderer.lang) != (template_format, plan.lang):
            renderer = Renderer.create(template_format, plan.lang, root)
        return renderer.render(
            PLAN_TEMPLATE.format(fmt=template_format), {"doc": plan, "a": agreement}
        )
    document = build_document(agreement, options, signatories, others)
    if renderer is None or (renderer.fmt, renderer.lang) != (template_format, document.lang):
        renderer = Renderer.create(template_format, document.lang, root)
    name = (SIGNING_SHEET_TEMPLATE if options.signing_sheet else AGREEMENT_TEMPLATE).format(
        fmt=template_format
    )
    # The document's agreement: without contact persons unless they were asked for.
    return renderer.render(name, {"doc": document, "a": document.agreement})


__all__ = [
    "Renderer",
    "make_environment",
    "md_paragraphs",
    "md_text",
    "render_document",
    "uses_repository_templates",
]
