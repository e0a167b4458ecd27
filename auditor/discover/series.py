"""Series and the trend words about them.

A *series* is one measure given for several periods in one sentence: "identified 124 victims
(compared with 114 in 2018, 96 in 2017 and 68 in 2016)", "convicted 95 traffickers …,
compared to 228 … in 2016 and 86 … in 2015", "This is an increase from nine traffickers
convicted in 2013". The figures after "compared" take the first figure's measure
(:mod:`.model`); a first figure with no year of its own takes the year after the latest one
it is compared with.

A *trend claim* is a trend word about a measure, anywhere in the same document: "identified
fewer victims", "an increased number of victims", "increased investigations", "convicting more
traffickers", "fewer convictions than in previous years", "for the second consecutive year".
A claim is checked against the one series of its measure (same head noun, a counting verb in
common, the same scope; the whole when the claim names no scope). What must hold
(``trend``): the latest figure is above (or below) the one before; "than in previous years"
compares it with every earlier one; "for the second consecutive year" each of the last two
steps. "This is an increase from N" right after a sentence compares that sentence's figure
with N.

A *relative change* — "a 26% increase from the 1,519 persons referred in 2012" — is checked
as a ratio (``relative_change``) within the rounding of the stated percentage; "State
investigations rose by a third" against the last step of the one series its subject names
(state investigations), within 5 %.

What it cannot see: claims about a measure that has no series in the document (most summary
claims of a report whose figures are on another page), claims whose measure is named only by a
pronoun, and claims qualified beyond their words ("slightly", "significantly").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..read.context import SCOPE_WORDS, FigureRead, ReadPassage, noun_words, singular, verb_stem
from ..rules.base import Tolerance
from ..rules.relative_change import RelativeChange
from ..rules.trend import Trend
from .model import Document, FigureBook, Relation, show
from ..read.vocabulary import DECREASE, INCREASE, MEASURES, PEOPLE

FAMILY = "trend"
_VERBAL_NOUNS = {"conviction": "convict", "prosecution": "prosecute", "investigation": "investigate",
                 "identification": "identify", "referral": "refer", "arrest": "arrest"}


class Series:
    """One measure over periods, oldest first."""

    def __init__(self, head: FigureRead, members: list[FigureRead]):
        self.head = head
        self.members = members          # oldest first, each with a period

    @property
    def key(self) -> tuple:
        return (self.head.head, self.head.scope)

    def signature(self) -> tuple:
        return tuple((m.period, m.value) for m in self.members) + self.key


def series_of(document: Document) -> list[Series]:
    """Every series of the document, duplicates (a passage stated twice) once."""
    found: dict[tuple, Series] = {}
    for figure in document.figures:
        if not figure.compared or not figure.head:
            continue
        members = [figure, *figure.compared]
        if any(not m.period for m in members):
            continue
        order = {"previous": 0, "current": 1}
        try:
            members.sort(key=lambda m: int(m.period) if m.period.isdigit() else order[m.period])
        except KeyError:
            continue
        if len({m.period for m in members}) != len(members):
            continue   # one year twice: see same_period
        series = Series(figure, members)
        found.setdefault(series.signature(), series)
    return list(found.values())


def find(document: Document, book: FigureBook) -> list[Relation]:
    """Trend claims checked against the document's series, and relative changes."""
    all_series: dict[str, list[Series]] = {}
    for series in series_of(document):
        all_series.setdefault(series.head.head, []).append(series)
        for verb in series.head.verbs:   # "fewer convictions" is about "convicted 95 traffickers"
            all_series.setdefault(f"verb:{verb}", []).append(series)
    relations: list[Relation] = []
    for p, read in enumerate(document.passages):
        for claim in _claims(read):
            match = _match(claim, all_series, read)
            if match is not None:
                series, confidence = match
                relations.append(_trend(book, read, claim, series, confidence))
        follow = _follow_up(book, document.passages, p)
        if follow is not None:
            relations.append(follow)
        relations.extend(_explicit_comparisons(book, read))
        relations.extend(_changes_by(book, read, all_series))
        relations.extend(_relative_changes(book, read))
    return relations


@dataclass(frozen=True)
class Claim:
    """A trend word about a measure: direction, what it compares, the measure it names."""

    direction: str              # increase | decrease
    compare: str                # consecutive | latest_vs_all | consecutive_3
    head: str
    verbs: frozenset[str]
    scope: str
    words: str                  # the words read, for the evidence
    start: int
    end: int


_THAN_PREVIOUS = re.compile(r"than\s+(?:in\s+)?(?:the\s+)?(?:previous|prior|past|preceding)\s+years", re.IGNORECASE)
_CONSECUTIVE = re.compile(r"(?:second|third|fourth|fifth)\s+consecutive\s+year|consecutive\s+years", re.IGNORECASE)


