"""Breakdowns: a total followed by its parts.

    "identified 667 victims—429 for sex trafficking, 103 for forced labor, … and 115 unspecified"
    "initiated prosecutions of 28 alleged traffickers (seven for sex trafficking, 14 for labor …)"
    "identifying 114 possible victims … Of these, 67 were …, 17 in forced labor, … and 13 were unknown."
    "Of the 260 victims identified, 201 were men, 21 were women, … and one was of an unknown gender."
    "a total of 1,883 incidents were reported: 1,607 were … and 274 were instances of …"

Where the parts are found: right after the total's words, behind a dash, a parenthesis, a
colon, "including", "of whom" or "among them" (:mod:`.lists` reads the items); in the next
sentence when it opens with "Of these", "Of them", "This included", "Among them"; after
"Of the N …," at the start of a sentence; after "Of the sex and labor trafficking victims," whose
total is the earlier figures those words name; and — with low confidence, so a failure is only
``info`` — in a sentence that opens with a figure and lists parts right after a sentence with
one main figure ("… identified 124 victims …. Eighty-one were …, six …, and 14 were unknown.").

What must hold: a list the writer closes ("…, and 13 were unknown", "and 115 unspecified") or
that names a remainder ("unknown", "unspecified", "other") must sum to its total (``sum_total``);
a list that may leave parts out ("including …", "among them", a list not closed with "and")
must not exceed it (``sum_total`` with ``exhaustive: false``). One list giving two breakdowns of
the same total ("110 were adults, 14 were children, 109 were female, and 15 were male") is
split where the running sum reaches the total. A single part ("Of the 44 investigations, 36
were …") must not exceed its whole (``part_of_whole``).

What it does not read: lists whose items open lists of their own ("six were women, including
four …, 21 were girls, including …"), totals bounded by "at least"/"more than", items that
count something else than the total ("15 traffickers (including four … cases)"), and lists
given as years ("(96 in 2017 and 68 in 2016)" is a series: :mod:`.series`).
"""

from __future__ import annotations

from ..read.context import FigureRead, ReadPassage
from ..rules.part_of_whole import PartOfWhole
from ..rules.sum_total import SumTotal
from .lists import ListRead, read_list, span_end
from .model import Document, FigureBook, Relation, quote_around, show
from ..read.vocabulary import compatible_heads, is_duration, overlapping

FAMILY = "breakdown"
_BOUNDED = {"at least", "more than", "over", "nearly", "almost", "about", "approximately", "around",
            "some", "roughly", "up to", "fewer than", "less than", "under"}
_NEXT_SENTENCE_OPENERS = (("of", "these"), ("of", "them"), ("of", "those"), ("of", "whom"), ("of", "this", "total"),
                          ("this", "included"), ("these", "included"), ("this", "includes"), ("among", "them"),
                          ("among", "these"), ("they", "included"))
_OPEN_ENDED = {"including", "among", "such"}
_ATTACHED = {"(", "—", ":"}          # openers that tie the list to the figure right before them
_SINGLE_PART_OPENERS = {"of the", "of these", "of them", "of those", "of whom"}


def find(document: Document, book: FigureBook) -> list[Relation]:
    """Every breakdown of ``document``."""
    relations: list[Relation] = []
    passages = document.passages
    for p, read in enumerate(passages):
        taken: set[int] = set()
        for total in read.figures:
            if total.index in taken or not _may_total(total):
                continue
            opener = _opener_after(read, total)
            if opener is None:
                continue
            start, closer, kind = opener
            items = read_list(read, start, closer, semicolons=kind in _ATTACHED)
            relation = _relation(book, read, total, items, kind, 0.9 if kind in _ATTACHED else 0.8)
            if relation:
                relations.extend(relation)
                taken.update(item.figure.index for item in items.items)
        opened = _next_sentence_list(passages, p) or _elliptical_list(passages, p)
        if opened is not None:
            total, start, kind = opened
            items = read_list(passages[p + 1], start, None)
            # A list that only follows its total ("… 124 victims …. Eighty-one were …, six …, and
            # 14 were unknown.") is read with less confidence than one the text ties to it.
            confidence = 0.6 if kind == "next sentence" else 0.85
            if kind != "next sentence" or (len(items.items) >= 3 and items.closed):
                relations.extend(_relation(book, passages[p + 1], total, items, kind, confidence) or [])
        restated = _of_the_total(read)
        if restated is not None:
            total, start = restated
            items = read_list(read, start, None)
            relations.extend(_relation(book, read, total, items, "of the", 0.85) or [])
        elif p > 0:
            grouped = _of_the_group(passages[p - 1], read)
            if grouped is not None:
                totals, start = grouped
                relations.extend(_group_relation(book, read, totals, read_list(read, start, None)))
    return relations


