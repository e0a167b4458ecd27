"""Find every numeric mention in a text, with exact character offsets.

A *mention* is a figure as written ("6.7 million pesos", "$340,030", "Twenty-eight", "85%",
"13th"), its normalised value and what kind of figure it is. Offsets are Python string
indices into the text, so ``text[m.start:m.end] == m.text`` always holds; mentions are
sorted by ``start`` and never overlap. Coverage accounts for every mention, so the scanner
reports each numeral it sees and uses ``kind`` to say what it is rather than dropping any.

Kinds and the decisions behind the ambiguous cases:

``count`` / ``money`` / ``percent``
    Digits ("1,814", "24.9"), number words ("eight", "Twenty-eight", "one hundred and five",
    "a million"), with a scale ("6.7 million"), a currency ("$30,370", "598,500 pesos",
    "600 million dollars", "$2bn") or a percent ("85%", "50 percent"). Fractions of a whole
    ("a third", "two-thirds", "half of") are ``percent`` with the value in percent (33.33…).
``ordinal``
    "13th", "seventh", "twenty-first" used as a rank ("the seventh report").
``year``
    A bare four-digit number 1900-2099 used as a year: "in 2017", "2014-2018", "(ILO, 2017)",
    "fiscal year 2018", "the 2012 law", and decades ("1990s"). Such a number is a count
    instead when a plural count noun follows and no year preposition precedes it ("2000 people").
``date``
    One mention for the whole date: "February 6th, 2019", "6 February 2019", "July 2017",
    "2019-02-06", "March 3". Its value is ``YYYYMMDD`` as a number with ``00`` for a missing
    day (and ``0000`` for a missing year), so dates sort and compare as written.
``label``
    A numeral that names rather than counts: "13th Amendment", "section 1584", "Title 18",
    "Tier 2", "Blue Heart Campaign 2.0", "10 Facts About …" in a title, codes ("COVID-19"),
    clock times ("10:30"), and the word "one" used as a pronoun or an indefinite article
    ("one of the world's worst", "One study found", "no one"); "at least one opinion" stays
    a count. Only the numeral is the mention ("13th", "1584"); its value is the number when
    it reads as one and NaN for codes. A name without a numeral ("Tim Isgitt") is no mention.

Relations set ``role``: ranges ("between 240,000 and 325,000", "from five to 30 years",
"two years to 99 years", "2014-2018") give ``range_low``/``range_high`` (a bound without a
unit or scale takes the other's: "6 to 8 million", "10-20%"); "27 of 31 states",
"Twenty-eight out of 31", "1 in 4" give ``part``/``whole``. Text inside URLs and e-mail
addresses is skipped entirely.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from .numbers import CURRENCY_SYMBOLS, CURRENCY_WORDS, ORDINAL_WORDS, SCALES, TENS, UNITS, parse_number
from .sources import Source

KINDS = ("count", "money", "percent", "year", "date", "ordinal", "label")
#: Kinds whose values are figures a document can contradict (years and dates are periods).
FIGURE_KINDS = frozenset({"count", "money", "percent", "ordinal"})


@dataclass(frozen=True)
class Mention:
    """One numeric mention: ``text`` is exactly ``source_text[start:end]``."""

    source: str
    start: int
    end: int
    text: str
    value: float
    kind: str
    unit: str
    role: str | None = None


# --------------------------------------------------------------------------- patterns

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}
# Month names only when capitalised: "may" and "march" are also ordinary words.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_END = r"(?![\w%]|[.,]\d)"  # a numeral ends here: no letter, digit group or decimal follows


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_NUMBER_WORD = _alternation(set(UNITS) | set(TENS) | set(SCALES))
_SCALE_WORD = _alternation(SCALES)
_ORDINAL_UNIT = _alternation(w for w, v in ORDINAL_WORDS.items() if v < 10)
_CURRENCY_PREFIX = _alternation({"MX$", "C$", "A$", *CURRENCY_SYMBOLS})
_CURRENCY_PREFIX_UNITS = {"MX$": "MXN", "C$": "CAD", "A$": "AUD", **CURRENCY_SYMBOLS}

_ATOM = re.compile(rf"""
    (?P<date>
        \b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR}){_END}
      | (?<![\w.,])(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR}){_END}
      | \b(?P<m3>{_MONTH}),?\s+(?P<y3>{_YEAR}){_END}
      | \b(?P<m4>{_MONTH})\s+(?P<d4>{_DAY})(?![\w%]|[.,:]?\d)
      | (?<![\w.,-])(?P<y5>{_YEAR})-(?P<mo5>0[1-9]|1[0-2])-(?P<d5>3[01]|[12]\d|0[1-9])(?![\w-])
    )
  | (?P<ord>(?<![\w.,])\d+(?:st|nd|rd|th)\b)
  | (?P<decade>(?<![\w.,])(?:1[89]|20)\d0s\b)
  | (?P<time>(?<![\w.,:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\w:]))
  | (?P<code>\b[A-Za-z]+[-/]?\d[\w-]*|(?<![\w.,])\d+[A-Za-z][\w-]*)
  | (?P<num>(?<![\w.])(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?
        (?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)
        (?P<abbr>bn|mn|m|k|b)?(?![\w%]))
  | (?P<frac>(?i:\b(?:(?:a|one)[\s-]+(?:half|third|quarter|fifth|tenth)
                  |(?:two|three|four)[\s-]+(?:thirds|quarters|fifths|tenths)|half)\b))
  | (?P<ordw>(?i:\b(?:(?:{_alternation(TENS)})-)?(?:{_alternation(ORDINAL_WORDS)})\b))
  | (?P<words>(?i:\b(?:a\s+(?=(?:{_SCALE_WORD})\b))?(?:{_NUMBER_WORD})
                (?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}))*\b))
