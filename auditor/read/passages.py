"""Find repeated passages within and across documents, and align their figures.

A document that states a passage twice (or copies one from another document) must state the
same figures both times. This module finds such repeats with no hand-written rule and pairs
each figure of one copy with its counterpart in the other; whether a pair agrees is decided
by Great Expectations elsewhere.

Three kinds of repeat:

``exact``
    The same normalised words (case, punctuation and spacing aside).
``near``
    Word-level similarity at or above ``threshold``: a textual variant ("victims of" /
    "trapped in") or the same passage with a figure changed.
``truncated``
    A passage cut off with an ellipsis ("…" or "...") whose words before the ellipsis agree
    (at the threshold) with the start of a fuller passage.

Similarity is rapidfuzz's ``ratio`` over the sequence of normalised *words* (each word is one
symbol), 0-100. Words rather than characters because a changed word costs the same whatever
its length: on the seed, character ratio rates the different statements "The state governments
identified 527 victims, compared to 691 …" / "The federal government identified 140 victims,
compared to 194 …" (85.2) above the textual variant "24.9 million people are victims of /
trapped in forced labor." (83.0), while word ratio puts them at 66.7 and 75.0. The default
threshold, 70, sits in that gap: it finds every real repeat of the seed and nothing else.

Scale (a million sentences in well under a minute; nothing is compared all-pairs):

* exact repeats: grouped by hashing their normalised text;
* a passage restated with figures changed: texts that are word for word the same once their
  numbers are masked, grouped by hashing too, so this case never depends on luck;
* textual variants: MinHash LSH over each distinct text's informative words (30 bands of 4
  rows), computed with numpy for all texts at once (datasketch's per-object MinHash and LSH
  cost ~90 µs a passage, too slow for a million sentences);
* truncations: a sorted index of normalised texts, searched for each truncated text's words.

A bucket of equal hashes yields a linear number of candidate pairs (each member with the
bucket's first and with its neighbour), and only candidates are scored (rapidfuzz, in bulk).

Not every likeness is a repeat of one statement. Two rules keep apart sentences that only
share a shape (as an editor would, and as a corpus of country reports needs):

* **another subject**: when the words that differ between two copies (figures aside) include a
  name (a capitalised word after the first) or a year, the copies speak of different places,
  bodies or periods ("… in the capital of Panama …" / "… in the coastal provinces of
  Nicaragua …"). Across documents such a pair is no repeat. Within one document it is kept
  only when the names are all that differs: the seed's "… professionals in New Mexico …" /
  "… in Hawaii …" is a copy-paste remnant worth a look, while "Cases in Chile doubled from 7 to
  14" / "Cases in Peru halved from 30 to 15", or "According to UNODC, in Chile, …" / "According
  to local media, in Peru, …", are two statements.
* **other figures**: two copies of which two or more figures differ, and more than half of
  them, are the same words filled in with another set of data ("11 percent of victims were
  women, 16 percent girls, 2 percent men …" / "20 percent of victims were women, 11 percent
  girls, 2 percent men …"), not a copy with a figure changed. A copy with one figure of
  several changed is (the seed's breakdown, 429 / 492); so is a one- or two-figure passage with
  one value changed, which nothing tells apart. Likewise copies whose figures differ and whose
  other words are less than ``REWORDED_BELOW`` (90: about two words in twenty) alike once each
  figure is masked ("According to the ombudsman, in the mining districts …, 20 shelters" /
  "According to the judiciary, in the capital …, eight shelters"): they say other things.
* **templates**: a passage found in ``template_documents`` (default 3) or more documents, with
  as many different sets of figures and none held by a majority of its copies, is a sentence
  template filled in by each document ("8 percent of victims were women, …" with each report's
  own figures). Its copies in different documents are not compared; copies within one
  document still are, and so are copies that restate the same period: copies naming the same
  years ("… 96 in 2017 and 68 in 2016") speak of the same facts, so the frame recurring in
  many documents does not excuse other figures for them. When one set of figures does hold
  the majority, every other copy is compared with a copy of that majority, so the odd copy
  out is the one reported.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cpdist

from .scanner import FIGURE_KINDS, Mention, scan_mentions
from .sources import Passage

DEFAULT_THRESHOLD = 70.0
DEFAULT_TEMPLATE_DOCUMENTS = 3
REWORDED_BELOW = 90.0  # figures differ and the words around them are less alike than this: another statement
MIN_WORDS = 5

_BANDS, _ROWS = 30, 4
_VERIFY_BATCH = 500_000    # candidate pairs scored at once
_TRUNCATED_CANDIDATES = 50  # fuller passages examined per truncated one (sorted-prefix index)
_CHUNK_TOKENS = 4_000_000   # words hashed at once: bounds the memory of the hashing steps
_CHUNK_BYTES = 8_000_000    # text bytes hashed into words at once, for the same reason
_BYTE_BASE = 0x100000001B3  # polynomial base for word hashes (the FNV prime)
_COUNT_BUCKETS = 1 << 22    # word frequencies are counted per hash bucket (a few collisions do no harm)
_FREQUENT_SHARE, _FREQUENT_MIN = 0.01, 50  # words left out of LSH sets: in > 1 % of texts and > 50
_MIN_SET = 6  # ... unless a text would keep fewer words than this
# Words folded into the number before them when numbers are masked ("6.7 million", "50 percent").
_NUMBER_SUFFIXES = ["hundred", "thousand", "million", "billion", "trillion", "percent", "per", "cent"]

# A word: letters/digits, with inner separators kept so "1,588", "6.7" and "Mexico’s" stay one.
# (Possessive quantifiers: the same matches, a third faster.)
_TOKEN = re.compile(r"[^\W_]++(?:[.,'’][^\W_]++)*+")
_CLOSERS = " \t\r\n\"'”’)]"
_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class FigurePair:
    """A figure in one copy aligned with its counterpart in the other."""

    first: Mention
    second: Mention


@dataclass(frozen=True)
class Repeat:
    """Two places stating the same passage, with their figures aligned."""

    kind: str                # "exact" | "near" | "truncated"
    first: Passage           # earlier (by source name, then offset)
    second: Passage
    similarity: float        # 0..100, rapidfuzz ratio over normalised words
    figure_pairs: tuple[FigurePair, ...]
    unpaired: tuple[Mention, ...]
    diff: tuple[tuple[str, str], ...]
    # Names (capitalised words after the first) and years among the words that differ.
    other_subject: tuple[str, ...] = ()
    wording: float = 100.0   # similarity of the words once each figure is one placeholder
    changed_words: int = 0   # words in the diff's changes, both copies counted

    @property
    def figures_differ(self) -> bool:
        """A figure changed between the copies, or one copy has a figure the other lacks."""
        return bool(self.unpaired) or any(p.first.value != p.second.value for p in self.figure_pairs)

    @property
    def text_differs(self) -> bool:
        """The compared words differ (for a truncation: within the shared prefix)."""
        return any(op != "equal" for op, _ in self.diff)


@dataclass(frozen=True)
class Template:
    """A passage filled in with other figures by several documents (see the module notes)."""

    passages: tuple[Passage, ...]  # every copy, in place order
    figure_sets: int               # different sets of figures among the copies

    @property
    def first(self) -> Passage:
        return self.passages[0]

    @property
    def copies(self) -> int:
        return len(self.passages)

    @property
    def documents(self) -> int:
        return len({passage.source for passage in self.passages})


@dataclass
class RepeatSearch:
    """What :func:`search_repeats` found, and what it set aside as not one statement."""

    repeats: list[Repeat] = field(default_factory=list)      # in place order
    templates: list[Template] = field(default_factory=list)  # in place order of their first copies
    other_subject: int = 0   # likenesses set aside because they name another subject or period
    other_figures: int = 0   # set aside: figures differ, and so do most of them or the words around them

    def set_aside(self) -> dict[str, int]:
        """How many likenesses were taken for other statements, by reason."""
        return {"templates": len(self.templates), "other_subject": self.other_subject,
                "other_figures": self.other_figures}


@dataclass(frozen=True)
class _Match:
    """How two distinct texts repeat each other: kind, similarity and the words compared."""

    kind: str
    similarity: float
    used_a: int  # words of the first text taken into the comparison
    used_b: int


class _Texts:
    """The distinct normalised texts of the passages, and per-word arrays for hashing them.

    Words are hashed in bulk with numpy from the texts' UTF-8 bytes, not mapped one by one
    through a Python dictionary: a million sentences hold some twenty million words.
    """

    def __init__(self) -> None:
        self.keys: list[str] = []          # normalised words joined by single spaces
        self.truncated: list[bool] = []    # every passage with this text ends in an ellipsis
        self.partial: list[bool] = []      # the last word may be cut ("traffi…")
        self.index: dict[str, int] = {}
        self.hashes = np.empty(0, dtype=np.uint64)   # one 64-bit hash per word, texts concatenated
        self.numeric = np.empty(0, dtype=bool)       # the word is a number, or a scale/percent word
        self.offsets = np.zeros(1, dtype=np.int64)   # text i's words: hashes[offsets[i]:offsets[i+1]]
        self.bounds: list[int] = [0]             # offsets as Python ints, for fast slicing
        self._codes: str | None = None

    def add(self, key: str, truncated: bool, partial: bool) -> int:
        """The number of the text ``key``, added if new."""
        found = self.index.get(key)
        if found is not None:
            # A complete copy makes the text complete: nothing of it is cut off.
            self.truncated[found] = self.truncated[found] and truncated
            self.partial[found] = self.partial[found] and partial
            return found
        number = self.index[key] = len(self.keys)
        self.keys.append(key)
        self.truncated.append(truncated)
        self.partial.append(partial)
        return number

    def finish(self) -> None:
        """Hash every word of every text (after the last :meth:`add`)."""
        hashes, numeric, counts = [], [], []
        start = 0
        while start < len(self.keys):
            stop, size = start, 0
            while stop < len(self.keys) and size < _CHUNK_BYTES:
                size += len(self.keys[stop]) + 1
                stop += 1
            chunk_hashes, chunk_numeric, chunk_counts = _hash_words(self.keys[start:stop])
            hashes.append(chunk_hashes)
            numeric.append(chunk_numeric)
            counts.append(chunk_counts)
            start = stop
        if hashes:
            self.hashes = np.concatenate(hashes)
            self.numeric = np.concatenate(numeric) | np.isin(self.hashes, _SUFFIX_HASHES)
            self.offsets = np.concatenate(([0], np.cumsum(np.concatenate(counts))))
        self.bounds = self.offsets.tolist()

    def length(self, i: int) -> int:
        return self.bounds[i + 1] - self.bounds[i]

    def compared(self, i: int) -> int:
        """Words of text ``i`` that take part in a comparison (a cut last word does not)."""
        return self.length(i) - (1 if self.partial[i] else 0)

    def all_codes(self) -> str:
        """Every text as one character per word (its hash folded into a code point), so rapidfuzz
        compares words, not letters. Two words may share a character (one chance in a million
        per pair of words): a slight overestimate of similarity at worst."""
        if self._codes is None:
            points = (self.hashes % np.uint64(1_000_000) + np.uint64(0x100)).astype(np.uint32)
            points[points >= 0xD800] += 0x800  # skip the surrogate block
            self._codes = points.astype("<u4").tobytes().decode("utf-32-le")
        return self._codes

    def codes(self, i: int) -> str:
        """Text ``i`` as one character per word."""
        return self.all_codes()[self.bounds[i]:self.bounds[i + 1]]


def _hash_words(keys: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hash of each word of ``keys`` (space-separated words), whether it starts with a digit,
    and the number of words of each key; vectorised over the UTF-8 bytes."""
    raw = np.frombuffer(("\n".join(keys) + "\n").encode("utf-8"), dtype=np.uint8)
    newline = raw == 10
    separator = newline | (raw == 32)
    starts = ~separator & np.concatenate(([True], separator[:-1]))
    letters = np.flatnonzero(~separator)                    # offsets of word bytes
    word_starts = np.flatnonzero(starts[letters])            # first byte of each word, among them
    position = np.arange(len(letters)) - np.repeat(word_starts, np.diff(np.append(word_starts, len(letters))))
    powers = np.ones(int(position.max()) + 1, dtype=np.uint64)
    powers[1:] = np.cumprod(np.full(len(powers) - 1, _BYTE_BASE, dtype=np.uint64))  # wraps mod 2**64
    polynomial = np.add.reduceat((raw[letters].astype(np.uint64) + np.uint64(1)) * powers[position], word_starts)
    hashes = _mix(polynomial ^ (np.diff(np.append(word_starts, len(letters))).astype(np.uint64) << np.uint64(56)))
    first_bytes = raw[letters[word_starts]]
    numeric = (first_bytes >= 48) & (first_bytes <= 57)
    counts = np.bincount(np.cumsum(newline)[letters[word_starts]], minlength=len(keys))
    return hashes, numeric, counts