def _may_total(figure: FigureRead) -> bool:
    """A figure that can head a breakdown right after it ("… compared to 33 victims (20 … and 13 …)"
    too); the head of a sentence other sentences break down must also not be compared."""
    return figure.qualifier not in _BOUNDED and figure.unit != "percent" and not is_duration(figure.head)


def _opener_after(read: ReadPassage, total: FigureRead) -> tuple[int, str | None, str] | None:
    """Where a list of parts opens right after the total's words: (first token, closer, kind)."""
    tokens = read.tokens
    i = total.index
    while i + 1 < min(len(tokens), total.index + 30):
        i += 1
        t = tokens[i]
        if t.text == "(" and i + 1 < len(tokens) and tokens[i + 1].low in ("compared", "up", "down") and not total.in_comparison:
            # "90 victims (compared with 80 in 2020 …), of whom …": step over the comparison.
            i = span_end(tokens, i + 1, ")")
            continue
        if t.kind == "num" and tokens[i - 1].low in ("in", "involving", "across", "from"):
            continue   # "10 traffickers in seven cases: …"
        if t.kind == "num" or t.text in (".", ";") or t.low in ("compared", "while", "but", "and"):
            return None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.text == ")" and total.in_parentheses:
            return None   # "(… and 68 in 2016), of whom 110 …": the list is not the aside's
        if total.in_comparison and t.text != "(":
            if t.kind == "punct":
                return None   # a compared figure keeps only its own "(… and …)"
            continue
        if t.text == "(":
            return (i + 1, ")", "(") if nxt is not None and nxt.low not in ("compared", "up", "down") else None
        if i > total.index + 14:
            return None
        if t.text in ("—", "–"):
            return i + 1, "—", "—"
        if t.text == ":":
            return i + 1, None, ":"
        if t.low == "including":
            return i + 1, None, "including"
        if t.text == "," and nxt is not None and nxt.low in ("of", "among", "including"):
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            if nxt.low == "including":
                return i + 2, None, "including"
            if after is not None and after.low in ("whom", "which", "them"):
                return i + 3, None, "of whom" if nxt.low == "of" else "among"
            return None
    return None


def _head_of(read: ReadPassage) -> FigureRead | None:
    """The sentence's main figure: the one not compared, parenthesised or bounded that says what
    it counts, when there is only one (list items after it say nothing of what they count)."""
    candidates = [f for f in read.figures if not f.in_comparison and not f.in_parentheses and _may_total(f)]
    named = [f for f in candidates if f.head]
    if len(named) == 1:
        return named[0]
    if len(candidates) == 1 or (candidates and len({f.head for f in candidates}) == 1 and len(candidates) <= 2):
        return candidates[0]
    return None


def _next_sentence_list(passages: list[ReadPassage], p: int) -> tuple[FigureRead, int, str] | None:
    """ "… 114 possible victims (…). Of these, 67 were …": the next sentence breaks the total down."""
    if p + 1 >= len(passages):
        return None
    nxt = passages[p + 1]
    words = [t.low for t in nxt.tokens[:4]]
    for opener in _NEXT_SENTENCE_OPENERS:
        if tuple(words[:len(opener)]) == opener:
            total = _head_of(passages[p])
            if total is None:
                return None
            start = len(opener)
            if start < len(nxt.tokens) and nxt.tokens[start].text == ",":
                start += 1
            return total, start, " ".join(opener)
    return None


def _elliptical_list(passages: list[ReadPassage], p: int) -> tuple[FigureRead, int, str] | None:
    """ "… identified 124 victims …. Eighty-one were victims of sex trafficking, six …": a sentence
    that opens with a figure and lists parts, right after a sentence with one main figure."""
    if p + 1 >= len(passages) or not passages[p + 1].tokens or passages[p + 1].tokens[0].kind != "num":
        return None
    total = _head_of(passages[p])
    return (total, 0, "next sentence") if total is not None else None


