"""Author the seed's extracts from a compact spec: offsets and quotes are computed, never typed.

Usage (from the repository root)::

    python scripts/author_extracts.py            # rewrite datasets/*.csv for the seed
    python scripts/author_extracts.py --check    # only report differences with the committed CSVs

Each extract is specified by its id, the figure as written, a *hint* (a substring of the
sentence that holds it; ``hint_n`` picks the n-th occurrence when the sentence is repeated in
the source), which occurrence of the figure inside that sentence is meant (``n``), and its
metadata. The helper finds the sentence around the hint, the figure inside it (as a whole
token, so "8" never matches inside "85"), and writes the row with the whole sentence as the
quote. Ignored mentions are specified the same way, with a reason instead of metadata.

The CSV files stay the committed truth: ``auditor check`` re-verifies every row against the
source on each run, so this script is only a convenience for writing them correctly.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.extracts import FIGURE_COLUMNS, IGNORED_COLUMNS  # noqa: E402
from auditor.read.numbers import parse_number  # noqa: E402

SOURCE = "000_f1179795d82053b5.txt"

# A sentence ends at ".", "?", "!" or "…" followed by white space and a capital, an opening
# quote or bracket, or a digit ("… 1 in 4 slavery victims"). "the U.S. and Mexican" stays one
# sentence because a lower-case word follows.
_BOUNDARY = re.compile(r"(?:(?<=[.?!…])|(?<=[.?!…][”\")]))\s+(?=[A-Z“\"(0-9])")


@dataclass(frozen=True)
class Spec:
    """One extract: where it is (``hint``, ``hint_n``, ``n``) and what it means (metadata)."""

    file: str
    id: str
    figure: str
    hint: str
    unit: str
    period: str
    scope: str
    category: str
    measure: str
    n: int = 1
    hint_n: int | None = None  # None: the hint must be unique in the source
    quote: str | None = None   # an explicit quote when the sentence splitter cannot find one


@dataclass(frozen=True)
class Ignore:
    """One mention deliberately not extracted."""

    text: str
    hint: str
    reason: str
    n: int = 1
    hint_n: int | None = None


def _nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(needle, pos + 1)
        if pos == -1:
            raise ValueError(f"occurrence {n} of {needle!r} not found")
    return pos


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The [start, end) of the sentence that holds text[start:end]."""
    begin = 0
    # endpos goes one past ``start`` so the look-ahead can see the sentence's first character.
    for match in _BOUNDARY.finditer(text, 0, start + 1):
        if match.end() <= start:
            begin = match.end()
    following = _BOUNDARY.search(text, end)
    return begin, (following.start() if following else len(text.rstrip()))


def _token(text: str, figure: str, n: int) -> int:
    """Position of the n-th occurrence of ``figure`` in ``text`` as a whole token."""
    pattern = re.compile(r"(?<![\w$.,-])" + re.escape(figure) + r"(?![\w%-]|[.,]\d)")
    matches = list(pattern.finditer(text))
    if len(matches) < n:
        raise ValueError(f"{figure!r}: occurrence {n} not found in {text[:80]!r}…")
    return matches[n - 1].start()


def locate(text: str, figure: str, hint: str, n: int, hint_n: int | None, quote: str | None) -> tuple[int, int, str]:
    """(start, end, quote) of a figure; the hint must be unique unless ``hint_n`` says which."""
    if hint_n is None and text.count(hint) > 1:
        raise ValueError(f"hint {hint!r} occurs {text.count(hint)} times; give hint_n")
    at = _nth(text, hint, hint_n or 1)
    if quote is not None:
        holders = [m.start() for m in re.finditer(re.escape(quote), text)
                   if m.start() <= at and m.end() >= at + len(hint)]
        if not holders:
            raise ValueError(f"explicit quote {quote[:60]!r}… does not hold the hint {hint!r}")
        q_start, q_end = holders[0], holders[0] + len(quote)
    else:
        q_start, q_end = sentence_around(text, at, at + len(hint))
    sentence = text[q_start:q_end]
    offset = _token(sentence, figure, n)
    return q_start + offset, q_start + offset + len(figure), sentence


