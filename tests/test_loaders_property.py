"""Property-based tests (hypothesis) for the number parser and for every loader.

The parser must read back what a document writes (digits with thousands separators, number
words, scale words, percents, currencies) and, on any text at all, either return a number or
raise ``ValueError``. The loaders must turn any bytes, and any YAML or CSV shaped like their
files, into either a loaded value or :class:`~auditor.errors.InputErrors` whose every error is
placed in the file that was read: never another exception.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.config import load_rules
from auditor.errors import InputErrors
from auditor.extracts import FIGURE_COLUMNS, IGNORED_COLUMNS, load_extracts
from auditor.read.numbers import parse_number
from auditor.rules import RULE_KINDS
from auditor.read.sources import load_sources, read_source
from auditor.yamlfile import load_yaml

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- a reference speller, written independently of the parser -------------------------------------

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}


def spell(n: int, hyphen: str = "-", use_and: bool = True) -> str:
    """English words for 0 <= n <= 999: 28 -> "twenty-eight", 105 -> "one hundred and five"."""
    assert 0 <= n <= 999
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (hyphen + ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    head = f"{ONES[hundreds]} hundred"
    if not rest:
        return head
    return f"{head} {'and ' if use_and else ''}{spell(rest, hyphen, use_and)}"


def test_the_reference_speller():
    assert [spell(n) for n in (0, 13, 40, 28, 100, 105, 999)] == [
        "zero", "thirteen", "forty", "twenty-eight", "one hundred", "one hundred and five",
        "nine hundred and ninety-nine"]


# --- the number parser ------------------------------------------------------------------------------

@PROPERTY
@given(st.integers(min_value=0, max_value=2**53))
def test_integers_with_thousands_separators_parse_back(n):
    for written in (f"{n:,}", str(n)):
        parsed = parse_number(written)
        assert parsed.value == n and parsed.unit == "count"


@PROPERTY
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=999))
def test_decimals_parse_back_exactly(whole, fraction):
    written = f"{whole:,}.{fraction:03d}"
    assert parse_number(written).value == float(f"{whole}.{fraction:03d}")


@PROPERTY
@given(st.integers(min_value=0, max_value=999), st.sampled_from(["-", " "]), st.booleans(),
       st.sampled_from([str.lower, str.capitalize, str.upper]))
def test_number_words_round_trip(n, hyphen, use_and, case):
    assert parse_number(case(spell(n, hyphen, use_and))).value == n


@PROPERTY
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_number_words_with_thousands(thousands, rest):
    written = f"{spell(thousands)} thousand" + (f" {spell(rest)}" if rest else "")
    assert parse_number(written).value == thousands * 1000 + rest


@PROPERTY
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=9),
       st.sampled_from([("thousand", 10**3), ("million", 10**6), ("billion", 10**9)]))
def test_scale_words_multiply_exactly(whole, tenth, scale):
    word, factor = scale
    # "6.7 million" is exactly 6,700,000: the parser multiplies decimals, not binary floats.
    assert parse_number(f"{whole}.{tenth} {word}").value == (whole * 10 + tenth) * factor // 10


@PROPERTY
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["{n}%", "{n} %", "{n} percent", "{n} per cent"]))
def test_percents(n, template):
    parsed = parse_number(template.format(n=f"{n:,}"))
    assert (parsed.value, parsed.unit, parsed.kind) == (n, "percent", "percent")


@PROPERTY
@given(st.integers(min_value=0, max_value=10**12))
def test_dollar_amounts(n):
    parsed = parse_number(f"${n:,}")
    assert (parsed.value, parsed.unit, parsed.kind) == (n, "USD", "money")


@PROPERTY
@given(st.integers(min_value=0, max_value=2**53), st.sampled_from(["\u00a0", "\u202f", "\u2009", "'", "\u2019"]))
def test_thousands_grouped_with_a_space_or_apostrophe_parse_back(n, separator):
    parsed = parse_number(f"{n:,}".replace(",", separator))
    assert (parsed.value, parsed.unit) == (n, "count")


@PROPERTY
@given(st.sampled_from([("none", 0), ("no", 0), ("a", 1), ("an", 1), ("one", 1), ("zero", 0)]),
       st.sampled_from([str.lower, str.capitalize, str.upper]))
def test_words_for_zero_and_one(word_value, case):
    word, value = word_value
    parsed = parse_number(case(word))
    assert (parsed.value, parsed.unit, parsed.kind) == (value, "count", "count")


@PROPERTY
@given(st.sampled_from(["none", "no", "a", "an"]), st.sampled_from(["hundred", "thousand", "million", "percent", "pesos"]))
def test_zero_and_one_words_before_a_scale_or_unit(word, after):
    # "a million" is one million, as the scanner reads it; "none thousand" or "no pesos" is no figure.
    if word in ("a", "an") and after in ("hundred", "thousand", "million"):
        assert parse_number(f"{word} {after}").value == {"hundred": 100, "thousand": 1000, "million": 10**6}[after]
        return
    with pytest.raises(ValueError):
        parse_number(f"{word} {after}")


NUMBERISH = st.lists(st.sampled_from(
    ["1", "12", "1,234", "1,23", "0.5", ".5", "5.", "-", "--", ",", ".", "$", "US$", "€", "%", "percent", "per cent",
     "and", "hundred", "thousand", "million", "trillion", "twenty", "eight", "first", "13th", "pesos", "dollars",
     "euro", "٣", "½", "1e9", "nan", "inf", "9" * 400, " ", "\u00a0", "\n", "none", "no", "a", "an", "'", "\u202f",
     "1\u00a0814", "1'814"]), max_size=8).map(" ".join)


@PROPERTY
@given(st.one_of(st.text(), NUMBERISH))
def test_parse_raises_nothing_but_value_error(text):
    try:
        parsed = parse_number(text)
    except ValueError:
        return
    assert math.isfinite(parsed.value) and parsed.value >= 0


# --- loaders: arbitrary bytes, and data shaped like their files -----------------------------------

@pytest.fixture(scope="module")
def scratch() -> Path:
    # One folder for the module: hypothesis reruns a test body many times within one fixture.
    with tempfile.TemporaryDirectory(prefix="auditor-props-") as folder:
        yield Path(folder)


def assert_placed_in(errors: InputErrors, path: Path) -> None:
    """Every error names the file it was found in, with 1-based positions when it has any."""
    assert errors.errors
    for error in errors.errors:
        assert error.file == str(path)
        assert error.line is None or error.line >= 1
        assert error.col is None or (error.col >= 1 and error.line is not None)
        text = str(error)
        assert "\n" not in text and "\x1b" not in text


SOURCE_TEXT = "The agency identified 10 victims in 2017: 6 for sex trafficking and 4 for forced labor.\n"


def project(scratch: Path, name: str) -> dict[str, Path]:
    root = scratch / name
    folders = {key: root / key for key in ("seeds", "datasets", "expectations")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    (folders["seeds"] / "doc.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return folders


@PROPERTY
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_source(scratch, raw):
    path = scratch / "source.txt"
    path.write_bytes(raw)
    try:
        source = read_source(path, "source.txt")
    except InputErrors as exc:
        assert_placed_in(exc, path)
        return
    # Every passage is exactly the text between its offsets.
    assert all(source.text[p.start:p.end] == p.text for p in source.passages)


@PROPERTY
@given(st.one_of(st.binary(max_size=1000), st.text(max_size=1000).map(lambda t: t.encode("utf-8"))))
def test_any_bytes_as_a_yaml_file(scratch, raw):
    path = scratch / "any.yml"
    path.write_bytes(raw)
    try:
        load_yaml(path)
    except InputErrors as exc:
        assert_placed_in(exc, path)


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                         st.text(max_size=20), st.sampled_from(["total", "sex", "labor", "error", "info"]))
RULE_KEYS = sorted({name for model in RULE_KINDS.values() for name in model.model_fields} | {"tolerence", "absolute"})


def yaml_values(leaves):
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.sampled_from(RULE_KEYS), inner, max_size=5)),
                        max_leaves=12)


def valid_rules() -> tuple[list[dict], set[str]]:
    """Every rule body of tests/rule_cases (valid by construction), and every figure id they use."""
    templates, figure_ids = [], set()
    for path in sorted((Path(__file__).parent / "rule_cases").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            templates.append({"id": f"{data['kind']}-{name}", "kind": data["kind"], "description": name, **case["rule"]})
            figure_ids |= set(case.get("figures") or {})
    return templates, figure_ids


TEMPLATES, TEMPLATE_FIGURES = valid_rules()


@st.composite
def near_valid_rules(draw):
    """A valid rule with up to two keys replaced by arbitrary YAML values or removed."""
    rule = dict(draw(st.sampled_from(TEMPLATES)))
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from(sorted(set(rule) | set(RULE_KEYS))))
        if draw(st.booleans()) and key in rule:
            del rule[key]
        else:
            rule[key] = draw(yaml_values(YAML_SCALARS))
    return rule


RULE_FILES = st.one_of(
    yaml_values(YAML_SCALARS),
    st.fixed_dictionaries({"rules": st.lists(near_valid_rules(), max_size=4)},
                          optional={"settings": yaml_values(YAML_SCALARS)}))


def test_the_rule_templates_load_as_they_are(tmp_path):
    # Near-valid rules only reach deep validation if the templates themselves are valid.
    (tmp_path / "rules.yml").write_text(yaml.safe_dump({"rules": TEMPLATES}, allow_unicode=True), encoding="utf-8")
    assert len(load_rules(tmp_path, TEMPLATE_FIGURES).rules) == len(TEMPLATES)


@PROPERTY
@given(st.one_of(RULE_FILES.map(lambda data: yaml.safe_dump(data, allow_unicode=True).encode("utf-8")),
                 st.binary(max_size=500)))
def test_any_rule_file(scratch, raw):
    folders = project(scratch, "rules")
    path = folders["expectations"] / "rules.yml"
    path.write_bytes(raw)
    try:
        ruleset = load_rules(folders["expectations"], TEMPLATE_FIGURES)
    except InputErrors as exc:
        assert_placed_in(exc, path)
        return
    for rule in ruleset.rules:
        assert {fid for fid, _ in rule.figure_roles()} <= TEMPLATE_FIGURES


CELLS = st.one_of(st.text(max_size=12), st.integers(-5, 200).map(str), st.sampled_from(
    ["doc.txt", "nope.txt", "10", "6", "inf", "nan", "-0", "1e3", "", " ", "\"", "a,b", "x\ny"]))


@st.composite
def extract_files(draw):
    """CSV text: valid rows (real offsets into the source) with up to two cells replaced by anything,
    under the right header, a shuffled one, or a wrong one."""
    ignored = draw(st.booleans())
    columns = IGNORED_COLUMNS if ignored else FIGURE_COLUMNS
    header = draw(st.one_of(st.just(columns), st.just(columns), st.permutations(columns),
                            st.lists(st.sampled_from(columns + ["tolerance", "Value"]), max_size=13)))
    rows = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(SOURCE_TEXT) - 1))
        end = draw(st.integers(start + 1, len(SOURCE_TEXT)))
        row = {"id": f"f{index}", "source": "doc.txt", "figure": "10", "value": "10", "start": str(start),
               "end": str(end), "quote": "a quote", "text": "10", "reason": "a date"}
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.sampled_from(columns))] = draw(CELLS)
        rows.append([row.get(name, "") for name in header])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    return ("ignored.csv" if ignored else "figures.csv"), out.getvalue().encode("utf-8")


@PROPERTY
@given(st.one_of(extract_files(), st.tuples(st.just("figures.csv"), st.binary(max_size=800))))
def test_any_extracts_file(scratch, named):
    name, raw = named
    folders = project(scratch, "extracts")
    path = folders["datasets"] / name
    path.write_bytes(raw)
    sources = load_sources(folders["seeds"])
    try:
        extracts = load_extracts(folders["datasets"], sources)
    except InputErrors as exc:
        assert_placed_in(exc, path)
        return
    text = sources["doc.txt"].text
    for figure in extracts.figures.values():
        assert 0 <= figure.start < figure.end <= len(text) and math.isfinite(figure.value)
    for mention in extracts.ignored:
        assert 0 <= mention.start < mention.end <= len(text) and mention.reason


@PROPERTY
@given(st.integers(min_value=0, max_value=len(SOURCE_TEXT) + 5), st.integers(min_value=0, max_value=len(SOURCE_TEXT) + 5))
def test_offsets_load_exactly_when_they_fit_the_source(scratch, start, end):
    folders = project(scratch, "offsets")
    path = folders["datasets"] / "figures.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIGURE_COLUMNS)
    writer.writerow(["f", "doc.txt", "10", "10", "", "", "", "", "", start, end, "quote"])
    path.write_text(out.getvalue(), encoding="utf-8")
    fits = 0 <= start < end <= len(SOURCE_TEXT)
    try:
        load_extracts(folders["datasets"], load_sources(folders["seeds"]))
    except InputErrors as exc:
        assert not fits
        assert_placed_in(exc, path)
        (error,) = exc.errors
        assert error.line == 2 and error.col == out.getvalue().splitlines()[1].index(f",{end},q") + 2
        return
    assert fits
