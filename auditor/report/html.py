"""The HTML audit report: one self-contained file rendered with jinja2 (autoescaped).

What the page shows is built by :func:`auditor.report.view.build_view`; the templates in
``templates/`` only lay it out. Every character a reader could not see (bidi overrides,
zero-width characters, controls) is shown as a visible one on the way out
(:func:`~auditor.report.view.show_invisible`), in the markup and in the embedded JSON alike. The stylesheet and script are inlined (no request ever leaves
the file; a Content-Security-Policy forbids it anyway) and findings beyond the first
:data:`~auditor.report.view.HTML_LIMIT` travel as JSON the page renders on demand.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import BinaryIO

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..findings import AuditResult
from ..memory import gc_paused
from .view import HTML_LIMIT, build_view, show_invisible

_ENV = Environment(loader=PackageLoader("auditor", "report/templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)


def _text(value: str) -> Markup:
    """Escape for element content only (``&``, ``<``, ``>``): quotes may stay as they are there.

    Used for the GX JSON blocks, where escaping every ``"`` as ``&#34;`` doubled their size.
    Never use it inside an attribute value.
    """
    return Markup(str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


_ENV.filters["text"] = _text


@lru_cache(maxsize=None)
def _asset(name: str) -> Markup:
    """A static asset's text, inlined as-is (it is ours, not data; it must not contain '</')."""
    text = _ENV.loader.get_source(_ENV, name)[0]
    if "</" in text:
        raise ValueError(f"{name} must not contain '</': it would end its <style>/<script> element")
    return Markup(text)


def render_html(result: AuditResult, source_texts: dict[str, str], html_limit: int = HTML_LIMIT) -> str:
    """Render ``report.html`` for a result; ``source_texts`` maps source name to its full text.

    ``html_limit`` is how many findings (failures first) are rendered as HTML; the rest are
    rendered by the page from the embedded JSON when the reader asks for them.
    """
    buffer = io.BytesIO()
    write_html(result, source_texts, buffer, html_limit)
    return buffer.getvalue().decode("utf-8")


def write_html(result: AuditResult, source_texts: dict[str, str], handle: BinaryIO,
               html_limit: int = HTML_LIMIT) -> None:
    """:func:`render_html`, written to ``handle`` (UTF-8) as the template renders: the page is
    never held whole in memory (tens of MB at corpus scale, up to four bytes a character as a
    Python string)."""
    # Building the view allocates millions of small objects and frees none of them until the end.
    with gc_paused():
        view = build_view(result, source_texts, html_limit)
        pieces = _ENV.get_template("report.html.j2").generate(v=view, css=_asset("report.css"), js=_asset("report.js"))
        batch: list[str] = []
        size = 0
        for piece in pieces:
            batch.append(piece)
            size += len(piece)
            if size >= _BATCH_CHARS:
                handle.write(show_invisible("".join(batch)).encode("utf-8"))
                batch, size = [], 0
        handle.write(show_invisible("".join(batch)).encode("utf-8"))


_BATCH_CHARS = 1 << 20  # template pieces are tiny: encode and write them a megabyte at a time