def _format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def build(text: str, specs: list[Spec], ignores: list[Ignore]) -> dict[str, str]:
    """The CSV files (name → content) for the specs; raises on any spec that does not fit."""
    files: dict[str, list[list[str]]] = {}
    seen: dict[str, Spec] = {}
    spans: dict[tuple[int, int], str] = {}
    for spec in specs:
        if spec.id in seen:
            raise ValueError(f"duplicate id {spec.id!r}")
        seen[spec.id] = spec
        start, end, quote = locate(text, spec.figure, spec.hint, spec.n, spec.hint_n, spec.quote)
        if (start, end) in spans:
            raise ValueError(f"{spec.id} and {spans[(start, end)]} extract the same mention")
        spans[(start, end)] = spec.id
        value = parse_number(spec.figure).value
        files.setdefault(spec.file, []).append([
            spec.id, SOURCE, spec.figure, _format_value(value), spec.unit, spec.period, spec.scope,
            spec.category, spec.measure, str(start), str(end), quote])
    out: dict[str, str] = {}
    for name, rows in files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(FIGURE_COLUMNS)
        writer.writerows(rows)
        out[name] = buffer.getvalue()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IGNORED_COLUMNS)
    for item in ignores:
        start, end, _ = locate(text, item.text, item.hint, item.n, item.hint_n, None)
        if any(s < end and start < e for s, e in spans):
            raise ValueError(f"ignored {item.text!r} at {start} overlaps an extract")
        writer.writerow([SOURCE, str(start), str(end), item.text, item.reason])
    out["ignored.csv"] = buffer.getvalue()
    return out


# --------------------------------------------------------------------------- the seed's spec
# Periods: a year when the text gives it; "2017 (reporting period)" where the 2018 TIP report
# narrative gives a figure without a year (its reporting period is 2017).
RP = "2017 (reporting period)"
# Follows "… convictions. ;" in the source, where the splitter would join the two sentences.
ILO_2016 = ("At any given time in 2016, an estimated 40.3 million people are in modern slavery, including "
            "24.9 million in forced labour and 15.4 million in forced marriage.")