def _of_the_total(read: ReadPassage) -> tuple[FigureRead, int] | None:
    """ "Of the 260 victims identified, 201 were men, …": the total restated, then its parts."""
    tokens = read.tokens
    if len(tokens) < 4 or tokens[0].low != "of" or tokens[1].low != "the" or tokens[2].kind != "num":
        return None
    total = next((f for f in read.figures if f.index == 2), None)
    if total is None:
        return None
    for i in range(3, min(len(tokens), 16)):
        if tokens[i].kind == "num":
            return None
        if tokens[i].text == ",":
            return total, i + 1
    return None


_GROUP_FILLER = {"the", "and", "or", "of", "identified", "reported", "victims", "victim", "trafficking", "these",
                 "potential", "possible", "all", "both", "cases", "people", "persons"}


def _of_the_group(previous: ReadPassage, read: ReadPassage) -> tuple[list[FigureRead], int] | None:
    """ "Of the sex and labor trafficking victims identified, there were 31 women, …": the total
    is the figures of the sentence before that the group's words name, one figure per word."""
    tokens = read.tokens
    if len(tokens) < 4 or tokens[0].low != "of" or tokens[1].low != "the":
        return None
    comma = next((i for i in range(2, min(len(tokens), 14)) if tokens[i].text == ","), None)
    if comma is None or any(t.kind != "word" for t in tokens[2:comma]):
        return None
    if "and" not in {t.low for t in tokens[2:comma]}:
        return None
    candidates = [f for f in previous.figures if not f.in_comparison and not f.in_parentheses]
    totals = []
    for key in (t.low for t in tokens[2:comma] if t.low not in _GROUP_FILLER):
        named = [f for f in candidates if key in f.noun.lower().split() or key in f.category.split()]
        if not named:
            continue          # a word of the group that names no figure ("found", "identified")
        if len(named) != 1 or named[0] in totals:
            return None
        totals.append(named[0])
    return (totals, comma + 1) if len(totals) >= 2 else None


def _group_relation(book: FigureBook, read: ReadPassage, totals: list[FigureRead], items: ListRead) -> list[Relation]:
    parts = _parts_of(totals[0], items)
    if parts is None or len(parts) < 2:
        return []
    exhaustive = _exhaustive(items, "of the")
    total_figs = [book.figure(t) for t in totals]
    part_figs = [book.figure(p) for p in parts]
    words = read.passage.text[:parts[-1].mention.end - read.passage.start]
    rule = SumTotal(id=f"discover/{FAMILY}/{part_figs[0].id}/group", kind="sum_total", severity="warning",
                    description=f"breakdown of a group named by earlier figures ({' + '.join(t.mention.text for t in totals)}), "
                                f"{'a closed list' if exhaustive else 'a list that may leave parts out'}: “{words[:300]}”",
                    total=[f.id for f in total_figs], parts=[f.id for f in part_figs], exhaustive=exhaustive)
    terms = " + ".join(show(p.value) for p in parts)
    whole = " + ".join(f"{show(t.value)} {t.noun}".strip() for t in totals)
    read_as = (f"read as a breakdown of {whole}: {terms} = {show(sum(p.value for p in parts))}" if exhaustive
               else f"read as parts of {whole} that may leave some out: {terms}")
    return [Relation(FAMILY, rule, [*total_figs, *part_figs], 0.8, rule.description, read_as)]


def _parts_of(total: FigureRead, items: ListRead) -> list[FigureRead] | None:
    """The list's figures when they can be parts of ``total``; None when the list is not its breakdown."""
    parts = [item.figure for item in items.items]
    if not parts or items.nested or total in parts:
        return None
    if any(p.unit != total.unit or is_duration(p.head) for p in parts):
        return None
    if any(p.period_how == "own" and p.period and p.period != total.period for p in parts):
        return None   # "(96 in 2017 and 68 in 2016)": a series, not parts
    if not all(compatible_heads(total.head, p.head) for p in parts):
        return None
    if len(parts) > 1 and overlapping([item.group for item in items.items]):
        return None   # "including 60 children and 40 girls": some are counted twice
    return parts


def _exhaustive(items: ListRead, kind: str) -> bool:
    """Does the writer present the list as complete? Closed with "and", or naming a remainder,
    with no approximate part; after "including" only a remainder makes it complete."""
    remainder = any(item.is_remainder for item in items.items)
    approximate = any(item.figure.qualifier in _BOUNDED for item in items.items)
    return (items.closed or remainder) and not approximate and (kind not in _OPEN_ENDED or remainder)