""", re.VERBOSE)

_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_SCALE_AFTER = re.compile(rf"[\s-]+({_SCALE_WORD})\b", re.IGNORECASE)
_SUFFIX = re.compile(rf"""
    (?P<pct>\s?%|\s+per\s?cent\b)
  | \s+(?:(?:US|U\.S\.|Mexican|American|Canadian)\s+)?(?P<cur>{_alternation(CURRENCY_WORDS)})\b
""", re.VERBOSE | re.IGNORECASE)
_ABBR_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0,
              "fifth": 20.0, "fifths": 40.0, "tenth": 10.0, "tenths": 20.0}
# "a third of", "by a third last year", "a third." are fractions; "a third country" is a rank.
_FRACTION_FOLLOWERS = re.compile(
    r"\s*(?:[^\w\s]|$)|\s+(?:of|last|this|in|since|from|compared|over|between|the|during|after"
    r"|before|on|to|and|or|but|while|than|year|years)\b", re.IGNORECASE)

_PREV_WORD = re.compile(r"([^\W\d][\w.’']*|§|#)\s*$")
_NEXT_WORD = re.compile(r"\s+([^\W\d][\w’']*)")
_TITLE_RUN = re.compile(r"\s+([A-Z][\w’']*)\s+([A-Z][\w’']*)\s+([A-Z][\w’']*)")

# A numeral right after one of these words identifies something ("section 1584", "Tier 2").
_LABEL_WORDS = {
    "section", "sections", "sec.", "§", "#", "title", "tier", "article", "art.", "chapter", "ch.",
    "no.", "nos.", "paragraph", "para.", "clause", "volume", "vol.", "page", "pages", "p.", "pp.",
    "figure", "fig.", "table", "appendix", "annex", "schedule", "version", "rule", "resolution",
    "decree", "phase", "level", "grade", "step", "room", "route", "highway", "interstate", "item",
    "docket", "amendment", "act", "bill", "district", "ward", "unit", "box", "suite", "floor",
}
# Capitalised words that may precede a count without naming it ("The 95", "In 2017", "Of 31").
_NOT_NAMES = {
    "the", "a", "an", "in", "of", "on", "at", "by", "for", "from", "to", "with", "since", "until",
    "between", "and", "or", "but", "than", "about", "over", "under", "around", "approximately",
    "nearly", "almost", "some", "only", "just", "more", "less", "fewer", "all", "each", "every",
    "total", "last", "past", "next", "another", "additional", "its", "their", "his", "her", "our",
    "your", "these", "those", "this", "that", "were", "was", "are", "is", "had", "has", "have",
    "during", "after", "before", "through", "per", "up", "down", "out", "roughly", "exactly",
    "least", "most", "estimated", "also", "further", "circa", "including", "among", "nearly",
    "top", "some", "within", "across", "against", "into", "toward", "towards", "via", "if", "when",
    "while", "where", "whereas", "because", "although", "though", "so", "yet", "then", "there",
    "here", "what", "which", "who", "whom", "whose", "how", "why", "it", "they", "we", "he", "she",
    "i", "you", "be", "been", "being", "do", "did", "does", "not", "no", "yes", "both", "either",
    "neither", "over", "below", "above", "beyond", "except", "like", "unlike", "plus", "minus",
    *(m.rstrip(".") for m in _MONTHS),
}
# Function words that betray a title in "10 Facts About Human Trafficking".
_TITLE_WORDS = {"About", "Of", "In", "For", "To", "And", "The", "On", "With", "From", "That", "You",
                "Your", "Why", "How", "What", "A", "An", "Every", "Should", "Must"}
# After these a four-digit number is a year even before a plural noun ("in 2017 cases rose").
_YEAR_WORDS = {"in", "since", "from", "by", "during", "until", "till", "through", "of", "to", "and",
               "between", "before", "after", "year", "fiscal", "fy", "for", "as", "circa", "c.", "ca.",
               "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter", "around",
               "throughout", "or", "than"}
_NOT_PLURAL_NOUNS = {"was", "is", "has", "its", "this", "thus", "as", "us", "plus", "marks", "sees",
                     "saw", "shows", "brings", "begins", "ends", "remains", "means", "his", "yes"}
_COUNT_NOUNS = {"people", "children", "men", "women", "persons", "staff", "police", "personnel"}
# Before a pronoun "one": "no one", "the one", "each one".
_PRONOUN_ONE_PREV = {"no", "any", "every", "each", "the", "this", "that", "which", "some", "every"}
_SENTENCE_OPENERS = ".!?:;\"“”'‘(\n—–[•·-"


@dataclass
class _Atom:
    """A mention under construction: classification and relations may still change it."""

    start: int
    end: int
    kind: str
    unit: str
    value: float
    scale: float = 1.0          # written scale ("million"), for range propagation
    explicit_unit: bool = False  # a currency or percent sign/word is written
    year_candidate: bool = False  # a bare 1900-2099 integer
    from_digits: bool = False
    role: str | None = None


# --------------------------------------------------------------------------- public API

def scan_mentions(text: str, source: str = "") -> list[Mention]:
    """Every numeric mention of ``text``, sorted by start, non-overlapping, offsets exact."""
    urls = [m.span() for m in _URL.finditer(text)]
    url_starts = [s for s, _ in urls]
    atoms: list[_Atom] = []
    pos = 0
    while (match := _ATOM.search(text, pos)) is not None:
        i = bisect.bisect_right(url_starts, match.start()) - 1
        if i >= 0 and urls[i][1] > match.start():
            pos = urls[i][1]
            continue
        found, end = _read(text, match)
        atoms.extend(found)
        pos = max(end, match.end())
    _classify(text, atoms)
    _relate(text, atoms)
    return [Mention(source, a.start, a.end, text[a.start:a.end], a.value, a.kind, a.unit, a.role)
            for a in atoms]


def scan_source(source: Source) -> list[Mention]:
    """Every numeric mention of a source document, named after it."""
    return scan_mentions(source.text, source.name)


# --------------------------------------------------------------------------- reading atoms

def _read(text: str, m: re.Match) -> tuple[list[_Atom], int]:
    """Atoms of one pattern match and the offset where scanning resumes."""
    group = m.lastgroup
    if group == "date":
        return [_date(m)], m.end()
    if group == "ord":
        return [_Atom(m.start(), m.end(), "ordinal", "ordinal", float(m.group()[:-2]))], m.end()
    if group == "decade":
        return [_Atom(m.start(), m.end(), "year", "year", float(m.group()[:4]))], m.end()
    if group in ("time", "code"):
        return [_Atom(m.start(), m.end(), "label", "label", math.nan)], m.end()
    if group == "num":
        return [_number(text, m)], None or _extended_end
    if group == "frac":
        return _fraction(text, m)
    if group == "ordw":
        return [_Atom(m.start(), m.end(), "ordinal", "ordinal", _ordinal_value(m.group()))], m.end()
    return _words(text, m)
