"""Word documents (``.docx``): paragraphs and tables in reading order, read with python-docx.

python-docx is the maintained library for the Office Open XML word-processing format; it parses
the document's XML with lxml with entity resolution off (no XML entity expansion attacks).

Each body paragraph with text is a block (its runs joined as Word shows them, tabs and line
breaks as spaces); each table row is a block, its cells joined by tabs (a merged cell counted
once). Tables nested in a cell are laid out after the cell's own text. Headers, footers,
footnotes, comments and text boxes are not read: they repeat on every page or stand beside the
text.

Places: ``¶ <n>``, counting the body's paragraphs that have text, and ``table <t>, row <r>``.

Refused: a file that is not a zip (a ``.doc`` renamed, a damaged download), a zip that is not a
Word document, one that expands to more than :data:`MAX_UNZIPPED_BYTES`, and one with no text.
"""

from __future__ import annotations

import io
import zipfile

from . import Extraction, FormatError, TextBuilder, collapse_spaces, missing_library

#: A .docx is a zip: its parts are checked before they are parsed, so a small file that expands
#: to gigabytes (a zip bomb) is refused instead of exhausting memory.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def _check_zip(raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise FormatError("not a Word .docx file (a .docx is a zip archive and this is not one; an old .doc "
                          "renamed?): open it in Word or LibreOffice and save it as .docx") from None
    if "word/document.xml" not in names:
        raise FormatError("a zip archive without a Word document in it (no word/document.xml): save it as .docx")
    if size > MAX_UNZIPPED_BYTES:
        raise FormatError(f"the document expands to {size:,} bytes (limit {MAX_UNZIPPED_BYTES:,}); split it")


def read_docx(raw: bytes) -> Extraction:
    """The body's paragraphs and table rows, in order, each with its place."""
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise missing_library(".docx", "python-docx") from None
    _check_zip(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 — any parse failure of a damaged package means the same
        raise FormatError(f"not a readable Word document ({type(exc).__name__}): "
                          "open it in Word or LibreOffice and save it as .docx again") from None
    out = TextBuilder()
    paragraphs = tables = 0
    # Nested tables are queued (iteratively: nesting depth is untrusted input).
    pending: list = list(document.iter_inner_content())
    pending.reverse()
    while pending:
        block = pending.pop()
        if isinstance(block, Table):
            tables += 1
            nested = _add_table(out, block, tables)
            pending.extend(reversed(nested))
            continue
        text = collapse_spaces(block.text)
        if text:
            paragraphs += 1
            out.add(text, f"¶ {paragraphs}")
    extraction = out.build()
    if not extraction.text:
        raise FormatError("no text found in the Word document (only images or empty paragraphs?)")
    return extraction


def _add_table(out: TextBuilder, table, number: int) -> list:
    """Lay out one table's rows; return the tables nested in its cells."""
    nested = []
    for r, row in enumerate(table.rows, start=1):
        cells, seen = [], set()
        for cell in row.cells:
            if cell._tc in seen:   # a merged cell appears once per grid column it spans
                continue
            seen.add(cell._tc)  # the element itself: held, so lxml gives the same proxy back
            cells.append(collapse_spaces(" ".join(p.text for p in cell.paragraphs)))
            nested.extend(cell.tables)
        out.add("\t".join(c for c in cells if c), f"table {number}, row {r}")
    return nested