# --------------------------------------------------------------------------- public API

def find_repeats(passages: Iterable[Passage], *, threshold: float = DEFAULT_THRESHOLD,
                 min_chars: int = 30, template_documents: int = DEFAULT_TEMPLATE_DOCUMENTS) -> list[Repeat]:
    """Repeated passages among ``passages`` (any number of sources), sorted by place.

    Passages shorter than ``min_chars`` characters or ``MIN_WORDS`` words (before any
    ellipsis) are ignored. When a passage occurs several times, every other occurrence is
    paired with one of them (the first, or the first holding the majority's figures), not all
    pairs with each other.
    """
    return search_repeats(passages, threshold=threshold, min_chars=min_chars,
                          template_documents=template_documents).repeats


def search_repeats(passages: Iterable[Passage], *, threshold: float = DEFAULT_THRESHOLD,
                   min_chars: int = 30, template_documents: int = DEFAULT_TEMPLATE_DOCUMENTS) -> RepeatSearch:
    """:func:`find_repeats`, with the templates and other-subject likenesses it set aside.

    ``template_documents`` 0 turns template detection off.
    """
    ordered = sorted(passages, key=_place_key)
    texts = _Texts()
    occurrences: list[tuple[int, Passage]] = []  # (text number, passage), in place order
    for passage in ordered:
        prepared = _prepare(passage.text, min_chars)
        if prepared is not None:
            occurrences.append((texts.add(*prepared), passage))
    if not occurrences:
        return RepeatSearch()
    texts.finish()
    finder = _Finder(texts, threshold)
    edges = finder.edges()
    try:
        return _report(texts, finder, edges, occurrences, template_documents)
    finally:
        # The caches serve one search (a passage is aligned with several copies); kept, they
        # would hold tens of MB of word spans and mentions through the rest of an audit.
        for cache in (_spans, _figures, _align):
            cache.cache_clear()


