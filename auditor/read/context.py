"""What a figure counts, read from its sentence: measure, period, scope and category.

The scanner (:mod:`.scanner`) finds every numeric mention; this module reads each figure the
way an editor does, from the words around it, so that figures can be named and compared::

    "In 2018, authorities reported identifying 114 possible victims (96 in 2017 and 68 in 2016)."

    114  noun "possible victims" (head "victim"), verbs {identify, report}, period 2018 (the
         sentence's opening "In 2018,"), scope ""
    96   noun "" (an elliptical item: it shares 114's measure), period 2017 (its own "in 2017")

Each passage becomes a list of :class:`Token` (words, punctuation, figures and years, with
offsets), and each count, money or percent figure a :class:`FigureRead`. The reading is
deliberately local and explainable — a few words either side, the clause, the sentence's
opening phrase — so every field can be shown to a steward as evidence:

``noun`` / ``head``
    The words right after the figure up to a preposition, verb or punctuation ("trafficking
    victims", head ``victim``). In a coordination ("127 federal and 298 state investigations")
    the first figure shares the second's head; its own words become modifiers.
``verbs``
    Stems of the counting verbs (or their nouns: "prosecutions of 28") before the figure in its
    clause: ``identify``, ``convict``, ``prosecute``, ``investigate``, ``refer``, ``assist`` …
``period``
    The year that belongs to the figure: a year right after it in its clause ("706 in 2018",
    "in fiscal year 2022"), else the sentence's opening phrase ("In 2018, …"). ``period_how``
    says which (``own``, ``sentence``); ``previous`` marks "the previous year/reporting period".
``scope``
    Who counted, or which part of a whole: a scope word among the figure's modifiers or in its
    clause's subject ("The federal government identified 140"), an agency acronym ("the GPS
    identified 285"), ``foreign``, or a nationality ("361 were Ghanaian").
``category``
    What kind, from "for/in/of …" after the figure ("429 for sex trafficking").

What it cannot see: references across sentences ("these", "the former"), negation, and
meaning beyond the words. Discovery (:mod:`auditor.discover`) builds on these reads and keeps
its own confidence for each relation it infers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from .scanner import Mention
from .vocabulary import DECREASE, INCREASE, MEASURES, PEOPLE
from .sources import Passage, Source

#: Mention kinds that are figures a sentence can count (years and dates are periods).
COUNTED_KINDS = frozenset({"count", "money", "percent"})

_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*[A-Za-z]|[A-Za-z]|[^\w\s]")

# Words that end a figure's noun phrase.
_NP_STOP = {
    "of", "in", "for", "to", "with", "from", "by", "on", "at", "who", "whom", "which", "that",
    "were", "was", "are", "is", "had", "have", "has", "and", "or", "compared", "including",
    "during", "under", "between", "as", "while", "where", "than", "but", "into", "through",
    "since", "after", "before", "per", "among", "involving", "when", "out",
    "each", "all", "this", "these", "those", "its", "their", "his", "her", "not", "over", "up",
    "via", "against", "across", "within", "about", "so", "if", "be", "been", "did", "do",
    "last", "next", "a", "an", "the", "annually", "daily", "yearly", "weekly", "monthly", "ago",
}
# Words before a head noun that only qualify it; they are modifiers, not the measure.
_QUALIFIERS = {"possible", "potential", "alleged", "suspected", "identified", "confirmed",
               "new", "additional", "other", "total", "more", "fewer", "reported", "known"}
SCOPE_WORDS = {"federal", "state", "local", "municipal", "provincial", "national", "regional",
               "county", "district", "foreign", "domestic", "international", "government",
               "governmental", "ngo", "ngos"}
# Counting verbs and the nouns that name them, by stem: how a measure is compared across
# sentences ("identified 140 victims" and "identifying 667 trafficking victims").
_VERB_STEMS = (
    ("identif", "identify"), ("convict", "convict"), ("prosecut", "prosecute"),
    ("investigat", "investigate"), ("referr", "refer"), ("refer", "refer"), ("assist", "assist"),
    ("serv", "serve"), ("arrest", "arrest"), ("rescu", "rescue"), ("sentenc", "sentence"),
    ("charg", "charge"), ("repatriat", "repatriate"), ("shelter", "shelter"), ("detain", "detain"),
    ("indict", "indict"), ("remov", "remove"), ("inspect", "inspect"), ("train", "train"),
    ("receiv", "receive"), ("provid", "provide"), ("open", "open"), ("initiat", "initiate"),
    ("report", "report"), ("certif", "certify"), ("screen", "screen"), ("employ", "employ"),
    ("allocat", "allocate"), ("spen", "spend"), ("fund", "fund"), ("donat", "donate"),
)
_NOT_VERBS = {"service", "services", "servitude", "server", "reporting", "report", "reports",
              "referral", "referrals", "funding", "funds", "fund", "training", "open", "opening",
              "shelters", "shelter", "provider", "providers", "provision"}
_CLAUSE_BREAK = {";", ":", "(", ")", "—", "–", "[", "]", "•"}
_YEAR_PREPOSITIONS = {"in", "during", "for", "of", "since", "throughout", "from", "by", "to",
                      "until", "year", "fy"}
_PREVIOUS = re.compile(r"\b(?:the\s+)?(?:previous|prior|preceding)\s+(?:year|reporting\s+period|period|fiscal\s+year)"
                       r"|\blast\s+year\b|\bthe\s+year\s+before\b", re.IGNORECASE)
_TREND_WORD = re.compile(r"\b(?:" + "|".join(sorted(INCREASE | DECREASE | {"rose", "fell", "grew", "declined"}))
                         + r")\b", re.IGNORECASE)
_CHANGE_WORDS = {"increase", "decrease", "up", "down", "rise", "drop", "decline", "increased", "decreased",
                 "rose", "fell", "declined"}
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ans|ian|ians|ese|ish|i|is|ean|eans)$")


@dataclass(slots=True)
class Token:
    """A word, punctuation mark, figure (``num``) or year of a passage, with its offsets."""

    kind: str           # word | punct | num | year
    text: str
    start: int
    end: int
    mention: Mention | None = None
    low: str = ""       # the text in lower case, made once: every family compares words by it

    def __post_init__(self) -> None:
        self.low = self.text.lower()


@dataclass
class FigureRead:
    """One counted figure of a passage and what its sentence says it counts."""

    mention: Mention
    passage: Passage
    index: int                       # position of its token in the passage's tokens
    noun: str = ""                   # words after the figure ("possible victims")
    head: str = ""                   # the noun's head, singular ("victim")
    modifiers: tuple[str, ...] = ()  # the noun's other words, lower case
    verbs: frozenset[str] = frozenset()
    period: str = ""                 # "2018", "previous", or ""
    period_how: str = ""             # own | sentence | series | ""
    scope: str = ""
    category: str = ""
    in_comparison: bool = False      # after "compared to/with" or in a "(… in 2016)" aside
    in_parentheses: bool = False
    qualifier: str = ""              # "at least", "more than", "nearly", … before the figure
    compared: list["FigureRead"] = field(default_factory=list)  # figures it is compared with

    @property
    def value(self) -> float:
        return self.mention.value

    @property
    def unit(self) -> str:
        return self.mention.unit

    @property
    def measure(self) -> str:
        """The measure as words: verbs and head ("identify victim")."""
        return " ".join([*sorted(self.verbs), self.head]).strip()


@dataclass
class ReadPassage:
    """A passage, its tokens, and the reads of its counted figures."""

    passage: Passage
    tokens: list[Token]
    figures: list[FigureRead] = field(default_factory=list)
    opening_year: str = ""           # "In 2018, …"


def singular(word: str) -> str:
    """A plural noun's singular, as far as counting needs ("victims" -> "victim")."""
    word = word.lower()
    if word in ("children", "people", "men", "women", "police", "staff", "personnel"):
        return {"children": "child", "men": "man", "women": "woman"}.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def verb_stem(word: str) -> str:
    """The counting-verb stem of a word ("identifying" -> "identify"), or ""."""
    low = word.lower()
    if low in _NOT_VERBS:
        return ""
    for prefix, stem in _VERB_STEMS:
        if low.startswith(prefix):
            return stem
    return ""


