"""Reading a list of counted items: "429 for sex trafficking, 103 for forced labor, … and 115
unspecified".

A list starts after an opener (a dash, a parenthesis, a colon, "including", "of whom", "Of
these,") and runs to where the opener's span ends: the matching parenthesis or dash, the end
of the sentence, or "compared to/with" (what follows is a comparison, not a part). Its
*items* begin with a figure right after a separator (``,``, ``;``, ``and``) or at the start;
other figures inside an item ("two traffickers … with sentences of two years' imprisonment")
belong to the item and are not parts. When items are separated by semicolons, commas inside
them do not separate.

A list is *closed* when its last item follows "and" ("…, and 13 were unknown"): the writer
presents it as complete. A list whose items themselves open lists ("six were women, including
four Dominicans and two Colombians, 21 were girls …") is marked ``nested``; discovery does
not read such lists as breakdowns (it could not tell the levels apart with confidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..read.context import FigureRead, ReadPassage, Token, singular
from ..read.vocabulary import is_duration

_SEPARATORS = {",", ";"}
_STOP_WORDS = {"compared", "versus", "vs", "than", "up", "down", "an", "a"}   # "an increase from", "up from"
_NESTED_OPENERS = {"including", "whom", "which"}
REMAINDER_WORDS = {"unknown", "unspecified", "other", "others", "remaining", "rest", "undetermined",
                   "unidentified", "not", "another"}


@dataclass
class ListItem:
    """One item: the figure that counts it and the words that say what it is."""

    figure: FigureRead
    words: list[str]            # the item's words after the figure, lower case

    @property
    def group(self) -> str:
        """Who the item counts: its head, or the word after "were" ("50 were women" -> "woman")."""
        if self.figure.head:
            # "275 adult females" is its own group, not all females
            return " ".join([*self.figure.modifiers, self.figure.head])
        words = [w for w in self.words if w not in ("were", "was", "are", "is", "adult")]
        return singular(words[0]) if words else ""

    @property
    def is_remainder(self) -> bool:
        """ "and 13 were unknown", "and 115 unspecified", "two in an unknown type"."""
        return any(w in REMAINDER_WORDS for w in self.words[:8])


@dataclass
class ListRead:
    """The items of a list, and how it ends."""

    items: list[ListItem] = field(default_factory=list)
    closed: bool = False        # the last item follows "and"
    nested: bool = False        # an item opens a list of its own
    separator: str = ","
    end: int = 0                # token index where the list stopped
    stopped_by: str = ""        # what ended it: ")", "—", "compared", "end", ";"


def read_list(read: ReadPassage, start: int, closer: str | None, semicolons: bool = True) -> ListRead:
    """Read the list that starts at token ``start``; ``closer`` is ``")"``, ``"—"`` or None.

    ``semicolons=False``: the list ends at a semicolon ("including …" inside an outer list
    whose items are separated by semicolons).
    """
    tokens = read.tokens
    figures = {f.index: f for f in read.figures}
    end = span_end(tokens, start, closer)
    if not semicolons:
        end = next((i for i in range(start, end) if tokens[i].text == ";"), end)
    result = ListRead(end=end, stopped_by=closer or "end")
    initial: list[int] = []
    for i in range(start, end):
        t = tokens[i]
        if t.kind == "word" and t.low in _STOP_WORDS and i > start and _starts_comparison(tokens, i):
            result.end, result.stopped_by = i, "compared"
            break
        if t.kind != "num" or i not in figures:
            continue
        if not initial:
            if _item_may_start(tokens, start, i):
                initial.append(i)
            continue
        prev = _prev_meaningful(tokens, i)
        if prev is not None and (prev.text in _SEPARATORS or prev.low in ("and", "while", "whereas")):
            if len(initial) > 1 and _prev_meaningful(tokens, initial[-1]).low == "and" and prev.text != ";":
                # "A, B, and C" ends at C: "18 Dominicans and three Haitians, and two were …"
                # goes on with the outer list, not this one ("closed"); "…, and sentenced them
                # to 10 years" just ends it.
                result.end, result.stopped_by = i, "end" if is_duration(figures[i].head) else "closed"
                break
            initial.append(i)
    if not initial:
        return result
    result.separator = ";" if any(tokens[j].text == ";" for j in range(initial[0], initial[1] if len(initial) > 1 else result.end)) else ","
    if result.separator == ";":
        initial = [i for k, i in enumerate(initial) if k == 0 or _after_semicolon(tokens, i)]
    elif any(tokens[j].text == ";" for j in range(initial[0], initial[-1])):
        # A semicolon between comma-separated items ends the list there ("…, and nine were
        # unspecified; 43 were foreign victims").
        cut = next(j for j in range(initial[0], initial[-1]) if tokens[j].text == ";")
        initial = [i for i in initial if i < cut]
        result.end, result.stopped_by = cut, ";"
    for k, i in enumerate(initial):
        item_end = initial[k + 1] if k + 1 < len(initial) else result.end
        words = [t.low for t in tokens[i + 1:item_end] if t.kind == "word"]
        if any(w in _NESTED_OPENERS for w in words) and k + 1 < len(initial):
            result.nested = True
        result.items.append(ListItem(figures[i], words))
    last = initial[-1]
    prev = _prev_meaningful(tokens, last)
    result.closed = len(initial) > 1 and prev is not None and prev.low == "and"
    return result


def span_end(tokens: list[Token], start: int, closer: str | None) -> int:
    """Where a span opened just before ``start`` ends: its ")" or second dash, else the passage end."""
    depth = 0
    for i in range(start, len(tokens)):
        t = tokens[i]
        if closer == ")":
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                if depth == 0:
                    return i
                depth -= 1
        elif closer in ("—", "–") and t.text in ("—", "–"):
            return i
    return len(tokens)


def _starts_comparison(tokens: list[Token], i: int) -> bool:
    word = tokens[i].low
    nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
    if word == "compared" or word in ("versus", "vs"):
        return True
    if word in ("up", "down") and nxt == "from":
        return True
    if word in ("an", "a") and nxt in ("increase", "decrease", "rise", "drop", "decline"):
        return True
    return False


def _item_may_start(tokens: list[Token], start: int, i: int) -> bool:
    """The first figure after an opener is an item unless a preposition ties it to other words."""
    prev = _prev_meaningful(tokens, i)
    if prev is None or i == start:
        return True
    return prev.low not in ("of", "from", "to", "in", "on", "by", "with", "at", "than", "over", "under", "between")


def _prev_meaningful(tokens: list[Token], i: int) -> Token | None:
    return tokens[i - 1] if i > 0 else None


def _after_semicolon(tokens: list[Token], i: int) -> bool:
    prev = tokens[i - 1] if i > 0 else None
    before = tokens[i - 2] if i > 1 else None
    return prev is not None and (prev.text == ";" or (prev.low == "and" and before is not None and before.text == ";"))