# --------------------------------------------------------------------------- preparation

def _body(text: str) -> tuple[str, bool]:
    """The text before a closing ellipsis, and whether there was one."""
    stripped = text.rstrip(_CLOSERS)
    for ellipsis in ("…", "..."):
        if stripped.endswith(ellipsis):
            return stripped[: -len(ellipsis)], True
    return text, False


def _key(body: str) -> str:
    """Normalised words joined by spaces: lower case, curly apostrophes straightened."""
    return " ".join(_TOKEN.findall(body)).lower().replace("’", "'")


def _prepare(text: str, min_chars: int) -> tuple[str, bool, bool] | None:
    """(normalised key, truncated, last word cut) of a passage, or None when too short."""
    body, truncated = _body(text)
    if len(body.strip()) < min_chars:
        return None
    key = _key(body)
    if key.count(" ") + 1 < MIN_WORDS:
        return None
    partial = truncated and bool(body) and not body[-1].isspace()
    return key, truncated, partial


# --------------------------------------------------------------------------- candidates and scoring

class _Finder:
    """Candidate pairs of distinct texts (never all pairs) and their verification."""

    def __init__(self, texts: _Texts, threshold: float):
        self.texts = texts
        self.threshold = threshold
        self._cache: dict[tuple[int, int], _Match | None] = {}
        # Pairs verified in bulk: their codes (a * n + b, sorted) and scores.
        self._near_codes = np.empty(0, dtype=np.int64)
        self._near_scores = np.empty(0, dtype=np.float64)

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Verified repeats between distinct texts: (lower, higher) text numbers, as arrays.

        A templated corpus verifies hundreds of thousands of pairs: they stay in arrays; a pair's
        :class:`_Match` is made when asked for.
        """
        texts = self.texts
        n = len(texts.keys)
        # Pairs (lower, higher) encoded as one integer, so duplicates across channels drop cheaply.
        codes = np.unique(np.concatenate([self._lsh_pairs(), self._masked_pairs(), self._prefix_pairs()])
                          @ np.array([n, 1], dtype=np.int64))
        truncated = np.array(texts.truncated, dtype=bool)
        special = truncated[codes // n] | truncated[codes % n]
        whole, bounds = texts.all_codes(), texts.bounds
        plain = codes[~special]
        verified, scored = [], []
        for lo in range(0, len(plain), _VERIFY_BATCH):
            # Both texts complete: one word-level ratio each, scored in bulk by rapidfuzz
            # (in batches, so the lists of strings stay small).
            batch = plain[lo:lo + _VERIFY_BATCH]
            batch_a, batch_b = (batch // n).tolist(), (batch % n).tolist()
            scores = cpdist([whole[bounds[a]:bounds[a + 1]] for a in batch_a],
                            [whole[bounds[b]:bounds[b + 1]] for b in batch_b],
                            scorer=fuzz.ratio, score_cutoff=self.threshold, workers=-1)
            keep = scores >= self.threshold
            verified.append(batch[keep])
            scored.append(scores[keep].astype(np.float64))
        if verified:  # codes come out of np.unique sorted, and batches keep that order
            self._near_codes, self._near_scores = np.concatenate(verified), np.concatenate(scored)
        found = [code for code in codes[special].tolist() if self.compare(code // n, code % n) is not None]
        verified.append(np.array(found, dtype=np.int64))
        edges = np.concatenate(verified)
        return edges // n, edges % n

    def compare(self, a: int, b: int) -> _Match | None:
        """Do distinct texts ``a`` < ``b`` repeat each other, and how?"""
        key = (a, b)
        if key not in self._cache:
            code = a * len(self.texts.keys) + b
            at = int(np.searchsorted(self._near_codes, code))
            if at < len(self._near_codes) and self._near_codes[at] == code:
                score = round(float(self._near_scores[at]), 2)
                self._cache[key] = _Match("near", score, self.texts.length(a), self.texts.length(b))
            else:
                self._cache[key] = self._compare(a, b)
        return self._cache[key]

    def _compare(self, a: int, b: int) -> _Match | None:
        texts = self.texts
        ua, ub = texts.compared(a), texts.compared(b)
        codes_a, codes_b = texts.codes(a)[:ua], texts.codes(b)[:ub]
        short_a = texts.truncated[a] and ua < ub  # cut off before the other one ends
        short_b = texts.truncated[b] and ub < ua
        if (texts.truncated[a] and texts.truncated[b]) or not (short_a or short_b):
            # Alike as they stand (both complete, or both cut off at about the same place).
            score = round(fuzz.ratio(codes_a, codes_b), 2)
            if score >= self.threshold:
                return _Match("near", score, ua, ub)
        # A truncated text is compared with the start of a fuller one.
        if short_a:
            best, used = self._prefix_score(codes_a, codes_b)
            return _Match("truncated", best, ua, used) if best >= self.threshold else None
        if short_b:
            best, used = self._prefix_score(codes_b, codes_a)
            return _Match("truncated", best, used, ub) if best >= self.threshold else None
        return None

    @staticmethod
    def _prefix_score(short: str, full: str) -> tuple[float, int]:
        """Best ratio of ``short`` against a start of ``full`` a couple of words either side."""
        n = len(short)
        options = [(round(fuzz.ratio(short, full[:k]), 2), -abs(k - n), -k)
                   for k in range(max(1, n - 2), min(len(full), n + 2) + 1)]
        best, _, neg_k = max(options)
        return best, -neg_k

    def _lsh_pairs(self) -> np.ndarray:
        """Candidate pairs from MinHash LSH over the texts' informative word sets.

        Band by band: a band's key for a text hashes ``_ROWS`` MinHash values of its set;
        texts with equal keys in any band are candidates.
        """
        hashes, offsets = self._rare_words()
        n = len(offsets) - 1
        if n < 2:
            return np.empty((0, 2), dtype=np.int64)
        rng = np.random.default_rng(20240611)  # fixed: the same candidates on every run
        mult = rng.integers(1, 2**63, size=(_BANDS, _ROWS), dtype=np.uint64) | np.uint64(1)
        add = rng.integers(0, 2**63, size=(_BANDS, _ROWS), dtype=np.uint64)
        found = []
        for band in range(_BANDS):
            key = np.zeros(n, dtype=np.uint64)
            for first, last in _chunks(offsets):
                lo, hi = int(offsets[first]), int(offsets[last])
                words, starts = hashes[lo:hi], offsets[first:last] - lo
                for row in range(_ROWS):
                    minimum = np.minimum.reduceat(words * mult[band, row] + add[band, row], starts)
                    key[first:last] = _mix(key[first:last] ^ minimum)
            found.append(_bucket_pairs(key))
        return np.concatenate(found)

    def _masked_pairs(self) -> np.ndarray:
        """Candidate pairs of texts that are word for word the same once numbers are masked.

        The case that matters most, a passage restated with a figure changed, is so found by
        exact hashing whatever LSH's luck. A number and the scale or percent word after it
        count as one ("1,814" may become "1.9 million").
        """
        texts = self.texts
        hashes, offsets = texts.hashes, texts.offsets
        keys = np.zeros(len(offsets) - 1, dtype=np.uint64)
        has_number = np.zeros(len(offsets) - 1, dtype=bool)
        for first, last in _chunks(offsets):
            lo, hi = int(offsets[first]), int(offsets[last])
            starts = offsets[first:last] - lo
            chunk = hashes[lo:hi]
            is_number = texts.numeric[lo:hi]
            folded = is_number & np.concatenate(([False], is_number[:-1]))
            folded[starts] = False  # the first word of a text follows nothing
            kept = ~folded
            running = np.cumsum(kept)
            position = running - np.repeat(running[starts], np.diff(np.append(starts, hi - lo)))
            masked = np.where(is_number, np.uint64(2**64 - 1), chunk)
            # An order-aware hash of the masked word sequence: a sum of position-salted word hashes.
            salted = _mix(_mix(masked) ^ (position.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))) * kept
            keys[first:last] = np.add.reduceat(salted, starts) ^ _mix(np.add.reduceat(kept, starts).astype(np.uint64))
            has_number[first:last] = np.add.reduceat(is_number, starts) > 0
        candidates = np.flatnonzero(has_number)
        return candidates[_bucket_pairs(keys[candidates])]

    def _rare_words(self) -> tuple[np.ndarray, np.ndarray]:
        """Word ids and offsets of each text's informative words, for its MinHash set.

        Words as common as "the" would put most texts in a few huge buckets, so words found
        in more than ``_FREQUENT_SHARE`` of the texts are left out: learnt from the corpus, no
        stop-word list. A text left with fewer than ``_MIN_SET`` words takes back its commonest
        words step by step, so a short sentence of common words keeps a set worth hashing.
        """
        hashes, offsets = self.texts.hashes, self.texts.offsets
        n = len(offsets) - 1
        bucket = (hashes % np.uint64(_COUNT_BUCKETS)).astype(np.int64)
        frequency = np.bincount(bucket, minlength=_COUNT_BUCKETS)[bucket]
        limit = max(_FREQUENT_SHARE * n, _FREQUENT_MIN)
        if frequency.max() <= limit:
            return hashes, offsets
        lengths = np.diff(offsets)
        keep = frequency <= limit
        wanted = np.minimum(lengths, _MIN_SET)
        short = np.add.reduceat(keep, offsets[:-1]) < wanted
        while short.any():
            limit *= 4
            keep |= np.repeat(short, lengths) & (frequency <= limit)
            short = np.add.reduceat(keep, offsets[:-1]) < wanted
        return hashes[keep], np.concatenate(([0], np.cumsum(np.add.reduceat(keep, offsets[:-1]))))

    def _prefix_pairs(self) -> np.ndarray:
        """Candidate (truncated, fuller) pairs whose words agree exactly up to the ellipsis."""
        texts = self.texts
        if not any(texts.truncated):
            return np.empty((0, 2), dtype=np.int64)
        order = sorted(range(len(texts.keys)), key=texts.keys.__getitem__)
        sorted_keys = [texts.keys[i] for i in order]
        found = []
        for i, truncated in enumerate(texts.truncated):
            if not truncated:
                continue
            prefix = " ".join(texts.keys[i].split(" ")[: texts.compared(i)])
            pos = bisect.bisect_left(sorted_keys, prefix)
            taken = 0
            while pos < len(sorted_keys) and taken < _TRUNCATED_CANDIDATES and sorted_keys[pos].startswith(prefix):
                other = order[pos]
                if other != i:
                    found.append((min(i, other), max(i, other)))
                    taken += 1
                pos += 1
        return np.array(found, dtype=np.int64).reshape(-1, 2)


def _bucket_pairs(keys: np.ndarray) -> np.ndarray:
    """Pairs of positions with equal keys: each with its bucket's first and with its neighbour.

    Linear in the bucket's size, unlike all pairs; true repeats in a crowded bucket of one
    band are usually paired by another band.
    """
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return np.empty((0, 2), dtype=np.int64)
    boundary = np.concatenate(([True], ~same))
    starts = np.flatnonzero(boundary)
    run = np.cumsum(boundary) - 1
    follower = np.flatnonzero(~boundary)
    pairs = np.concatenate([np.stack([order[starts[run[follower]]], order[follower]], axis=1),
                            np.stack([order[follower - 1], order[follower]], axis=1)])
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.sort(pairs, axis=1)


def _chunks(offsets: np.ndarray):
    """Ranges [first, last) of texts holding about ``_CHUNK_TOKENS`` words each."""
    n = len(offsets) - 1
    first = 0
    while first < n:
        last = int(np.searchsorted(offsets, offsets[first] + _CHUNK_TOKENS, side="right")) - 1
        last = min(max(last, first + 1), n)
        yield first, last
        first = last


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads ids (and combined minima) over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


# --------------------------------------------------------------------------- grouping and reporting

def _report(texts: _Texts, finder: _Finder, edges: tuple[np.ndarray, np.ndarray],
            occurrences: list[tuple[int, Passage]], template_documents: int) -> RepeatSearch:
    """Pair the occurrences of each group of repeats; set templates and other subjects aside."""
    # scipy is imported here, not with the module: `auditor validate` reaches this module and
    # must stay light (it imports neither GX nor scipy).
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(texts.keys)
    first, second = edges
    # Groups: texts linked by verified repeats, directly or through others.
    _, label = connected_components(coo_matrix((np.ones(len(first), dtype=np.int8), (first, second)), shape=(n, n)),
                                    directed=False)
    neighbours = _Adjacency(first, second, n)

    # Only texts seen twice or linked to another take part; the rest are skipped in bulk.
    numbers = np.fromiter((number for number, _ in occurrences), dtype=np.int64, count=len(occurrences))
    relevant = np.bincount(numbers, minlength=n) > 1
    relevant[first] = relevant[second] = True
    groups: dict[int, list[tuple[int, Passage]]] = defaultdict(list)
    labels = label.tolist()
    for k in np.flatnonzero(relevant[numbers]).tolist():
        number, passage = occurrences[k]
        groups[labels[number]].append((number, passage))

    hashes, numeric, bounds = texts.hashes, texts.numeric, texts.bounds

    def figure_set(number: int) -> bytes:
        # The numbers of a text as written (their word hashes), in order: what a template's
        # copies fill in differently. Cheaper than scanning every copy for its figures.
        lo, hi = bounds[number], bounds[number + 1]
        return hashes[lo:hi][numeric[lo:hi]].tobytes()

    search = RepeatSearch()
    for members in groups.values():
        if len(members) < 3:
            pairs = _pairs(members, 0, finder, neighbours)
        else:
            by_source: dict[str, list[tuple[int, Passage]]] = defaultdict(list)
            for member in members:
                by_source[member[1].source].append(member)
            sets = {number: figure_set(number) for number in {number for number, _ in members}}
            counts = Counter(sets[number] for number, _ in members)
            (majority, held), = counts.most_common(1)
            if template_documents and len(by_source) >= template_documents and \
                    len(counts) >= template_documents and 2 * held <= len(members):
                search.templates.append(Template(tuple(passage for _, passage in members), len(counts)))
                pairs = []
                for own in by_source.values():  # copies within one document are still compared
                    if len(own) > 1:
                        pairs += _pairs(own, 0, finder, neighbours)
                pairs += _same_period_pairs(members, texts, finder, neighbours)
            else:
                head = next(k for k, (number, _) in enumerate(members) if sets[number] == majority)
                pairs = _pairs(members, head, finder, neighbours)
        for repeat in pairs:
            reason = _other_statement(repeat)
            if reason == "subject":
                search.other_subject += 1
            elif reason == "figures":
                search.other_figures += 1
            else:
                search.repeats.append(repeat)
    search.repeats.sort(key=lambda r: (*_place_key(r.first), *_place_key(r.second)))
    search.templates.sort(key=lambda t: _place_key(t.first))
    return search


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def _same_period_pairs(members: list[tuple[int, Passage]], texts: _Texts, finder: _Finder,
                       neighbours: _Adjacency) -> list[Repeat]:
    """Copies of a template in different documents that name the same years, paired: they
    restate one period, so their figures must agree."""
    by_period: dict[tuple[str, ...], list[tuple[int, Passage]]] = defaultdict(list)
    for number, passage in members:
        years = tuple(sorted({word for word in texts.keys[number].split() if _YEAR_WORD.fullmatch(word)}))
        if years:
            by_period[years].append((number, passage))
    pairs = []
    for same in by_period.values():
        if len({passage.source for _, passage in same}) > 1:
            pairs += [r for r in _pairs(same, 0, finder, neighbours) if r.first.source != r.second.source]
    return pairs


def _other_statement(repeat: Repeat) -> str | None:
    """Why a likeness is another statement rather than a repeat (module notes), or None.

    ``"subject"``: names or years differ (within one document, names alone with equal figures
    stay a repeat). ``"figures"``: the figures differ, and so do most of them or the words around
    them.
    """
    if repeat.other_subject:
        same_source = repeat.first.source == repeat.second.source
        only_names = len(repeat.other_subject) == repeat.changed_words
        if not (same_source and only_names and not repeat.figures_differ):
            return "subject"
    if repeat.figures_differ and (repeat.wording < REWORDED_BELOW or _mostly_other_figures(repeat)):
        return "figures"
    return None


def _mostly_other_figures(repeat: Repeat) -> bool:
    """Two or more figures differ between the copies, and more than half of them: other data."""
    differ = sum(p.first.value != p.second.value for p in repeat.figure_pairs)
    return differ >= 2 and 2 * differ > len(repeat.figure_pairs)


class _Adjacency:
    """Each text's directly verified counterparts (both directions), from the edge arrays."""

    def __init__(self, first: np.ndarray, second: np.ndarray, n: int):
        source = np.concatenate([first, second])
        self._target = np.concatenate([second, first])[np.argsort(source, kind="stable")]
        self._start = np.searchsorted(np.sort(source), np.arange(n + 1))

    def __getitem__(self, text: int) -> list[int]:
        return self._target[self._start[text]:self._start[text + 1]].tolist()


