"""Document formats: how a file's bytes become one normalized text and a map of reader's places.

Each module reads one format (its docstring documents what it keeps and drops):

=============  ==============================  ===========================================
suffix         module                          places (``Source.place(offset)``)
=============  ==============================  ===========================================
``.txt``, any  :mod:`.text` (UTF-8, as-is)     none: offsets are the file's own
``.md``        :mod:`.markdown` (markdown-it)  ``§ <nearest heading>``
``.html/.htm`` :mod:`.html` (selectolax)       ``§ <nearest heading>``
``.pdf``       :mod:`.pdf` (pypdf)             ``p. <page>``
``.docx``      :mod:`.docx` (python-docx)      ``¶ <paragraph>``, ``table <t>, row <r>``
=============  ==============================  ===========================================

A reader returns an :class:`Extraction`: the text every offset, quote, passage and repeat uses,
the places (offsets where a place starts, ascending, with its label), and the blocks (spans no
sentence crosses: a heading, a paragraph, a table row). A reader that cannot read a file raises
:class:`FormatError` with what is wrong and what to do; :mod:`auditor.read.sources` turns it
into one ``file: message`` line (exit 2).

PDF, Word and HTML need the optional extra ``formats`` (``pip install 'auditor[formats]'``);
text and Markdown only need the core install (markdown-it-py comes with rich).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ...errors import escape_controls

#: Bumped whenever a reader's output changes, so cached extractions of an older reader are not reused.
READER_VERSION = 2

#: A normalized text longer than this is refused (the raw file is already capped by size; a PDF's
#: compressed streams are not, and a source is kept in memory and shown whole in the report).
MAX_TEXT_CHARS = 50 * 1024 * 1024

#: A place label is shown next to every figure; a heading of a page of text is cut to this.
MAX_LABEL_CHARS = 80

BLOCK_SEPARATOR = "\n\n"
_SPACES = re.compile(r"\s+")


class FormatError(Exception):
    """A file this format's reader cannot read: ``message`` says what is wrong and what to do."""

    def __init__(self, message: str, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def missing_library(suffix: str, module: str) -> FormatError:
    """The error for a format whose optional library is not installed; it names the extra."""
    return FormatError(f"reading {suffix} files needs the Python package {module!r}, which is not installed: "
                       "pip install 'auditor[formats]'")


@dataclass(frozen=True)
class Extraction:
    """A document as auditor reads it: one text, where a reader's places start, unbreakable blocks."""

    text: str
    places: tuple[tuple[int, str], ...] = ()
    blocks: tuple[tuple[int, int], ...] = ()   # empty: the whole text is one block


def collapse_spaces(text: str) -> str:
    """Runs of white space as one space, ends trimmed (HTML's rendering rule; Markdown's soft breaks)."""
    return _SPACES.sub(" ", text).strip()


def short_label(text: str) -> str:
    """A heading cut to :data:`MAX_LABEL_CHARS` for use as a place label.

    Labels are printed beside findings in the terminal and CI logs, so control and bidi-override
    characters are shown as escapes (``\\x1b``), never passed through.
    """
    text = escape_controls(collapse_spaces(text))
    return text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS - 1] + "…"


class TextBuilder:
    """Assembles a structured document's text block by block, recording places and blocks.

    Blocks are separated by a blank line, so each reads as a paragraph of its own when the
    source is shown; a place starts where its first block starts.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._places: list[tuple[int, str]] = []
        self._blocks: list[tuple[int, int]] = []

    def add(self, text: str, place: str | None = None) -> None:
        """Append one block (nothing when it is blank); ``place`` names where it is, if it starts a place."""
        text = text.strip()
        if not text:
            return
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        if place is not None and (not self._places or self._places[-1][1] != place):
            self._places.append((start, place))
        self._parts.append(text)
        self._length += len(text)
        if self._length > MAX_TEXT_CHARS:
            raise FormatError(f"the document's text is over {MAX_TEXT_CHARS:,} characters; split it into smaller files")
        self._blocks.append((start, self._length))

    def build(self) -> Extraction:
        return Extraction("".join(self._parts), tuple(self._places), tuple(self._blocks))


Reader = Callable[[bytes], Extraction]

#: Document formats people publish that auditor does not read: refused with what to save them as,
#: rather than read as text (RTF would be audited with its markup; the others fail as binary).
UNSUPPORTED = {".doc": "a Word 97-2003 document", ".odt": "an OpenDocument text", ".rtf": "an RTF document",
               ".pages": "a Pages document", ".epub": "an e-book", ".xls": "a spreadsheet", ".xlsx": "a spreadsheet",
               ".ods": "a spreadsheet", ".ppt": "a presentation", ".pptx": "a presentation"}


def _unsupported(what: str) -> Reader:
    def refuse(raw: bytes) -> Extraction:
        raise FormatError(f"{what} is not a format auditor reads: save it as .docx, .pdf, .html, .md or .txt")
    return refuse


def reader_for(suffix: str) -> tuple[str, Reader]:
    """The format name and reader for a file suffix; :data:`UNSUPPORTED` ones refuse the file, and
    other suffixes are read as UTF-8 text."""
    suffix = suffix.lower()
    if suffix == ".md" or suffix == ".markdown":
        from .markdown import read_markdown
        return "markdown", read_markdown
    if suffix in (".html", ".htm"):
        from .html import read_html
        return "html", read_html
    if suffix == ".pdf":
        from .pdf import read_pdf
        return "pdf", read_pdf
    if suffix == ".docx":
        from .docx import read_docx
        return "docx", read_docx
    if suffix in UNSUPPORTED:
        return "unsupported", _unsupported(UNSUPPORTED[suffix])
    from .text import read_text
    return "text", read_text


#: Formats whose extraction is worth caching (parsing costs far more than reading JSON back).
CACHED_FORMATS = frozenset({"pdf", "docx"})


def extract(raw: bytes, suffix: str) -> Extraction:
    """Read a file's bytes as the format its suffix names (from the cache when parsed before)."""
    fmt, reader = reader_for(suffix)
    if fmt not in CACHED_FORMATS:
        return reader(raw)
    from . import cache

    extraction = cache.load(raw, fmt)
    if extraction is None:
        extraction = reader(raw)
        cache.store(raw, fmt, extraction)
    return extraction
