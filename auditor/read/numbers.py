"""Parse a figure as a document writes it into a number, its unit and its kind.

Handles digits with thousands separators and decimals ("1,814", "40.3"), number words and
hyphenated compounds ("eight", "Twenty-eight", "one hundred and five"), scale words
("6.7 million", "$150 billion"), percents ("85%", "50 percent"), currencies ("$30,370",
"598,500 pesos", "600 million dollars") and ordinals ("13th", "seventh").

Thousands may be grouped with a comma or, as many countries print them, with a no-break
space (U+00A0), a narrow no-break space (U+202F), a thin space (U+2009) or an apostrophe
("1 814", "1'814"); one figure uses one separator throughout. The words that count zero and
one where a sentence counts ("none", "no", "a", "an") parse too: "none" and "no" are 0, "a"
and "an" are 1. Whether a sentence counts with them is the scanner's decision, not this one's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100,
}
NUMBER_WORDS = set(UNITS) | set(TENS) | {"hundred", "thousand", "million", "billion", "trillion"}

CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD",
    "peso": "MXN", "pesos": "MXN", "mxn": "MXN",
    "euro": "EUR", "euros": "EUR",
}
PERCENT_WORDS = {"percent", "per cent", "%"}

# "a third", "two-thirds", "half": shares of a whole, valued in percent as the scanner does.
_FRACTION = re.compile(r"^(?:(a|one|two|three|four)[\s-]+)?(half|halves|thirds?|quarters?|fifths?|tenths?)$")
_DENOMINATORS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
#: Characters that group thousands besides the comma (the scanner uses the same set).
THOUSANDS_SEPARATORS = "\u00a0\u202f\u2009'’"
# "1 814", "1'814", "12 345 678": one separator, used between every group of three digits.
_SPACED_GROUPS = re.compile(r"(?<![\d.])\d{1,3}(?:([%s])\d{3})(?:\1\d{3})*(?![\d%s])"
                            % (THOUSANDS_SEPARATORS, THOUSANDS_SEPARATORS))
#: Words that count zero or one where a sentence counts ("none in 2016", "a labor recruiter").
ZERO_ONE_WORDS = {"none": 0, "no": 0, "a": 1, "an": 1}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedNumber:
    """A figure as a value with its unit ("count", "percent", "USD", "MXN", ...) and kind."""

    value: float
    unit: str
    kind: str  # count | money | percent | ordinal


def _words_to_number(tokens: list[str]) -> float:
    """Value of number words such as ["twenty", "eight"] or ["one", "hundred", "five"]."""
    if len(tokens) > 1 and tokens[0] in ("a", "an") and tokens[1] in SCALES:
        tokens = ["one", *tokens[1:]]  # "a million", as the scanner reads it
    total = 0
    current = 0
    seen = False
    for token in tokens:
        if token == "and" and seen:
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            if not seen:
                raise ValueError("a scale word needs a number before it")
            current = (current or 1) * 100
        elif token in SCALES:
            if not seen:
                raise ValueError("a scale word needs a number before it")
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            raise ValueError(f"not a number word: {token!r}")
        seen = True
    if not seen:
        raise ValueError("no number")
    return float(total + current)


def _amount(text: str) -> float:
    """Value of the numeric core: digits or number words, optionally followed by a scale word."""
    tokens = [t for t in re.split(r"[\s\-]+", text.strip().lower()) if t]
    if not tokens:
        raise ValueError("empty figure")
    if _DIGITS.match(tokens[0]):
        # Decimal keeps "40.3 million" exactly 40300000, not 40300000.000000004.
        value = Decimal(tokens[0].replace(",", ""))
        for scale in tokens[1:]:
            if scale not in SCALES:
                raise ValueError(f"unexpected word after digits: {scale!r}")
            value *= SCALES[scale]
        return float(value)
    return _words_to_number(tokens)


def parse_number(written: str) -> ParsedNumber:
    """Parse a figure as written; raise ``ValueError`` with a reason when it is not one.

    >>> parse_number("Twenty-eight").value
    28.0
    >>> parse_number("6.7 million pesos")
    ParsedNumber(value=6700000.0, unit='MXN', kind='money')
    """
    text = _SPACED_GROUPS.sub(lambda m: re.sub(f"[{THOUSANDS_SEPARATORS}]", "", m.group()), written)
    text = " ".join(text.split())
    if not text:
        raise ValueError("empty figure")
    lowered = text.lower()
    if lowered in ZERO_ONE_WORDS:
        return ParsedNumber(float(ZERO_ONE_WORDS[lowered]), "count", "count")

    ordinal = _ORDINAL_DIGITS.match(lowered)
    if ordinal:
        return ParsedNumber(float(ordinal.group(1)), "ordinal", "ordinal")
    if lowered in ORDINAL_WORDS:
        return ParsedNumber(float(ORDINAL_WORDS[lowered]), "ordinal", "ordinal")

    fraction = _FRACTION.match(lowered)
    if fraction:
        numerator = {None: 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4}[fraction.group(1)]
        denominator = _DENOMINATORS[fraction.group(2).rstrip("s")]
        if numerator >= denominator:
            raise ValueError(f"not a fraction of a whole: {written!r}")
        return ParsedNumber(100.0 * numerator / denominator, "percent", "percent")

    unit, kind = "count", "count"
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if text.startswith(symbol):
            unit, kind = CURRENCY_SYMBOLS[symbol], "money"
            text = text[len(symbol):].strip()
            lowered = text.lower()
            break
    if lowered.endswith("%"):
        unit, kind = "percent", "percent"
        lowered = lowered[:-1].strip()
    else:
        for word in ("per cent", "percent"):
            if lowered.endswith(" " + word):
                unit, kind = "percent", "percent"
                lowered = lowered[: -len(word) - 1].strip()
                break
        else:
            last = lowered.rsplit(" ", 1)
            if len(last) == 2 and last[1] in CURRENCY_WORDS:
                if kind == "money" and CURRENCY_WORDS[last[1]] != unit:
                    raise ValueError(f"two currencies in one figure: {written!r}")
                unit, kind = CURRENCY_WORDS[last[1]], "money"
                lowered = last[0]
    value = _amount(lowered)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {written!r}")
    return ParsedNumber(value, unit, kind)


def format_value(value: float) -> str:
    """Render a value the way an editor would read it: 1814 -> "1,814", 6700000.0 -> "6,700,000"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")
