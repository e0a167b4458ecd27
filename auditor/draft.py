"""Draft extracts: what ``auditor scan --draft DIR`` writes for a steward to review and keep.

For each scanned source ``<name>.<ext>`` (``sub/report.txt`` keeps its folder), two files:

``DIR/<name>.draft.csv``
    The project's extracts format, one row per figure the scanner read as a quantity
    (counts, money, percents, ordinals; not years, dates or labels). ``id`` says what the
    figure is, ``<doc>/<measure>-<period>[-<scope>]``, made unique with ``-2``, ``-3`` …;
    ``period`` is the year that belongs to the figure ("706 in 2018" is 2018 even when the
    sentence opens with 2019); ``measure``, ``scope`` and ``category`` are what
    :mod:`auditor.read.context` reads from the sentence (``measure`` falls back on the words
    after the figure); ``quote`` is an exact substring of the source holding the
    figure: its sentence, cut to at most :data:`MAX_QUOTE_CHARS` characters around it.
``DIR/<name>.draft.ignored.csv``
    The mentions the scanner read as labels ("Tier 2", "Law 137-03", "COVID-19"), each with
    its reason, in the ``ignored.csv`` format, so coverage accounts for them.

Drafting again is safe: mentions that an extract or ignored row anywhere under DIR already
covers (at overlapping offsets, as coverage decides) are not drafted again, ids already used
under DIR are not reused, and a source whose mentions are all accounted for gets no file.
A draft file is written atomically (a hidden temporary file, then a rename), never through
a symbolic link, and never over an existing draft without ``force`` (which redrafts that
source from scratch, keeping what other files hold). docs/reading.md explains the review.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .coverage import _Spans  # coverage's own overlap test: "already covered" means what coverage means
from .discover.model import document_key
from .errors import ConfigError, InputErrors
from .extracts import FIGURE_COLUMNS, IGNORED_COLUMNS, MAX_CSV_BYTES
from .read.context import FigureRead, read_source
from .read.scanner import Mention
from .read.sources import Source

#: A draft quote is the figure's sentence, cut to this many characters around the figure.
MAX_QUOTE_CHARS = 400
DRAFT_SUFFIX = ".draft.csv"
DRAFT_IGNORED_SUFFIX = ".draft.ignored.csv"
#: Kinds that are not figures to extract: periods and names.
NOT_FIGURES = {"year", "date", "label"}


# --------------------------------------------------------------------------- what DIR already holds

@dataclass
class Kept:
    """What the extracts under the draft folder already account for, per file."""

    spans: dict[Path, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)  # file -> source -> spans
    ids: dict[Path, set[str]] = field(default_factory=dict)

    def covered(self, skip: set[Path]) -> dict[str, list[tuple[int, int]]]:
        """Spans by source over every file but ``skip`` (the files about to be replaced)."""
        merged: dict[str, list[tuple[int, int]]] = {}
        for path, by_source in self.spans.items():
            if path not in skip:
                for source, spans in by_source.items():
                    merged.setdefault(source, []).extend(spans)
        return merged

    def used_ids(self, skip: set[Path]) -> set[str]:
        return {fid for path, ids in self.ids.items() if path not in skip for fid in ids}


def read_kept(directory: Path) -> Kept:
    """Offsets and ids of every extract and ignored row under ``directory``, read leniently.

    A row that ``check`` would reject still counts here: drafting must not collide with it.
    Symbolic links and hidden files are skipped, as the extracts loader skips hidden ones.
    """
    kept = Kept()
    if not directory.is_dir():
        return kept
    errors: list[ConfigError] = []
    for path in sorted(directory.rglob("*.csv")):
        if any(part.startswith(".") for part in path.relative_to(directory).parts) or path.is_symlink():
            continue
        try:
            if path.stat().st_size > MAX_CSV_BYTES:
                errors.append(ConfigError(str(path), f"file is larger than {MAX_CSV_BYTES} bytes"))
                continue
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(ConfigError(str(path), f"cannot read existing extracts before drafting: {exc}"))
            continue
        spans: dict[str, list[tuple[int, int]]] = {}
        ids: set[str] = set()
        try:
            for row in csv.DictReader(io.StringIO(text, newline="")):
                if row.get("id"):
                    ids.add(row["id"].strip())
                try:
                    start, end = int(row.get("start") or ""), int(row.get("end") or "")
                except ValueError:
                    continue
                spans.setdefault((row.get("source") or "").strip(), []).append((start, end))
        except csv.Error as exc:
            errors.append(ConfigError(str(path), f"CSV: {exc}"))
            continue
        kept.spans[path], kept.ids[path] = spans, ids
    if errors:
        raise InputErrors(errors)
    return kept


# --------------------------------------------------------------------------- file names

def draft_stem(name: str) -> str:
    """Path of a source's draft below DIR, without suffix: ``report.txt`` -> ``report``,
    ``sub/report.txt`` -> ``sub/report`` (the folder is kept, so ``a/b.txt`` and ``a__b.txt``
    never share a draft)."""
    return PurePosixPath(name).with_suffix("").as_posix()


def draft_stems(names: list[str]) -> dict[str, str]:
    """A distinct stem for every source: two sources that differ only in their extension
    (``r.txt``, ``r.md``) keep it (``r.txt``, ``r.md``)."""
    stems = {name: draft_stem(name) for name in names}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    return {name: (stem if counts[stem] == 1 else name) for name, stem in stems.items()}


def _safe_relative(stem: str) -> bool:
    parts = PurePosixPath(stem).parts
    return bool(parts) and not PurePosixPath(stem).is_absolute() and all(p not in ("", ".", "..") for p in parts)


# --------------------------------------------------------------------------- one row

def bounded_quote(text: str, start: int, end: int, lo: int, hi: int, limit: int = MAX_QUOTE_CHARS) -> tuple[int, int]:
    """Span of a quote for ``text[start:end]`` inside ``text[lo:hi]`` (its sentence), at most
    ``limit`` characters (or the figure itself when longer), cut at word boundaries when it can."""
    lo, hi = min(lo, start), max(hi, end)
    if hi - lo <= limit:
        return lo, hi
    width = max(limit, end - start)
    q_lo = max(lo, start - (width - (end - start)) // 2)
    q_hi = min(hi, q_lo + width)
    q_lo = max(lo, q_hi - width)          # a window clipped at the sentence's end opens earlier
    # Do not open or close on half a word.
    space = text.find(" ", q_lo, start)
    if q_lo > lo and space != -1:
        q_lo = space + 1
    space = text.rfind(" ", end, q_hi)
    if q_hi < hi and space != -1:
        q_hi = space
    return q_lo, q_hi


def _csv_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


_SLUG = re.compile(r"[^a-z0-9]+")
_MEASURE_WORD = re.compile(r"\s+([^\W\d_][\w’'-]*)")
# Words after a figure that are not what it counts ("96 were", "12 in").
_NOT_MEASURE = {"were", "was", "are", "is", "in", "of", "and", "or", "to", "for", "from", "with", "who",
                "had", "have", "has", "by", "on", "at", "as", "than", "the", "a", "an", "that", "which",
                "per", "percent", "cent", "out", "more", "fewer", "less", "compared", "each", "all"}
# Years that name a law or a document, not the period of a figure ("the 2003 law", "Report 2018").
_NOT_PERIOD_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:law|act|regulations?|constitution|census|plan|report|code|"
                               r"convention|protocol|strategy|policy|decree)\b", re.IGNORECASE)
# "the Child Protection Code of 2003", "Act of 1998", "Report 2022": the year dates a law or a document.
_LAW_OF_YEAR = re.compile(r"\b(?:law|act|code|decree|constitution|convention|protocol|regulations?)\b[\w\s.-]{0,20}?\bof\s*$"
                          r"|\b(?:report|edition|volume|yearbook)\s+$", re.IGNORECASE)
_PERIOD_LINK = re.compile(r"[\s,(]*(?:in|during|for|of|since|from|through|throughout|by|as\s+of)\s+"
                          r"(?:(?:fiscal|calendar|the)\s+)?(?:year\s+)?$", re.IGNORECASE)


def _slug(words: str, limit: int = 40) -> str:
    return _SLUG.sub("-", words.lower()).strip("-")[:limit].strip("-")


def _measure_words(text: str, mention: Mention, hi: int) -> str:
    """The noun phrase after a figure ("96 trafficking victims" -> "trafficking victims"): what
    names a figure the context reader does not read (an ordinal) or reads no measure for."""
    words: list[str] = []
    at = mention.end
    verb = re.match(r"\s+(?:were|was)\b", text[at:at + 6])  # "11 were women": what 11 counts follows
    if verb:
        at += verb.end()
    while len(words) < 2 and (match := _MEASURE_WORD.match(text, at, min(hi, at + 40))) is not None:
        word = match.group(1)
        if word.lower() in _NOT_MEASURE:
            break
        words.append(word)
        at = match.end()
    return " ".join(words)


def _year_of(mention: Mention) -> int:
    return int(mention.value) if mention.kind == "year" else int(mention.value) // 10000 if mention.kind == "date" else 0


def _names_a_law(text: str, year: Mention) -> bool:
    return (_NOT_PERIOD_AFTER.match(text, year.end) is not None
            or _LAW_OF_YEAR.search(text, max(0, year.start - 40), year.start) is not None)


# A figure of a law or an age has no period: "prescribes penalties of 15 to 20 years", "under 18 years of age".
_TIMELESS = re.compile(r"\b(?:penalt\w*|prescrib\w*|liable|punishable|minimum|maximum|not\s+(?:less|more)\s+than)\b",
                       re.IGNORECASE)
_AGE_AFTER = re.compile(r"[\s-]+years?(?:['’])?(?:[\s-]+of[\s-]+age|[\s-]+old)\b", re.IGNORECASE)
# Words that make the rest of a clause a comparison: "compared with 11 in 2018", "up from 40".
_COMPARES = re.compile(r"\b(?:compared|versus|vs\.)|\b(?:up|down|increase|decrease|rise|drop|rose|fell|declined?)\s+from\b",
                       re.IGNORECASE)
_PREVIOUS = re.compile(r"\b(?:previous|prior|preceding|last)\s+(?:year|reporting|period|fiscal)", re.IGNORECASE)


def _aside(text: str, mention: Mention, lo: int, hi: int) -> tuple[bool, bool, int, int]:
    """Is a figure inside a parenthesis, inside a comparison ("compared with …" earlier in its
    clause, up to a semicolon), and the span of that aside within its sentence ``text[lo:hi]``."""
    depth = 0
    opened = lo
    for i in range(lo, mention.start):
        if text[i] == "(":
            depth, opened = depth + 1, i
        elif text[i] == ")" and depth:
            depth -= 1
    clause_lo = max(lo, text.rfind(";", lo, mention.start) + 1)
    comparison = _COMPARES.search(text, clause_lo, mention.start)
    if depth:
        close = text.find(")", mention.end, hi)
        return True, comparison is not None and comparison.start() > opened, opened, hi if close == -1 else close
    semicolon = text.find(";", mention.end, hi)
    return False, comparison is not None, comparison.start() if comparison else clause_lo, hi if semicolon == -1 else semicolon


def _outside_parentheses(text: str, quantities: list[Mention], lo: int, hi: int) -> list[Mention]:
    """Quantities of ``text[lo:hi]`` but sums of money in parentheses, which convert the figure
    before them ("24.8 million pesos ($472,470) in 2017")."""
    depth, inside = 0, []
    for i in range(lo, hi):
        depth += text[i] == "("
        depth -= text[i] == ")" and depth > 0
        inside.append(depth > 0)
    return [q for q in quantities if lo <= q.start < hi and not (inside[q.start - lo] and q.kind == "money")]


def _linked(text: str, first: Mention, year: Mention, quantities: list[Mention]) -> bool:
    """Is ``year`` the period of ``first``: right after it, joined by "in", "during", "for" …?"""
    between = text[first.end:year.start]
    return (len(between) <= 60 and _PERIOD_LINK.search(between) is not None
            and not _outside_parentheses(text, quantities, first.end, year.start))


def figure_period(text: str, mention: Mention, sentence: list[Mention], lo: int = 0, hi: int | None = None) -> tuple[str, str]:
    """The year that belongs to a figure, read from its sentence ``text[lo:hi]`` (``sentence``: its mentions).

    In order: the year linked right after the figure ("706 in 2018"; "24.8 million pesos
    ($472,470) in 2017"); in a parenthesis or a comparison, the year closing that clause
    ("(compared to providing 63 … and 37 … in 2016)"), or ``back`` when it names none (the
    caller takes the year before the document's); a law's penalty or an age has none; then
    the nearest year before the figure that is not another figure's own ("In 2018, …"); then
    the only year after it when no other quantity stands between. Years that name a law or a
    document ("the 2003 law", "Report 2018") are no period. Returns the year (or "") and how
    it was found: ``own``, ``aside``, ``back``, ``timeless``, ``opening``, ``before``, ``after``, "".
    """
    hi = len(text) if hi is None else hi
    years = [m for m in sentence if _year_of(m) and not _names_a_law(text, m)]
    quantities = [m for m in sentence if m.kind not in NOT_FIGURES and m is not mention]
    in_parentheses, compared, c_lo, c_hi = _aside(text, mention, lo, hi)
    aside = in_parentheses or compared
    after = [y for y in years if y.start >= mention.end]
    if after and _linked(text, mention, after[0], quantities):
        return str(_year_of(after[0])), "aside" if aside else "own"
    if mention.unit != "count" and (_AGE_AFTER.match(text, mention.end) or _TIMELESS.search(text, lo, mention.start)):
        return "", "timeless"
    if aside:
        closing = [y for y in after if y.start < c_hi]
        if closing:
            return str(_year_of(closing[0])), "aside"
        if compared or _PREVIOUS.search(text, c_lo, c_hi):
            return "", "back"
    owned = {id(y) for y in years for q in quantities if q.end <= y.start and _linked(text, q, y, quantities)}
    before = [y for y in years if y.end <= mention.start and id(y) not in owned]
    if before:
        opening = not [q for q in quantities if q.start < before[-1].start]
        return str(_year_of(before[-1])), "opening" if opening else "before"
    if len({_year_of(y) for y in after}) == 1 and not [q for q in quantities if q.start >= mention.end]:
        return str(_year_of(after[0])), "after"
    return "", ""


def document_period(periods: list[tuple[str, str]]) -> str:
    """The period a document speaks of: the year its sentences open with ("In 2018, …") or
    give their own figures ("706 in 2018"), most often (the latest of equals); failing that,
    the year after the latest it compares itself with ("compared with 383 in 2020" -> 2021);
    "" when none. A sentence that names no year ("Of these, 69 were …") most often speaks of it."""
    counts: dict[str, int] = {}
    for period, how in periods:
        if period and how in ("own", "opening"):
            counts[period] = counts.get(period, 0) + 1
    if counts:
        return max(counts, key=lambda p: (counts[p], p))
    looked_back = [int(period) for period, how in periods if period and how == "aside"]
    return str(max(looked_back) + 1) if looked_back else ""


def period_of(read: tuple[str, str], usual: str) -> str:
    """A figure's period from its sentence's reading and its document's usual period."""
    period, how = read
    if period or how == "timeless":
        return period
    if how == "back":
        return str(int(usual) - 1) if usual else ""
    return usual


@dataclass
class Draft:
    """One source's draft: figure rows, label rows, and how many mentions were already kept."""

    figures: list[dict[str, str]]
    labels: list[dict[str, str]]
    already: int


def draft_source(source: Source, mentions: list[Mention], doc: str, covered: list[tuple[int, int]],
                 ids: Ids) -> Draft:
    """Rows for the mentions of ``source`` that nothing under DIR covers yet, with ids from ``ids``."""
    text = source.text
    kept = _Spans(covered)  # merged and sorted: each test is a binary search (cost linear overall)
    # What each counted figure measures, its scope and category: the project's context reader.
    reads = {figure.mention.start: figure for passage in read_source(source, mentions) for figure in passage.figures}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(_sentence_index(source, m), []).append(m)
    periods = {m.start: figure_period(text, m, by_sentence[_sentence_index(source, m)], *_sentence_span(source, m))
               for m in mentions if m.kind not in NOT_FIGURES}
    usual = document_period(list(periods.values()))
    figures: list[dict[str, str]] = []
    labels: list[dict[str, str]] = []
    already = 0
    sentence_measure: dict[int, str] = {}  # the last measure read in each sentence
    for m in mentions:
        if m.kind in ("year", "date"):
            continue
        passage = source.passage_at(m.start)
        lo, hi = (passage.start, passage.end) if passage else (m.start, m.end)
        if m.kind != "label":
            read = reads.get(m.start)
            measure, scope, category = _described(read) if read else ("", "", "")
            # "114 possible victims (96 in 2017 and 68 in 2016)": a figure without words of its
            # own counts what the figure before it in the sentence counts.
            sentence = passage.index if passage else -1
            measure = measure or _measure_words(text, m, hi) or sentence_measure.get(sentence, "")
            sentence_measure[sentence] = measure
        if kept.overlaps(m.start, m.end):
            already += 1
            continue
        if m.kind == "label":
            labels.append({"source": source.name, "start": str(m.start), "end": str(m.end), "text": m.text,
                           "reason": f"label, not a quantity: {_context(text, m.start, m.end, lo, hi)}"})
            continue
        period = period_of(periods[m.start], usual)
        if not period and read is not None and read.period.isdigit():
            period = read.period
        q_lo, q_hi = bounded_quote(text, m.start, m.end, lo, hi)
        figures.append({
            "id": ids.unique(doc, _slug(measure) or _slug(m.unit), period, _slug(scope)),
            "source": source.name, "figure": m.text,
            "value": "" if math.isnan(m.value) else _csv_value(m.value), "unit": m.unit, "period": period,
            "scope": scope, "category": category, "measure": measure, "start": str(m.start), "end": str(m.end),
            "quote": text[q_lo:q_hi],
        })
    return Draft(figures, labels, already)


def _sentence_index(source: Source, mention: Mention) -> int:
    passage = source.passage_at(mention.start)
    return passage.index if passage else -1


def _sentence_span(source: Source, mention: Mention) -> tuple[int, int]:
    passage = source.passage_at(mention.start)
    return (passage.start, passage.end) if passage else (mention.start, mention.end)


def _context(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """A few words either side of a label, white space collapsed, for its reason."""
    return " ".join(text[max(lo, start - 30):min(hi, end + 30)].split())


def _described(read: FigureRead) -> tuple[str, str, str]:
    """Measure, scope and category of a figure as the context reader gives them; a category of
    function words only ("to", "the") says nothing and is left for the steward."""
    category = read.category if set(read.category.lower().split()) - _NOT_MEASURE else ""
    return read.measure, read.scope, category


class Ids:
    """Ids handed out so far (and those DIR already uses): ``base``, then ``base-2``, ``base-3`` …"""

    def __init__(self, used: set[str]):
        self.used = used
        self._next: dict[str, int] = {}  # the next suffix to try per base: no rescan from 2

    def unique(self, doc: str, measure: str, period: str, scope: str = "") -> str:
        base = f"{doc}/{measure or 'figure'}" + (f"-{period}" if period else "") + (f"-{scope}" if scope else "")
        fid, n = base, self._next.get(base, 1)
        if n > 1:
            fid = f"{base}-{n}"
        while fid in self.used:
            n += 1
            fid = f"{base}-{n}"
        self._next[base] = n + 1
        self.used.add(fid)
        return fid


# --------------------------------------------------------------------------- writing

def _refuse_links(directory: Path, target: Path) -> str | None:
    """Why ``target`` (below ``directory``) may not be written, if a symbolic link is in the way."""
    here = directory
    if here.is_symlink():
        return f"{here} is a symbolic link; drafts are never written through one"
    for part in target.relative_to(directory).parts:
        here = here / part
        if here.is_symlink():
            return f"{here} is a symbolic link; drafts are never written through one"
    return None


def write_csv_atomically(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    """Write a CSV file whole or not at all: a hidden temporary file beside it, then a rename
    (which replaces a directory entry and never follows a link at ``path``)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class DraftSummary:
    """What a draft run wrote and left alone."""

    written: list[Path]
    figures: int
    labels: int
    already: int


def write_drafts(sources: dict[str, Source], mentions: dict[str, list[Mention]], directory: Path,
                 force: bool = False) -> DraftSummary:
    """Draft every source into ``directory``; check every file first, so a refusal writes nothing."""
    stems = draft_stems(list(sources))
    errors: list[ConfigError] = []
    planned: list[tuple[Path, list[str], list[dict[str, str]]]] = []
    kept = read_kept(directory)
    replacing = {directory / f"{stem}{suffix}" for stem in stems.values()
                 for suffix in (DRAFT_SUFFIX, DRAFT_IGNORED_SUFFIX)} if force else set()
    covered = kept.covered(replacing)
    ids = Ids(kept.used_ids(replacing))
    total = Draft([], [], 0)
    for name, source in sources.items():
        stem = stems[name]
        if not _safe_relative(stem):
            errors.append(ConfigError(name, "cannot name a draft file after this source"))
            continue
        # Ids name the document as discovery does: plain characters, with a short hash otherwise.
        draft = draft_source(source, mentions[name], document_key(name), covered.get(name, []), ids)
        total.figures += draft.figures
        total.labels += draft.labels
        total.already += draft.already
        for suffix, columns, rows in ((DRAFT_SUFFIX, FIGURE_COLUMNS, draft.figures),
                                      (DRAFT_IGNORED_SUFFIX, IGNORED_COLUMNS, draft.labels)):
            if not rows:
                continue
            path = directory / f"{stem}{suffix}"
            why_not = _refuse_links(directory, path)
            if why_not:
                errors.append(ConfigError(str(path), why_not))
            elif (path.exists() or path.is_symlink()) and not force:
                errors.append(ConfigError(str(path), f"a draft already exists and {len(rows)} new row(s) would "
                                                     "replace it; review it into your extracts, or pass --force"))
            else:
                planned.append((path, columns, rows))
    if errors:
        raise InputErrors(errors)
    written = []
    try:
        for path, columns, rows in planned:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_csv_atomically(path, columns, rows)
            written.append(path)
    except OSError as exc:
        raise InputErrors.single(exc.filename or directory, f"cannot write draft extracts: {exc.strerror or exc}")
    return DraftSummary(written, len(total.figures), len(total.labels), total.already)

