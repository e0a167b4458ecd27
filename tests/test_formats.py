"""Sources by format: each test writes a small document, reads it as auditor does, and checks the
text, the offsets of figures, the places a reader finds them, and the findings of an audit."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from auditor.audit import AuditOptions, run_audit
from auditor.cli import run
from auditor.read.scanner import scan_source
from auditor.read.sources import read_source

from formats_support import docx_of, pdf_of_text, pdf_pages, unicode_font

HEADER = "Annual Report on Trafficking 2019"
PDF_PAGES = [
    ["Authorities identified 1,814 victims in 2015 and",
     "twenty-",
     "eight shelters received them. The govern-",
     "ment reported 740 victims in 2016."],
    ["The federal government identified 194 victims",
     "and the states identified 691 victims in 2016."],
]


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test caches its extractions in its own folder (the default is the working directory)."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))


def read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_source(path, name)


def mentions(source) -> list[str]:
    return [m.text for m in scan_source(source)]


# ---- PDF ------------------------------------------------------------------------------------

def test_pdf_pages_are_joined_without_running_headers_page_numbers_or_hyphens(tmp_path):
    source = read(tmp_path, "report.pdf", pdf_pages(PDF_PAGES, header=HEADER, numbered=True))
    assert source.text == ("Authorities identified 1,814 victims in 2015 and twenty-eight shelters received them. "
                           "The government reported 740 victims in 2016. The federal government identified 194 "
                           "victims and the states identified 691 victims in 2016.")
    # The hyphenated number word is one figure; the running header's year and "Page 1 of 2" are gone.
    assert mentions(source) == ["1,814", "2015", "twenty-eight", "740", "2016", "194", "691", "2016"]
    page_two = source.text.index("The federal")
    assert source.place(source.text.index("twenty-eight")) == "p. 1"
    assert source.place(page_two - 1) == "p. 1" and source.place(page_two) == "p. 2"
    assert source.place(source.text.index("194")) == "p. 2"
    assert [p.text for p in source.passages][-1] == \
        "The federal government identified 194 victims and the states identified 691 victims in 2016."


def test_a_sentence_running_onto_the_next_page_is_one_passage(tmp_path):
    pages = [["Total victims identified were"], ["1,814 in 2015."]]
    source = read(tmp_path, "r.pdf", pdf_pages(pages, header=HEADER))
    assert [p.text for p in source.passages] == ["Total victims identified were 1,814 in 2015."]
    assert source.place(source.text.index("1,814")) == "p. 2"


def test_hyphens_before_digits_are_kept_and_ligatures_are_letters(tmp_path):
    lines = ["Cases rose over 2015-", "2017 and COVID-", "19 slowed the courts."]
    source = read(tmp_path, "r.pdf", pdf_pages([lines]))
    assert source.text == "Cases rose over 2015-2017 and COVID-19 slowed the courts."
    font = unicode_font()
    if font:   # ligatures need a font that has them
        source = read(tmp_path, "l.pdf", pdf_of_text("The \ufb01rst of\ufb01ce identi\ufb01ed 12 victims.", font))
        assert source.text == "The first office identified 12 victims."


def test_a_number_closing_a_page_is_kept_when_it_cannot_be_a_page_number(tmp_path):
    source = read(tmp_path, "r.pdf", pdf_pages([["Victims identified in the year:", "2016"], ["End of report."]]))
    assert "2016" in source.text


# ---- Word -----------------------------------------------------------------------------------

def test_word_paragraphs_and_table_rows_in_reading_order(tmp_path):
    data = docx_of([("h", "Protection"),
                    "Authorities identified 740 victims in 2016.",
                    [["Level", "Victims"], ["Federal", "194"], ["State", "691"]],
                    "The total for 2017 was 667."])
    source = read(tmp_path, "report.docx", data)
    assert source.text == ("Protection\n\nAuthorities identified 740 victims in 2016.\n\nLevel\tVictims\n\n"
                           "Federal\t194\n\nState\t691\n\nThe total for 2017 was 667.")
    assert source.place(source.text.index("740")) == "¶ 2"
    assert source.place(source.text.index("194")) == "table 1, row 2"
    assert source.place(source.text.index("691")) == "table 1, row 3"
    assert source.place(source.text.index("667")) == "¶ 3"
    # A heading or table row without a full stop does not run into the next sentence.
    assert [p.text for p in source.passages][:3] == ["Protection", "Authorities identified 740 victims in 2016.",
                                                     "Level\tVictims"]


# ---- HTML -----------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head><title>Report 2019</title><style>.n { width: 300px }</style>
<script>var visits = 4521; function f() { return 99; }</script></head>
<body>
<header><a href="/">Agency 2024</a></header>
<nav><ul><li><a href="/r/2018">Report 2018</a></li><li><a href="/r/2017">Report 2017</a></li></ul></nav>
<main>
  <h1>Victims</h1>
  <p>Authorities identified <strong>1,814</strong>
     victims in 2015 &amp; 740 in 2016.</p>
  <h2>By level</h2>
  <table><tr><th>Level</th><th>Victims</th></tr><tr><td>Federal</td><td>194</td></tr></table>
  <script>document.write("12345")</script>
</main>
<footer>Copyright 2020 · 3 offices</footer>
</body></html>"""