def _claims(read: ReadPassage) -> list[Claim]:
    tokens = read.tokens
    claims = []
    for i, t in enumerate(tokens):
        if t.kind != "word" or t.low not in INCREASE | DECREASE:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None or nxt.kind == "num" or nxt.low in ("than", "from", "to", "by", "in", "of", "and", "or"):
            continue   # "more than 140" is a bound, "increase from" a comparison, "increased by" a change
        if i > 0 and tokens[i - 1].low in ("not", "no", "any"):
            continue
        if _recommended(tokens, i):
            continue   # "Increase investigations …": a recommendation, not a claim about the figures
        head, verbs = _claim_measure(tokens, i)
        if not head:
            continue
        direction = "increase" if t.low in INCREASE else "decrease"
        rest = read.passage.text[t.end - read.passage.start:][:120]
        compare = "latest_vs_all" if _THAN_PREVIOUS.search(rest) else "consecutive"
        if _CONSECUTIVE.search(rest):
            compare = "consecutive_3"
        scope = next((w.low for w in tokens[max(0, i - 6):i] if w.low in ("federal", "state", "local")), "")
        claims.append(Claim(direction, compare, head, verbs, scope, _claim_words(read, i), t.start, t.end))
    return claims


def _claim_words(read: ReadPassage, i: int) -> str:
    """The words of a claim for its evidence: its clause around the trend word, at most a few words either side."""
    tokens = read.tokens
    lo = i
    while lo > 0 and i - lo < 4 and tokens[lo - 1].kind != "punct":
        lo -= 1
    hi = i
    while hi + 1 < len(tokens) and hi - i < 8 and tokens[hi + 1].kind != "punct":
        hi += 1
    return read.passage.text[tokens[lo].start - read.passage.start:tokens[hi].end - read.passage.start]


_MODAL = {"to", "should", "must", "will", "would", "could", "may", "might", "shall", "can", "cannot"}


def _recommended(tokens, i: int) -> bool:
    """A trend word as an instruction or a wish: clause-initial, or after "to"/"should"/…"""
    if tokens[i].low not in ("increase", "decrease", "reduce", "raise", "lower", "more", "fewer"):
        return False
    if tokens[i].low in ("increase", "decrease", "reduce", "raise") and \
            not (i > 0 and tokens[i - 1].low in ("a", "an", "the", "this", "that", "any", "no", "slight", "significant")):
        return True   # a verb in its base form: "Increase efforts …", "… and increase access": not a past fact
    j = i - 1
    while j >= 0 and tokens[j].kind == "word" and tokens[j].low in ("and", "or", "significantly", "further"):
        j -= 1
    if j < 0 or tokens[j].kind == "punct" or tokens[j].low in _MODAL:
        return True
    # "should identify more victims", "to convict more traffickers": a modal before the verb.
    return any(t.low in _MODAL for t in tokens[max(0, i - 4):i] if t.kind == "word")


def _claim_measure(tokens, i: int) -> tuple[str, frozenset[str]]:
    """The measure a trend word is about: "fewer victims", "an increased number of victims"."""
    words = noun_words(tokens, i + 1)
    if not words:
        return "", frozenset()
    head = singular(words[-1])
    verbs = {verb_stem(t.text) for t in tokens[max(0, i - 5):i] if t.kind == "word"} - {""}
    if head in _VERBAL_NOUNS:
        verbs.add(_VERBAL_NOUNS[head])
    return head, frozenset(verbs)


def _match(claim: Claim, all_series: dict[str, list[Series]], read: ReadPassage) -> tuple[Series, float] | None:
    """The one series the claim is about, and how sure that is."""
    candidates = []
    possible = all_series.get(claim.head, []) + all_series.get(f"verb:{_VERBAL_NOUNS.get(claim.head, '')}", [])
    for series in dict.fromkeys(possible):
        head = series.head
        verbal = claim.head in _VERBAL_NOUNS and _VERBAL_NOUNS[claim.head] in head.verbs
        if not (claim.head == head.head or verbal):
            continue
        if claim.verbs and not (claim.verbs & head.verbs):
            continue
        if claim.scope != head.scope:
            continue
        candidates.append(series)
    if len(candidates) != 1:
        return None
    series = candidates[0]
    same_sentence = series.head.passage.start == read.passage.start
    return series, 0.9 if same_sentence else 0.8


