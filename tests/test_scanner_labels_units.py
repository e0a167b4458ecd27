"""The scanner tells citations and enumerators from quantities, gives durations their unit,
reads zero and one in words where a sentence counts, and reads space-grouped thousands.

Every text here is written for the test: the rules are families (law, article, section and
code citations, report numbers, enumerators, compound words, halves of a period), not the
sentences of any one report.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.read.numbers import parse_number
from auditor.read.scanner import scan_mentions


def kinds(text: str) -> dict[str, tuple[str, str]]:
    """``{as written: (kind, unit)}`` of the mentions of ``text`` (the last one wins)."""
    return {m.text: (m.kind, m.unit) for m in scan_mentions(text)}


def quantities(text: str) -> list[tuple[str, float, str]]:
    return [(m.text, m.value, m.unit) for m in scan_mentions(text) if m.kind in ("count", "money", "percent")]


# --------------------------------------------------------------------------- citations

@pytest.mark.parametrize("text, labels", [
    ("Parliament passed Law 41.208 against forced labor in 2011.", ["41.208"]),
    ("Prosecutors relied on law 18.250 and on Law 904-11 together.", ["18.250", "904", "11"]),
    ("The offence is defined in Article 212 bis of the penal code.", ["212"]),
    ("Decree 4410 of 2009 created the committee.", ["4410"]),
    ("Sections 3301-3309 set the penalties.", ["3301", "3309"]),
    ("Funds come under 22 U.S.C. § 7105(b)(4)(C) each year.", ["22", "7105", "4"]),
    ("See 8 CFR 214 for the visa rules.", ["8"]),
    ("The bulletin (NCJ 301455) gives the method.", ["301455"]),
    ("It was written up in Report No. 77 of the commission.", ["77"]),
])
def test_citations_are_labels_not_quantities(text, labels):
    found = kinds(text)
    for written in labels:
        assert found[written][0] == "label", (written, found)
    assert not [q for q in quantities(text) if q[0] in labels]


@pytest.mark.parametrize("text, written", [
    ("Shelters report 45 victims each month.", "45"),
    ("In this case 12 victims were found.", "12"),
    ("The law 3 years ago changed; courts convicted 9 traffickers.", "9"),
])
def test_words_that_only_sometimes_cite_do_not_make_counts_labels(text, written):
    assert kinds(text)[written] == ("count", "count")


def test_a_year_after_report_stays_a_year():
    assert kinds("the Trafficking Report 2021 - Narratives")["2021"] == ("year", "year")


@pytest.mark.parametrize("text, written", [
    ("Priorities: (1) train judges; (2) fund shelters.", "2"),
    ("1. Train more labor inspectors.\n2. Fund shelters.", "2"),
    ("Second, the ministry opened a shelter.", "Second"),
])
def test_enumerators_are_labels(text, written):
    assert kinds(text)[written][0] == "label"


def test_a_number_in_parentheses_inside_a_sentence_stays_a_count():
    assert kinds("The agency identified victims (14) in the east.")["14"] == ("count", "count")


@pytest.mark.parametrize("text, written", [
    ("The text came from a third-party archive.", "third"),
    ("Reports fell in the first half of 2021.", "half"),
    ("Reports fell in the second half of the fiscal year.", "half"),
    ("Arrests rose in the latter half.", "half"),
])
def test_compound_words_and_halves_of_a_period_are_not_shares(text, written):
    assert kinds(text)[written][0] == "label"
    assert not [q for q in quantities(text) if q[2] == "percent"]


def test_half_of_a_group_is_still_a_share():
    assert quantities("Officials referred half of the 40 victims.")[0] == ("half", 50.0, "percent")


# --------------------------------------------------------------------------- durations

@pytest.mark.parametrize("text, unit", [
    ("The court imposed 12 years' imprisonment.", "years"),
    ("The court imposed 12 years’ imprisonment.", "years"),
    ("He received 12 years probation.", "years"),
    ("Shelter lasts eight weeks.", "weeks"),
    ("Aid is given for five additional days.", "days"),
    ("Sentences of nine months were common.", "months"),
    ("The law protects 14-year-old children.", "years"),
])
def test_durations_take_their_unit(text, unit):
    (written, _value, found_unit), = quantities(text)
    assert found_unit == unit, written


def test_range_bounds_share_the_duration_unit():
    found = {m.text: (m.unit, m.role) for m in scan_mentions("penalties of four to 11 years in prison")}
    assert found == {"four": ("years", "range_low"), "11": ("years", "range_high")}


def test_a_suspended_hyphen_gives_both_bounds_the_unit():
    assert [u for _, _, u in quantities("children aged 12- to 16-year-old were found")] == ["years", "years"]


def test_a_count_of_people_stays_a_count():
    assert quantities("It convicted 31 traffickers in 2020.") == [("31", 31.0, "count")]


# --------------------------------------------------------------------------- zero and one in words

def test_none_for_a_period_is_a_zero():
    found = quantities("Officials convicted 14 traffickers in 2022 and none in 2021.")
    assert ("none", 0.0, "count") in found


def test_none_alone_for_a_period_is_a_zero():
    assert quantities("As for labor cases, there were none in 2019.") == [("none", 0.0, "count")]


@pytest.mark.parametrize("text, word, value", [
    ("It convicted nine smugglers, four recruiters, and a driver.", "a", 1.0),
    ("It convicted nine smugglers, four recruiters and an accountant.", "an", 1.0),
    ("It charged seven brokers and no officials.", "no", 0.0),
    ("It reported 22 prosecutions, compared with none the year before.", "none", 0.0),
])
def test_a_zero_or_one_word_counts_as_a_list_item(text, word, value):
    assert (word, value, "count") in quantities(text)


@pytest.mark.parametrize("text", [
    "Roughly a third of the 60 victims were boys.",
    "The 60 victims faced a lot of delays.",
    "It opened 3 shelters and a hotline operated by an NGO.",  # not an item of the count list
    "There were 30 years of imprisonment and a fine.",
    "It convicted 8 traffickers and no longer relied on fines.",
    "No victims were found; a report followed.",
])
def test_zero_and_one_words_are_not_read_where_nothing_is_counted(text):
    assert not [q for q in quantities(text) if q[0].lower() in ("a", "an", "no", "none")]


# --------------------------------------------------------------------------- spaced thousands

@pytest.mark.parametrize("separator", ["\u00a0", "\u202f", "\u2009", "'", "\u2019"])
def test_thousands_grouped_with_a_space_or_apostrophe_are_one_figure(separator):
    written = f"2{separator}431"
    text = f"Officers identified {written} victims and 12{separator}500{separator}000 pesos."
    assert quantities(text) == [(written, 2431.0, "count"), (f"12{separator}500{separator}000 pesos", 12_500_000.0, "MXN")]
    assert parse_number(written).value == 2431.0


def test_mixed_separators_are_not_one_figure():
    assert [q[0] for q in quantities("between 3\u00a0100'000 units")] != ["3\u00a0100'000"]


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(["\u00a0", "\u202f", "\u2009", "'"]))
def test_any_grouped_integer_parses_and_scans_as_itself(number, separator):
    written = f"{number:,}".replace(",", separator)
    assert parse_number(written).value == number
    (mention,) = scan_mentions(f"about {written} cases")
    assert (mention.text, mention.value) == (written, number)