def tokenize(passage: Passage, mentions: list[Mention]) -> list[Token]:
    """The passage's tokens; each mention is one token (``num`` or ``year``; labels are words)."""
    text, base = passage.text, passage.start
    tokens: list[Token] = []
    pos = 0
    for mention in mentions:
        local = mention.start - base
        if local < pos:
            continue
        _words(text, pos, local, base, tokens)
        kind = "num" if mention.kind in COUNTED_KINDS else "year" if mention.kind in ("year", "date") else "word"
        tokens.append(Token(kind, mention.text, mention.start, mention.end, mention))
        pos = mention.end - base
    _words(text, pos, len(text), base, tokens)
    return tokens


def _words(text: str, lo: int, hi: int, base: int, tokens: list[Token]) -> None:
    for match in _TOKEN.finditer(text, lo, hi):
        word = match.group()
        kind = "word" if word[0].isalpha() else "punct"
        tokens.append(Token(kind, word, base + match.start(), base + match.end()))


def read_source(source: Source, mentions: list[Mention]) -> list[ReadPassage]:
    """Every passage of ``source`` with its counted figures read (mentions sorted by start)."""
    result: list[ReadPassage] = []
    i = 0
    for passage in source.passages:
        inside: list[Mention] = []
        while i < len(mentions) and mentions[i].start < passage.end:
            if mentions[i].start >= passage.start:
                inside.append(mentions[i])
            i += 1
        result.append(read_passage(passage, inside))
    return result