def _relation(book: FigureBook, read: ReadPassage, total: FigureRead, items: ListRead,
              kind: str, confidence: float) -> list[Relation] | None:
    if kind in _OPEN_ENDED | {"of whom"} and items.stopped_by == "closed":
        return None   # "six were women, including four … and two …, 21 were girls": a list inside a list
    parts = _parts_of(total, items)
    if parts is None:
        return None
    if len(parts) == 1:
        if kind not in _SINGLE_PART_OPENERS:
            return None
        return [_part_of_whole(book, read, total, parts[0], kind, confidence)]
    exhaustive = _exhaustive(items, kind)
    groups = _split_dimensions(total, parts) if exhaustive else [parts]
    return [_sum_relation(book, read, total, group, exhaustive, kind, confidence, suffix=f"-{n}" if len(groups) > 1 else "")
            for n, group in enumerate(groups, start=1)]


def _split_dimensions(total: FigureRead, parts: list[FigureRead]) -> list[list[FigureRead]]:
    """One list, several breakdowns: split where the running sum reaches the total exactly."""
    groups: list[list[FigureRead]] = [[]]
    running = 0.0
    for part in parts:
        groups[-1].append(part)
        running += part.value
        if running == total.value:
            groups.append([])
            running = 0.0
    groups = [g for g in groups if g]
    if len(groups) > 1 and all(len(g) >= 2 for g in groups) and sum(p.value for p in groups[-1]) == total.value:
        return groups
    return [parts]


def _sum_relation(book: FigureBook, read: ReadPassage, total: FigureRead, parts: list[FigureRead],
                  exhaustive: bool, kind: str, confidence: float, suffix: str) -> Relation:
    total_fig = book.figure(total)
    part_figs = [book.figure(p) for p in parts]
    rule = SumTotal(id=f"discover/{FAMILY}/{total_fig.id}{suffix}", kind="sum_total", severity="warning",
                    description=_evidence(read, total, parts, kind, exhaustive), total=total_fig.id,
                    parts=[f.id for f in part_figs], exhaustive=exhaustive)
    terms = " + ".join(show(p.value) for p in parts)
    what = f"{show(total.value)} {total.noun}".strip()
    read_as = (f"read as a breakdown of {what}: {terms} = {show(sum(p.value for p in parts))}"
               if exhaustive else f"read as parts of {what} that may leave some out: {terms} ≤ {show(total.value)}")
    if not total.head and not total.category:
        confidence -= 0.1   # the total says nothing of what it counts
    return Relation(FAMILY, rule, [total_fig, *part_figs], confidence, rule.description, read_as)


def _part_of_whole(book: FigureBook, read: ReadPassage, total: FigureRead, part: FigureRead, kind: str,
                   confidence: float) -> Relation:
    whole_fig, part_fig = book.figure(total), book.figure(part)
    rule = PartOfWhole(id=f"discover/{FAMILY}/{part_fig.id}", kind="part_of_whole", severity="warning",
                       description=_evidence(read, total, [part], kind, False), whole=whole_fig.id, parts=[part_fig.id])
    read_as = f"read as a part of {show(total.value)} {total.noun}: {show(part.value)} ≤ {show(total.value)}"
    return Relation(FAMILY, rule, [whole_fig, part_fig], confidence, rule.description, read_as)


def _evidence(read: ReadPassage, total: FigureRead, parts: list[FigureRead], kind: str, exhaustive: bool) -> str:
    how = {"next sentence": "a list of parts opening the sentence after the total",
           "(": "parts in parentheses after the total", "—": "parts behind a dash after the total",
           ":": "parts after a colon", "including": "parts after 'including'", "of whom": "parts after 'of whom'",
           "among": "parts after 'among them'", "of the": "'Of the N …,' then its parts"}.get(kind, f"'{kind.capitalize()}' opening the next sentence")
    closing = "a closed list (… and N)" if exhaustive else "a list that may leave parts out"
    first, last = total.mention.start, parts[-1].mention.end
    words = _words_between(read, first, last) if read.passage.start <= first else ""
    return f"breakdown: {how}, {closing}: “{words or quote_around(read.passage.text, read.passage.start, parts[0].mention.start, last)}”"


def _words_between(read: ReadPassage, start: int, end: int, limit: int = 300) -> str:
    text = read.passage.text[start - read.passage.start:end - read.passage.start]
    return text if len(text) <= limit else text[:limit // 2] + " … " + text[-limit // 2:]
