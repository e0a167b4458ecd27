"""HTML pages (``.html``, ``.htm``): the main content's text, read with selectolax.

Why selectolax: it is a maintained binding to Lexbor, a C parser that follows the HTML5 parsing
algorithm (broken markup is repaired exactly as browsers do), with wheels for every platform and
no further dependency; it parses a large page in milliseconds and removes elements by CSS
selector. BeautifulSoup is slower and needs html5lib for browser-grade parsing; trafilatura
guesses the main content by heuristics that drop short paragraphs and table cells, and an
auditor must see every figure the page shows.

What is read: the ``<main>`` element, else the only ``<article>``, else ``<body>``. Scripts,
styles, templates, forms, navigation (``<nav>``, ``role="navigation"``), asides, footers,
``hidden`` elements and the page's top-level ``<header>`` are removed. Text is laid out as a
browser renders it: runs of white space are one space, each block element (paragraph, heading,
list item, ``<div>``…) is a block of its own, a table row is one block with its cells joined by
tabs. Place: ``§ <heading>`` of the nearest ``<h1>``–``<h6>`` above.

Encoding: UTF-8, or the ``<meta charset>`` the page declares; anything else is refused.
"""

from __future__ import annotations

import codecs
import re

from . import Extraction, FormatError, TextBuilder, collapse_spaces, missing_library, short_label
from .text import decode_utf8

_REMOVED = ("script, style, noscript, template, form, nav, aside, footer, svg, iframe, button, select, "
            "[role=navigation], [hidden]")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"address", "article", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
           "fieldset", "figcaption", "figure", "header", "hr", "li", "main", "ol", "p", "pre", "section",
           "summary", "table", "tbody", "thead", "tfoot", "ul", "body", "html"} | _HEADINGS
_CELLS = {"td", "th"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# Elements with no end tag, or whose end tag the parser implies: they never deepen the tree.
_NOT_NESTING = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
                "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc"}
#: Deeper nesting is refused before parsing: the HTML5 tree builder looks through the stack of open
#: elements at every end tag, so its cost grows with depth × tags (40,000 nested <div>s: 4 s).
#: Pages are rarely 50 deep; browsers flatten nesting beyond 512.
MAX_DEPTH = 1000
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(raw: bytes) -> str:
    """The page's text: UTF-8, or the encoding its ``<meta charset>`` declares."""
    declared = _CHARSET.search(raw[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise FormatError(f"the page declares an unknown character encoding {name!r}; save it as UTF-8")
    if codec == "utf-8":
        return decode_utf8(raw, "an HTML page is text")
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise FormatError(f"not {codec} text as the page declares: invalid byte at offset {exc.start}; save it as UTF-8")


def check_depth(text: str) -> None:
    """Refuse a page whose elements nest deeper than :data:`MAX_DEPTH` (one linear pass over its tags).

    The open elements are tracked by name as a parser would: an end tag closes the innermost open
    element of its name and everything opened inside it; an end tag with nothing to close is ignored.
    """
    stack: list[str] = []
    open_by_name: dict[str, int] = {}
    for match in _TAG.finditer(text):
        name = match.group(2).lower()
        if name in _NOT_NESTING:
            continue
        if not match.group(1):
            stack.append(name)
            open_by_name[name] = open_by_name.get(name, 0) + 1
            if len(stack) > MAX_DEPTH:
                raise FormatError(f"HTML elements nested more than {MAX_DEPTH:,} deep (browsers flatten such "
                                  "nesting): not a page as published; save the page again from a browser")
        elif open_by_name.get(name):
            while True:
                top = stack.pop()
                open_by_name[top] -= 1
                if top == name:
                    break


class _Layout:
    """Text runs gathered between block boundaries, table rows gathered cell by cell."""

    def __init__(self) -> None:
        self.out = TextBuilder()
        self.place: str | None = None
        self.run: list[str] = []
        self.cells: list[list[str]] | None = None

    def text(self, content: str) -> None:
        (self.cells[-1] if self.cells else self.run).append(content)

    def flush(self) -> None:
        """End the current block of text (a block element starts or ends)."""
        if self.cells is None:
            self.out.add(collapse_spaces("".join(self.run)), self.place)
            self.run = []

    def heading(self) -> None:
        text = collapse_spaces("".join(self.run))
        self.run = []
        if text:
            self.place = f"§ {short_label(text)}"
            self.out.add(text, self.place)

    def row_start(self) -> None:
        self.row_end()
        self.flush()
        self.cells = []

    def cell_start(self) -> None:
        if self.cells is None:   # a cell outside any row: lay it out as a block
            self.flush()
        else:
            self.cells.append([])

    def row_end(self) -> None:
        if self.cells is not None:
            row = "\t".join(filter(None, (collapse_spaces("".join(c)) for c in self.cells)))
            self.cells = None
            self.out.add(row, self.place)


def read_html(raw: bytes) -> Extraction:
    """The main content of an HTML page as blocks of text, with headings as places."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        raise missing_library(".html", "selectolax") from None
    text = decode_html(raw)
    check_depth(text)
    tree = LexborHTMLParser(text)
    body = tree.body
    if body is not None:
        for node in body.css("body > header"):
            node.decompose()
    for node in tree.css(_REMOVED):
        node.decompose()
    articles = tree.css("article")
    root = tree.css_first("main") or (articles[0] if len(articles) == 1 else None) or body or tree.root
    layout = _Layout()
    if root is not None:
        _walk(root, layout)
    layout.row_end()
    layout.flush()
    extraction = layout.out.build()
    if not extraction.text:
        raise FormatError("no text found in the HTML page (after removing scripts, styles and navigation); "
                          "check that it is the page itself, not a script that loads it")
    return extraction


def _walk(root, layout: _Layout) -> None:
    """Visit ``root``'s elements in document order (iteratively: nesting depth is untrusted)."""
    stack = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if tag == "-text":
            layout.text(node.text_content or "")
            continue
        if leaving:
            if tag in _HEADINGS:
                layout.heading()
            elif tag == "tr":
                layout.row_end()
            elif tag in _BLOCKS:
                layout.flush()
            continue
        if tag in _HEADINGS or tag in _BLOCKS:
            layout.flush()
        elif tag == "tr":
            layout.row_start()
        elif tag in _CELLS:
            layout.cell_start()
        elif tag == "br":
            layout.text(" ")
        elif tag.startswith(("_", "!")):   # comments, doctype
            continue
        stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