S = Spec
SPECS: list[Spec] = [
    # ---- victims identified (Mexico, 2018 TIP report) -- ids of the first 24 rows are stable
    *[S("victims.csv", i, f, "The government reported identifying 667 trafficking victims", u, p, sc, c, m, n=k, hint_n=h)
      for h, suffix in ((1, ""), (2, "-copy"))
      for i, f, u, p, sc, c, m, k in [
          (f"victims-2017-national{suffix}", "667", "count", "2017", "national", "all forms", "victims identified", 1),
          (f"victims-2017-sex{suffix}", "429", "count", "2017", "national", "sex trafficking", "victims identified", 1),
          (f"victims-2017-labor{suffix}", "103", "count", "2017", "national", "forced labor or services", "victims identified", 1),
          (f"victims-2017-begging{suffix}", "eight", "count", "2017", "national", "forced begging", "victims identified", 1),
          (f"victims-2017-criminality{suffix}", "eight", "count", "2017", "national", "forced criminality", "victims identified", 2),
          (f"victims-2017-other{suffix}", "four", "count", "2017", "national", "other purposes", "victims identified", 1),
          (f"victims-2017-unspecified{suffix}", "115", "count", "2017", "national", "unspecified", "victims identified", 1),
          (f"victims-2016-national{suffix}", "740", "count", "2016", "national", "all forms", "victims identified", 1),
          (f"victims-2015-national{suffix}", "1,814", "count", "2015", "national", "all forms", "victims identified", 1),
      ]],
    *[S("victims.csv", f"victims-{y}-federal", f, "The federal government identified 140 victims", "count", y, "federal", "", "victims identified")
      for y, f in (("2017", "140"), ("2016", "194"), ("2015", "876"))],
    *[S("victims.csv", f"victims-{y}-state", f, "The state governments identified 527 victims", "count", y, "state", "", "victims identified")
      for y, f in (("2017", "527"), ("2016", "691"), ("2015", "938"))],
    S("victims.csv", "victims-fewer-consecutive-years", "second", "identified fewer victims for the second consecutive year",
      "ordinal", "2016–2017", "national", "all forms", "consecutive years with fewer victims identified"),
    S("victims.csv", "victims-women-girls-share", "85%", "says 85% of the country", "percent", "2012–2017", "national",
      "women and girls", "share of trafficking victims", hint_n=1),
    S("victims.csv", "victims-women-girls-share-copy", "85%", "says 85% of the country", "percent", "2012–2017", "national",
      "women and girls", "share of trafficking victims", hint_n=2),
    S("victims.csv", "victims-forced-labor-2013-2017", "1,500", "fewer than 1,500 forced labor victims", "count", "2013–2017",
      "national", "forced labor", "victims identified (fewer than)"),

    # ---- convictions, sentences, penalties, law enforcement
    *[S("prosecutions.csv", i, f, "Authorities convicted 95 traffickers", "count", p, "national", "federal and state cases", m)
      for i, f, p, m in [
          ("convicted-traffickers-2017", "95", "2017", "traffickers convicted"),
          ("conviction-cases-2017", "40", "2017", "cases with convictions"),
          ("convicted-traffickers-2016", "228", "2016", "traffickers convicted"),
          ("conviction-cases-2016", "127", "2016", "cases with convictions"),
          ("convicted-traffickers-2015", "86", "2015", "traffickers convicted"),
          ("conviction-cases-2015", "36", "2015", "cases with convictions"),
      ]],
    S("prosecutions.csv", "sentences-shortest", "two", "reported sentences ranging from two years", "years", RP, "national",
      "", "sentence imposed (shortest)"),
    S("prosecutions.csv", "sentences-longest", "99", "reported sentences ranging from two years", "years", RP, "national",
      "", "sentence imposed (longest)"),
    S("prosecutions.csv", "statutory-penalty-min", "five", "prescribing penalties ranging from five to 30 years", "years",
      "2012 law", "national", "", "statutory penalty (minimum)"),
    S("prosecutions.csv", "statutory-penalty-max", "30", "prescribing penalties ranging from five to 30 years", "years",
      "2012 law", "national", "", "statutory penalty (maximum)"),
    S("prosecutions.csv", "crimes-in-commission-definition", "26", "definition covers a range of 26 crimes", "count", "",
      "Mexico", "commission's definition of trafficking", "crimes covered", hint_n=1),
    S("prosecutions.csv", "crimes-in-commission-definition-copy", "26", "definition covers a range of 26 crimes", "count", "",
      "Mexico", "commission's definition of trafficking", "crimes covered", hint_n=2),
    S("prosecutions.csv", "joint-operations-us", "three", "partnering on three joint law enforcement operations", "count", RP,
      "Mexico and US", "joint law enforcement operations", "operations"),
    S("prosecutions.csv", "joint-operations-arrests", "14", "partnering on three joint law enforcement operations", "count", RP,
      "Mexico and US", "joint law enforcement operations", "alleged traffickers arrested (at least)"),
    S("prosecutions.csv", "supreme-court-opinions", "one", "at least one recent Mexican Supreme Court opinion", "count", "recent",
      "national", "Supreme Court", "opinions showing an understanding of trafficking law (at least)"),

    # ---- investigations and labor inspections
    *[S("investigations.csv", f"investigations-{y}-{lvl}", f, "Authorities initiated 127 federal and 298 state investigations",
        "count", y, lvl, "", "investigations initiated")
      for y, lvl, f in [("2017", "federal", "127"), ("2017", "state", "298"), ("2016", "federal", "188"),
                        ("2016", "state", "288"), ("2015", "federal", "250"), ("2015", "state", "415")]],
    S("investigations.csv", "labor-inspections-2017", "132", "inspectors conducted 132 inspections", "count", "2017",
      "federal", "labor inspections", "inspections conducted"),
    S("investigations.csv", "labor-inspections-children-2017", "54", "inspectors conducted 132 inspections", "count", "2017",
      "federal", "labor inspections", "children found working in agriculture in violation of the law"),
    S("investigations.csv", "labor-inspections-protection-measures-2017", "5,667", "inspectors conducted 132 inspections",
      "count", "2017", "federal", "labor inspections", "protection measures issued"),

    # ---- victim services, shelters, visas, victims abroad
    S("services.csv", "fevimtra-sheltered-victims", "52", "provided shelter to 52 trafficking victims", "count", RP, "federal",
      "FEVIMTRA high-security shelter", "victims sheltered"),
    S("services.csv", "dif-assisted-victims", "78", "(DIF) provided assistance to 78 victims", "count", RP, "federal", "DIF",
      "victims assisted"),
    S("services.csv", "pgr-served-victims", "98", "(PGR) provided victim services to 98", "count", RP, "federal", "PGR",
      "victims provided services"),
    S("services.csv", "cns-assisted-victims", "126", "(CNS) provided assistance to 126 victims", "count", RP, "federal", "CNS",
      "victims assisted"),
    S("services.csv", "indesol-funded-ngos", "two", "provided 598,500 pesos ($30,370) to two NGOs", "count", RP, "federal",
      "INDESOL", "NGOs funded for victim services"),
    S("services.csv", "indesol-served-victims", "76", "provided 598,500 pesos ($30,370) to two NGOs", "count", RP, "federal",
      "INDESOL", "victims provided services through the funded NGOs"),
    S("services.csv", "inm-assisted-foreign-victims-2017", "31", "(INM) provided assistance to 31 potential foreign", "count",
      "2017", "federal", "INM", "potential foreign victims assisted"),
    S("services.csv", "humanitarian-visas-2017", "25", "(INM) provided assistance to 31 potential foreign", "count", "2017",
      "federal", "INM", "victims granted humanitarian visas"),
    S("services.csv", "humanitarian-visas-2016", "four", "(INM) provided assistance to 31 potential foreign", "count", "2016",
      "federal", "INM", "victims granted humanitarian visas"),
    S("services.csv", "humanitarian-visa-working-days", "60", "remain in the country up to 60 working days", "days", "",
      "national", "humanitarian visas", "length of stay allowed (working days)"),
    S("services.csv", "humanitarian-visa-calendar-days", "90", "remain in the country up to 60 working days", "days", "",
      "national", "humanitarian visas", "length of stay allowed (calendar days)"),
    S("services.csv", "victims-abroad-2017", "196", "provided support to 196 Mexican forced labor victims abroad", "count",
      "2017", "abroad", "Ministry of Foreign Relations", "Mexican forced labor victims identified and supported"),
    S("services.csv", "victims-abroad-us-2017", "180", "provided support to 196 Mexican forced labor victims abroad", "count",
      "2017", "United States", "Ministry of Foreign Relations", "Mexican forced labor victims identified and supported"),
    S("services.csv", "victims-abroad-other-2017", "16", "provided support to 196 Mexican forced labor victims abroad", "count",
      "2017", "other countries", "Ministry of Foreign Relations", "Mexican forced labor victims identified and supported"),
    S("services.csv", "victims-abroad-2016", "20", "provided support to 196 Mexican forced labor victims abroad", "count",
      "2016", "abroad (or other countries: the text is ambiguous)", "Ministry of Foreign Relations",
      "Mexican forced labor victims identified and supported"),
    S("services.csv", "shelters-opened-state-of-mexico-2016", "three", "The State of Mexico opened three trafficking-specific",
      "count", "2016", "State of Mexico", "", "trafficking-specific shelters opened"),

    # ---- states ("N of M states")
    S("states.csv", "states-specialized-prosecutors", "27", "27 of 31 states had established specialized", "count",
      "end of 2017", "Mexican states", "", "states with specialized anti-trafficking prosecutors or units"),
    S("states.csv", "states-specialized-prosecutors-of", "31", "27 of 31 states had established specialized", "count",
      "end of 2017", "Mexican states", "", "states"),
    S("states.csv", "states-committees", "Twenty-eight", "Twenty-eight out of 31 states", "count", RP, "Mexican states", "",
      "states with state-level anti-trafficking committees"),
    S("states.csv", "states-committees-of", "31", "Twenty-eight out of 31 states", "count", RP, "Mexican states", "", "states"),
    S("states.csv", "states-laws-aligned-2017", "Twenty-three", "Twenty-three of 31 states, compared to only 14", "count",
      RP, "Mexican states", "", "states with trafficking laws aligned with the federal law"),
    S("states.csv", "states-laws-aligned-of", "31", "Twenty-three of 31 states, compared to only 14", "count", RP,
      "Mexican states", "", "states"),
    S("states.csv", "states-laws-aligned-2016", "14", "Twenty-three of 31 states, compared to only 14", "count", "2016",
      "Mexican states", "", "states with trafficking laws aligned with the federal law"),
    S("states.csv", "states-victim-protocols", "17", "state-level protocols in 17 of 31 states", "count", RP,
      "Mexican states", "", "states with protocols for victim identification and assistance"),
    S("states.csv", "states-victim-protocols-of", "31", "state-level protocols in 17 of 31 states", "count", RP,
      "Mexican states", "", "states"),
    S("states.csv", "states-official-complicity", "17", "in at least 17 of 32 states", "count", RP, "Mexican states", "",
      "states with criminal alliances with officials (at least)"),
    S("states.csv", "states-official-complicity-of", "32", "in at least 17 of 32 states", "count", RP, "Mexican states", "",
      "states"),
    S("states.csv", "states-official-complicity-news", "17", "In at least 17 of Mexico…", "count", "", "Mexican states", "",
      "states with criminal alliances with officials (at least)"),

    # ---- money
    S("money.csv", "indesol-funding-mxn", "598,500 pesos", "provided 598,500 pesos ($30,370)", "MXN", RP, "federal", "INDESOL",
      "funding to NGOs for victim services"),
    S("money.csv", "indesol-funding-usd", "$30,370", "provided 598,500 pesos ($30,370)", "USD", RP, "federal", "INDESOL",
      "funding to NGOs for victim services"),
    S("money.csv", "prosecution-funding-2017-mxn", "6.7 million pesos", "dedicated at least 6.7 million pesos", "MXN", "2017",
      "federal", "", "funding for investigations and prosecutions (at least)"),
    S("money.csv", "prosecution-funding-2017-usd", "$340,030", "dedicated at least 6.7 million pesos", "USD", "2017",
      "federal", "", "funding for investigations and prosecutions (at least)"),
    S("money.csv", "industry-value-global", "$150 billion dollar", "Human trafficking is a $150 billion dollar industry", "USD",
      "per year", "global", "", "size of the human trafficking industry"),
    S("money.csv", "trafficking-amount-texas", "6.6 billion dollars", "amounts to 6.6 billion dollars annually", "USD",
      "per year", "Texas", "", "amount of human trafficking"),
    S("money.csv", "trafficker-profit-texas", "600 million dollars", "human traffickers make 600 million dollars", "USD", "",
      "Texas", "", "traffickers' profit"),

    # ---- hotlines
    S("hotlines.csv", "mexico-hotline-calls-2017", "981", "The NGO-run hotline received 981 calls", "count", "2017",
      "Mexico", "NGO-run national hotline", "calls received"),
    S("hotlines.csv", "mexico-hotline-indicator-calls-2017", "103", "The NGO-run hotline received 981 calls", "count", "2017",
      "Mexico", "NGO-run national hotline", "calls with trafficking indicators"),
    S("hotlines.csv", "mexico-hotline-investigations-2017", "22", "The NGO-run hotline received 981 calls", "count", "2017",
      "Mexico", "NGO-run national hotline", "investigations resulting from calls"),
    S("hotlines.csv", "nhth-cases-since-2007", "49,000", "Since 2007, more than 49,000 cases", "count", "since 2007", "US",
      "National Human Trafficking Hotline", "cases reported (more than)"),
    S("hotlines.csv", "nhth-calls-per-day", "150", "Since 2007, more than 49,000 cases", "count", "", "US",
      "National Human Trafficking Hotline", "calls per day (average)"),

    # ---- United States figures
    S("us.csv", "ice-hsi-victims-fy2018", "308", "identified 308 victims of human trafficking", "count", "FY2018", "US",
      "ICE and HSI", "victims identified"),
    S("us.csv", "ice-hsi-arrests-fy2018", "1,588", "identified 308 victims of human trafficking", "count", "FY2018", "US",
      "ICE and HSI", "trafficking-related arrests"),
    S("us.csv", "ice-hsi-arrests-sex-fy2018", "1,543", "identified 308 victims of human trafficking", "count", "FY2018", "US",
      "ICE and HSI", "arrests for sex-trafficking violations"),
    S("us.csv", "ucr-incidents-2019", "1,883", "The 2019 report shows a total of 1,883 incidents", "count", "2019", "US",
      "all incidents", "human trafficking incidents reported (UCR)"),
    S("us.csv", "ucr-incidents-commercial-sex-2019", "1,607", "The 2019 report shows a total of 1,883 incidents", "count",
      "2019", "US", "commercial sex acts", "human trafficking incidents reported (UCR)"),
    S("us.csv", "ucr-incidents-servitude-2019", "274", "The 2019 report shows a total of 1,883 incidents", "count", "2019",
      "US", "involuntary servitude", "human trafficking incidents reported (UCR)"),
    S("us.csv", "sexual-slavery-us-low", "15,000", "between 15,000 to 50,000 women and children", "count", "per year", "US",
      "women and children", "forced into sexual slavery (low estimate)"),
    S("us.csv", "sexual-slavery-us-high", "50,000", "between 15,000 to 50,000 women and children", "count", "per year", "US",
      "women and children", "forced into sexual slavery (high estimate)"),
    S("us.csv", "hhs-estimate-low", "240,000", "One study from the Department of Health and Human Services", "count", "", "US",
      "HHS study", "the number (what is counted is not in the seed), low estimate"),
    S("us.csv", "hhs-estimate-high", "325,000", "One study from the Department of Health and Human Services", "count", "", "US",
      "HHS study", "the number (what is counted is not in the seed), high estimate"),
    S("us.csv", "upenn-estimate-low", "100,000", "One study from the Department of Health and Human Services", "count", "", "US",
      "University of Pennsylvania report", "the number (what is counted is not in the seed), low estimate"),
    S("us.csv", "upenn-estimate-high", "300,000", "One study from the Department of Health and Human Services", "count", "",
      "US", "University of Pennsylvania report", "the number (what is counted is not in the seed), high estimate"),
    S("us.csv", "top-origin-nations", "three", "found the top three nations of origin", "count", "2019 report", "US",
      "State Department", "nations of origin named as the top ones"),

    # ---- estimates: global, and for Mexico
    S("estimates.csv", "modern-slavery-global-2016", "40.3 million", "an estimated 40.3 million people", "count", "2016",
      "global", "modern slavery", "people", quote=ILO_2016),
    S("estimates.csv", "forced-labour-global-2016", "24.9 million", "an estimated 40.3 million people", "count", "2016",
      "global", "forced labour", "people", quote=ILO_2016),
    S("estimates.csv", "forced-marriage-global-2016", "15.4 million", "an estimated 40.3 million people", "count", "2016",
      "global", "forced marriage", "people", quote=ILO_2016),
    S("estimates.csv", "forced-labour-global-restated", "24.9 million", "24.9 million people are victims of forced labor",
      "count", "", "global", "forced labour", "people"),
    S("estimates.csv", "forced-labour-global-restated-2", "24.9 million", "24.9 million people are trapped in forced labor",
      "count", "", "global", "forced labour", "people"),
    S("estimates.csv", "forced-labour-private-economy", "16 million", "16 million people are trafficked for forced labor in the private economy",
      "count", "ILO 2017 estimate", "global", "forced labour in the private economy", "people"),
    S("estimates.csv", "forced-labour-private-economy-restated", "16 million", "Of those, 16 million can be found in the private sector",
      "count", "", "global", "forced labour in the private economy", "people"),
    S("estimates.csv", "slavery-victims-children-n", "1", "1 in 4 slavery victims are children", "count", "", "global",
      "children", "slavery victims who are children (1 in 4)"),
    S("estimates.csv", "slavery-victims-children-m", "4", "1 in 4 slavery victims are children", "count", "", "global",
      "all ages", "slavery victims (of whom 1 is a child)"),
    S("estimates.csv", "forced-labor-mexico-estimate", "375,000", "estimated more than 375,000 people exploited", "count",
      RP, "Mexico", "forced labor", "people exploited (more than)"),
    S("estimates.csv", "street-children-mexico", "150,000", "Out of 150,000 children living on the streets", "count", "",
      "Mexico", "children living on the streets", "children"),
    S("estimates.csv", "street-children-sexual-trafficking-share", "50 percent", "Out of 150,000 children living on the streets",
      "percent", "", "Mexico", "children living on the streets", "share who are victims of trafficking for sexual purposes"),
    S("estimates.csv", "minors-share-borgen", "50 percent", "50 percent of those individuals being minors", "percent", "",
      "Mexico", "minors", "share of trafficked individuals (the base is not in the seed)",
      quote="10 Facts About Human Trafficking in Mexico, 50 percent of those individuals being minors."),

    # ---- context: coordination, cooperation, reports
    S("context.csv", "agencies-coordinated", "30", "coordinated with more than 30 government agencies", "count", RP, "federal",
      "inter-secretarial commission", "government agencies and institutes coordinated with (more than)"),
    S("context.csv", "police-forces-declaration", "33", "representatives of 33 police forces", "count", RP, "Americas",
      "CNS summit", "police forces signing the declaration"),
    S("context.csv", "consulates-field-study-2017", "nine", "completing a field study of nine Mexican consulates", "count",
      "2017", "abroad", "consular protocol", "Mexican consulates studied"),
    S("context.csv", "years-reported-as-source-country", "five", "As reported over the past five years", "years",
      "past five years", "Mexico", "", "years reported as a source, transit and destination country"),
    S("context.csv", "venezuelans-rescued", "three", "The rescue of three Venezuelans", "count", "", "Mexico City",
      "Venezuelan migrants", "people rescued from sex trafficking"),
    S("context.csv", "venezuelan-women-found", "three", "In May, the three women were found", "count", "May", "Mexico City",
      "San Pedro de los Pinos", "women found"),
]