def _pairs(members: list[tuple[int, Passage]], head_index: int, finder: _Finder,
           neighbours: _Adjacency) -> list[Repeat]:
    """Each member of a group (in place order) paired with the head, or, when it is linked to
    the head only through other texts, with its earliest direct counterpart among the members
    (instead of asserting a likeness nobody measured)."""
    head_number, head = members[head_index]
    first_of: dict[int, Passage] = {}
    for number, passage in members:
        first_of.setdefault(number, passage)
    repeats = []
    for k, (number, passage) in enumerate(members):
        if k == head_index:
            continue
        if number == head_number:
            first, second = sorted((head, passage), key=_place_key)
            repeats.append(_build("exact", 100.0, first, second, None, None))
            continue
        anchor = head_number
        match = finder.compare(min(anchor, number), max(anchor, number))
        if match is None:
            linked = [t for t in neighbours[number] if t in first_of]
            if not linked:
                continue  # its counterparts are all outside these members
            anchor = min(linked, key=lambda t: _place_key(first_of[t]))
            match = finder.compare(min(anchor, number), max(anchor, number))
        used = {min(anchor, number): match.used_a, max(anchor, number): match.used_b}
        anchor_passage = head if anchor == head_number else first_of[anchor]
        (first, a), (second, b) = sorted([(anchor_passage, anchor), (passage, number)],
                                         key=lambda item: _place_key(item[0]))
        repeats.append(_build(match.kind, match.similarity, first, second, used[a], used[b]))
    return repeats


