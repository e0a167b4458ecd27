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
    Citations are labels in all their families: a law, article, section, decree or code and
    what is glued to its number ("Law 137-03", "law 27.362", "Sections 2106-2108",
    "34 U.S.C. § 20709(e)(2)(B)"), report numbers ("NCJ 256001"), enumerators ("(2) ...",
    "1. ..." at a line's start, "First," opening a sentence), compound words ("a third-party
    mirror") and halves of a period ("the second half of 2020").

Durations keep their kind ``count`` and take their unit from the word that follows:
``years``, ``months``, ``weeks``, ``days`` or ``hours`` ("10 to 15 years", "39 years'
imprisonment", "six months", "15- to 17-year-old"). Zero and one in words ("none", "no",
"a", "an") are counts only where the sentence counts: an item of a list of counts ("five sex
traffickers, six labor traffickers, and a labor recruiter"; "96 in 2017 and none in 2016") or
"none" for a period ("none in 2016"); "a third" and "a lot" never become 1.

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

from .numbers import (CURRENCY_SYMBOLS, CURRENCY_WORDS, ORDINAL_WORDS, SCALES, TENS, THOUSANDS_SEPARATORS, UNITS,
                      ZERO_ONE_WORDS, parse_number)
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
_CURRENCY_PREFIX = _alternation({"MX$", "C$", "A$", *CURRENCY_SYMBOLS})
_CURRENCY_PREFIX_UNITS = {"MX$": "MXN", "C$": "CAD", "A$": "AUD", **CURRENCY_SYMBOLS}

_ATOM = re.compile(rf"""
    # Every mention starts where no word character precedes: checked once, before the branches.
    (?<!\w)(?=[\w$€£])
    (?:
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
  | (?P<code>\b(?:[A-Za-z]+\d|[A-Z]+[-/]\d)[\w-]*|(?<![\w.,])\d+[A-Za-z][\w-]*)  # H1N1, COVID-19, 5km
  | (?P<num>(?<![\w.])(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?
        (?P<digits>\d{{1,3}}(?:(?P<sep>[,{THOUSANDS_SEPARATORS}])\d{{3}})(?:(?P=sep)\d{{3}})*(?:\.\d+)?(?!\d)
                  |\d+(?:\.\d+)?)
        (?P<abbr>bn|mn|m|k|b)?(?!\w))
  | (?P<frac>(?i:\b(?:(?:a|one)[\s-]+(?:half|third|quarter|fifth|tenth)
                  |(?:two|three|four)[\s-]+(?:thirds|quarters|fifths|tenths)|half)\b))
  | (?P<ordw>(?i:\b(?:(?:{_alternation(TENS)})-)?(?:{_alternation(ORDINAL_WORDS)})\b))
  | (?P<words>(?i:\b(?:a\s+(?=(?:{_SCALE_WORD})\b))?(?:{_NUMBER_WORD})
                (?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}))*\b))
    )
""", re.VERBOSE)

def _trie_pattern(words) -> str:
    """An alternation of ``words`` factored by common prefixes ("t(?:en|hree|wo)"): the regex
    engine then tries a letter or two at each word, not every alternative."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
        return f"{body}?" if optional and branches else body

    return pattern(trie)


_START_WORDS = {*UNITS, *TENS, *SCALES, *ORDINAL_WORDS, "a", "half", "us", "mx"}
_MONTH_WORDS = {name.rstrip(".").capitalize() for name in _MONTHS}
# Where a mention may start: a currency sign, a digit, a number, ordinal or scale word (any
# case), a month name (capitalised), or a word run into a digit ("COVID-19", "FY2017"). One
# pattern finds them, so the scan never visits the other words (most of a text) in Python.
_START = re.compile(r"""
    [$€£]
  | (?<!\w)(?:
        \d
      | (?i:%s)(?![^\W\d_])
      | (?:%s)(?![^\W\d_])
      | [^\W\d_]+(?=\d|[-/]\d)
    )""" % (_trie_pattern(_START_WORDS), _trie_pattern(_MONTH_WORDS)), re.VERBOSE)
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SCALE_AFTER = re.compile(rf"[\s-]+({_SCALE_WORD})\b", re.IGNORECASE)
_SUFFIX = re.compile(rf"""
    (?P<pct>\s?%|\s+per\s?cent\b)
  | \s+(?:(?:US|U\.S\.|Mexican|American|Canadian)\s+)?(?P<cur>{_alternation(CURRENCY_WORDS)})\b
""", re.VERBOSE | re.IGNORECASE)
_UNGROUP = str.maketrans("", "", "," + THOUSANDS_SEPARATORS)  # "1,814", "1 814" -> "1814"
_ABBR_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}
# "a third of", "by a third last year", "a third." are fractions; "a third country" is a rank.
_FRACTION_FOLLOWERS = re.compile(
    r"\s*(?:[^\w\s]|$)|\s+(?:of|last|this|in|since|from|compared|over|between|the|during|after"
    r"|before|on|to|and|or|but|while|than|year|years)\b", re.IGNORECASE)

_NEXT_WORD = re.compile(r"\s+([^\W\d][\w’']*)")
_TITLE_RUN = re.compile(r"\s+([A-Z][\w’']*)\s+([A-Z][\w’']*)\s+([A-Z][\w’']*)")

# A numeral right after one of these words identifies something ("section 1584", "Tier 2").
_LABEL_WORDS = {
    "section", "sections", "sec.", "§", "#", "title", "tier", "article", "art.", "chapter", "ch.",
    "no.", "nos.", "paragraph", "para.", "clause", "volume", "vol.", "page", "pages", "p.", "pp.",
    "figure", "fig.", "table", "appendix", "annex", "schedule", "version", "rule", "resolution",
    "decree", "phase", "level", "grade", "step", "room", "route", "highway", "interstate", "item",
    "docket", "amendment", "act", "bill", "district", "ward", "unit", "box", "suite", "floor",
    "law", "laws", "articles", "decrees", "ordinance", "statute", "regulation", "directive",
    "ncj", "nr.", "num.", "code", "subsection", "paragraphs",
    "u.s.c.", "usc", "cfr", "c.f.r.",
}
# After these a year stays a year: "Trafficking in Persons Report 2018", "case 2019".
_YEAR_LABEL_WORDS = {"report", "case", "cases", "code", "codes", "phase", "version", "level"}
# A numeral right before one of these is a code title ("34 U.S.C.", "8 CFR", "114 Stat.").
_CODE_AFTER = re.compile(r"\s+(?:U\.\s?S\.\s?C\.|USC\b|C\.\s?F\.\s?R\.|CFR\b|Stat\.|U\.S\.\s)")
# Numerals glued to a label continue it: "137-03", "2106-2108", "20709(e)(2)".
_GLUE = "-–./:("
_CODE_INITIALS = frozenset("UCS")
_ENUMERATOR_OPENERS = frozenset("(\n \t•·*-")
_SUBSECTIONS = re.compile(r"(?:\([A-Za-z0-9]{1,4}\))*\(")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# A list's enumerator: "(2) ..." or "1. ..." opening a line, an item after "(e)", "[3]".
_ENUMERATOR_BEFORE = re.compile(r"(?:^|\n)[ \t•·*-]*\(?$|(?:^|[:;]\s|\)|\s\s)\($")
_ENUMERATOR_AFTER = re.compile(r"\)|\.\s+[A-Z]")
# Words after "half" that make it part of a period: "the second half of 2020".
_PERIOD_HALF = re.compile(r"\s+of\s+(?:the\s+)?(?:(?:fiscal|calendar|reporting|school|financial)\s+)?"
                          r"(?:year|decade|century|month|period|quarter|season|\d{4}|FY)", re.IGNORECASE)
_PERIOD_HALF_PREV = {"first", "second", "latter", "last", "other", "later", "earlier", "final"}
# Durations: "10 years", "39 years' imprisonment", "six additional months", "17-year-old".
_DURATION_AFTER = re.compile(
    r"(?:[\s-]+(?:additional|more|further|consecutive|full|calendar))?[\s-]+(year|month|week|day|hour)s?(?:['’]|\b)",
    re.IGNORECASE)
_DURATION_INITIALS = frozenset("yYmMwWdDhHacf")  # years, months, weeks, days, hours; additional, consecutive …
# "15- to 17-year-old": the first bound takes the second's unit.
_SUSPENDED_HYPHEN = re.compile(r"-\s+(?:to|and|or)\s+")
# A zero or one word as the next item of a list of counts: "six labor traffickers, and a labor
# recruiter", "96 in 2017 and none in 2016", "12 convictions, compared with none".
_NEXT_ITEM = re.compile(r"""
    (?:\s+(?:[^\W\d][\w’'-]*|(?:19|20)\d\d)){0,5}?       # the item's words ("labor traffickers", "in 2017")
    (?:\s*,\s*(?:and\s+|or\s+)?|\s*;\s*|\s+(?:and|or)\s+
       |\s*,?\s+(?:compared\s+(?:with|to)|versus|vs\.|against)\s+)
    (?P<word>(?i:none|no|an?))\b
""", re.VERBOSE)
_ZERO_ONE_AFTER_SEPARATOR = re.compile(r"(?:[,;]|\b(?:and|or|with|to|against|vs\.))\s+(?:[Nn]one|[Nn]o|[Aa]n?)\b")
# What a counting "a"/"an"/"no" is followed by: a short noun phrase that ends the list item.
_COUNTED_ITEM = re.compile(
    r"(?:\s+[a-z][\w’'-]*){1,3}?(?=\s*(?:[,;.):]|$)|\s+(?:and|or|in|for|during|who|were|was|with|each)\b)")
# Words after "a"/"no" that do not make it a count: "a third", "a lot", "no longer".
_NOT_COUNTED = {"third", "half", "quarter", "fifth", "tenth", "lot", "few", "little", "number", "total",
                "dozen", "couple", "majority", "minority", "portion", "share", "fraction", "percentage",
                "further", "additional", "longer", "more", "less", "other", "single", "result", "means",
                "decrease", "increase", "decline", "rise", "drop", "lack", "one", "longer", "matter"}
# "none in 2016", "none during the reporting period": a period's count of zero.
_NONE_FOR_PERIOD = re.compile(r"\s+(?:in|during|for)\s+(?:the\s+)?(?:(?:19|20)\d\d|previous|prior|last|same|reporting|fiscal)")
# Capitalised words that may precede a count without naming it ("The 95", "In 2017", "Of 31").
_NOT_NAMES = {
    "the", "a", "an", "in", "of", "on", "at", "by", "for", "from", "to", "with", "since", "until",
    "between", "and", "or", "but", "than", "about", "over", "under", "around", "approximately",
    "nearly", "almost", "some", "only", "just", "more", "less", "fewer", "all", "each", "every",
    "total", "last", "past", "next", "another", "additional", "its", "their", "his", "her", "our",
    "your", "these", "those", "this", "that", "were", "was", "are", "is", "had", "has", "have",
    "during", "after", "before", "through", "per", "up", "down", "out", "roughly", "exactly",
    "least", "most", "estimated", "also", "further", "circa", "including", "among",
    "top", "within", "across", "against", "into", "toward", "towards", "via", "if", "when",
    "while", "where", "whereas", "because", "although", "though", "so", "yet", "then", "there",
    "here", "what", "which", "who", "whom", "whose", "how", "why", "it", "they", "we", "he", "she",
    "i", "you", "be", "been", "being", "do", "did", "does", "not", "no", "yes", "both", "either",
    "neither", "below", "above", "beyond", "except", "like", "unlike", "plus", "minus",
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
_PRONOUN_ONE_PREV = {"no", "any", "every", "each", "the", "this", "that", "which", "some"}
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
    """Every numeric mention of ``text``, sorted by start, non-overlapping, offsets exact.

    >>> [(m.text, m.value, m.kind) for m in scan_mentions("Twenty-eight of 31 states paid $5.")]
    [('Twenty-eight', 28.0, 'count'), ('31', 31.0, 'count'), ('$5', 5.0, 'money')]
    """
    # The cheap substring tests spare the (slow) address patterns in ordinary text.
    urls = [m.span() for m in _URL.finditer(text)] if ("://" in text or "www." in text.lower()) else []
    if "@" in text:
        urls = sorted(urls + [m.span() for m in _EMAIL.finditer(text)])
    url_starts = [start for start, _ in urls]
    atoms: list[_Atom] = []
    pos = 0
    # Python's regex engine tries every branch of _ATOM at every offset, which is slow; so
    # only offsets where a mention can start (see _START) are handed to it.
    while (candidate := _START.search(text, pos)) is not None:
        start = candidate.start()
        i = bisect.bisect_right(url_starts, start) - 1
        if i >= 0 and urls[i][1] > start:
            pos = urls[i][1]
            continue
        match = _ATOM.match(text, start)
        if not match:
            pos = candidate.end()
            continue
        found = _read(text, match)
        atoms.extend(found)
        pos = max([match.end(), *(a.end for a in found)])
    _classify(text, atoms)
    _give_durations(text, atoms)
    atoms = _zero_and_one_words(text, atoms)
    _relate(text, atoms)
    return [Mention(source, a.start, a.end, text[a.start:a.end], a.value, a.kind, a.unit, a.role)
            for a in atoms]


def scan_source(source: Source) -> list[Mention]:
    """Every numeric mention of a source document, named after it."""
    return scan_mentions(source.text, source.name)


# --------------------------------------------------------------------------- reading atoms

def _read(text: str, m: re.Match) -> list[_Atom]:
    """The atoms of one pattern match (a run of number words may hold several numbers)."""
    group = m.lastgroup
    if group == "date":
        return [_date(m)]
    if group == "ord":
        return [_Atom(m.start(), m.end(), "ordinal", "ordinal", float(m.group()[:-2]))]
    if group == "decade":
        return [_Atom(m.start(), m.end(), "year", "year", float(m.group()[:4]))]
    if group in ("time", "code"):
        return [_Atom(m.start(), m.end(), "label", "label", math.nan)]
    if group == "num":
        return [_number(text, m)]
    if group == "frac":
        return _fraction(text, m)
    if group == "ordw":
        return [_Atom(m.start(), m.end(), "ordinal", "ordinal", _ordinal_value(m.group()))]
    return _words(text, m)


def _date(m: re.Match) -> _Atom:
    """A date as one mention; value YYYYMMDD with 00 for what is not written."""
    g = m.groupdict()
    month_name = g["m1"] or g["m2"] or g["m3"] or g["m4"]
    month = _MONTHS[month_name.lower()] if month_name else int(g["mo5"])
    day_text = g["d1"] or g["d2"] or g["d4"] or g["d5"] or "0"
    day = int(re.match(r"\d+", day_text).group())
    year = int(g["y1"] or g["y2"] or g["y3"] or g["y5"] or 0)
    return _Atom(m.start(), m.end(), "date", "date", float(year * 10000 + month * 100 + day))


def _number(text: str, m: re.Match) -> _Atom:
    """Digits with an optional currency sign, scale ("6.7 million", "$2bn") and unit suffix."""
    cur, digits, abbr = m.group("cur"), m.group("digits"), m.group("abbr")
    if abbr and not cur:  # "5k", "3m": a size or a code, not a figure we can normalise
        return _Atom(m.start(), m.end(), "label", "label", math.nan)
    end = m.end()
    core_start = m.start("digits")
    scale = 1.0
    if abbr:
        value = parse_number(digits).value * _ABBR_SCALE[abbr]
        scale = _ABBR_SCALE[abbr]
    else:
        scaled = _SCALE_AFTER.match(text, end)
        if scaled:
            end = scaled.end()
            scale = float(SCALES[scaled.group(1).lower()])
            value = parse_number(text[core_start:end]).value
        else:  # what parse_number gives for bare digits, without its general machinery
            value = float(digits.translate(_UNGROUP))
    atom = _Atom(m.start(), end, "count", "count", value, scale=scale, from_digits=True)
    if cur:
        atom.kind, atom.unit, atom.explicit_unit = "money", _CURRENCY_PREFIX_UNITS[cur], True
    _suffix(text, atom)
    atom.year_candidate = (not atom.explicit_unit and scale == 1.0 and re.fullmatch(r"\d{4}", digits) is not None
                           and 1900 <= int(digits) <= 2099)
    return atom


def _suffix(text: str, atom: _Atom) -> None:
    """Extend a number over a following percent or currency word ("85%", "598,500 pesos")."""
    sx = _SUFFIX.match(text, atom.end)
    if not sx:
        return
    if sx.group("pct"):
        if atom.kind == "money":  # "$5%" is not a percent of anything we can read
            return
        atom.kind = atom.unit = "percent"
    else:
        # A currency word wins over an ambiguous sign: "$500 pesos" is pesos.
        atom.kind, atom.unit = "money", CURRENCY_WORDS[sx.group("cur").lower()]
    atom.end, atom.explicit_unit = sx.end(), True


def _fraction(text: str, m: re.Match) -> list[_Atom]:
    """ "a third of", "two-thirds", "half of": a share in percent; "a third country": a rank."""
    words = re.split(r"[\s-]+", m.group().lower())
    last_start = m.end() - len(words[-1])
    prev = _prev_word(text, m.start())
    if (re.match(r"-[^\W\d]", text[m.end():m.end() + 2])  # "a third-party mirror", "half-brother"
            or (words == ["half"] and ((prev and prev[0].lower() in _PERIOD_HALF_PREV)
                                       or _PERIOD_HALF.match(text, m.end())))):
        value = float(ORDINAL_WORDS.get(words[-1], math.nan))
        return [_Atom(last_start, m.end(), "label", "label", value)]
    if _FRACTION_FOLLOWERS.match(text, m.end()):
        numerator = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}.get(words[0], 1)
        denominator = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}[words[-1].rstrip("s")]
        return [_Atom(m.start(), m.end(), "percent", "percent", 100.0 * numerator / denominator,
                      explicit_unit=True)]
    if words[-1] in ORDINAL_WORDS:
        start = m.end() - len(words[-1])
        return [_Atom(start, m.end(), "ordinal", "ordinal", float(ORDINAL_WORDS[words[-1]]))]
    return []


def _ordinal_value(written: str) -> float:
    """ "seventh" -> 7, "twenty-first" -> 21."""
    parts = written.lower().split("-")
    return float(sum(TENS.get(p, 0) for p in parts[:-1]) + ORDINAL_WORDS[parts[-1]])


_WORD_CLASS_NEXT = {  # which class of number word may follow which, to split "eight, nine" runs
    None: {"U", "T", "D", "Z", "A"}, "A": {"H", "S"}, "U": {"H", "S"}, "T": {"H", "S"},
    "D": {"U", "S"}, "H": {"U", "T", "D", "S", "and"}, "S": {"U", "T", "D", "and"},
    "and": {"U", "T", "D"}, "Z": set(),
}


def _word_class(word: str) -> str:
    if word in ("and", "a"):
        return "and" if word == "and" else "A"
    if word in UNITS:
        return "Z" if UNITS[word] == 0 else ("T" if UNITS[word] >= 10 else "U")
    if word in TENS:
        return "D"
    return "H" if word == "hundred" else "S"


def _words(text: str, m: re.Match) -> list[_Atom]:
    """Split a run of number words into numbers ("four" / "Twenty-eight" / "one hundred and five")."""
    pieces: list[list[re.Match]] = []
    current: list[re.Match] = []
    prev_class: str | None = None
    last_scale = math.inf
    for token in re.finditer(r"[A-Za-z]+", m.group()):
        word = token.group().lower()
        cls = _word_class(word)
        if cls == "S" and SCALES[word] >= last_scale:
            cls = "restart"  # "thousand million": start again rather than misread it
        if current and cls in _WORD_CLASS_NEXT[prev_class]:
            current.append(token)
        else:
            if current:
                pieces.append(current)
            current, last_scale = ([token], math.inf) if cls in _WORD_CLASS_NEXT[None] else ([], math.inf)
            cls = cls if current else None
        if cls == "S":
            last_scale = SCALES[word]
        prev_class = cls
    if current:
        pieces.append(current)
    atoms = []
    for piece in pieces:
        while piece and piece[-1].group().lower() == "and":
            piece.pop()
        if not piece:
            continue
        start, end = m.start() + piece[0].start(), m.start() + piece[-1].end()
        words = [t.group().lower() for t in piece]
        if words[0] == "a":
            words[0] = "one"
        value = parse_number(" ".join(words)).value
        scale = float(SCALES[words[-1]]) if words[-1] in SCALES and len(words) > 1 else 1.0
        atoms.append(_Atom(start, end, "count", "count", value, scale=scale))
    if atoms and atoms[-1].end == m.end():
        _suffix(text, atoms[-1])
    return atoms


# --------------------------------------------------------------------------- classification

def _prev_word(text: str, start: int) -> tuple[str, int] | None:
    """The word right before ``start`` (only white space between) and where it starts.

    Walks back by hand: a regex anchored at the end of a window backtracks quadratically.
    """
    end = start
    while end > 0 and start - end < 40 and text[end - 1].isspace():
        end -= 1
    if end > 0 and text[end - 1] in "§#":
        return text[end - 1], end - 1
    begin = end
    while begin > 0 and end - begin < 40 and (text[begin - 1].isalnum() or text[begin - 1] in "_.’'"):
        begin -= 1
    while begin < end and not text[begin].isalpha():  # a word starts with a letter
        begin += 1
    return (text[begin:end], begin) if begin < end else None


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


def _is_name(text: str, word: str, word_start: int) -> bool:
    """A capitalised word inside a sentence that is not a function word: "Campaign", "Tier"."""
    return (re.fullmatch(r"[A-Z][a-z]+", word) is not None and word.lower() not in _NOT_NAMES
            and not _sentence_initial(text, word_start))


def _title_follows(text: str, end: int) -> bool:
    """ "10 Facts About Human Trafficking": a title, so the number names it."""
    run = _TITLE_RUN.match(text, end)
    return run is not None and any(w in _TITLE_WORDS for w in run.groups())


def _count_noun_follows(text: str, end: int) -> bool:
    nxt = _NEXT_WORD.match(text, end)
    if not nxt:
        return False
    word = nxt.group(1)
    return word in _COUNT_NOUNS or (word.islower() and word.endswith("s") and len(word) > 3
                                    and word not in _NOT_PLURAL_NOUNS)


def _pronoun_one(text: str, atom: _Atom, prev: str) -> bool:
    """ "one of the world's worst", "One study", "no one": one as a pronoun or article."""
    after = text[atom.end:atom.end + 40]
    if prev in _PRONOUN_ONE_PREV:
        return True
    if re.match(rf"\s+(?:out\s+)?of\s+(?!(?:the\s+)?(?:\d|(?i:{_NUMBER_WORD})\b))", after):
        return True
    if re.match(r"\s+another\b|['’]s\b", after):
        return True
    return (text[atom.start] == "O" and _sentence_initial(text, atom.start)
            and re.match(r"\s+(?!in\b|out\b|of\b|and\b)[a-z]", after) is not None)


def _classify(text: str, atoms: list[_Atom]) -> None:
    """Turn counts into years or labels, and ordinals into labels, from their context."""
    previous: _Atom | None = None
    for atom in atoms:
        if previous is not None and _continues_label(text, previous, atom):
            atom.kind = atom.unit = "label"
            previous = atom
            continue
        previous = atom
        if atom.kind == "ordinal":
            following = text[atom.end:atom.end + 12]
            if (re.match(r"\s+[A-Z][a-z]|-[^\W\d]|\s+(?:half|quarter)\b", following)  # "13th Amendment", "third-party"
                    or (re.match(r",", following) and _sentence_initial(text, atom.start))):  # "First, ..."
                atom.kind = atom.unit = "label"
            continue
        if atom.kind != "count" or atom.explicit_unit:
            continue
        prev = _prev_word(text, atom.start)
        prev_word, prev_start = prev if prev else ("", 0)
        prev_low = prev_word.lower()
        bracketed = text[atom.start - 1:atom.start] == "[" and text[atom.end:atom.end + 1] == "]"
        if ((prev_low in _LABEL_WORDS and not (atom.year_candidate and prev_low in _YEAR_LABEL_WORDS))
                or bracketed or _cites(text, atom, prev_word)):
            atom.kind = atom.unit = "label"
        elif atom.year_candidate:
            if (prev_low in _YEAR_WORDS or not _count_noun_follows(text, atom.end)
                    or (prev_low == "the" and not _NEXT_WORD.match(text, atom.end).group(1) in _COUNT_NOUNS)):
                atom.kind = atom.unit = "year"
        elif atom.from_digits and prev and _is_name(text, prev_word, prev_start):
            atom.kind = atom.unit = "label"
        elif _title_follows(text, atom.end):
            atom.kind = atom.unit = "label"
        elif text[atom.start:atom.end].lower() == "one" and _pronoun_one(text, atom, prev_low):
            atom.kind = atom.unit = "label"


def _continues_label(text: str, previous: _Atom, atom: _Atom) -> bool:
    """ "137-03" after "Law 137", "2108" after "Sections 2106-", "(2)" after "§ 20709(e)"."""
    if previous.kind != "label" or atom.explicit_unit or atom.start - previous.end > 20:
        return False
    gap = text[previous.end:atom.start]
    if len(gap) == 1 and gap in _GLUE:
        return True
    # "20709(e)(2)(B)": parenthesised subsections run on after a cited number.
    return text[atom.end:atom.end + 1] == ")" and _SUBSECTIONS.fullmatch(gap) is not None


def _cites(text: str, atom: _Atom, prev_word: str) -> bool:
    """A numeral that cites: a code title, an enumerator, a report number after an acronym."""
    if not atom.from_digits:
        return False
    # Cheap character tests first: this runs for nearly every count of a text.
    if text[atom.end + 1:atom.end + 2] in _CODE_INITIALS and _CODE_AFTER.match(text, atom.end):
        return True
    if (atom.value < 100 and (atom.start == 0 or text[atom.start - 1] in _ENUMERATOR_OPENERS)
            and _ENUMERATOR_AFTER.match(text, atom.end) and _ENUMERATOR_BEFORE.search(text, max(0, atom.start - 6), atom.start)):
        return True
    # "NCJ 256001", "ISBN 9789": an acronym and a long bare number name a document.
    return (atom.end - atom.start >= 5 and prev_word.isupper() and _ACRONYM.fullmatch(prev_word) is not None
            and text[atom.start:atom.end].isdigit())


def _give_durations(text: str, atoms: list[_Atom]) -> None:
    """Counts followed by a unit of time take it as their unit ("10 years", "six months")."""
    following: _Atom | None = None
    for atom in reversed(atoms):
        if atom.kind == "count" and not atom.explicit_unit:
            # The character after the space decides cheaply whether a unit of time can follow.
            unit = (_DURATION_AFTER.match(text, atom.end)
                    if text[atom.end + 1:atom.end + 2] in _DURATION_INITIALS or text[atom.end:atom.end + 1] == "-"
                    else None)
            if unit:
                atom.unit, atom.explicit_unit = unit.group(1).lower() + "s", True
            elif (following is not None and following.kind == "count" and following.unit != "count"
                  and _SUSPENDED_HYPHEN.fullmatch(text, atom.end, following.start)):
                atom.unit, atom.explicit_unit = following.unit, True  # "15- to 17-year-old"
        following = atom


def _zero_and_one_words(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """ "none", "no", "a", "an" where the sentence counts with them, as new count atoms."""
    found = []
    for atom in atoms:
        if atom.kind != "count" or atom.unit != "count":  # "30 years' imprisonment and a fine"
            continue
        # A list separator before such a word first ("…, and a", "and no"): a plain search, cheaper
        # than the list pattern, and most counts are no list item (the scanner is on the hot path).
        window = text[atom.end:atom.end + 90]
        if not (" a " in window or " an " in window or " no " in window or " none" in window):
            continue
        if _ZERO_ONE_AFTER_SEPARATOR.search(window) is None:
            continue
        item = _NEXT_ITEM.match(text, atom.end)
        if item and _counts_with(text, item):
            word = item.group("word")
            found.append(_Atom(item.start("word"), item.end("word"), "count", "count",
                               float(ZERO_ONE_WORDS[word.lower()])))
    if "none" in text or "None" in text:  # "none in 2016" with no count before it in the sentence
        for none in re.finditer(r"\b[Nn]one\b", text):
            if _NONE_FOR_PERIOD.match(text, none.end()):
                found.append(_Atom(none.start(), none.end(), "count", "count", 0.0))
    if not found:
        return atoms
    taken = {(a.start, a.end) for a in atoms}
    merged = sorted([*atoms, *(a for a in found if (a.start, a.end) not in taken)], key=lambda a: a.start)
    # Keep atoms from overlapping (a new word never should, but a document can surprise).
    kept: list[_Atom] = []
    for atom in merged:
        if kept and atom.start < kept[-1].end:
            continue
        if kept and (kept[-1].start, kept[-1].end) == (atom.start, atom.end):
            continue
        kept.append(atom)
    return kept


def _counts_with(text: str, item: re.Match) -> bool:
    """Does the zero or one word of a list item count ("a labor recruiter"), not "a third"?"""
    word = item.group("word").lower()
    if word == "none":
        return True
    phrase = _COUNTED_ITEM.match(text, item.end("word"))
    if not phrase:
        return False
    first = phrase.group().split()[0].lower()
    return first not in _NOT_COUNTED and first not in ORDINAL_WORDS and first not in UNITS


# --------------------------------------------------------------------------- relations

_RANGE_DASH = re.compile(r"-|\s*–\s*")
_RANGE_TO = re.compile(r"\s+(?:([^\W\d]+)\s+)?(?:to|through)\s+")
_RANGE_AND = re.compile(r"\s+(?:and|to)\s+")
_PART_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?|\s+in\s+")
_QUANTITIES = {"count", "money", "percent"}


def _relate(text: str, atoms: list[_Atom]) -> None:
    """Mark ranges (range_low/range_high) and shares (part/whole) between neighbouring mentions."""
    for a, b in zip(atoms, atoms[1:]):
        if a.role or b.role:
            continue
        gap = text[a.end:b.start]
        if _is_range(text, a, b, gap):
            a.role, b.role = "range_low", "range_high"
        elif (a.kind == b.kind == "count" and _PART_OF.fullmatch(gap) and a.value <= b.value):
            a.role, b.role = "part", "whole"


def _is_range(text: str, a: _Atom, b: _Atom, gap: str) -> bool:
    """Is ``a <gap> b`` a range? If so, let a bare bound take the other's unit and scale."""
    if not (a.kind == b.kind in ("year", "ordinal") or (a.kind in _QUANTITIES and b.kind in _QUANTITIES)):
        return False
    prev = _prev_word(text, a.start)
    to = _RANGE_TO.fullmatch(gap)
    if to and to.group(1):  # "two years to 99 years": the same word after both bounds
        after = _NEXT_WORD.match(text, b.end)
        if not after or after.group(1).lower() != to.group(1).lower():
            return False
    if not (_RANGE_DASH.fullmatch(gap) or to
            or (prev and prev[0].lower() == "between" and _RANGE_AND.fullmatch(gap))):
        return False
    low_kind, low_unit, low_value = a.kind, a.unit, a.value
    high_kind, high_unit = b.kind, b.unit
    if b.explicit_unit and not a.explicit_unit:
        low_kind, low_unit = b.kind, b.unit
    elif a.explicit_unit and not b.explicit_unit:
        high_kind, high_unit = a.kind, a.unit
    if a.scale == 1.0 and b.scale > 1.0 and a.value <= b.value / b.scale:  # "6 to 8 million"
        low_value = a.value * b.scale
    if (low_kind, low_unit) != (high_kind, high_unit) or low_value > b.value:
        return False
    a.kind, a.unit, a.value = low_kind, low_unit, low_value
    b.kind, b.unit = high_kind, high_unit
    return True
