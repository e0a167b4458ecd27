"""How the audit scales: a synthetic corpus of N documents, audited end to end and measured.

Usage (from the repository root)::

    python benchmarks/scale.py --docs 1000 --json
    python benchmarks/scale.py --docs 200 --engine spark

The generator writes, into a temporary folder, N documents shaped like the seed (breakdowns
with totals, federal/state/national counts, a passage stated twice, currency pairs, "N of M
states", trends, percentages of a base, shares, ranges, restated facts, relative changes,
parts of a whole), one extracts CSV per document (exact offsets and quotes) and one YAML rule
file per document using the existing rule kinds. About 1 % of the rules are made false on
purpose by writing an inconsistent figure into the text; the generator records which.

A worker process then runs the audit as ``auditor check`` does (``auditor.audit.audit`` and
``auditor.report.write_reports``), so its wall time and peak RSS exclude the generator. After
the audit, the same worker measures, on the same check rows:

* ``pandas_baseline_seconds``: the checks evaluated by hand-written vectorized pandas/numpy
  over the same check tables (``auditor.engine.build_tables``), verdicts mapped to check ids;
* ``gx_naive_seconds_per_rule``: a sample of rules, each check its own GX validation on its own
  one-row batch (GX's usual "one expectation per rule" shape);
* ``passages_seconds``: repeated-passage detection over every sentence of the corpus, when
  ``auditor.read.passages.find_repeats`` exists;
* ``discovery``: relation discovery (``auditor.discover.discover``) over the corpus timed on its
  own, the relations it finds, and the discovered findings that failed.

A second worker then audits the same corpus with discovery off (``auditor check
--no-discover``) and nothing else, so ``discovery_overhead`` = (check time with discovery) /
(check time without) − 1 is measured side by side in one run.

One JSON line is printed (``--json``), or the same figures as text.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXTRACT_COLUMNS = ["id", "source", "figure", "value", "unit", "period", "scope", "category",
                   "measure", "start", "end", "quote"]
IGNORED_COLUMNS = ["source", "start", "end", "text", "reason"]

# ---------------------------------------------------------------------------------------------
# Corpus generation
# ---------------------------------------------------------------------------------------------

REGIONS = ["Mexico", "Guatemala", "Honduras", "Belize", "Panama", "Colombia", "Peru", "Chile",
           "Ecuador", "Bolivia", "Paraguay", "Uruguay", "Argentina", "Brazil", "Nicaragua",
           "Costa Rica", "El Salvador", "Venezuela", "Guyana", "Suriname"]

def prose_vocabulary() -> list[str]:
    """Lower-case words of the seed documents that no scanner reads as a number, date or amount."""
    from auditor.read.numbers import CURRENCY_WORDS, NUMBER_WORDS, ORDINAL_WORDS
    from auditor.read.scanner import scan_mentions

    text = " ".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*")) if path.is_file())
    words = set(re.findall(r"(?<![\w’'-])[a-z]{3,}(?![\w’'-])", text))
    words -= NUMBER_WORDS | set(ORDINAL_WORDS) | set(CURRENCY_WORDS) | NUMBERISH
    # Whatever the scanner still takes for a mention (a month, "half", ...) goes too.
    return sorted(w for w in words if not scan_mentions(f"They said {w} again."))


# Words that stand for quantities without being number words.
NUMBERISH = {"half", "halved", "dozen", "dozens", "twice", "double", "doubled", "triple", "once", "single",
             "hundreds", "thousands", "millions", "billions", "percent", "cent", "third", "quarter"}


def prose(rng: random.Random, vocabulary: list[str]) -> str:
    """A sentence of the seed's words in random order: bulk text that repeats nothing.

    Real documents rarely share a sentence word for word; a small pool of stock sentences would
    make the automatic repeat detection find every one of them in every document.
    """
    words = rng.choices(vocabulary, k=rng.randint(10, 24))
    return " ".join([words[0].capitalize(), *words[1:]]) + "."

# Who says it and where: short statements of one shape differ in these words from one section
# (and one document) to the next, as real reports do, instead of repeating one template.
SPEAKERS = ["the Attorney General's office", "the Ministry of Labor", "UNODC", "the national statistics institute",
            "an NGO coalition", "the ombudsman", "the Ministry of the Interior", "the national police",
            "a university study", "the human rights commission", "the labor inspectorate", "local media",
            "the child protection agency", "an international organization", "the judiciary", "a parliamentary inquiry"]
CITIES = ["the capital", "the northern border region", "the coastal provinces", "the southern highlands",
          "the mining districts", "the tourist areas", "the agricultural valleys", "the eastern lowlands",
          "the port cities", "the rural municipalities", "the industrial corridor", "the western departments"]


def lead(rng: random.Random, where: str) -> str:
    """A varying opening: "According to the ombudsman, in the port cities of Peru, "."""
    return f"According to {rng.choice(SPEAKERS)}, in {rng.choice(CITIES)} of {where}, "


# "N of M states" statements: (text before N, text after M); {region} and {year} are filled in.
STATES_SENTENCES = [
    ("specialized prosecutors operated in {year} in ", " states."),
    ("criminal groups formed alliances with local officials in at least ", " states."),
    ("specialized shelters for child victims existed in only ", " states by the end of {year}."),
    ("labor inspectors reported trafficking indicators in ", " states during {year}."),
    ("state anti-trafficking committees met regularly in ", " states."),
    ("officials trained under the {year} national plan came from ", " states."),
]

WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
         9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen",
         15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen"}


def count_text(value: int, rng: random.Random) -> str:
    """A count as a report writes it: words for small numbers (sometimes), else 1,234."""
    if value in WORDS and rng.random() < 0.5:
        return WORDS[value]
    return f"{value:,}"


@dataclass
class Fig:
    """A figure to place in a sentence: its id suffix, written form, value and labels."""

    key: str
    written: str
    value: float
    unit: str = "count"
    period: str = ""
    scope: str = ""
    category: str = ""
    measure: str = ""


@dataclass
class Skip:
    """A numeric mention that is deliberately not extracted (an ``ignored.csv`` row)."""

    written: str
    reason: str


@dataclass
class Document:
    """One synthetic document being written: its text, extracts and rules."""

    name: str
    prefix: str
    text: str = ""
    figures: list[dict] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)

    def add(self, *segments) -> str:
        """Append a sentence of text, :class:`Fig` and :class:`Skip` segments; record their offsets."""
        start = len(self.text) + (1 if self.text else 0)
        sentence, placed = "", []
        for segment in segments:
            if isinstance(segment, Skip):
                at = start + len(sentence)
                self.ignored.append({"source": self.name, "start": at, "end": at + len(segment.written),
                                     "text": segment.written, "reason": segment.reason})
                sentence += segment.written
            elif isinstance(segment, Fig):
                placed.append((segment, start + len(sentence)))
                sentence += segment.written
            else:
                sentence += segment
        self.text += (" " if self.text else "") + sentence
        for fig, at in placed:
            self.figures.append({
                "id": f"{self.prefix}-{fig.key}", "source": self.name, "figure": fig.written,
                "value": repr(float(fig.value)) if not float(fig.value).is_integer() else str(int(fig.value)),
                "unit": fig.unit, "period": fig.period, "scope": fig.scope, "category": fig.category,
                "measure": fig.measure, "start": at, "end": at + len(fig.written), "quote": sentence,
            })
        return sentence

    def filler(self, rng: random.Random, count: int) -> None:
        for _ in range(count):
            self.add(prose(rng, self.vocabulary))

    def rule(self, suffix: str, kind: str, description: str, **body) -> str:
        rule_id = f"{self.prefix}-{suffix}"
        self.rules.append({"id": rule_id, "kind": kind, "severity": "error", "description": description, **body})
        return rule_id


def write_section(doc: Document, rng: random.Random, section: int, inject_rate: float, injected: dict[str, str]) -> None:
    """One country-report section: 45 figures, 13 rules (every kind that gives GX checks), ~1 % made false."""
    s = f"s{section}"
    region = rng.choice(REGIONS)
    year = rng.randint(2008, 2022)
    fid = lambda key: f"{doc.prefix}-{s}-{key}"  # noqa: E731 - local id helper

    def inject(rule_suffix: str, what: str) -> bool:
        if rng.random() < inject_rate:
            injected[f"{doc.prefix}-{s}-{rule_suffix}"] = what
            return True
        return False

    # Breakdown with total, the two earlier years (a decreasing trend) — stated twice.
    parts = [rng.randint(100, 900), rng.randint(20, 200), rng.randint(2, 19), rng.randint(5, 150)]
    total = sum(parts)
    earlier1 = total + rng.randint(10, 300)
    earlier2 = earlier1 + rng.randint(10, 400)
    written_parts = list(parts)
    if inject("breakdown", "a part of the breakdown does not add up to the total"):
        written_parts[0] += rng.randint(3, 40)
    if inject("fewer-victims", "the oldest year is lower than the next"):
        earlier2 = earlier1 - rng.randint(1, 9)
    labels = ["sex trafficking", "forced labor or services", "forced begging", "unspecified"]
    keys = ["sex", "labor", "begging", "unspecified"]

    written_forms = [count_text(v, rng) for v in written_parts]

    def breakdown(suffix: str, copy_parts: list[int]):
        # The copy writes each figure as the first copy did, unless its value was changed.
        forms = [form if value == first else count_text(value, rng)
                 for form, value, first in zip(written_forms, copy_parts, written_parts)]
        return (f"In {region}, the government reported identifying ",
                Fig(f"{s}-total{suffix}", f"{total:,}", total, period=str(year), scope="national", category="all forms"),
                f" trafficking victims in {year}—",
                Fig(f"{s}-{keys[0]}{suffix}", forms[0], copy_parts[0], period=str(year), category=labels[0]),
                f" for {labels[0]}, ",
                Fig(f"{s}-{keys[1]}{suffix}", forms[1], copy_parts[1], period=str(year), category=labels[1]),
                f" for {labels[1]}, ",
                Fig(f"{s}-{keys[2]}{suffix}", forms[2], copy_parts[2], period=str(year), category=labels[2]),
                f" for {labels[2]}, and ",
                Fig(f"{s}-{keys[3]}{suffix}", forms[3], copy_parts[3], period=str(year), category=labels[3]),
                f" {labels[3]}—compared to ",
                Fig(f"{s}-total-y1{suffix}", f"{earlier1:,}", earlier1, period=str(year - 1), scope="national"),
                f" victims in {year - 1} and ",
                Fig(f"{s}-total-y2{suffix}", f"{earlier2:,}", earlier2, period=str(year - 2), scope="national"),
                f" in {year - 2}.")

    first = doc.add(*breakdown("", written_parts))
    doc.rule(f"{s}-breakdown", "sum_total", first, total=fid("total"), parts=[fid(k) for k in keys])
    doc.rule(f"{s}-fewer-victims", "trend", "identified fewer victims for the second consecutive year",
             direction="decrease", series=[fid("total-y2"), fid("total-y1"), fid("total")])
    doc.filler(rng, rng.randint(1, 3))

    # Federal and state counts against the national ones.
    federal = rng.randint(1, total - 1)
    federal_y1 = rng.randint(1, earlier1 - 1)
    state, state_y1 = total - federal, earlier1 - federal_y1
    if inject("federal-state", "federal + state differs from the national count"):
        federal += rng.randint(5, 50)
    if inject("federal-state-y1", "federal + state differs from the national count"):
        state_y1 += rng.randint(5, 50)
    sentence = doc.add("The federal government identified ",
                       Fig(f"{s}-federal", f"{federal:,}", federal, period=str(year), scope="federal"),
                       " victims, compared to ",
                       Fig(f"{s}-federal-y1", f"{federal_y1:,}", federal_y1, period=str(year - 1), scope="federal"),
                       f" in {year - 1}.")
    sentence += " " + doc.add("The state governments identified ",
                              Fig(f"{s}-state", f"{state:,}", state, period=str(year), scope="state"),
                              " victims, compared to ",
                              Fig(f"{s}-state-y1", f"{state_y1:,}", state_y1, period=str(year - 1), scope="state"),
                              f" in {year - 1}.")
    doc.rule(f"{s}-federal-state", "aggregate", sentence, aggregate=fid("total"), components=[fid("federal"), fid("state")])
    doc.rule(f"{s}-federal-state-y1", "aggregate", sentence, aggregate=fid("total-y1"),
             components=[fid("federal-y1"), fid("state-y1")])
    doc.filler(rng, rng.randint(1, 3))

    # Currency pairs implying one exchange rate.
    rate = rng.uniform(17.0, 21.0)
    usd = [rng.randint(10_000, 500_000), rng.randint(10_000, 500_000)]
    mxn = [round(u * rate, -2) for u in usd]
    if inject("rate", "the second currency pair implies another exchange rate"):
        usd[1] = round(usd[1] * rng.choice([1.1, 0.85]))
    sentence = doc.add(lead(rng, region) + "the government allocated ",
                       Fig(f"{s}-shelters-mxn", f"{int(mxn[0]):,} pesos", mxn[0], unit="MXN"),
                       " (",
                       Fig(f"{s}-shelters-usd", f"${usd[0]:,}", usd[0], unit="USD"),
                       ") to shelters and ",
                       Fig(f"{s}-hotline-mxn", f"{int(mxn[1]):,} pesos", mxn[1], unit="MXN"),
                       " (",
                       Fig(f"{s}-hotline-usd", f"${usd[1]:,}", usd[1], unit="USD"),
                       ") to the hotline.")
    doc.rule(f"{s}-rate", "conversion", sentence, pairs=[[fid("shelters-mxn"), fid("shelters-usd")],
                                                         [fid("hotline-mxn"), fid("hotline-usd")]])
    doc.filler(rng, rng.randint(1, 3))

    # "N of M states", three times.
    whole = rng.choice([31, 32])
    ns = [rng.randint(5, whole - 1) for _ in range(3)]
    wholes = [whole, whole, whole]
    if inject("states", "one statement counts another number of states"):
        if rng.random() < 0.5:
            wholes[2] = whole + 1
        else:
            ns[1] = whole + rng.randint(1, 5)
    sentences = []
    for i, (opening, tail) in enumerate(rng.sample(STATES_SENTENCES, 3)):
        sentences.append(doc.add(lead(rng, region) + opening.format(region=region, year=year), Fig(f"{s}-states-{i}", count_text(ns[i], rng), ns[i]),
                                 rng.choice([" of ", " out of "]), Fig(f"{s}-states-{i}-of", str(wholes[i]), wholes[i]),
                                 tail.format(region=region, year=year)))
        doc.filler(rng, rng.randint(0, 1))
    doc.rule(f"{s}-states", "n_of_m", " … ".join(sentences),
             items=[{"part": fid(f"states-{i}"), "whole": fid(f"states-{i}-of")} for i in range(3)])

    # A percentage of a stated base.
    base = rng.randint(10, 300) * 1000
    pct = rng.choice([10, 20, 25, 40, 50, 60, 75])
    part = base * pct // 100
    if inject("street-children", "the count is not the stated percentage of the base"):
        part = round(part * 1.15)
    sentence = doc.add(lead(rng, region) + "out of ", Fig(f"{s}-children", f"{base:,}", base), " children living on the streets, ",
                       Fig(f"{s}-children-pct", f"{pct} percent", pct, unit="percent"), ", or ",
                       Fig(f"{s}-children-victims", f"{part:,}", part), ", are victims of trafficking.")
    doc.rule(f"{s}-street-children", "percent_of_base", sentence, percent=fid("children-pct"),
             base=fid("children"), part=fid("children-victims"))

    # Shares of one whole.
    cuts = sorted(rng.sample(range(5, 95), 3))
    shares = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 100 - cuts[2]]
    if inject("shares", "the shares do not make 100 percent"):
        shares[1] += rng.randint(3, 9)
    sentence = doc.add(*[x for i, who in enumerate(["women", "girls", "men", "boys"]) for x in (
        ("" if i == 0 else (", " if i < 3 else " and ")),
        Fig(f"{s}-share-{who}", f"{shares[i]} percent", shares[i], unit="percent", category=who),
        f" {'of victims were ' if i == 0 else ''}{who}")], ".")
    doc.rule(f"{s}-shares", "shares", sentence, shares=[fid(f"share-{w}") for w in ["women", "girls", "men", "boys"]])
    doc.filler(rng, rng.randint(1, 2))

    # A range within statutory bounds.
    low, high = rng.randint(2, 8), rng.randint(12, 40)
    bound_low, bound_high = rng.randint(1, low), high + rng.randint(0, 30)
    if inject("sentences", "the sentences exceed the statutory maximum"):
        high = bound_high + rng.randint(5, 50)
    sentence = doc.add(lead(rng, region) + "courts imposed sentences ranging from ", Fig(f"{s}-sentence-min", count_text(low, rng), low),
                       " to ", Fig(f"{s}-sentence-max", count_text(high, rng), high),
                       " years, while the law prescribes penalties from ",
                       Fig(f"{s}-penalty-min", count_text(bound_low, rng), bound_low), " to ",
                       Fig(f"{s}-penalty-max", count_text(bound_high, rng), bound_high), " years.")
    doc.rule(f"{s}-sentences", "range", sentence, low=fid("sentence-min"), high=fid("sentence-max"),
             within={"low": fid("penalty-min"), "high": fid("penalty-max")})

    # The same fact restated in other words.
    millions = rng.randint(11, 499) / 10
    restated = millions
    if inject("forced-labour", "the restatement gives another number"):
        restated = round(millions * 1.06 + 0.1, 1)
    # Whole numbers of people: 33.2 * 1e6 is 33200000.000000004 in floating point.
    first = doc.add(lead(rng, region) + "an estimated ", Fig(f"{s}-forced-labour", f"{millions} million", round(millions * 1e6)),
                    " people are in forced labour in the region.")
    doc.filler(rng, rng.randint(1, 2))
    second = doc.add(lead(rng, region) + "of them, ", Fig(f"{s}-forced-labour-2", f"{restated} million", round(restated * 1e6)),
                     " people are trapped in forced labor.")
    doc.rule(f"{s}-forced-labour", "same_fact", f"{first} / {second}",
             figures=[fid("forced-labour"), fid("forced-labour-2")], tolerance={"relative": 0.005})

    # A change stated as a proportion.
    earlier = rng.randint(10, 200) * 3
    factor, words = rng.choice([(4 / 3, ("rose by ", Skip("a third", "the proportion is the factor of a relative_change rule"))),
                                (2.0, ("doubled",)), (0.5, ("halved",))])
    later = round(earlier * factor)
    if inject("investigations", "the change is not the stated proportion"):
        later = round(earlier * factor * 1.4)
    sentence = doc.add(lead(rng, region) + "state investigations ", *words, ", from ", Fig(f"{s}-investigations-y1", f"{earlier:,}", earlier),
                       f" in {year - 1} to ", Fig(f"{s}-investigations", f"{later:,}", later), f" in {year}.")
    doc.rule(f"{s}-investigations", "relative_change", sentence, earlier=fid("investigations-y1"),
             later=fid("investigations"), factor=round(factor, 7))

    # A part within its whole.
    arrests = rng.randint(100, 3000)
    sex_arrests = rng.randint(1, arrests)
    if inject("arrests", "the part exceeds its whole"):
        sex_arrests = arrests + rng.randint(1, 100)
    sentence = doc.add(lead(rng, region) + "police made ", Fig(f"{s}-arrests", f"{arrests:,}", arrests), " related arrests, ",
                       Fig(f"{s}-arrests-sex", f"{sex_arrests:,}", sex_arrests), " of which were for sex-trafficking violations.")
    doc.rule(f"{s}-arrests", "part_of_whole", sentence, whole=fid("arrests"), parts=[fid("arrests-sex")])
    doc.filler(rng, rng.randint(2, 4))

    # The breakdown passage stated a second time, possibly with one figure changed.
    copy_parts = list(written_parts)
    if inject("breakdown-repeated", "the second copy of the passage changes a figure"):
        copy_parts[1] += rng.randint(1, 30)
    doc.add(*breakdown("-copy", copy_parts))
    doc.rule(f"{s}-breakdown-repeated", "repeated_passage", "The breakdown passage is stated twice.",
             pairs=[[fid(k), fid(f"{k}-copy")] for k in ["total", *keys, "total-y1", "total-y2"]])
    doc.filler(rng, rng.randint(1, 3))


def generate(root: Path, docs: int, sections: int, seed: int, inject_rate: float) -> dict:
    """Write seeds/, datasets/, expectations/ under ``root``; return counts and the injected rules."""
    import csv

    rng = random.Random(seed)
    vocabulary = prose_vocabulary()
    for folder in ("seeds", "datasets", "expectations"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    injected: dict[str, str] = {}
    figures = rules = 0
    for n in range(docs):
        doc = Document(name=f"doc{n:05d}.txt", prefix=f"d{n:05d}", vocabulary=vocabulary)
        for section in range(sections):
            write_section(doc, rng, section, inject_rate, injected)
        (root / "seeds" / doc.name).write_text(doc.text + "\n", encoding="utf-8")
        with open(root / "datasets" / f"d{n:05d}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, EXTRACT_COLUMNS)
            writer.writeheader()
            writer.writerows(doc.figures)
        if doc.ignored:
            with open(root / "datasets" / f"d{n:05d}.ignored.csv", "w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, IGNORED_COLUMNS)
                writer.writeheader()
                writer.writerows(doc.ignored)
        (root / "expectations" / f"d{n:05d}.yml").write_text(
            yaml.safe_dump({"rules": doc.rules}, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
        figures += len(doc.figures)
        rules += len(doc.rules)
    return {"figures": figures, "rules": rules, "injected": injected}


# ---------------------------------------------------------------------------------------------
# Measurements done inside the worker process
# ---------------------------------------------------------------------------------------------

def pandas_baseline(checks, repeat: int = 3) -> tuple[dict[str, bool], float]:
    """The same checks, hand-written in vectorized pandas/numpy: (verdicts, best seconds of ``repeat``).

    Same work as the engine minus GX: lay the tables out, build the DataFrames, compare per
    table, map each row's verdict back to its check id. Like the engine it runs with the garbage
    collector paused (after an audit the heap holds millions of objects and a collection
    triggered by the verdicts would cost more than the comparisons); the best of a few runs is
    kept, which favours the baseline.
    """
    import gc

    best = math.inf
    for _ in range(repeat):
        gc.disable()
        try:
            started = time.perf_counter()
            verdicts = _vectorized_verdicts(checks)
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return verdicts, best


def _vectorized_verdicts(checks) -> dict[str, bool]:
    import numpy as np
    import pandas as pd

    from auditor.engine import build_tables

    verdicts: dict[str, bool] = {}
    for table, (columns, data) in build_tables(checks).items():
        frame = pd.DataFrame(data)
        v = frame[columns].to_numpy(dtype="float64")
        with np.errstate(invalid="ignore"):
            if table == "sum":
                noise = 1e-9 * np.maximum(np.abs(v[:, 0]), 1.0)
                ok = np.abs(v[:, 2:].sum(axis=1) - v[:, 0]) <= v[:, 1] + noise
            elif table == "ratio":
                num, den, tnum, tden, rel = v.T
                scale = np.abs(tnum * den)
                ok = (np.abs(num * tden - tnum * den) <= rel * scale + 1e-9 * np.maximum(scale, 1.0)) & (den != 0) & (tden != 0)
            elif table == "at_least":
                ok = v[:, 0] >= v[:, 1]
            elif table == "greater":
                ok = v[:, 0] > v[:, 1]
            elif table == "equal":
                ok = (v[:, 0] == v[:, 1]) | (np.isnan(v[:, 0]) & np.isnan(v[:, 1]))
            else:
                raise ValueError(f"no baseline for table {table!r}")
        verdicts.update(zip(data["check_id"], ok.tolist()))
    return verdicts


def gx_naive(engine, checks_by_rule: dict[str, list], sample: list[str]) -> float:
    """Seconds per rule when every check of a rule is its own GX validation of a one-row batch."""
    from auditor.engine import build_tables

    started = time.perf_counter()
    for rule_id in sample:
        for check_id, check in checks_by_rule[rule_id]:
            for table, (columns, data) in build_tables([(check_id, check)]).items():
                engine.validate_table(table, columns, data)
    return (time.perf_counter() - started) / max(1, len(sample))


def passages_seconds(sources) -> float | None:
    """Time of repeated-passage detection over all sentences, or None without auditor.read.passages."""
    try:
        from auditor.read.passages import find_repeats
    except ImportError:
        return None
    passages = [p for source in sources.values() for p in source.passages]
    started = time.perf_counter()
    find_repeats(passages)
    return time.perf_counter() - started


# Progress steps of auditor.audit.run_audit (first word) and the phase each starts.
PHASES = {"loading": "load_again", "starting": "gx_start", "laying": "layout_checks",
          "reading": "scan_mentions", "discovering": "discover",
          "finding": "find_repeats", "evaluating": "evaluate_and_findings", "accounting": "coverage_and_result"}
# Findings not written as rules: their failures are not the generator's injected ones.
GENERATED = {"repeat", "coverage", "provenance"}
DISCOVERED = "discover/"   # rule ids of discovered relations: counted apart from the written rules


def discovery_figures(sources, findings) -> dict:
    """``discover()`` over the corpus timed on its own (the mentions scanned beforehand, as the
    audit hands them over), what it found, and the discovered findings that failed."""
    from auditor.discover import discover
    from auditor.memory import gc_paused
    from auditor.read.scanner import scan_source

    with gc_paused():   # as in the audit: the collector would re-traverse the audit's heap
        started = time.perf_counter()
        mentions = {name: scan_source(source) for name, source in sources.items()}
        scanned = time.perf_counter()
        discovery = discover(sources, mentions)
        seconds = time.perf_counter() - scanned
    by_family: dict[str, int] = {}
    for relation in discovery.relations:
        by_family[relation.family] = by_family.get(relation.family, 0) + 1
    failed = sorted(f.rule_id for f in findings if f.status == "failed" and f.rule_id.startswith(DISCOVERED))
    failed_by_family: dict[str, int] = {}
    for rule_id in failed:
        family = rule_id.split("/")[1]
        failed_by_family[family] = failed_by_family.get(family, 0) + 1
    return {"seconds": seconds, "scan_seconds": scanned - started, "relations": len(discovery.relations),
            "confident": sum(r.confident for r in discovery.relations), "by_family": dict(sorted(by_family.items())),
            "failed": len(failed), "failed_by_family": dict(sorted(failed_by_family.items())), "failed_ids": failed[:10]}


def check_only(corpus: Path, out: Path, engine_kind: str, spark_master: str | None) -> None:
    """Audit the corpus with discovery off, as ``auditor check --no-discover`` would, and write
    the reports; nothing else (the time of this process is the comparison for discovery)."""
    from auditor import audit as audit_module
    from auditor.report import write_reports

    options = audit_module.AuditOptions(seeds=corpus / "seeds", datasets=corpus / "datasets",
                                        expectations=corpus / "expectations", engine=engine_kind,
                                        spark_master=spark_master, discover=False)
    done = audit_module.audit(options)
    write_reports(done.result, corpus / "audit_reports_no_discover", done.source_texts)
    finished_at = time.time()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out.write_text(json.dumps({"finished_at": finished_at, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                               "peak_rss_mb": usage.ru_maxrss / 1024}))


def worker(corpus: Path, out: Path, engine_kind: str, spark_master: str | None, naive_sample: int) -> None:
    """Audit the corpus as ``auditor check`` would, then measure the baselines; write JSON to ``out``."""
    from auditor import audit as audit_module
    from auditor.engine import Engine
    from auditor.report import write_reports

    # The measured run holds nothing beyond what `auditor check` holds: the wrapper keeps only
    # the time spent in GX (keeping the check rows would add their memory to the peak).
    captured: dict = {}
    evaluate = Engine.evaluate

    def timed_evaluate(self, checks):
        started = time.perf_counter()
        result = evaluate(self, checks)
        captured["seconds"] = time.perf_counter() - started
        return result

    Engine.evaluate = timed_evaluate
    marks: list[tuple[str, float]] = []
    options = audit_module.AuditOptions(seeds=corpus / "seeds", datasets=corpus / "datasets",
                                        expectations=corpus / "expectations", engine=engine_kind,
                                        spark_master=spark_master)
    started = time.perf_counter()
    done = audit_module.audit(options, progress=lambda step: marks.append((step, time.perf_counter())))
    audited = time.perf_counter()
    rss_after_audit_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report_started = time.perf_counter()
    write_reports(done.result, corpus / "audit_reports", done.source_texts)
    finished_at = time.time()
    report_seconds = time.perf_counter() - report_started
    # The audit's peak, before the measurements below allocate anything of their own.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_rss_mb = usage.ru_maxrss / 1024
    cpu_seconds = usage.ru_utime + usage.ru_stime
    Engine.evaluate = evaluate

    # Where the audit's time went, from its progress steps (audit() loads before run_audit starts).
    times = [started] + [t for _, t in marks] + [audited]
    names = ["load"] + [PHASES.get(step.split(" ")[0], step.split(" ")[0]) for step, _ in marks]
    phases = {name: round(times[i + 1] - times[i], 3) for i, name in enumerate(names)}
    if "evaluate_and_findings" in phases:
        phases["findings"] = round(phases.pop("evaluate_and_findings") - captured["seconds"], 3)
        phases["evaluate"] = round(captured["seconds"], 3)
    phases.pop("load_again", None)
    phases["report"] = round(report_seconds, 3)

    findings = done.result.findings
    failed = sorted({f.rule_id for f in findings if f.status == "failed" and f.rule_id not in GENERATED
                     and not f.rule_id.startswith(DISCOVERED)})
    # Findings of the automatic checks (repeats, coverage, provenance), failed, by kind.
    automatic: dict[str, int] = {}
    for f in findings:
        if f.status == "failed" and f.rule_id in GENERATED:
            automatic[f.kind] = automatic.get(f.kind, 0) + 1
    discovered = discovery_figures(done.project.sources, findings)
    del done, findings

    # The baselines need the check rows themselves: laid out again from the project, as the
    # audit laid them out, and evaluated by a second engine.
    project = audit_module.load_project(options)
    checks = audit_module.lay_out_checks(project).all_checks()
    engine = Engine(engine_kind, spark_master)
    outcomes = engine.evaluate(checks).outcomes
    verdicts, baseline_seconds = pandas_baseline(checks)
    # The baseline is the best of 3 runs; GX gets the same treatment: the audit's own (cold) run
    # and two more.
    rules_best = captured["seconds"]
    for _ in range(2):
        again = time.perf_counter()
        engine.evaluate(checks)
        rules_best = min(rules_best, time.perf_counter() - again)
    agrees = all(verdicts[cid] == bool(outcomes[cid].passed) for cid, _ in checks)

    checks_by_rule: dict[str, list] = {}
    for cid, check in checks:
        checks_by_rule.setdefault(cid.split("#")[0], []).append((cid, check))
    rule_ids = [rule.id for rule in project.ruleset.rules]
    sample = random.Random(7).sample(rule_ids, min(naive_sample, len(rule_ids)))
    per_rule = gx_naive(engine, checks_by_rule, sample)
    out.write_text(json.dumps({
        "finished_at": finished_at,
        "rules_seconds": rules_best,
        "rules_seconds_in_audit": captured["seconds"],
        "report_seconds": report_seconds,
        "peak_rss_mb": peak_rss_mb,
        "cpu_seconds": cpu_seconds,
        "rss_after_audit_mb": rss_after_audit_mb,
        "checks": len(checks),
        "rules": len(rule_ids),
        "figures": len(project.extracts.figures),
        "pandas_baseline_seconds": baseline_seconds,
        "baseline_agrees": agrees,
        "gx_naive_seconds_per_rule": per_rule,
        "gx_naive_sample": len(sample),
        "passages_seconds": passages_seconds(project.sources),
        "failed_rules": failed,
        "automatic_failed": automatic,
        "discovery": discovered,
        "phases": phases,
    }))


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

def run(docs: int, sections: int, seed: int, inject_rate: float, engine: str, spark_master: str | None,
        naive_sample: int, keep: Path | None) -> dict:
    """Generate, audit in a worker process, and assemble the figures."""
    with tempfile.TemporaryDirectory(prefix="auditor-scale-") as tmp:
        corpus = keep or Path(tmp)
        gen_started = time.perf_counter()
        generated = generate(corpus, docs, sections, seed, inject_rate)
        generate_seconds = time.perf_counter() - gen_started
        out = Path(tmp) / "worker.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(corpus), "--out", str(out),
                   "--engine", engine, "--naive-sample", str(naive_sample)]
        if spark_master:
            command += ["--spark-master", spark_master]
        measured, spawned = _spawn(command, out)
        # The same corpus audited with discovery off, right after: the comparison for its cost.
        plain_out = Path(tmp) / "worker-no-discover.json"
        plain_command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(corpus), "--out",
                         str(plain_out), "--engine", engine, "--check-only"]
        if spark_master:
            plain_command += ["--spark-master", spark_master]
        plain, plain_spawned = _spawn(plain_command, plain_out)
    injected = generated["injected"]
    check_seconds = measured["finished_at"] - spawned
    check_seconds_plain = plain["finished_at"] - plain_spawned
    discovery = measured["discovery"]
    failed = set(measured["failed_rules"])
    rules_seconds = measured["rules_seconds"]
    naive = measured["gx_naive_seconds_per_rule"]
    return {
        "docs": docs,
        "figures": measured["figures"],
        "rules": measured["rules"],
        "checks": measured["checks"],
        "engine": engine,
        # Spawn to reports written: interpreter start, imports, GX start, audit, reports (as `auditor check`).
        "check_seconds": round(check_seconds, 2),
        # CPU time of the same span: less sensitive than wall time to other load on the machine.
        "check_cpu_seconds": round(measured["cpu_seconds"], 2),
        "peak_rss_mb": round(measured["peak_rss_mb"], 1),
        # The peak before the reports are rendered: what the audit itself holds.
        "audit_rss_mb": round(measured["rss_after_audit_mb"], 1),
        "rules_seconds": round(rules_seconds, 3),
        "rules_seconds_in_audit": round(measured["rules_seconds_in_audit"], 3),
        "pandas_baseline_seconds": round(measured["pandas_baseline_seconds"], 3),
        "rules_vs_pandas": round(rules_seconds / measured["pandas_baseline_seconds"], 2),
        "baseline_agrees": measured["baseline_agrees"],
        "gx_naive_seconds_per_rule": round(naive, 4),
        "gx_naive_speedup": round(naive * measured["rules"] / rules_seconds, 1),
        "passages_seconds": None if measured["passages_seconds"] is None else round(measured["passages_seconds"], 3),
        "report_seconds": round(measured["report_seconds"], 2),
        "injected": len(injected),
        "found_all_injected": set(injected) <= failed,
        "unexpected_failures": sorted(failed - set(injected))[:10],
        "automatic_failed": measured["automatic_failed"],
        # Discovery: its own time over the corpus, what it found, and what it adds to a check.
        "discovery_seconds": round(discovery["seconds"], 3),
        "discovery_relations": discovery["relations"],
        "discovery_confident": discovery["confident"],
        "discovery_by_family": discovery["by_family"],
        "discovery_failed": discovery["failed"],
        "discovery_failed_by_family": discovery["failed_by_family"],
        "discovery_failed_ids": discovery["failed_ids"],
        "check_seconds_no_discover": round(check_seconds_plain, 2),
        "check_cpu_seconds_no_discover": round(plain["cpu_seconds"], 2),
        "peak_rss_mb_no_discover": round(plain["peak_rss_mb"], 1),
        "discovery_overhead": round(check_seconds / check_seconds_plain - 1, 3),
        "discovery_overhead_cpu": round(measured["cpu_seconds"] / plain["cpu_seconds"] - 1, 3),
        "phases": measured["phases"],
        "generate_seconds": round(generate_seconds, 2),
    }


def _spawn(command: list[str], out: Path) -> tuple[dict, float]:
    """Run a worker; return what it wrote and when it was started (``time.time()``)."""
    spawned = time.time()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"audit worker failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(out.read_text()), spawned


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="number of synthetic documents")
    parser.add_argument("--sections", type=int, default=3, help="report sections per document (45 figures, 13 rules each)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generator")
    parser.add_argument("--inject-rate", type=float, default=0.01, help="share of rules made false on purpose")
    parser.add_argument("--engine", choices=["pandas", "spark"], default="pandas")
    parser.add_argument("--spark-master", default=None)
    parser.add_argument("--naive-sample", type=int, default=20, help="rules timed as one GX validation per check")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker and args.check_only:
        check_only(args.worker, args.out, args.engine, args.spark_master)
        return 0
    if args.worker:
        worker(args.worker, args.out, args.engine, args.spark_master, args.naive_sample)
        return 0
    if args.docs < 1 or args.sections < 1:
        parser.error("--docs and --sections must be at least 1")
    figures = run(args.docs, args.sections, args.seed, args.inject_rate, args.engine, args.spark_master,
                  args.naive_sample, args.keep)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")
    ok = figures["found_all_injected"] and figures["baseline_agrees"] and not figures["unexpected_failures"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