def read_passage(passage: Passage, mentions: list[Mention]) -> ReadPassage:
    """Read the counted figures of one passage.

    A passage with no counted figure and no trend word ("fewer", "increased", …) says nothing
    discovery can use: it is not tokenized (most sentences of a report).
    """
    if not any(m.kind in COUNTED_KINDS for m in mentions) and not _TREND_WORD.search(passage.text):
        return ReadPassage(passage, [])
    tokens = tokenize(passage, mentions)
    read = ReadPassage(passage, tokens, opening_year=_opening_year(tokens))
    for index, token in enumerate(tokens):
        if token.kind == "num" and token.mention is not None and token.mention.kind in COUNTED_KINDS:
            read.figures.append(_read_figure(read, index))
    _share_coordinated_heads(read)
    return read


def _opening_year(tokens: list[Token]) -> str:
    """The year of an opening phrase: "In 2018, …", "During fiscal year 2022, …"."""
    for i, token in enumerate(tokens[:6]):
        if token.kind == "year":
            before = {t.low for t in tokens[:i] if t.kind == "word"}
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if before and before <= {"in", "during", "for", "fiscal", "year", "fy", "calendar", "throughout"} \
                    and after is not None and after.text == ",":
                return _year_of(token)
            return ""
        if token.kind != "word":
            return ""
    return ""


def _year_of(token: Token) -> str:
    value = int(token.mention.value) if token.mention else 0
    year = value if value < 10000 else value // 10000
    return str(year) if year else ""


def _read_figure(read: ReadPassage, index: int) -> FigureRead:
    tokens = read.tokens
    token = tokens[index]
    figure = FigureRead(token.mention, read.passage, index)
    _read_noun(figure, tokens, index)
    figure.verbs = _read_verbs(tokens, index)
    figure.qualifier = _qualifier(tokens, index)
    figure.in_parentheses = _inside_parentheses(tokens, index)
    figure.in_comparison = _in_comparison(tokens, index)
    _read_period(figure, read, index)
    figure.scope = _read_scope(figure, tokens, index)
    figure.category = _read_category(tokens, index)
    return figure


def noun_words(tokens: list[Token], start: int) -> list[str]:
    """The words of the noun phrase starting at token ``start``, as written.

    Up to five words, ending at punctuation, a figure, a preposition or verb (:data:`_NP_STOP`)
    or a participle ("traffickers involved in"); "an increased number of victims" skips
    "number of"; "40 federal and state cases" keeps both scopes.
    """
    words: list[str] = []
    j = start
    while j < len(tokens) and len(words) < 5:
        t = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if t.low in ("number", "numbers", "amount") and nxt is not None and nxt.low == "of":
            j += 2
            continue
        if t.kind != "word" or t.low in _NP_STOP or _participle(t.low, nxt, first=not words):
            break
        words.append(t.text)
        j += 1
        if all(w.lower() in SCOPE_WORDS for w in words) and j + 1 < len(tokens) \
                and tokens[j].low in ("and", "or") and tokens[j + 1].low in SCOPE_WORDS:
            words += [tokens[j].text, tokens[j + 1].text]   # "40 federal and state cases": one scope
            j += 2
    return words


def _read_noun(figure: FigureRead, tokens: list[Token], index: int) -> None:
    words = noun_words(tokens, index + 1)
    figure.noun = " ".join(words)
    if words:
        figure.head = singular(words[-1])
        figure.modifiers = tuple(w.lower() for w in words[:-1])


_MODALS = {"can", "could", "may", "might", "will", "would", "should", "must", "shall"}
_NOUNS_IN_ING = {"trafficking", "begging", "housing", "building", "funding", "training", "meeting", "hearing",
                 "offering", "recruiting", "smuggling", "reporting", "sentencing", "screening"}


