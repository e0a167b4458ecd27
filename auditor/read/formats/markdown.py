"""Markdown (``.md``, ``.markdown``), rendered to its plain text with markdown-it-py.

markdown-it-py is the maintained CommonMark parser for Python (rich already depends on it). The
text is what a reader sees on the rendered page: ``**1,814**`` is ``1,814``, ``[the 2019
report](https://…)`` is ``the 2019 report`` (link targets and image addresses are dropped, so a
URL's digits are never taken for figures), escapes and entities are resolved, and soft line
breaks are spaces, so a sentence wrapped over three lines is one sentence.

Blocks: each paragraph, heading, list item's paragraph, code block and table row (cells joined
by tabs). Raw HTML blocks and inline HTML tags are dropped, and so is a YAML front matter block
(``---`` … ``---`` at the very top, as static site generators use): it is metadata, not text. Place: ``§ <heading>`` of the
nearest heading above (none before the first heading).
"""

from __future__ import annotations

import re

from . import Extraction, TextBuilder, collapse_spaces, short_label
from .text import decode_utf8

# Inline tokens whose text is part of what a reader reads; markup tokens (em, strong, link
# open/close) contribute nothing, and their children's text runs on.
_INLINE_TEXT = {"text", "code_inline"}
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n.*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.DOTALL)


def _inline_text(token) -> str:
    """The plain text of an ``inline`` token: text and code spans, breaks as white space."""
    parts = []
    for child in token.children or ():
        if child.type in _INLINE_TEXT:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return collapse_spaces("".join(parts))


def read_markdown(raw: bytes) -> Extraction:
    """Render Markdown to plain text block by block, with headings as places."""
    from markdown_it import MarkdownIt

    text = decode_utf8(raw)
    front_matter = _FRONT_MATTER.match(text)
    if front_matter:
        text = text[front_matter.end():]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out = TextBuilder()
    place: str | None = None
    row: list[str] | None = None
    in_heading = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            out.add("\t".join(row), place)
            row = None
        elif kind == "inline":
            content = _inline_text(token)
            if row is not None:
                row.append(content)
            elif in_heading:
                place = f"§ {short_label(content)}" if content else place
                out.add(content, place)
            else:
                out.add(content, place)
        elif kind in ("fence", "code_block"):
            out.add(token.content, place)
    return out.build()