def _place_key(passage: Passage) -> tuple[str, int, int]:
    return passage.source, passage.start, passage.end


def _build(kind: str, similarity: float, first: Passage, second: Passage,
           used_first: int | None, used_second: int | None) -> Repeat:
    diff, pairs, unpaired, other_subject, wording, changed_words = _align(first.text, second.text, used_first, used_second)
    return Repeat(
        kind=kind, first=first, second=second, similarity=similarity,
        figure_pairs=tuple(FigurePair(_place(m, first), _place(n, second)) for m, n in pairs),
        unpaired=tuple(_place(m, first if side == 0 else second) for side, m in unpaired),
        diff=diff, other_subject=other_subject, wording=wording, changed_words=changed_words,
    )


def _place(m: Mention, passage: Passage) -> Mention:
    """A mention found in a passage's text, moved to its place in the source."""
    return Mention(passage.source, passage.start + m.start, passage.start + m.end, m.text, m.value, m.kind,
                   m.unit, m.role)


@lru_cache(maxsize=65536)
def _spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """Normalised words of a passage body with their offsets in the passage."""
    body, _ = _body(text)
    return tuple((m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(body))


@lru_cache(maxsize=65536)
def _figures(text: str) -> tuple[Mention, ...]:
    return tuple(m for m in scan_mentions(text) if m.kind in FIGURE_KINDS)


@lru_cache(maxsize=65536)
def _align(text_a: str, text_b: str, used_a: int | None, used_b: int | None):
    """Word diff of two passages, the figure alignment it drives (passage offsets), and the
    names and years among the changed words.

    Only the first ``used_a``/``used_b`` words take part (a truncation's cut-off part and a cut
    last word do not). A figure of one copy pairs with a figure of the other when the diff maps
    one's words onto the other's: unchanged, or replaced ("1,814" -> "1,914").
    """
    words_a = _spans(text_a)[:used_a]
    words_b = _spans(text_b)[:used_b]
    diff: list[tuple[str, str]] = []
    maps_to: dict[int, range] = {}
    subjects: list[str] = []
    changed = 0

    def add(op: str, text: str, words, i1: int, i2: int) -> None:
        if i1 == i2:
            return
        segment = text[words[i1][1]:words[i2 - 1][2]]
        diff.append((op, segment))

    # Runs of edits become one change block (all deletions, then all insertions): the diff
    # reads "Hawaii" -> "New Mexico", and every figure of a block may pair with one of its
    # replacement.
    blocks: list[list[int]] = []
    for op in Levenshtein.opcodes([w for w, _, _ in words_a], [w for w, _, _ in words_b]):
        equal = op.tag == "equal"
        if blocks and not equal and not blocks[-1][0]:
            blocks[-1][2], blocks[-1][4] = op.src_end, op.dest_end
        else:
            blocks.append([equal, op.src_start, op.src_end, op.dest_start, op.dest_end])
    for equal, i1, i2, j1, j2 in blocks:
        if equal:
            add("equal", text_a, words_a, i1, i2)
            for k in range(i2 - i1):
                maps_to[i1 + k] = range(j1 + k, j1 + k + 1)
        else:
            add("delete", text_a, words_a, i1, i2)
            add("insert", text_b, words_b, j1, j2)
            for k in range(i1, i2):
                maps_to[k] = range(j1, j2)
            subjects += _names_and_years(text_a, words_a, i1, i2) + _names_and_years(text_b, words_b, j1, j2)
            changed += (i2 - i1) + (j2 - j1)

    figures_a = _within(_figures(text_a), words_a, text_a)
    figures_b = _within(_figures(text_b), words_b, text_b)
    taken: set[int] = set()
    pairs, unpaired = [], []
    for mention, word_indices in figures_a:
        targets = {j for i in word_indices for j in maps_to.get(i, ())}
        match = next((k for k, (_, indices) in enumerate(figures_b) if k not in taken and targets & indices), None)
        if match is None:
            unpaired.append((0, mention))
        else:
            taken.add(match)
            pairs.append((mention, figures_b[match][0]))
    unpaired += [(1, mention) for k, (mention, _) in enumerate(figures_b) if k not in taken]
    wording = round(fuzz.ratio(_masked(words_a, figures_a), _masked(words_b, figures_b)), 2)
    return tuple(diff), tuple(pairs), tuple(unpaired), tuple(subjects), wording, changed


def _masked(words, figures: list[tuple[Mention, set[int]]]) -> list[str]:
    """The words of a passage with each figure's words folded into one placeholder."""
    first_words = {min(indices) for _, indices in figures}
    inside = {i for _, indices in figures for i in indices}
    return ["#" if i in first_words else word for i, (word, _, _) in enumerate(words)
            if i in first_words or i not in inside]


_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")


def _names_and_years(text: str, words, i1: int, i2: int) -> list[str]:
    """Words ``i1``..``i2`` that are names (capitalised, not the passage's first word) or years."""
    return [text[start:end] for word, start, end in words[i1:i2]
            if _YEAR.fullmatch(word) or (start > words[0][1] and text[start].isupper())]


def _within(figures: tuple[Mention, ...], words, text: str) -> list[tuple[Mention, set[int]]]:
    """Figures lying wholly within the compared words, each with the word indices it covers.

    A sign after the last compared word still belongs to it ("… and 56%."): only a figure that
    runs on into words not compared (cut off by a truncation) is left out.
    """
    starts = [s for _, s, _ in words]
    limit = words[-1][2] if words else 0
    result = []
    for mention in figures:
        if mention.end > limit and _WORD_CHAR.search(text, limit, mention.end):
            continue
        first = max(bisect.bisect_right(starts, mention.start) - 1, 0)
        indices = {i for i in range(first, len(words)) if words[i][1] < mention.end and words[i][2] > mention.start}
        if indices:
            result.append((mention, indices))
    return result


_SUFFIX_HASHES = _hash_words(_NUMBER_SUFFIXES)[0]