def _trend(book: FigureBook, read: ReadPassage, claim: Claim, series: Series, confidence: float) -> Relation:
    members = series.members
    compare = claim.compare
    if compare == "consecutive_3":
        members, compare = members[-3:], "consecutive"
    elif compare == "consecutive":
        members = members[-2:]
    figures = [book.figure(m) for m in members]
    rule = Trend(id=f"discover/{FAMILY}/{figures[-1].id}/{claim.direction}-{claim.start}", kind="trend", severity="warning",
                 description=f"trend: “{claim.words.strip()}” against the series "
                             + ", ".join(f"{show(m.value)} ({m.period})" for m in members),
                 series=[f.id for f in figures], direction=claim.direction, compare=compare)
    word = "rising" if claim.direction == "increase" else "falling"
    read_as = f"read “{claim.words.strip()}” as {series.head.noun or series.head.head} {word}: " + " → ".join(
        f"{show(m.value)} ({m.period})" for m in members)
    return Relation(FAMILY, rule, figures, confidence, rule.description, read_as)


_FOLLOW = re.compile(r"^(?:This|That|It)\s+(?:is|was|represents|represented|marks|marked)\s+(?:an?\s+)?"
                     r"(?:(?:significant|slight|modest|sharp|marked|large|small)\s+)?(increase|decrease|rise|drop|decline)\s+"
                     r"(?:from|compared\s+(?:with|to))", re.IGNORECASE)


def _follow_up(book: FigureBook, passages: list[ReadPassage], p: int) -> Relation | None:
    """ "… convicted a total of 10 traffickers …. This is an increase from nine … in 2013." """
    read = passages[p]
    match = _FOLLOW.match(read.passage.text)
    if not match or p == 0 or not read.figures:
        return None
    earlier = read.figures[0]
    previous = [f for f in passages[p - 1].figures if not f.in_comparison and not f.in_parentheses and f.head == earlier.head]
    if len(previous) != 1 or earlier.unit != previous[0].unit:
        return None
    later = previous[0]
    direction = "increase" if match.group(1).lower() in ("increase", "rise") else "decrease"
    figures = [book.figure(earlier), book.figure(later)]
    rule = Trend(id=f"discover/{FAMILY}/{figures[1].id}/{direction}-{earlier.mention.start}", kind="trend",
                 severity="warning", description=f"trend: “{read.passage.text[:160]}” after the figure {later.mention.text}",
                 series=[f.id for f in figures], direction=direction, compare="consecutive")
    read_as = f"read “{match.group(0)}” as {show(earlier.value)} → {show(later.value)}"
    return Relation(FAMILY, rule, figures, 0.8, rule.description, read_as)


_EXPLICIT = {"increase": "increase", "rise": "increase", "up": "increase", "decrease": "decrease",
             "drop": "decrease", "decline": "decrease", "down": "decrease", "reduction": "decrease"}
_THAN = {"more": "increase", "higher": "increase", "greater": "increase", "fewer": "decrease",
         "less": "decrease", "lower": "decrease"}


def _explicit_comparisons(book: FigureBook, read: ReadPassage) -> list[Relation]:
    """ "convicted nine traffickers …, an increase from four convictions in 2016", "answered 1,814
    calls, up from 1,402", "trained 3,400 officials, more than the 2,900 trained in 2016"."""
    tokens = read.tokens
    by_index = {f.index: f for f in read.figures}
    relations = []
    for i, t in enumerate(tokens):
        direction = None
        if t.low in _EXPLICIT and i + 2 < len(tokens) and tokens[i + 1].low == "from":
            j = i + 2
            direction = _EXPLICIT[t.low]
        elif t.low in _THAN and i + 3 < len(tokens) and tokens[i + 1].low == "than" and tokens[i + 2].low in ("the", "those"):
            j = i + 3
            direction = _THAN[t.low]
        if direction is None:
            continue
        if tokens[j].low == "the":
            j += 1
        earlier = by_index.get(j)
        if earlier is None or (i > 0 and tokens[i - 1].low in ("no", "not")):
            continue
        later = _compared_head(read, earlier, i)
        if later is None:
            continue
        figures = [book.figure(earlier), book.figure(later)]
        words = read.passage.text[t.start - read.passage.start:earlier.mention.end - read.passage.start]
        rule = Trend(id=f"discover/{FAMILY}/{figures[1].id}/{direction}-{earlier.mention.start}", kind="trend",
                     severity="warning", description=f"trend: “{words}” after {later.mention.text}",
                     series=[f.id for f in figures], direction=direction, compare="consecutive")
        read_as = f"read “{words}” as {show(earlier.value)} → {show(later.value)}"
        relations.append(Relation(FAMILY, rule, figures, 0.85, rule.description, read_as))
    return relations


def _compared_head(read: ReadPassage, earlier: FigureRead, before: int) -> FigureRead | None:
    """The figure a comparison word follows: the last one before it counting the same thing."""
    for figure in reversed([f for f in read.figures if f.index < before]):
        if figure.unit != earlier.unit or figure.in_comparison or figure.qualifier or not figure.head:
            continue   # list items ("five for sex trafficking") say nothing of what they count
        verbal = earlier.head in _VERBAL_NOUNS and _VERBAL_NOUNS[earlier.head] in figure.verbs
        if earlier.head in ("", figure.head) or verbal:
            return figure
        return None
    return None


