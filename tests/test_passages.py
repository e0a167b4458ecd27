"""Repeated passages: exact, near and truncated repeats, figure alignment, what must not match."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from auditor.read.passages import DEFAULT_THRESHOLD, Repeat, find_repeats, search_repeats
from auditor.read.sources import Passage, read_source, split_passages

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f1179795d82053b5.txt"


def passages(*texts: str, source: str = "doc.txt") -> list[Passage]:
    """The sentences of ``texts`` laid out one after another in one source."""
    return split_passages(" ".join(texts), source)


def one(repeats: list[Repeat]) -> Repeat:
    assert len(repeats) == 1, [(r.kind, r.first.text, r.second.text) for r in repeats]
    return repeats[0]


def values(repeat: Repeat) -> list[tuple[float, float]]:
    return [(p.first.value, p.second.value) for p in repeat.figure_pairs]


BREAKDOWN = ("The government reported identifying 667 trafficking victims in 2017, including 429 for sex "
             "trafficking and eight for forced begging, compared to 740 victims in 2016 and 1,814 in 2015.")


# --------------------------------------------------------------------------- exact

def test_exact_repeat_across_documents_pairs_every_figure():
    first = split_passages(f"Intro line for the first report here. {BREAKDOWN}", "a.txt")
    second = split_passages(f"{BREAKDOWN} Closing remarks of the second report.", "b.txt")
    repeat = one(find_repeats(first + second))
    assert (repeat.kind, repeat.similarity) == ("exact", 100.0)
    assert (repeat.first.source, repeat.second.source) == ("a.txt", "b.txt")
    assert values(repeat) == [(667, 667), (429, 429), (8, 8), (740, 740), (1814, 1814)]
    assert not repeat.figures_differ and not repeat.text_differs and repeat.unpaired == ()
    # Mentions are placed in their sources, not in their passages.
    for pair in repeat.figure_pairs:
        assert pair.first.source == "a.txt" and pair.second.source == "b.txt"
        assert first[1].text[pair.first.start - first[1].start:pair.first.end - first[1].start] == pair.first.text


def test_exact_means_same_words_whatever_the_case_and_punctuation():
    repeat = one(find_repeats(passages("Many traffickers use Mexico as a route to smuggle children.",
                                       "Other things happen in between these two sentences.",
                                       "MANY traffickers use Mexico, as a route, to smuggle children!")))
    assert repeat.kind == "exact" and not repeat.text_differs


# --------------------------------------------------------------------------- near

def test_same_passage_with_one_figure_changed_pairs_the_two_values():
    changed = BREAKDOWN.replace("1,814", "1,914")
    repeat = one(find_repeats(split_passages(BREAKDOWN, "a.txt") + split_passages(changed, "b.txt")))
    assert repeat.kind == "near" and repeat.similarity >= 90
    assert repeat.figures_differ and repeat.text_differs
    assert values(repeat)[-1] == (1814, 1914)
    assert [(p.first.text, p.second.text) for p in repeat.figure_pairs if p.first.value != p.second.value] == [("1,814", "1,914")]
    assert ("delete", "1,814") in repeat.diff and ("insert", "1,914") in repeat.diff


def test_a_figure_written_as_a_word_pairs_with_its_digit_form():
    repeat = one(find_repeats(passages(BREAKDOWN, "Something else entirely is said in this sentence.",
                                       BREAKDOWN.replace("eight for", "8 for"))))
    assert (8, 8) in values(repeat) and not repeat.figures_differ and repeat.text_differs


def test_a_percent_closing_the_passage_is_paired_like_any_figure():
    first = "Of the victims the shelters took in over the year, women and girls made up 51%."
    repeat = one(find_repeats(split_passages(first, "a.txt") + split_passages(first.replace("51%", "57%"), "b.txt")))
    assert values(repeat) == [(51, 57)] and repeat.unpaired == () and repeat.wording == 100.0


def test_a_figure_present_in_one_copy_only_is_unpaired():
    base = "The shelter housed 52 victims and gave legal aid to survivors in the capital during the year."
    longer = "The shelter housed 52 victims and gave legal aid to 17 survivors in the capital during the year."
    repeat = one(find_repeats(split_passages(base, "a.txt") + split_passages(longer, "b.txt")))
    assert values(repeat) == [(52, 52)]
    assert [(m.text, m.source) for m in repeat.unpaired] == [("17", "b.txt")]
    assert repeat.figures_differ


def test_textual_variant_with_equal_figures_is_a_near_repeat():
    repeat = one(find_repeats(passages("24.9 million people are victims of forced labor.",
                                       "Nothing to see in this sentence at all, really.",
                                       "24.9 million people are trapped in forced labor.")))
    assert repeat.kind == "near" and repeat.similarity == 75.0
    assert values(repeat) == [(24.9e6, 24.9e6)] and not repeat.figures_differ
    assert repeat.text_differs
    assert [d for d in repeat.diff if d[0] != "equal"] == [("delete", "victims of"), ("insert", "trapped in")]


def test_place_name_variant_is_a_near_repeat():
    repeat = one(find_repeats(passages(
        "Human trafficking is a form of modern slavery that occurs in every state, including Hawaii.",
        "Human trafficking is a form of modern slavery that occurs in every state, including New Mexico.")))
    assert repeat.kind == "near" and repeat.text_differs and not repeat.figures_differ
    assert [d for d in repeat.diff if d[0] != "equal"] == [("delete", "Hawaii"), ("insert", "New Mexico")]


def test_threshold_is_a_parameter():
    texts = passages("Human trafficking is a form of modern slavery that occurs in every state, including Hawaii.",
                     "Human trafficking is a form of modern slavery that occurs in every state, including New Mexico.")
    assert find_repeats(texts, threshold=95) == []
    assert len(find_repeats(texts, threshold=DEFAULT_THRESHOLD)) == 1


# --------------------------------------------------------------------------- truncated

FULL = ("In 2017 the NGO-run hotline received 981 calls, identified 103 calls with trafficking indicators "
        "and opened 22 investigations across the country.")


def test_truncated_repeat_aligns_figures_only_within_the_shared_prefix():
    truncated = "In 2017 the NGO-run hotline received 981 calls, identified 103 calls with trafficking …"
    repeat = one(find_repeats(split_passages(FULL, "a.txt") + split_passages(truncated, "b.txt")))
    assert repeat.kind == "truncated" and repeat.similarity == 100.0
    assert values(repeat) == [(981, 981), (103, 103)]
    assert repeat.unpaired == () and not repeat.figures_differ and not repeat.text_differs


def test_truncated_repeat_with_a_changed_figure_and_a_cut_word():
    truncated = "In 2017 the NGO-run hotline received 918 calls, identified 103 calls with traffi..."
    repeat = one(find_repeats(split_passages(truncated, "a.txt") + split_passages(FULL, "b.txt")))
    assert repeat.kind == "truncated" and repeat.first.source == "a.txt"
    assert values(repeat) == [(918, 981), (103, 103)]
    assert repeat.figures_differ and repeat.unpaired == ()


def test_truncated_passage_as_long_as_the_other_is_compared_as_it_stands():
    cut = "The hotline received 981 calls from farm workers in the northern valley …"
    other = "The hotline received 918 calls from farm workers in the northern valley."
    repeat = one(find_repeats(passages(cut, other)))
    assert repeat.kind == "near" and values(repeat) == [(981, 918)]


def test_seed_style_truncation_of_a_list():
    full = ("Groups considered most vulnerable to human trafficking in Mexico include women, children, indigenous "
            "persons, persons with mental and physical disabilities, migrants, and LGBTI individuals.")
    cut = ("Groups considered most vulnerable to human trafficking in Mexico include women, children, indigenous "
           "persons, persons with mental and …")
    repeat = one(find_repeats(passages(full, "Quite another sentence stands between the two.", cut)))
    assert (repeat.kind, repeat.first.text, repeat.second.text) == ("truncated", full, cut)


# --------------------------------------------------------------------------- groups

NHTH = ("The NHTH works closely with service providers, law enforcement, and other professionals in {} to serve "
        "victims and survivors of trafficking, respond to human trafficking cases, {}")


def test_three_occurrences_are_paired_with_the_first_not_with_each_other():
    texts = passages(NHTH.format("New Mexico", "…"), "A different sentence sits here in the middle.",
                     NHTH.format("Hawaii", "and share information and resources."),
                     NHTH.format("Hawaii", "…"))
    repeats = find_repeats(texts)
    assert [(r.kind, r.first.index, r.second.index) for r in repeats] == [("truncated", 0, 2), ("near", 0, 3)]
    assert all(r.first.text.startswith("The NHTH") and "New Mexico" in r.first.text for r in repeats)


def test_an_exact_group_reports_each_copy_against_the_first():
    sentence = "Many traffickers use Mexico as a route to smuggle children into the United States."
    openings = ["Rain fell all week on the valley towns.", "Our editors thank every reader who wrote in.",
                "This report covers the northern border region.", "Volunteers collected the interviews below."]
    docs = [split_passages(f"{opening} {sentence}", f"d{n}.txt") for n, opening in enumerate(openings)]
    repeats = find_repeats(p for doc in docs for p in doc)
    assert [(r.kind, r.first.source, r.second.source) for r in repeats] == [
        ("exact", "d0.txt", "d1.txt"), ("exact", "d0.txt", "d2.txt"), ("exact", "d0.txt", "d3.txt")]


def test_order_of_the_input_does_not_matter():
    sources = [read_source(SEED, "seed.txt")]
    shuffled = list(sources[0].passages)
    random.Random(4).shuffle(shuffled)
    key = [(r.kind, r.first.start, r.second.start, r.similarity) for r in find_repeats(sources[0].passages)]
    assert key == [(r.kind, r.first.start, r.second.start, r.similarity) for r in find_repeats(shuffled)]


# --------------------------------------------------------------------------- must not match

@pytest.mark.parametrize("first, second", [
    ("The government provided anti-trafficking training to the federal police, federal prosecutors, "
     "immigration officials, and state government officials.",
     "The government provided anti-trafficking training for its diplomatic personnel."),
    ("The state governments identified 527 victims, compared to 691 in 2016 and 938 in 2015.",
     "The federal government identified 140 victims, compared to 194 in 2016 and 876 in 2015."),
    ("The government maintained law enforcement efforts.", "The government increased prevention efforts."),
    ("The National Children and Family Services System (DIF) provided assistance to 78 victims.",
     "The National Security System (CNS) provided assistance to 126 victims."),
])
def test_different_statements_sharing_boilerplate_are_not_repeats(first, second):
    assert find_repeats(passages(first, second)) == []


def test_truncated_passage_does_not_match_a_different_statement_with_the_same_opening():
    cut = "The government provided anti-trafficking training to the federal police, …"
    other = "The government provided anti-trafficking training for its diplomatic personnel and consular staff abroad."
    assert find_repeats(passages(cut, other)) == []


def test_short_passages_are_ignored_even_when_repeated():
    assert find_repeats(passages("Twitter.", "Facebook.", "Twitter.", "Facebook.", "Linkedin.")) == []
    assert find_repeats(passages("Statistics and Facts about it.", "Statistics and Facts about it."), min_chars=31) == []


# --------------------------------------------------------------------------- likeness that is not one statement

ALLIANCES = "According to UNODC, in the capital of {}, criminal groups formed alliances with officials in {} out of 31 states."


def test_same_words_about_another_place_are_set_aside_across_documents():
    search = search_repeats(split_passages(ALLIANCES.format("Panama", 17), "a.txt")
                            + split_passages(ALLIANCES.format("Nicaragua", 13), "b.txt"))
    assert search.repeats == [] and search.other_subject == 1


def test_another_place_within_one_document_is_kept_only_with_equal_figures():
    equal = search_repeats(passages(ALLIANCES.format("Panama", 17), ALLIANCES.format("Nicaragua", 17)))
    assert [r.other_subject for r in equal.repeats] == [("Panama", "Nicaragua")]
    assert not equal.repeats[0].figures_differ
    differing = search_repeats(passages(ALLIANCES.format("Panama", 17), ALLIANCES.format("Nicaragua", 13)))
    assert differing.repeats == [] and differing.other_subject == 1


def test_within_one_document_a_name_change_among_other_changes_is_another_statement():
    first = "According to UNODC, in the capital of Panama, criminal groups formed alliances with officials in 17 out of 31 states."
    second = ("According to local media, in the capital of Nicaragua, criminal groups formed alliances with officials "
              "in 17 out of 31 states.")
    search = search_repeats(passages(first, second))
    assert search.repeats == [] and search.other_subject == 1


def test_another_year_is_another_statement():
    sentence = "In {} the government identified {} victims of forced labor in the farming regions."
    search = search_repeats(split_passages(sentence.format(2016, 740), "a.txt")
                            + split_passages(sentence.format(2017, 667), "b.txt"))
    assert search.repeats == [] and search.other_subject == 1


def test_most_figures_different_is_another_breakdown_but_one_changed_is_a_repeat():
    shares = "{} percent of victims were women, {} percent girls, {} percent men and {} percent boys."
    refilled = search_repeats(passages(shares.format(11, 16, 2, 71), "Another sentence stands in between here.",
                                       shares.format(20, 11, 2, 67)))
    assert refilled.repeats == [] and refilled.other_figures == 1
    typo = one(find_repeats(passages(shares.format(11, 16, 2, 71), "Another sentence stands in between here.",
                                     shares.format(11, 16, 2, 17))))
    assert [(p.first.value, p.second.value) for p in typo.figure_pairs if p.first.value != p.second.value] == [(71, 17)]


def test_figures_and_wording_both_different_is_another_statement():
    estimate = "According to {}, in the {} of the country, an estimated {} million people are trapped in forced labor."
    search = search_repeats(passages(estimate.format("the national police", "northern border region", "18.1"),
                                     estimate.format("the labor inspectorate", "industrial corridor", "16.7")))
    assert search.repeats == [] and search.other_figures == 1


IDENTIFIED = "The federal government identified {} victims during the year under review."


def test_a_sentence_filled_in_by_every_document_is_a_template():
    openings = ["Rain fell all week on the valley towns.", "Our editors thank every reader who wrote in.",
                "This report covers the northern border region.", "Volunteers collected the interviews below."]
    docs = [split_passages(f"{opening} {IDENTIFIED.format(value)}", f"d{n}.txt")
            for n, (opening, value) in enumerate(zip(openings, [30, 41, 52, 63]))]
    # d4 states its own figure twice, differently: within one document, copies are still compared.
    docs.append(split_passages(IDENTIFIED.format(77) + " Some other words. " + IDENTIFIED.format(78), "d4.txt"))
    search = search_repeats(p for doc in docs for p in doc)
    assert [(t.first.source, t.documents, t.copies, t.figure_sets) for t in search.templates] == [("d0.txt", 5, 6, 6)]
    repeat = one(search.repeats)
    assert (repeat.first.source, repeat.second.source) == ("d4.txt", "d4.txt") and repeat.figures_differ
    assert search_repeats((p for doc in docs for p in doc), template_documents=0).templates == []


ARRESTS = "The ministry reported {} arrests and {} convictions in {} across the northern provinces."


def test_template_copies_restating_one_period_are_still_compared():
    # Four reports fill in the same sentence for their own year; the last restates 2019 otherwise.
    filled = [(40, 12, 2019), (55, 20, 2020), (61, 25, 2021), (43, 12, 2019)]
    docs = [split_passages(ARRESTS.format(*values), f"r{n}.txt") for n, values in enumerate(filled)]
    search = search_repeats(p for doc in docs for p in doc)
    assert len(search.templates) == 1 and search.templates[0].documents == 4
    repeat = one(search.repeats)
    assert (repeat.first.source, repeat.second.source) == ("r0.txt", "r3.txt") and repeat.figures_differ
    assert [(p.first.value, p.second.value) for p in repeat.figure_pairs if p.first.value != p.second.value] == [(40, 43)]


def test_template_copies_restating_one_period_with_equal_figures_agree():
    filled = [(40, 12, 2019), (55, 20, 2020), (61, 25, 2021), (40, 12, 2019)]
    docs = [split_passages(ARRESTS.format(*values), f"r{n}.txt") for n, values in enumerate(filled)]
    repeat = one(search_repeats(p for doc in docs for p in doc).repeats)
    assert repeat.kind == "exact" and not repeat.figures_differ


def test_the_odd_copy_out_is_compared_with_the_majority():
    values = [676, 667, 667, 667, 667]  # the first copy (by place) is the odd one
    docs = [split_passages(IDENTIFIED.format(value), f"d{n}.txt") for n, value in enumerate(values)]
    repeats = find_repeats(p for doc in docs for p in doc)
    failing = [r for r in repeats if r.figures_differ]
    assert [(r.first.source, r.second.source) for r in failing] == [("d0.txt", "d1.txt")]
    assert [(p.first.value, p.second.value) for p in failing[0].figure_pairs] == [(676, 667)]
    assert len(repeats) == 4  # every copy paired once


# --------------------------------------------------------------------------- the seed and scale

def test_seed_repeats():
    repeats = find_repeats(read_source(SEED, "seed.txt").passages)
    assert [(r.kind, r.first.start, r.second.start) for r in repeats] == [
        ("exact", 1401, 21266),      # the AP sentence, again after the page furniture
        ("truncated", 3073, 10885),  # NHTH … New Mexico … / Hawaii (full)
        ("near", 3073, 28182),       # NHTH … New Mexico … / Hawaii …
        ("near", 4441, 5064),        # … including Hawaii. / … including New Mexico.
        ("exact", 4441, 27549),
        ("exact", 4533, 15272),      # a range of 26 crimes
        ("exact", 8211, 12638),      # Many traffickers use Mexico as a route …
        ("truncated", 10196, 14597),  # Groups considered most vulnerable … mental and …
        ("near", 15626, 21033),      # 24.9 million people are victims of / trapped in forced labor.
        ("exact", 24575, 29114),     # the 2017 breakdown of identified victims
    ]
    assert not any(r.figures_differ for r in repeats)
    breakdown = repeats[-1]
    assert [p.first.text for p in breakdown.figure_pairs] == [
        "667", "429", "103", "eight", "eight", "four", "115", "740", "1,814"]


def test_many_sentences_with_injected_copies_are_all_found():
    rng = random.Random(11)
    vocabulary = [f"w{n}x" for n in range(3000)] + ["the", "of", "and", "in", "to"] * 200
    sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 20))) + f" {rng.randint(2, 99999):,}."
                 for _ in range(20000)]
    injected = []
    for n in range(200):
        original = rng.randrange(20000)
        words = sentences[original].split(" ")
        changed = " ".join(words[:-1] + [f"{rng.randint(100000, 999999):,}."])
        injected.append((original, len(sentences)))
        sentences.append(changed if n % 2 else sentences[original])
    docs = [Passage(f"doc{i // 100:04d}", i % 100, (i % 100) * 1000, (i % 100) * 1000 + len(s), s)
            for i, s in enumerate(sentences)]
    index = {(p.source, p.start): i for i, p in enumerate(docs)}
    group = list(range(len(docs)))  # union-find: copies of one original end up in one group

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for r in find_repeats(docs):
        group[root(index[(r.first.source, r.first.start)])] = root(index[(r.second.source, r.second.start)])
    assert all(root(a) == root(b) for a, b in injected)
    assert sum(1 for i in range(len(docs)) if root(i) != i) == len(injected)  # and nothing else
