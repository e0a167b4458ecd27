"""The mention scanner: every numeric mention, exact offsets, right values and kinds."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read.numbers import parse_number
from auditor.read.scanner import KINDS, Mention, scan_mentions, scan_source
from auditor.read.sources import read_source

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f1179795d82053b5.txt"


def found(text: str) -> list[tuple[str, float, str]]:
    return [(m.text, m.value, m.kind) for m in scan_mentions(text)]


def only(text: str) -> Mention:
    mentions = scan_mentions(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --------------------------------------------------------------------------- counts, money, percents

@pytest.mark.parametrize("text, written, value", [
    ("They made 1,588 related arrests.", "1,588", 1588),
    ("It identified 1,814 victims alone.", "1,814", 1814),
    ("An estimated 24.9 people per thousand.", "24.9", 24.9),
    ("The index stood at 0.75 last spring.", "0.75", 0.75),
    ("A total of 1,234,567 calls came in.", "1,234,567", 1234567),
])
def test_digits_with_separators_and_decimals(text, written, value):
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (written, value, "count", "count")


@pytest.mark.parametrize("text, written, value", [
    ("Officials found eight victims.", "eight", 8),
    ("Twenty-eight states reported.", "Twenty-eight", 28),
    ("Twenty-three states aligned their laws.", "Twenty-three", 23),
    ("They opened nine consulates.", "nine", 9),
    ("It had one hundred and five beds.", "one hundred and five", 105),
    ("A million people signed.", "A million", 1_000_000),
    ("Some fifteen hundred volunteers came.", "fifteen hundred", 1500),
])
def test_number_words(text, written, value):
    mention = only(text)
    assert (mention.text, mention.value, mention.kind) == (written, value, "count")


def test_a_run_of_number_words_splits_into_separate_numbers():
    assert found("Scores were eight and nine, then four five.") == [
        ("eight", 8, "count"), ("nine", 9, "count"), ("four", 4, "count"), ("five", 5, "count")]


def test_words_that_merely_contain_number_words_are_not_mentions():
    assert scan_mentions("Someone often went alone to the tone-deaf money lender; nobody was tender.") == []


@pytest.mark.parametrize("text, written, value, unit", [
    ("It is a $150 billion dollar industry.", "$150 billion dollar", 150e9, "USD"),
    ("Traffickers make 600 million dollars a year.", "600 million dollars", 600e6, "USD"),
    ("It amounts to 6.6 billion dollars annually.", "6.6 billion dollars", 6.6e9, "USD"),
    ("They spent 6.7 million pesos on it.", "6.7 million pesos", 6.7e6, "MXN"),
    ("A grant of $30,370 was paid.", "$30,370", 30370, "USD"),
    ("The fund holds $2bn in assets.", "$2bn", 2e9, "USD"),
    ("They gave 500 Mexican pesos each.", "500 Mexican pesos", 500, "MXN"),
])
def test_money(text, written, value, unit):
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (written, value, "money", unit)


def test_amount_with_converted_amount_is_two_mentions():
    mentions = scan_mentions("INDESOL provided 598,500 pesos ($30,370) to two NGOs.")
    assert [(m.text, m.value, m.unit) for m in mentions] == [
        ("598,500 pesos", 598500, "MXN"), ("$30,370", 30370, "USD"), ("two", 2, "count")]


@pytest.mark.parametrize("text, written, value", [
    ("It says 85% of victims were women.", "85%", 85),
    ("About 50 percent were minors.", "50 percent", 50),
    ("Some 12.5 per cent were men.", "12.5 per cent", 12.5),
])
def test_percents(text, written, value):
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (written, value, "percent", "percent")


def test_fractions_are_shares_in_percent_but_a_rank_stays_an_ordinal():
    share = only("Investigations rose by a third last year.")
    assert (share.text, share.kind) == ("a third", "percent")
    assert share.value == pytest.approx(100 / 3)
    assert found("Two-thirds of the cases were closed.")[0][1] == pytest.approx(200 / 3)
    rank = only("They fled to a third country.")
    assert (rank.text, rank.value, rank.kind) == ("third", 3, "ordinal")


def test_scale_without_a_number_is_not_a_figure():
    assert scan_mentions("Millions of people and hundreds of shelters were affected.") == []


# --------------------------------------------------------------------------- ordinals, years, dates

@pytest.mark.parametrize("text, written, value", [
    ("It is the seventh report.", "seventh", 7),
    ("The fourth annual meeting was held.", "fourth", 4),
    ("Mexico's first national hotline opened.", "first", 1),
    ("It ranked 13th among the states.", "13th", 13),
    ("The twenty-first century began.", "twenty-first", 21),
])
def test_ordinals(text, written, value):
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (written, value, "ordinal", "ordinal")


@pytest.mark.parametrize("text", [
    "Trafficking rose in 2017.",
    "(ILO, 2017) 16 million people are trafficked.",
    "In the 2018 fiscal year, arrests rose.",
    "It was enacted in fiscal year 2018.",
    "The 2012 law obligated states to act.",
    "Since 2007, more cases were reported.",
])
def test_years(text):
    years = [m for m in scan_mentions(text) if m.kind == "year"]
    assert len(years) == 1 and years[0].unit == "year" and 1900 <= years[0].value <= 2099


def test_prefixed_years_and_decades_are_years():
    assert found("Arrests rose from mid-2017 on.") == [("2017", 2017, "year")]
    assert found("Reports from the 1990s were rare.") == [("1990s", 1990, "year")]


def test_a_four_digit_count_before_a_plural_noun_is_a_count():
    assert found("The shelters housed 2000 people.") == [("2000", 2000, "count")]
    assert found("In 2000 victims were found.")[0][2] == "year"  # a year preposition wins


@pytest.mark.parametrize("text, written, value", [
    ("Posted February 6th, 2019, by the editor.", "February 6th, 2019", 20190206),
    ("It was held in December 2005.", "December 2005", 20051200),
    ("Launched in July 2017, the campaign grew.", "July 2017", 20170700),
    ("Signed on 6 February 2019 in Geneva.", "6 February 2019", 20190206),
    ("Released 2019-02-06 as a draft.", "2019-02-06", 20190206),
    ("The murder in November 2017 shocked observers.", "November 2017", 20171100),
])
def test_dates_are_one_mention(text, written, value):
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (written, value, "date", "date")


def test_a_month_without_a_number_is_no_mention():
    assert found("In May, the three women were found.") == [("three", 3, "count")]


# --------------------------------------------------------------------------- ranges and shares

@pytest.mark.parametrize("text, low, high", [
    ("It estimated between 240,000 and 325,000 victims.", 240_000, 325_000),
    ("Sentences ranged from two years to 99 years.", 2, 99),
    ("Between 15,000 to 50,000 women are exploited.", 15_000, 50_000),
    ("Penalties range from five to 30 years.", 5, 30),
    ("The action plan for 2014-2018 was published.", 2014, 2018),
    ("The data spans 2007 to 2018 and more.", 2007, 2018),
])
def test_ranges(text, low, high):
    roles = [(m.value, m.role) for m in scan_mentions(text)]
    assert roles == [(low, "range_low"), (high, "range_high")]


def test_a_bare_range_bound_takes_the_other_bounds_unit_and_scale():
    low, high = scan_mentions("Between 6 and 8 million people and")[:2]
    assert (low.value, high.value) == (6e6, 8e6)
    low, high = scan_mentions("Rates of 10-20% were common.")
    assert (low.text, low.kind, low.value, high.kind) == ("10", "percent", 10, "percent")


def test_compared_figures_are_not_ranges():
    mentions = scan_mentions("Authorities convicted 95 traffickers, compared to 228 in 2016 and 86 in 2015.")
    assert all(m.role is None for m in mentions)
    assert [m.kind for m in scan_mentions("victims in 2017—429 for sex trafficking")] == ["year", "count"]


@pytest.mark.parametrize("text, part, whole", [
    ("Prosecutors were named in 27 of 31 states.", 27, 31),
    ("Twenty-eight out of 31 states had committees.", 28, 31),
    ("Officials in at least 17 of 32 states colluded.", 17, 32),
    ("1 in 4 slavery victims are children.", 1, 4),
    ("One in five callers asked for help.", 1, 5),
    ("Protocols exist in 17 of the 31 states.", 17, 31),
])
def test_part_of_whole(text, part, whole):
    roles = [(m.value, m.role) for m in scan_mentions(text)]
    assert roles == [(part, "part"), (whole, "whole")]


def test_of_which_is_not_a_share():
    assert [m.role for m in scan_mentions("They made 1,588 arrests, 1,543 of which were for sex trafficking.")] == [None, None]


# --------------------------------------------------------------------------- labels

@pytest.mark.parametrize("text, written", [
    ("It has been banned since the 13th Amendment.", "13th"),
    ("See section 1584 of the code.", "1584"),
    ("The statute is Title 18 of the Code.", "18"),
    ("Mexico remained on Tier 2.", "2"),
    ("They launched the Blue Heart Campaign 2.0 in July.", "2.0"),
    ("Read 10 Facts About Human Trafficking in Mexico today.", "10"),
    ("The COVID-19 pandemic slowed investigations.", "COVID-19"),
    ("It was ranked one of the world's worst places.", "one"),
    ("One study estimated the number.", "One"),
    ("No one was charged.", "one"),
])
def test_labels(text, written):
    mention = only(text)
    assert (mention.text, mention.kind, mention.unit) == (written, "label", "label")


def test_quantities_next_to_label_look_alikes_stay_counts():
    assert found("The following 10 facts about trafficking help.") == [("10", 10, "count")]
    assert found("At least one recent court opinion helped.") == [("one", 1, "count")]
    assert found("It supported 196 Mexican forced labor victims.") == [("196", 196, "count")]


def test_a_name_without_a_numeral_is_no_mention():
    assert scan_mentions("February 6th, 2019, by Tim Isgitt.")[0].kind == "date"
    assert len(scan_mentions("February 6th, 2019, by Tim Isgitt.")) == 1


def test_numbers_inside_urls_are_skipped():
    text = "See https://example.org/2019/report-5_v2.pdf and www.example.com/10/ for 12 cases (mail a1@b2.org)."
    assert found(text) == [("12", 12, "count")]


# --------------------------------------------------------------------------- the seed

@pytest.fixture(scope="module")
def seed_mentions():
    return scan_source(read_source(SEED, "seed.txt"))


def test_seed_mentions_slice_the_source_exactly_and_in_order(seed_mentions):
    text = SEED.read_text(encoding="utf-8")
    assert len(seed_mentions) == 200
    previous_end = 0
    for m in seed_mentions:
        assert m.source == "seed.txt" and text[m.start:m.end] == m.text
        assert m.start >= previous_end
        previous_end = m.end


def test_every_digit_and_number_word_of_the_seed_is_in_a_mention(seed_mentions):
    text = SEED.read_text(encoding="utf-8")
    covered = set()
    for m in seed_mentions:
        covered.update(range(m.start, m.end))
    words = r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|first|second|third|fourth|seventh)\b"
    for match in re.finditer(rf"\d+|{words}", text, re.IGNORECASE):
        assert match.start() in covered, text[match.start() - 30:match.end() + 10]


def test_seed_counts_per_kind(seed_mentions):
    kinds = {}
    for m in seed_mentions:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    assert kinds == {"count": 113, "year": 55, "label": 9, "money": 7, "ordinal": 6, "percent": 5, "date": 5}


@pytest.mark.parametrize("written, value, kind, unit", [
    ("eight", 8, "count", "count"), ("1,814", 1814, "count", "count"), ("Twenty-eight", 28, "count", "count"),
    ("6.7 million pesos", 6.7e6, "money", "MXN"), ("$340,030", 340030, "money", "USD"),
    ("$150 billion dollar", 150e9, "money", "USD"), ("85%", 85, "percent", "percent"),
    ("February 6th, 2019", 20190206, "date", "date"), ("13th", 13, "label", "label"),
    ("seventh", 7, "ordinal", "ordinal"), ("40.3 million", 40.3e6, "count", "count"),
])
def test_seed_values(seed_mentions, written, value, kind, unit):
    matches = [m for m in seed_mentions if m.text == written]
    assert matches and all((m.value, m.kind, m.unit) == (value, kind, unit) for m in matches)


def test_seed_quantities_agree_with_parse_number(seed_mentions):
    for m in seed_mentions:
        if m.kind in ("count", "money", "percent") and m.role is None and m.text != "a third":
            assert parse_number(m.text).value == m.value, m


# --------------------------------------------------------------------------- properties

@given(st.integers(min_value=0, max_value=10**12))
def test_a_formatted_integer_is_one_mention_with_its_value(number):
    text = f"The registry counted {number:,} cases last spring."
    mention = only(text)
    assert (mention.value, mention.kind, text[mention.start:mention.end]) == (number, "count", f"{number:,}")


@settings(max_examples=300)
@given(st.lists(st.one_of(
    st.sampled_from(["eight", "Twenty-eight", "of", "in", "between", "and", "to", "$", "%", "million", "2017",
                     "July", "section", "the", "One", "first", "13th", "-", "…", "https://x.org/1", "per cent"]),
    st.integers(min_value=0, max_value=10**7).map(str),
    st.text(max_size=6)), max_size=25))
def test_mentions_always_slice_the_text_in_order_without_overlap(parts):
    text = " ".join(parts)
    previous_end = 0
    for m in scan_mentions(text, "x"):
        assert text[m.start:m.end] == m.text and m.end > m.start >= previous_end
        assert m.kind in KINDS
        assert m.kind == "label" or m.kind == "date" or not math.isnan(m.value)
        previous_end = m.end
