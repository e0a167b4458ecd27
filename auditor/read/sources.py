"""Source documents: read by format, split into passages (sentences) with character offsets.

``Source.text`` is the document's normalized text (:mod:`auditor.read.formats`): for a ``.txt``
file exactly the file's text; for Markdown, HTML, PDF and Word the text a reader reads. Offsets
are Python string indices (Unicode code points) into it, so an extract's ``start:end`` selects
its figure from ``Source.text``; ``Source.place(offset)`` names where a reader finds it
("p. 14", "¶ 12", "§ Protection").
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import ConfigError, InputErrors
from ..paths import read_limited, walk_files
from .formats import Extraction, FormatError, extract, reader_for

MAX_SOURCE_BYTES = 50 * 1024 * 1024
# A passage is cut at this length when no sentence ends in it (scraped pages run together, a
# table flattened to "1,1,1,…"): everything that carries a passage (a draft quote, a repeat's
# copies, the context of a finding) is then bounded, and so is every report's size per figure.
# Real sentences are far shorter; the longest in the shipped seed is under 700 characters.
MAX_PASSAGE_CHARS = 2000

# A sentence ends at . ! ? or … (optionally closed by quotes/brackets) followed by white space.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_CAPS_WORD = re.compile(r"[A-Z]{2,}\b(?!\.)")
# Tokens that end in a period without ending a sentence.
_ABBREVIATIONS = {"u.s.", "u.k.", "u.n.", "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "vs.",
                  "e.g.", "i.e.", "etc.", "inc.", "jan.", "feb.", "mar.", "apr.", "aug.",
                  "sept.", "sep.", "oct.", "nov.", "dec.", "gov.", "sen.", "rep.", "jr.", "sr."}


@dataclass(frozen=True)
class Passage:
    """One sentence of a source: ``source.text[start:end] == text``."""

    source: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Source:
    """A source document as read from disk."""

    name: str
    path: Path
    text: str
    passages: list[Passage] = field(default_factory=list)
    places: tuple[tuple[int, str], ...] = ()   # (offset where a reader's place starts, its label), ascending

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (lines end at ``\\n``), computed once."""
        return [0, *(m.end() for m in re.finditer("\n", self.text))]

    @cached_property
    def text_is_file(self) -> bool:
        """Whether ``text`` is the file's own text (plain text), so a line and column in it are the file's."""
        return reader_for(self.path.suffix)[0] == "text"

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of character ``offset`` in ``text``, as editors and CI annotations count.

        Columns count characters (code points), like the offsets; an offset past the end is
        placed just after the last character. They are the file's own only when
        :attr:`text_is_file`; a PDF or a Word file has pages and paragraphs (:meth:`place`) instead.
        """
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @cached_property
    def _place_starts(self) -> list[int]:
        return [offset for offset, _ in self.places]

    def place(self, offset: int) -> str:
        """Where a reader finds character ``offset``: "p. 14", "¶ 12", "§ Protection"; "" for plain text."""
        i = bisect_right(self._place_starts, offset) - 1
        return self.places[i][1] if i >= 0 else ""

    def passage_at(self, offset: int) -> Passage | None:
        """The passage containing character ``offset`` (binary search)."""
        lo, hi = 0, len(self.passages) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            p = self.passages[mid]
            if offset < p.start:
                hi = mid - 1
            elif offset >= p.end:
                lo = mid + 1
            else:
                return p
        return None


def split_passages(text: str, source: str = "") -> list[Passage]:
    """Split ``text`` into sentences, keeping exact offsets; abbreviations do not end one."""
    passages: list[Passage] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        # Include closing quotes/brackets in the sentence, not the white space.
        closing = match.group(0).rstrip()
        candidate_end = end + len(closing)
        # Only the last few characters: looking at all of text[start:end] made a text whose
        # sentences never end (no capital after ". ") quadratic (240 KB took minutes).
        tail = text[max(start, end - 6):end].split()
        last_token = tail[-1].lower() if tail else ""
        if last_token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.){1,3}", last_token):
            # "U.S. Department" goes on; "… Office of the U.S. MEXICO CITY (AP) —" is a new
            # sentence: scraped pages run together, and a word in capitals starts a dateline.
            if not _CAPS_WORD.match(text, match.end()):
                continue
        following = text[match.end():match.end() + 1]
        if following and not (following.isupper() or following.isdigit() or following in "\"“‘'([$–—"):
            continue
        _append(passages, text, start, candidate_end, source)
        start = match.end()
    _append(passages, text, start, len(text), source)
    return passages


def split_blocks(extraction: Extraction, source: str = "") -> list[Passage]:
    """Sentences of a structured document: no passage crosses a block (a heading, a table row)."""
    if not extraction.blocks:
        return split_passages(extraction.text, source)
    passages: list[Passage] = []
    for start, end in extraction.blocks:
        for p in split_passages(extraction.text[start:end], source):
            passages.append(Passage(source, len(passages), start + p.start, start + p.end, p.text))
    return passages


def _append(passages: list[Passage], text: str, start: int, end: int, source: str) -> None:
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        cut = _cut(text, start, end)
        stop = cut
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            passages.append(Passage(source, len(passages), start, stop, text[start:stop]))
        start = cut


def _cut(text: str, start: int, end: int) -> int:
    """Where the passage starting at ``start`` stops: ``end``, or for an over-long one the last
    white space (else the last character that is not a letter or digit, so a figure stays
    whole) in the second half of :data:`MAX_PASSAGE_CHARS` characters."""
    if end - start <= MAX_PASSAGE_CHARS:
        return end
    limit = start + MAX_PASSAGE_CHARS
    half = start + MAX_PASSAGE_CHARS // 2
    for accept in (str.isspace, lambda ch: not ch.isalnum()):
        for index in range(limit, half, -1):
            if accept(text[index - 1]):
                return index
    return limit


def read_source(path: Path, name: str) -> Source:
    """Read one source file by its suffix (:mod:`auditor.read.formats`); raise :class:`InputErrors` otherwise."""
    raw = read_limited(path, MAX_SOURCE_BYTES, "source")
    try:
        extraction = extract(raw, path.suffix)
    except FormatError as exc:
        raise InputErrors.single(path, exc.message, exc.line, exc.col)
    source = Source(name=name, path=path, text=extraction.text, places=extraction.places)
    source.passages = split_blocks(extraction, name)
    return source


def load_sources(directory: Path) -> dict[str, Source]:
    """Read every non-hidden file below ``directory``; names are paths relative to it."""
    if not directory.is_dir():
        raise InputErrors.single(directory, "sources folder not found" if not directory.exists() else "not a folder")
    sources: dict[str, Source] = {}
    unreadable: set[str] = set()
    errors: list[ConfigError] = []
    # Links to folders, unlistable folders and links leading out are refused by the walk: a
    # source is shown in full in report.html, so a link to /etc/passwd or /proc/self/environ
    # in a contributed folder must not publish that file.
    for path in walk_files(directory, errors, folder_name="the sources folder"):
        name = path.relative_to(directory).as_posix()
        unreadable.add(name)
        try:
            sources[name] = read_source(path, name)
            unreadable.discard(name)
        except InputErrors as exc:
            errors.extend(exc.errors)
    for error in errors:
        # Refused by the walk (a link, a folder that cannot be listed): rows naming these are
        # not reported again as "unknown source".
        refused = Path(error.file)
        if refused.is_relative_to(directory):
            unreadable.add(refused.relative_to(directory).as_posix())
    if errors:
        # partial: the sources that did load, and the names of those that did not.
        raise InputErrors(errors, partial=(sources, unreadable))
    if not sources:
        raise InputErrors.single(directory, "no source documents found")
    return sources