I = Ignore
IGNORES: list[Ignore] = [
    I("seventh", "is the seventh report from the national Uniform Crime Reporting",
      "ordinal rank of a publication in a series (the UCR's seventh human trafficking report), not a quantity"),
    I("13th", "the passage of the 13th Amendment", "name of a constitutional amendment"),
    I("10", "10 Facts About Human Trafficking in Mexico, 50 percent",
      "part of an article title ('10 Facts About Human Trafficking in Mexico')"),
    I("10", "The following 10 facts about human trafficking in Mexico",
      "number of items in the Borgen Project list the seed quotes from; a property of that article, not a figure "
      "about trafficking (the list itself is not in the seed)"),
    I("2", "therefore Mexico remained on Tier 2", "name of a TIP report ranking tier"),
    I("first", "support Mexico’s first national human trafficking hotline",
      "ordinal describing the hotline as the first of its kind, not a quantity"),
    I("first", "CNS hosted the first summit for law enforcement", "ordinal naming the first summit of a series, not a quantity"),
    I("a third", "rose by a third last year",
      "the fraction is the claimed change factor (4/3) of rule state-investigations-rose-by-a-third; "
      "auditor.read.numbers.parse_number cannot read 'a third', so it cannot be an extract"),
    I("first", "completed the first phase of installation", "ordinal naming a project phase, not a quantity"),
    I("fourth", "the fourth annual trilateral", "ordinal naming an annual meeting in a series, not a quantity"),
    I("18", "is Title 18 of the United States Code", "name of a title of the United States Code"),
    I("1584", "particularly section 1584", "number of a section of the United States Code"),
    I("1581", "and section 1581, which makes", "number of a section of the United States Code"),
    I("One", "One study from the Department of Health", "'One' as an indefinite article ('One study …'), not a count"),
    I("one", "was ranked one of the world’s worst", "'one of the world's worst' is an idiom, not a count"),
    I("2.0", "Blue Heart Campaign 2.0", "version number in the name of a campaign"),
]


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the seed's extract files; 1 when ``--check`` differs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with datasets/, write nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    args = parser.parse_args(argv)
    text = (args.root / "seeds" / SOURCE).read_text(encoding="utf-8")
    files = build(text, SPECS, IGNORES)
    differing = []
    for name, content in sorted(files.items()):
        path = args.root / "datasets" / name
        current = path.read_bytes().decode("utf-8") if path.exists() else None
        if current != content:
            differing.append(name)
            if not args.check:
                path.write_bytes(content.encode("utf-8"))
    count = sum(c.count("\n") - 1 for n, c in files.items() if n != "ignored.csv")
    verb = "differ" if args.check else "written"
    print(f"{count} extracts, {len(IGNORES)} ignored mentions; {verb}: {', '.join(differing) or 'none'}")
    return 1 if args.check and differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