# Participles that usually qualify who is counted ("18 convicted traffickers"); other counting
# verbs right after a figure are verbs ("24 served children", "12 received prison sentences").
_ADJECTIVAL = {"convicted", "identified", "alleged", "suspected", "trafficked", "exploited", "rescued",
               "detained", "arrested", "confirmed", "reported", "registered", "accused", "prosecuted",
               "sentenced", "charged", "repatriated", "certified", "screened", "investigated"}


def _participle(word: str, nxt: Token | None, first: bool = False) -> bool:
    """A verb form ending a noun phrase: "traffickers involved in", "children working", "16 million can".

    "forced labor victims": an -ed word followed by more of the phrase qualifies it instead. Right
    after the figure only a counting verb ends the phrase ("12 received prison sentences"), and
    not when what follows is who or what is counted ("18 convicted traffickers").
    """
    if word in _MODALS:
        return True
    ends_phrase = nxt is None or nxt.kind != "word" or nxt.low in _NP_STOP
    if first:
        return word.endswith("ed") and bool(verb_stem(word)) and (
            ends_phrase or word not in _ADJECTIVAL or singular(nxt.low) not in PEOPLE | MEASURES)
    if word.endswith("ing"):
        return word not in _NOUNS_IN_ING
    return word.endswith("ed") and len(word) > 4 and ends_phrase


def _share_coordinated_heads(read: ReadPassage) -> None:
    """ "127 federal and 298 state investigations": the first figure's words are modifiers."""
    tokens = read.tokens
    for a, b in zip(read.figures, read.figures[1:]):
        between = [t.low for t in tokens[a.index + 1:b.index]]
        if not between or between[-1] not in ("and", "or", ","):
            continue
        words = between[:-1]
        if b.head and 0 < len(words) <= 2 and all(w in SCOPE_WORDS for w in words):
            a.head, a.modifiers, a.noun = b.head, tuple(words), " ".join(words + [b.head])
            a.scope = "NGO" if words[0].startswith("ngo") else words[0]
            # Coordinated figures share what the phrase says once: its year and its verb.
            if not a.period:
                a.period, a.period_how = b.period, b.period_how
            b.verbs = b.verbs or a.verbs


def _read_verbs(tokens: list[Token], index: int) -> frozenset[str]:
    stems = set()
    j = index - 1
    seen = 0
    while j >= 0 and seen < 8:
        t = tokens[j]
        if t.kind == "num" or (t.kind == "punct" and t.text in _CLAUSE_BREAK | {",", "."}):
            break
        if t.kind == "word":
            stem = verb_stem(t.text)
            if stem:
                stems.add(stem)
            seen += 1
        j -= 1
    return frozenset(stems)


_QUALIFIER_WORDS = {("at", "least"): "at least", ("more", "than"): "more than", ("over",): "over",
                    ("nearly",): "nearly", ("about",): "about", ("approximately",): "approximately",
                    ("almost",): "almost", ("around",): "around", ("some",): "some",
                    ("roughly",): "roughly", ("fewer", "than"): "fewer than", ("less", "than"): "less than",
                    ("up", "to"): "up to", ("an", "estimated"): "an estimated", ("estimated",): "estimated",
                    ("at", "most"): "at most", ("only",): "only", ("under",): "under"}


def _qualifier(tokens: list[Token], index: int) -> str:
    words = [t.low for t in tokens[max(0, index - 2):index] if t.kind == "word"]
    for key, name in _QUALIFIER_WORDS.items():
        if tuple(words[-len(key):]) == key:
            return name
    return ""


def _inside_parentheses(tokens: list[Token], index: int) -> bool:
    depth = 0
    for t in reversed(tokens[:index]):
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            if depth == 0:
                return True
            depth -= 1
    return False


def _in_comparison(tokens: list[Token], index: int) -> bool:
    """After "compared to/with", "versus", "than", "an increase from" in the figure's clause."""
    depth = 0
    for j in range(index - 1, max(-1, index - 31), -1):
        t = tokens[j]
        if t.text == ")":
            depth += 1          # an aside closed before the figure is not its clause
        elif t.text == "(":
            if depth == 0:
                continue        # the figure's own aside: "(compared with 114 in 2018, …"
            depth -= 1
        elif depth:
            continue
        elif t.kind == "punct" and t.text in (";", ":", "—") or t.text == ".":
            return False
        elif t.low in ("compared", "versus", "vs", "than"):
            return True
        elif t.low == "from" and any(w.low in _CHANGE_WORDS for w in tokens[max(0, j - 3):j]):
            return True   # "an increase from nine …", "down from 853"
    return False


