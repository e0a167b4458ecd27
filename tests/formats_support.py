"""Small documents of each format, written in the test that reads them (never stored as fixtures).

PDFs are written with fpdf2 (a dev dependency), Word files with python-docx; HTML and Markdown
are text. :func:`seed_copy` saves a plain text as each format the way an editor would.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

# A Unicode TrueType font for PDFs of text beyond Latin-1 (the seed has “ ” ’ — …); fpdf2's
# built-in fonts only cover Latin-1.
UNICODE_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                 "/usr/share/fonts/TTF/DejaVuSans.ttf")


def unicode_font() -> str | None:
    return next((f for f in UNICODE_FONTS if Path(f).is_file()), None)


def pdf_pages(pages: list[list[str]], header: str | None = None, numbered: bool = False) -> bytes:
    """A PDF whose pages hold these lines exactly (one text line each), with an optional running
    header on top of every page and "Page n of N" at the bottom."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 6, header)
        pdf.set_xy(10, 25)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if numbered:
            pdf.set_xy(10, 280)
            pdf.cell(0, 6, f"Page {number} of {len(pages)}")
    return bytes(pdf.output())


def pdf_of_text(text: str, font: str) -> bytes:
    """A PDF of a long text, wrapped at spaces into lines and pages as a word processor would."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("body", fname=font)
    pdf.set_font("body", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, text, align="L")
    return bytes(pdf.output())


def docx_of(blocks: list) -> bytes:
    """A Word file: a ``str`` is a paragraph, ``("h", text)`` a heading, a list of rows a table."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        elif isinstance(block, tuple):
            document.add_heading(block[1], level=1)
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def markdown_escape(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text (CommonMark's punctuation escapes)."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~&-])", r"\\\1", text)


def seed_copy(text: str, suffix: str) -> bytes:
    """``text`` saved as a document of another format, as an editor would save it."""
    if suffix == ".md":
        return markdown_escape(text).encode("utf-8")
    if suffix == ".html":
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report</title>'
                f'<style>p {{ margin: 0 }}</style></head><body><nav><a href="/">Home</a> <a href="/2019">2019</a></nav>'
                f"<main><p>{html.escape(text)}</p></main><script>var total = 1883;</script></body></html>").encode("utf-8")
    if suffix == ".docx":
        return docx_of([text])
    if suffix == ".pdf":
        font = unicode_font()
        assert font, "no Unicode TrueType font"
        return pdf_of_text(text, font)
    raise ValueError(suffix)
