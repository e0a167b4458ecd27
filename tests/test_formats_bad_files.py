"""Documents auditor cannot read: one ``file: message`` line saying what is wrong and what to do,
exit 2, no traceback, the previous reports untouched."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from auditor.cli import run

from formats_support import pdf_pages

SENTENCE = "The agency identified 10 victims in 2017: 6 for sex trafficking and 4 for forced labor."


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_pages([[SENTENCE]]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 170, 250, style="F")   # a page that is a picture, not text
    return bytes(pdf.output())


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    return out.getvalue()


BAD_FILES = {
    "encrypted.pdf": (_encrypted_pdf, "encrypted PDF that needs a password to open: save an unencrypted copy"),
    "scan.pdf": (_scanned_pdf, "no text layer (the pages are images, e.g. a scan): run OCR first"),
    "corrupt.pdf": (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ntruncated", "not a readable PDF ("),
    "old.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a Word 97 file renamed",
                 "not a Word .docx file (a .docx is a zip archive and this is not one; an old .doc renamed?)"),
    "book.docx": (_zip_without_document, "a zip archive without a Word document in it (no word/document.xml)"),
    "letter.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 document is not a format auditor "
                   "reads: save it as .docx, .pdf, .html, .md or .txt"),
    "empty.html": (lambda: b"<html><head><script>var n = 12;</script></head><body><nav>Home 2019</nav></body></html>",
                   "no text found in the HTML page (after removing scripts, styles and navigation)"),
}


@pytest.fixture
def reported(totals_project):
    """A valid project (conftest's) with reports of an earlier run, which must survive a bad source."""
    project = totals_project
    (project.root / "reports").mkdir()
    (project.root / "reports" / "results.json").write_text('{"earlier": "run"}', encoding="utf-8")
    return project


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_document_is_one_error_line_and_nothing_is_written(reported, capsys, name):
    build, message = BAD_FILES[name]
    report = reported.root / "reports" / "results.json"
    before = report.read_bytes()
    (reported.seeds / name).write_bytes(build())
    capsys.readouterr()
    code = run(reported.args())
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.err + captured.out
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"auditor: {reported.seeds / name}: {message}"), lines
    assert report.read_bytes() == before


@pytest.mark.parametrize("name, module", [("r.pdf", "pypdf"), ("r.docx", "docx"), ("r.html", "selectolax.lexbor")])
def test_a_missing_library_names_the_extra_to_install(reported, capsys, monkeypatch, name, module):
    monkeypatch.setitem(sys.modules, module, None)   # import fails as if not installed
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "")
    (reported.seeds / name).write_bytes(b"<p>x</p>")
    capsys.readouterr()
    assert run(reported.args()) == 2
    err = capsys.readouterr().err
    assert "pip install 'auditor[formats]'" in err and str(reported.seeds / name) in err


def test_html_nested_beyond_the_limit_is_refused_before_parsing():
    from auditor.read.formats import FormatError
    from auditor.read.formats.html import MAX_DEPTH, read_html

    deep = "<div>" * MAX_DEPTH + "Found 12 cases." + "</div>" * MAX_DEPTH
    assert read_html(deep.encode()).text == "Found 12 cases."
    # Stray end tags do not hide depth: the parser ignores them, and so does the check.
    with pytest.raises(FormatError, match="nested more than 1,000 deep"):
        read_html(("<div></span>" * (MAX_DEPTH + 1) + "Found 12 cases.").encode())
    # Sloppy but shallow markup is not deep: an end tag closes what was opened inside it.
    assert read_html(("<div><span>12 cases</div>" * (2 * MAX_DEPTH)).encode()).text.count("12 cases") == 2 * MAX_DEPTH


def test_a_docx_that_expands_beyond_the_limit_is_refused_before_parsing(monkeypatch):
    from auditor.read.formats import FormatError
    from auditor.read.formats import docx as docx_reader

    from formats_support import docx_of

    data = docx_of(["Authorities identified 740 victims in 2016."])
    assert docx_reader.read_docx(data).text == "Authorities identified 740 victims in 2016."
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(FormatError, match="the document expands to .* bytes \\(limit 10,000\\)"):
        docx_reader.read_docx(data)