def _read_period(figure: FigureRead, read: ReadPassage, index: int) -> None:
    tokens = read.tokens
    # Its own year: after the figure, before the next figure or clause break.
    j = index + 1
    while j < len(tokens) and j < index + 16:
        t = tokens[j]
        if t.kind == "num" and not (figure_is_compared(tokens, index) and tokens[j - 1].low in _EMBEDDING):
            break   # the next figure's own words; "228 traffickers involved in 127 cases in 2016" reads on
        if t.kind == "punct" and t.text in _CLAUSE_BREAK:
            break
        if t.kind == "year" and j > index + 1 and tokens[j - 1].low in _YEAR_PREPOSITIONS | {"year"}:
            figure.period, figure.period_how = _year_of(t), "own"
            return
        if t.kind == "punct" and t.text == ",":
            # "114 in 2018, 96 in 2017": a comma ends the figure's own words unless a year follows.
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if not (nxt is not None and nxt.low in ("in", "during")):
                break
        j += 1
    rest = read.passage.text[tokens[index].end - read.passage.start:]
    head = rest[:80]
    cut = re.search(r"\d|[;(]", head)
    if _PREVIOUS.search(head[:cut.start()] if cut else head):
        figure.period, figure.period_how = "previous", "own"
        return
    if read.opening_year and not figure.in_comparison:
        figure.period, figure.period_how = read.opening_year, "sentence"


_EMBEDDING = {"in", "of", "with", "involving", "from", "among"}


def figure_is_compared(tokens: list[Token], index: int) -> bool:
    return _in_comparison(tokens, index)


def _clause_start(tokens: list[Token], index: int) -> int:
    """Where the figure's clause starts; an aside in parentheses ("… Institute (ICBF) identified")
    belongs to it."""
    j = index - 1
    while j >= 0:
        t = tokens[j]
        if t.kind == "punct" and t.text in (";", ":", "—", "–", ".", "•", "("):
            return j + 1
        j -= 1
    return 0


def _read_scope(figure: FigureRead, tokens: list[Token], index: int) -> str:
    if "and" in figure.modifiers or "or" in figure.modifiers:
        return ""   # "40 federal and state cases": every scope together
    for word in figure.modifiers:
        if word in SCOPE_WORDS:
            return "NGO" if word.startswith("ngo") else word
    # "361 were Ghanaian", "398 were Kenyan", "14 South Africans"
    after = [t for t in tokens[index + 1:index + 4] if t.kind == "word"]
    if after and after[0].low in ("were", "was") and len(after) > 1:
        if _DEMONYM.match(after[1].text):
            return after[1].text          # "361 were Ghanaian"
        if after[1].low in ("foreign", "domestic"):
            return after[1].low           # "190 were foreign nationals"
    if figure.head and _DEMONYM.match(figure.noun.split()[-1] if figure.noun else ""):
        return figure.noun.split()[-1]
    if figure.in_comparison:
        return ""  # "…, compared with 727 in 2021": the subject before is not this figure's
    start = _clause_start(tokens, index)
    for t in tokens[start:index]:
        if t.kind != "word":
            continue
        if t.low in ("federal", "state", "local", "municipal", "provincial", "regional") and start < index:
            return t.low
        if t.low in ("ngos", "ngo"):
            return "NGO"
        if re.fullmatch(r"[A-Z]{2,6}s?", t.text) and t.text not in ("US", "UN", "USD", "TIP", "IOM", "COVID"):
            return t.text.rstrip("s") if len(t.text) > 3 and t.text.endswith("s") else t.text
    return ""


_CATEGORY_SKIP = {"were", "was", "are", "is", "in", "for", "of", "on", "the", "a", "an", "category", "instances",
                  "victims", "cases", "exploited", "identified"}
_CATEGORY_END = {"and", "with", "compared", "which", "who", "while", "whom", "during", "but", "or"}


def _read_category(tokens: list[Token], index: int) -> str:
    """What kind of thing the figure counts: "429 for sex trafficking", "1,607 were in the
    category of commercial sex acts", "victims of forced labor"."""
    words: list[str] = []
    start = index + 2 if index + 1 < len(tokens) and tokens[index + 1].text == ")" else index + 1
    for t in tokens[start:start + 11]:
        if t.kind != "word" or t.low in _CATEGORY_END:
            break
        words.append(t.low)
    while words and words[0] in _CATEGORY_SKIP:
        words.pop(0)
    for i, word in enumerate(words):
        if word in ("of", "for", "in") and 0 < i:
            # "victims of sex trafficking": the kind is after the preposition
            words = words[i + 1:]
            break
    return " ".join(words[:5])