_CHANGE_VERBS = {"rose": 1, "increased": 1, "grew": 1, "climbed": 1, "jumped": 1,
                 "fell": -1, "decreased": -1, "declined": -1, "dropped": -1, "shrank": -1}


def _changes_by(book: FigureBook, read: ReadPassage, all_series: dict[str, list[Series]]) -> list[Relation]:
    """ "State human trafficking investigations … rose by a third last year": a change of a stated
    size, about the one series of the measure the sentence's subject names."""
    tokens = read.tokens
    relations = []
    for i, t in enumerate(tokens[:-2]):
        if t.low not in _CHANGE_VERBS or tokens[i + 1].low != "by" or tokens[i + 2].kind != "num":
            continue
        size = next((f for f in read.figures if f.index == i + 2), None)
        if size is None or size.unit != "percent":
            continue
        subject = [w for w in tokens[:i] if w.kind == "word"]
        heads = [singular(w.low) for w in subject if singular(w.low) in MEASURES | PEOPLE and w.low not in SCOPE_WORDS]
        if len(set(heads)) != 1:
            continue
        scope = next((w.low for w in subject if w.low in ("federal", "state", "local")), "")
        candidates = [s for s in all_series.get(heads[0], []) if s.head.scope == scope]
        if len(candidates) != 1:
            continue
        earlier, later = candidates[0].members[-2:]
        factor = 1 + _CHANGE_VERBS[t.low] * size.value / 100
        if factor <= 0:
            continue
        figures = [book.figure(earlier), book.figure(later)]
        words = read.passage.text[:size.mention.end - read.passage.start][-160:]
        rule = RelativeChange(id=f"discover/{FAMILY}/{figures[1].id}/change-{size.mention.start}", kind="relative_change",
                              severity="warning", description=f"relative change: “{words}” against {earlier.mention.text} "
                                                              f"({earlier.period}) → {later.mention.text} ({later.period})",
                              earlier=figures[0].id, later=figures[1].id, factor=factor,
                              tolerance=Tolerance(relative=0.05))
        read_as = (f"read “{t.text} by {size.mention.text}” as {heads[0]}s {'rising' if factor > 1 else 'falling'} "
                   f"from {show(earlier.value)} ({earlier.period}) by about {size.value:.0f} %")
        relations.append(Relation(FAMILY, rule, figures, 0.75, rule.description, read_as))
    return relations


_CHANGE = re.compile(r"(?:a|an)\s+(?P<pct>[\d.]+)\s*(?:%|percent|per\s+cent)\s+(?P<dir>increase|decrease|rise|drop|decline|reduction)\s+"
                     r"(?:from|over|compared\s+(?:with|to))", re.IGNORECASE)


def _relative_changes(book: FigureBook, read: ReadPassage) -> list[Relation]:
    """ "1,912 persons …, a 26% increase from the 1,519 persons referred in 2012"."""
    text = read.passage.text
    relations = []
    for match in _CHANGE.finditer(text):
        at = read.passage.start + match.end()
        pct = next((f for f in read.figures if f.unit == "percent" and read.passage.start + match.start() <= f.mention.start < at), None)
        earlier = next((f for f in read.figures if f.mention.start >= at and f.unit != "percent"), None)
        before = [f for f in read.figures if f.mention.end <= read.passage.start + match.start() and f.unit != "percent"
                  and not f.in_comparison]
        if pct is None or earlier is None or not before:
            continue
        later = before[-1]
        if later.unit != earlier.unit or (later.head and earlier.head and later.head != earlier.head):
            continue
        sign = 1 if match.group("dir").lower() in ("increase", "rise") else -1
        factor = 1 + sign * pct.value / 100
        if factor <= 0:
            continue
        # The stated percentage is rounded to its last digit: allow half a unit of it, as a ratio.
        decimals = len(match.group("pct").split(".")[1]) if "." in match.group("pct") else 0
        slack = 0.5 * 10 ** -decimals / 100 / factor
        figures = [book.figure(earlier), book.figure(later)]
        rule = RelativeChange(id=f"discover/{FAMILY}/{figures[1].id}/change-{pct.mention.start}", kind="relative_change",
                              severity="warning", description=f"relative change: “{match.group(0)}” between {earlier.mention.text} and {later.mention.text}",
                              earlier=figures[0].id, later=figures[1].id, factor=factor,
                              tolerance=Tolerance(relative=min(1.0, slack + 1e-9)))
        read_as = f"read “{match.group(0).strip()}” as {show(earlier.value)} × {factor:g} ≈ {show(later.value)}"
        relations.append(Relation(FAMILY, rule, figures, 0.85, rule.description, read_as))
    return relations