def test_html_main_content_without_scripts_styles_or_navigation(tmp_path):
    source = read(tmp_path, "page.html", PAGE.encode("utf-8"))
    assert source.text == ("Victims\n\nAuthorities identified 1,814 victims in 2015 & 740 in 2016.\n\n"
                           "By level\n\nLevel\tVictims\n\nFederal\t194")
    assert mentions(source) == ["1,814", "2015", "740", "2016", "194"]
    assert source.place(source.text.index("740")) == "§ Victims"
    assert source.place(source.text.index("194")) == "§ By level"


def test_a_heading_used_as_a_place_cannot_carry_terminal_controls(tmp_path):
    page = "<h1>Victims \x1b[2J\u202eevil</h1><p>Authorities identified 740 victims.</p>"
    source = read(tmp_path, "p.html", page.encode("utf-8"))
    assert source.place(source.text.index("740")) == "§ Victims \\x1b[2J\\u202eevil"


def test_html_declared_encoding_is_honoured(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Pe\xf1a reported 12 cases.</p></body></html>'
    source = read(tmp_path, "old.htm", page.encode("cp1252"))
    assert source.text == "Peña reported 12 cases."


# ---- Markdown -------------------------------------------------------------------------------

MARKDOWN = """# Victims

Authorities identified **1,814** victims in
2015, according to [the 2019 report](https://example.org/2019/report-77.pdf),
and _740_ in 2016.

## By level

| Level | Victims |
|-------|---------|
| Federal | 194 |
"""


def test_markdown_renders_to_plain_text_without_link_targets(tmp_path):
    source = read(tmp_path, "notes.md", MARKDOWN.encode("utf-8"))
    assert source.text == ("Victims\n\nAuthorities identified 1,814 victims in 2015, according to the 2019 report, "
                           "and 740 in 2016.\n\nBy level\n\nLevel\tVictims\n\nFederal\t194")
    assert mentions(source) == ["1,814", "2015", "2019", "740", "2016", "194"]
    assert source.place(source.text.index("1,814")) == "§ Victims"
    assert source.place(source.text.index("194")) == "§ By level"
    assert source.place(0) == "§ Victims"


def test_markdown_front_matter_is_metadata_not_text(tmp_path):
    page = "---\ntitle: Report 2019\nvisits: 4521\n---\n\nAuthorities identified 740 victims in 2016.\n"
    source = read(tmp_path, "post.md", page.encode("utf-8"))
    assert source.text == "Authorities identified 740 victims in 2016."


def test_plain_text_is_read_as_is_and_has_no_places(tmp_path):
    text = "\ufeffLine one has 12.\nLine two has 13.\n"
    source = read(tmp_path, "a.txt", text.encode("utf-8"))
    assert source.text == text[1:] and source.places == () and source.place(20) == ""


# ---- Findings -------------------------------------------------------------------------------

RULE_2016 = """
    settings:
      coverage: {enabled: false}
    rules:
      - id: victims-2016
        kind: aggregate
        description: "194 federal and 691 state victims against 740 nationally"
        aggregate: national
        components: [federal, state]
"""


def _pdf_project(project):
    """A PDF seed whose federal + state figures (page 2) do not add up to its national figure (page 1)."""
    project.seeds.joinpath("report.pdf").write_bytes(pdf_pages(PDF_PAGES, header=HEADER, numbered=True))
    text = read_source(project.seeds / "report.pdf", "report.pdf").text
    project.texts["report.pdf"] = text  # extracts are located in the normalized text
    national = "The government reported 740 victims in 2016."
    levels = "The federal government identified 194 victims and the states identified 691 victims in 2016."
    project.figure("national", "740", 740, sentence=national)
    project.figure("federal", "194", 194, sentence=levels)
    project.figure("state", "691", 691, sentence=levels)
    project.rules(RULE_2016)
    return project.write()


def test_findings_name_the_page_of_each_figure_in_every_output(project, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")   # one table row per finding in the terminal summary
    _pdf_project(project)
    code = run(project.args()[:-1])   # without --quiet: the terminal summary is printed
    out = capsys.readouterr().out
    assert code == 1
    results = json.loads((project.root / "reports" / "results.json").read_text(encoding="utf-8"))
    finding = next(f for f in results["findings"] if f["id"] == "victims-2016")
    assert finding["status"] == "failed"
    assert {f["id"]: f["place"] for f in finding["figures"]} == {"national": "p. 1", "federal": "p. 2", "state": "p. 2"}
    assert "report.pdf p. 1; report.pdf p. 2" in out
    junit = (project.root / "reports" / "junit.xml").read_text(encoding="utf-8")
    assert "at report.pdf:" in junit and "(p. 2)" in junit
    report = (project.root / "reports" / "report.html").read_text(encoding="utf-8")
    assert '<span class="place">p. 2</span>' in report
    assert 'title="p. 2 · ' in report   # the figure's mark in the source view
    # The source view labels where each page starts, at the offsets results.json records.
    places = results["sources"][0]["places"]
    assert [label for _, label in places] == ["p. 1", "p. 2"]
    assert f'id="pl-0-{places[1][0]}" data-place="p. 2"' in report


TABLE_DOCUMENTS = {
    "report.docx": (lambda: docx_of([("h", "Victims"), "The government reported 740 victims in 2016.",
                                     [["Level", "Victims"], ["Federal", "194"], ["State", "691"]]]),
                    {"national": "¶ 2", "federal": "table 1, row 2", "state": "table 1, row 3"}),
    "report.html": (lambda: ("<nav>Home</nav><main><h1>Victims</h1><p>The government reported 740 victims in 2016.</p>"
                             "<h2>By level</h2><table><tr><td>Federal</td><td>194</td></tr>"
                             "<tr><td>State</td><td>691</td></tr></table></main>").encode(),
                    {"national": "§ Victims", "federal": "§ By level", "state": "§ By level"}),
    "report.md": (lambda: (b"# Victims\n\nThe government reported *740* victims in 2016.\n\n## By level\n\n"
                           b"| Level | Victims |\n|---|---|\n| Federal | 194 |\n| State | 691 |\n"),
                  {"national": "§ Victims", "federal": "§ By level", "state": "§ By level"}),
}


@pytest.mark.parametrize("name", sorted(TABLE_DOCUMENTS))
def test_a_figure_in_a_table_is_checked_and_named_by_its_place(project, name):
    build, places = TABLE_DOCUMENTS[name]
    project.seeds.joinpath(name).write_bytes(build())
    project.texts[name] = read_source(project.seeds / name, name).text
    project.figure("national", "740", 740, sentence="The government reported 740 victims in 2016.")
    project.figure("federal", "194", 194, sentence="Federal\t194")
    project.figure("state", "691", 691, sentence="State\t691")
    project.rules(RULE_2016).write()
    result = run_audit(AuditOptions(seeds=project.seeds, datasets=project.datasets, expectations=project.expectations))
    finding = next(f for f in result.findings if f.id == "victims-2016")
    assert (finding.status, finding.expected, finding.observed) == ("failed", 740, 885)
    assert {ref.id: ref.place for ref in finding.figures} == places
    assert result.summary["provenance"]["verified"] == 3


def test_provenance_reverifies_against_the_normalized_text_of_the_current_file(project):
    _pdf_project(project)
    first = run_audit(AuditOptions(seeds=project.seeds, datasets=project.datasets, expectations=project.expectations))
    assert first.summary["provenance"] == {"figures": 3, "verified": 3, "stale": 0}
    # The report is re-issued with a new first page: every offset moves, the extracts go stale.
    pages = [["A new foreword of 3 lines was added."], *PDF_PAGES]
    project.seeds.joinpath("report.pdf").write_bytes(pdf_pages(pages, header=HEADER, numbered=True))
    second = run_audit(AuditOptions(seeds=project.seeds, datasets=project.datasets, expectations=project.expectations))
    stale = [f for f in second.findings if f.kind == "provenance"]
    assert len(stale) == 3 and all("now at" in f.message for f in stale)
    assert {f.figures[0].place for f in stale} == {"p. 2", "p. 3"}


def test_scan_lists_a_pdfs_mentions_with_their_pages(tmp_path, capsys):
    (tmp_path / "report.pdf").write_bytes(pdf_pages(PDF_PAGES, header=HEADER, numbered=True))
    assert run(["scan", str(tmp_path / "report.pdf"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(m["text"], m["place"]) for m in data["mentions"]] == [
        ("1,814", "p. 1"), ("2015", "p. 1"), ("twenty-eight", "p. 1"), ("740", "p. 1"), ("2016", "p. 1"),
        ("194", "p. 2"), ("691", "p. 2"), ("2016", "p. 2")]


def test_a_pdf_encrypted_only_to_restrict_printing_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_pages(PDF_PAGES))))
    writer.encrypt(user_password="", owner_password="publisher", algorithm="AES-256", permissions_flag=0)
    out = io.BytesIO()
    writer.write(out)
    source = read(tmp_path, "restricted.pdf", out.getvalue())
    assert source.text.startswith("Authorities identified 1,814 victims") and source.place(len(source.text) - 1) == "p. 2"
