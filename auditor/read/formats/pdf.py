"""PDF reports (``.pdf``): the text layer of every page, read with pypdf.

Why pypdf: it is the maintained pure-Python PDF library of the py-pdf project, with no
dependency of its own, and its text extraction is several times faster than pdfminer-based
pdfplumber, which matters for 300-page reports; auditor needs the text in reading order and
page numbers, not pdfplumber's character geometry.

From page text to one text:

* lines are trimmed and runs of spaces are one space (justified text is spaced out); typeset
  ligatures (``ﬁ``, ``ﬂ``, …) are letters again and soft hyphens inside lines are dropped, so
  "identiﬁed" reads and repeats like "identified";
* **running headers and footers** are dropped: a line among the first or last two of a page
  that recurs, digits aside ("Annual report 2019 — page 7"), on at least half of the pages
  (at least two), and a bare page number ("14", "Page 14 of 300", "- 14 -") at a page's top or
  bottom;
* **hyphenation at line ends** is undone: a line ending in letter + ``-`` followed by a line
  starting with a lower-case letter is joined; the hyphen is kept after a tens number word
  (``twenty-`` / ``eight`` → ``twenty-eight``) and dropped otherwise (``govern-`` / ``ment`` →
  ``government``); a soft hyphen at a line end is always dropped; a hyphen before a line starting
  with a digit is kept and the lines joined (``2015-`` / ``2017``, ``COVID-`` / ``19``);
* other line breaks, page breaks included, are spaces: a sentence that runs onto the next page
  is one sentence.

Place: ``p. <n>``, the page's number in the file (1-based), for the page a figure is on.

Refused with a message saying what to do: an encrypted PDF that does not open without a
password, a file pypdf cannot parse, and a PDF with no text layer (scanned images: OCR it first).
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter

from . import MAX_TEXT_CHARS, Extraction, FormatError, missing_library

_SPACES = re.compile(r"[ \t\u00a0]+")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_PAGE_NUMBER = re.compile(r"(?:page\s+)?[-–—]?\s*\d{1,5}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,5})?", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_LAST_WORD = re.compile(r"([A-Za-z]+)-$")
EDGE_LINES = 2   # lines at each end of a page where running headers and footers are looked for


def read_pdf(raw: bytes) -> Extraction:
    """The text layer of a PDF, pages joined, with running headers, footers and hyphens undone."""
    pages = _page_lines(raw)
    if not any(pages):
        raise FormatError("no text layer (the pages are images, e.g. a scan): run OCR first "
                          "(for example ocrmypdf) and audit the PDF it writes")
    pages = _drop_running_lines(pages)
    return _join(pages)


def _page_lines(raw: bytes) -> list[list[str]]:
    """Each page's non-empty lines, spaces normalized."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise missing_library(".pdf", "pypdf") from None
    # pypdf raises many kinds of exceptions on a damaged file (its own, but also ValueError,
    # KeyError, RecursionError from a malformed object graph); each one means the same to a user.
    # pypdf logs what it repairs ("EOF marker not found") to stderr; auditor's errors are one line each.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)   # its modules' loggers inherit this level
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not _decrypt(reader):
            raise FormatError("encrypted PDF that needs a password to open: save an unencrypted copy "
                              "(or print it to PDF) and audit that")
        pages, total = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise FormatError(f"the document's text is over {MAX_TEXT_CHARS:,} characters; split it into smaller files")
            pages.append([line for line in (_clean(ln) for ln in text.splitlines()) if line])
        return pages
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 — see above: any parse failure is a corrupt file
        raise FormatError(f"not a readable PDF ({type(exc).__name__}: {str(exc)[:120]}): "
                          "open it in a PDF viewer and save or export it again") from None
    finally:
        log.setLevel(level)


def _clean(line: str) -> str:
    """A line's text as typed: spaces normalized, ligatures as letters, soft hyphens inside it gone."""
    line = _SPACES.sub(" ", line.translate(_LIGATURES)).strip()
    # A soft hyphen at the end stays: it tells the line joiner to undo the break.
    return line[:-1].replace("\u00ad", "") + line[-1:] if "\u00ad" in line else line


def _decrypt(reader) -> bool:
    """Open a PDF that is encrypted with an empty user password (permissions only)."""
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))
    except DependencyError:
        raise FormatError("AES-encrypted PDF: reading it needs the Python package 'cryptography', which is not "
                          "installed: pip install 'auditor[formats]'") from None
    except Exception:  # noqa: BLE001 — an unknown or broken encryption scheme: cannot open
        return False


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", line.lower())


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their running headers/footers and bare page numbers (see the module docstring)."""
    def edges(lines: list[str]) -> list[tuple[int, str]]:
        idx = sorted(set(range(min(EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - EDGE_LINES), len(lines))))
        return [(i, lines[i]) for i in idx]

    counts = Counter()
    for lines in pages:
        counts.update({_edge_key(line) for _, line in edges(lines)})
    needed = max(2, math.ceil(len(pages) / 2))
    running = {key for key, n in counts.items() if n >= needed}
    kept = []
    for lines in pages:
        drop = {i for i, line in edges(lines) if _edge_key(line) in running or _is_page_number(line, len(pages))}
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _is_page_number(line: str, pages: int) -> bool:
    """A bare page number: the pattern, and a number no larger than the document could have
    (a "2016" closing a page is a figure, not a page number)."""
    if not _PAGE_NUMBER.fullmatch(line):
        return False
    return int(_DIGITS.search(line).group(0)) <= pages + 20


def _join(pages: list[list[str]]) -> Extraction:
    """One text from the pages' lines, with a place at the start of each page."""
    parts: list[str] = []
    length = 0
    places: list[tuple[int, str]] = []
    previous = ""
    for number, lines in enumerate(pages, start=1):
        for i, line in enumerate(lines):
            if parts:
                separator = _line_break(previous, line)
                if separator is None:      # a soft or ordinary hyphen to undo: drop it
                    parts[-1] = parts[-1][:-1]
                    length -= 1
                    separator = ""
                parts.append(separator)
                length += len(separator)
            if i == 0:
                places.append((length, f"p. {number}"))
            parts.append(line)
            length += len(line)
            previous = line
    return Extraction("".join(parts), tuple(places))


def _line_break(previous: str, line: str) -> str | None:
    """What joins two lines: a space, nothing (a kept hyphen), or None to drop the hyphen."""
    if previous.endswith("\u00ad"):
        return None
    if previous.endswith("-") and line[:1].isdigit():
        return ""
    word = _LAST_WORD.search(previous)
    if word and line[:1].islower():
        return "" if word.group(1).lower() in _TENS else None
    return " "
