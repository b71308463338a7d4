"""PDF from the rendered HTML, through WeasyPrint: the only module that imports it.

WeasyPrint is the optional extra ``pdf`` (``pip install 'overens[pdf]'``), because it needs the
Pango library from the operating system; everything else in overens works without it.
"""

from __future__ import annotations

from overens.errors import RenderError

INSTALL_HINT = (
    "install the PDF extra with: pip install 'overens[pdf]' (WeasyPrint also needs Pango from the "
    "operating system: on Debian or Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0); "
    "or render --format html and print that file to PDF from a browser"
)


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (a self-contained document) to PDF bytes; the page size comes from its CSS."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError:
        raise RenderError(
            "--format pdf needs WeasyPrint, which is not installed", hint=INSTALL_HINT
        ) from None
    except OSError as e:  # WeasyPrint is there but cannot load Pango
        raise RenderError(
            f"--format pdf needs the Pango library, which WeasyPrint could not load ({e})",
            hint=INSTALL_HINT,
        ) from None
    # No base URL: the HTML is self-contained, and nothing outside it may be fetched.
    return weasyprint.HTML(string=html, base_url=None).write_pdf()  # type: ignore[no-any-return]
