"""The data handed to the HTML report template (auditor.report.view), tested without a browser.

Every figure's offsets are computed from the text here, never typed by hand.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from auditor.findings import AuditResult, FigureRef, Finding, SourceInfo, Waiver, gate, summarize
from auditor.report.html import render_html
from auditor.report.view import (LAZY_FIELDS, build_view, diff_view, format_value, locate_in_quote,
                                  script_json, slugify)

SENTENCE = "The agency identified 740 victims in 2016: 194 federal and 691 state."
TEXT = ("Introduction. " + SENTENCE + " Some filler follows here. " + SENTENCE
        + " Totals were 1,814 in 2015 and 74 in 1990.")
SOURCE = "doc.txt"


def ref(fid: str, figure: str, sentence: str = SENTENCE, occurrence: int = 1, role: str = "",
        text: str = TEXT, source: str = SOURCE) -> FigureRef:
    """A figure located in ``text``: the ``occurrence``-th copy of ``sentence``, then the figure in it."""
    at = -1
    for _ in range(occurrence):
        at = text.index(sentence, at + 1)
    start = at + re.search(r"(?<![\d,])" + re.escape(figure) + r"(?![\d,])", sentence).start()
    return FigureRef(id=fid, value=float(figure.replace(",", "")), figure=figure, unit="count", source=source,
                     start=start, end=start + len(figure), quote=sentence, role=role)


def finding(fid: str, status: str, figures: list[FigureRef], severity: str = "error", **extra) -> Finding:
    return Finding(id=fid, rule_id=fid, kind=extra.pop("kind", "aggregate"), severity=severity, status=status,
                   message=extra.pop("message", f"{fid} is {status}"), figures=figures, **extra)


def result_of(findings: list[Finding], text: str = TEXT) -> AuditResult:
    ordered = sorted(findings, key=lambda f: f.sort_key)
    return AuditResult(run={"started_at": "2026-01-01T00:00:00+00:00", "seconds": 1.5, "gx_version": "1.24.1"},
                       gate=gate(ordered), summary=summarize(ordered),
                       sources=[SourceInfo(name=SOURCE, chars=len(text), passages=4, sha256="ab" * 32, figures=5)],
                       findings=ordered)


@pytest.fixture
def mixed() -> AuditResult:
    """Five findings in no particular order: two passed, one waived, one error, one failed."""
    return result_of([
        finding("b-passed", "passed", [ref("national", "740"), ref("federal", "194")]),
        finding("z-failed", "failed", [ref("federal", "194", role="component"), ref("state", "691", role="component"),
                                       ref("national-copy", "740", occurrence=2, role="aggregate")],
                expected=740.0, observed=885.0, new=True, details={"note": "federal and state counts", "tolerance": 0}),
        finding("a-passed", "passed", [ref("state", "691")], severity="info"),
        finding("w-waived", "waived", [ref("state-copy", "691", occurrence=2)], severity="warning",
                waiver=Waiver(rule="w-waived", reason="corrected in the erratum", reviewer="ed", expires="2027-01-01")),
        finding("e-error", "error", [], message="not evaluated: stale extract(s)"),
    ])


def test_counts_and_verdict_come_from_the_result(mixed):
    view = build_view(mixed, {SOURCE: TEXT})
    assert view.by_status == dict(Counter(f.status for f in mixed.findings)) | {
        s: 0 for s in ("failed", "error", "waived", "passed") if s not in {f.status for f in mixed.findings}}
    assert view.total == 5
    assert view.failed_by_severity["error"] == 1
    assert not view.verdict.passed and view.verdict.blocking == 2  # failed + error, both severity error
    assert [fid for fid, _ in view.verdict.blocking_links] == mixed.gate["blocking_ids"]
    assert all(anchor.startswith("finding-") for _, anchor in view.verdict.blocking_links)
    assert "2 findings block" in view.verdict.explanation
    assert view.coverage is None            # absent from the summary: not shown
    assert view.run_line.startswith("2026-01-01 00:00:00 UTC in 1.50 s")


def test_findings_keep_failures_first_even_from_an_unsorted_result(mixed):
    scrambled = mixed.model_copy(update={"findings": list(reversed(mixed.findings))})
    view = build_view(scrambled, {SOURCE: TEXT})
    assert [f.id for f in view.findings] == ["z-failed", "e-error", "w-waived", "b-passed", "a-passed"]


def test_each_figure_is_highlighted_at_its_own_copy_of_a_repeated_passage(mixed):
    view = build_view(mixed, {SOURCE: TEXT})
    failed = view.findings[0]
    # 194 and 691 share the first copy of the sentence; 740 is in the second copy.
    assert len(failed.passages) == 2
    first, second = failed.passages
    assert first.quote_start == TEXT.index(SENTENCE)
    assert second.quote_start == TEXT.index(SENTENCE, first.quote_start + 1)
    for passage in failed.passages:
        assert "".join(text for text, _ in passage.segments) == SENTENCE
        for text, fig in passage.segments:
            if fig is not None:
                assert text == fig.figure
                # offset inside the quote + quote's place in the source == the figure's place
                assert passage.quote_start + fig.offset == fig.span[0]
                assert TEXT[fig.span[0]:fig.span[1]] == fig.figure
    highlighted = {fig.id: text for p in failed.passages for text, fig in p.segments if fig}
    assert highlighted == {"federal": "194", "state": "691", "national-copy": "740"}
    assert [f.roles for f in first.figures] == [["component"], ["component"]]


def test_figure_offset_falls_back_to_a_whole_number_search_in_the_quote():
    quote = "Totals were 1,814 in 2015 and 74 in 1990."
    stale = FigureRef(id="x", value=74, figure="74", source=SOURCE, start=3, end=5, quote=quote)
    place = locate_in_quote(stale, TEXT)    # offsets point elsewhere: the quote tells where it is now
    assert quote[place.offset:place.offset + 2] == "74" and place.offset == quote.index(" 74 ") + 1
    assert TEXT[place.source_span[0]:place.source_span[1]] == "74"
    no_text = locate_in_quote(stale, None)
    assert no_text.offset == place.offset and no_text.source_span is None
    missing = FigureRef(id="y", value=9, figure="999", source=SOURCE, start=0, end=3, quote=quote)
    assert locate_in_quote(missing, TEXT).offset is None


def test_source_marks_take_the_worst_status_and_link_to_the_worst_finding(mixed):
    view = build_view(mixed, {SOURCE: TEXT})
    (source,) = view.sources
    assert "".join(text for text, _ in source.segments) == TEXT
    marks = {TEXT[m.start:m.end] + "@" + str(m.start): m for _, m in source.segments if m is not None}
    first = TEXT.index(SENTENCE)
    second = TEXT.index(SENTENCE, first + 1)
    at = lambda copy, fig: f"{fig}@{copy + SENTENCE.index(fig)}"  # noqa: E731
    assert marks[at(first, "194")].status == "failed"      # failed and passed findings: failed wins
    assert marks[at(first, "691")].status == "failed"      # failed and passed (info)
    assert marks[at(first, "740")].status == "passed"      # only the passed finding
    assert marks[at(second, "740")].status == "failed"
    assert marks[at(second, "691")].status == "waived"
    failed_anchor = view.findings[0].anchor
    assert marks[at(first, "194")].finding_anchor == failed_anchor
    assert marks[at(first, "194")].finding_count == 2
    assert source.marks_by_status == {"failed": 3, "error": 0, "waived": 1, "passed": 1}
    # every highlighted figure of a finding links to its mark in the source view
    ids = {m.id for m in marks.values()}
    for view_finding in view.findings:
        for passage in view_finding.passages:
            assert all(fig.mark_id in ids for fig in passage.figures)


def test_overlapping_figures_share_one_mark():
    text = "In all 1,814 were found."
    whole = FigureRef(id="whole", value=1814, figure="1,814", source=SOURCE, start=7, end=12, quote=text)
    tail = FigureRef(id="tail", value=814, figure="814", source=SOURCE, start=9, end=12, quote=text)
    result = result_of([finding("a", "passed", [whole]), finding("b", "failed", [tail])], text=text)
    view = build_view(result, {SOURCE: text})
    marks = [m for _, m in view.sources[0].segments if m is not None]
    assert len(marks) == 1 and (marks[0].start, marks[0].end) == (7, 12)
    assert marks[0].status == "failed" and sorted(marks[0].figure_ids) == ["tail", "whole"]


def test_excerpts_of_a_repeat_are_anchored_and_its_diff_is_split_in_two_columns():
    first = TEXT.index(SENTENCE)
    second = TEXT.index(SENTENCE, first + 1)
    diff = [["equal", "The agency identified"], ["delete", "740"], ["insert", "750"], ["equal", "victims"]]
    places = [{"source": SOURCE, "start": first, "end": first + len(SENTENCE), "text": SENTENCE},
              {"source": SOURCE, "start": second, "end": second + len(SENTENCE), "text": SENTENCE}]
    repeat = finding("repeat/x", "failed", [], kind="repeat_variant", details={"diff": diff, "passages": places})
    view = build_view(result_of([repeat]), {SOURCE: TEXT})
    shown = view.findings[0]
    assert shown.diff.left == [("equal", "The agency identified"), ("delete", "740"), ("equal", "victims")]
    assert shown.diff.right == [("equal", "The agency identified"), ("insert", "750"), ("equal", "victims")]
    assert (shown.diff.left_place.anchor, shown.diff.right_place.anchor) == (f"at-0-{first}", f"at-0-{second}")
    assert shown.details == []      # both drawn, not repeated as raw details
    anchors = [m.id for _, m in view.sources[0].segments if m is not None and m.kind == "anchor"]
    assert anchors == [f"at-0-{first}", f"at-0-{second}"]
    assert diff_view([["moved", "x"]]) is None     # an unknown op: left to the raw details
    # a word-for-word repeat: no diff to draw, its two passages shown instead
    same = repeat.model_copy(update={"details": {"diff": [["equal", SENTENCE]], "passages": places}})
    shown = build_view(result_of([same]), {SOURCE: TEXT}).findings[0]
    assert shown.diff is None and [e.start for e in shown.excerpts] == [first, second]


def test_slugs_are_fragment_safe_stable_and_distinct():
    assert slugify("victims-2016-federal-plus-state") == "victims-2016-federal-plus-state"
    odd = ['repeat/doc.txt@3073~doc.txt@28182', 'a"><script>', "a b", "a/b", "ä"]
    slugs = [slugify(s) for s in odd]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", s) for s in slugs)
    assert len(set(slugs)) == len(slugs)
    assert slugify("a b") == slugify("a b")
    dupes = result_of([finding("same", "failed", []), finding("same", "passed", [])])
    anchors = [f.anchor for f in build_view(dupes, {}).findings]
    assert len(set(anchors)) == 2


def test_script_json_cannot_end_its_script_element_and_round_trips():
    hostile = {"m": "</script><script>alert(1)</script><!-- & \u2028\u2029 >"}
    text = script_json(hostile)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == hostile


def test_findings_beyond_the_html_limit_travel_as_compact_json(mixed):
    gx = [{"check_id": "b-passed#0", "passed": True, "values": [740.0, 0.5],
           "expectations": [{"expectation_type": "expect_parts_to_sum_to_total", "kwargs": {"column_list": ["a"]}}]}]
    hostile = "</script><img src=x onerror=alert(1)>\u2028"
    findings = [f.model_copy(update={"gx": gx, "message": hostile}) if f.id == "b-passed" else f
                for f in mixed.findings]
    view = build_view(mixed.model_copy(update={"findings": findings}), {SOURCE: TEXT}, html_limit=3)
    # More findings than the limit: every non-passed one as HTML, every passed one as JSON.
    assert [f.status for f in view.findings] == ["failed", "error", "waived"]
    assert view.lazy_count == 2 and view.lazy_by_status["passed"] == 2
    assert "</script" not in view.payload and "\u2028" not in view.payload
    data = json.loads(view.payload)
    assert data["fields"] == list(LAZY_FIELDS)
    rows = {row[LAZY_FIELDS.index("id")]: dict(zip(LAZY_FIELDS, row)) for row in data["lazy"]}
    row = rows["b-passed"]
    assert row["message"] == hostile
    # figures: table entries hold the figure and its offset in its quote
    for fig_index, role_index in row["figures"]:
        fid, figure, value, unit, passage, offset, mark_id = data["figures"][fig_index]
        src, quote_index, quote_start, _place = data["passages"][passage]
        quote = data["quotes"][quote_index]
        assert quote[offset:offset + len(figure)] == figure
        assert TEXT[quote_start + offset:quote_start + offset + len(figure)] == figure
        assert mark_id.startswith("fig-0-")
    # GX details: compacted, and expanded as the page does, equal to the original
    entry = row["gx"][0]
    keys = data["gxkeys"][entry[0]]
    expanded = {}
    for key, value in zip(keys, entry[1:]):
        if key == "check_id$suffix":
            expanded["check_id"] = "b-passed" + value
        elif key == "expectations$exps":
            expanded["expectations"] = [data["exps"][i] for i in value]
        else:
            expanded[key] = value
    assert expanded == gx[0]


def test_small_reports_are_all_html_and_passed_findings_start_hidden(mixed):
    html = render_html(mixed, {SOURCE: TEXT})
    assert json.loads(build_view(mixed, {SOURCE: TEXT}).payload)["lazy"] == []
    articles = re.findall(r'<article class="finding st-(\w+)"[^>]*?( hidden)?>', html)
    assert [status for status, _ in articles] == ["failed", "error", "waived", "passed", "passed"]
    assert [bool(hidden) for status, hidden in articles] == [status == "passed" for status, _ in articles]
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    failed = html[html.index('id="finding-z-failed"'):html.index('id="finding-e-error"')]
    assert '<span class="new">new</span>' in failed and "Expected</dt><dd>740</dd>" in failed
    assert '<span class="label">Note</span> federal and state counts' in failed     # shown, not folded away
    assert "<dt>tolerance</dt><dd>0</dd>" in failed and "<dt>note</dt>" not in failed
    waived = html[html.index('id="finding-w-waived"'):html.index('id="finding-b-passed"')]
    assert "by ed, until 2027-01-01: corrected in the erratum" in waived
    assert '<span class="new">' not in waived
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)     # nothing from the network


def test_coverage_and_values_read_as_an_editor_expects(mixed):
    summary = {**mixed.summary, "coverage": {"mentions": 200, "extracted": 124, "dates": 60, "ignored": 14,
                                             "unaccounted": 2}}
    view = build_view(mixed.model_copy(update={"summary": summary}), {SOURCE: TEXT})
    assert [(key, n) for key, n, _ in view.coverage] == [("extracted", 124), ("dates", 60), ("ignored", 14),
                                                         ("unaccounted", 2)]
    assert view.coverage_accounted_percent == "99.0%"
    assert [format_value(v) for v in (740.0, 1814, 0.25, None, "x", [1, 2])] == ["740", "1,814", "0.25", "", "x",
                                                                                 "[1, 2]"]


def test_the_payload_streamed_in_pieces_is_script_json_of_the_whole():
    from auditor.report.view import script_json, script_json_chunks

    rows = [[i, "</script><!-- \u2028 & café"] for i in range(4500)]  # longer than one slice of rows
    data = {"fields": ["id", "text"], "lazy": rows, "empty": [], "few": rows[:3]}
    pieces = list(script_json_chunks(data))
    assert len(pieces) > 4 and "".join(pieces) == script_json(data)
    assert json.loads("".join(pieces)) == data


def test_the_repeats_card_says_what_was_set_aside_and_lists_templates_escaped(mixed):
    template = {"source": SOURCE, "start": 0, "text": "<script>alert(1)</script> 8 percent of victims were women",
                "documents": 12, "copies": 14, "figure_sets": 12}
    summary = {**mixed.summary, "repeats": {"checked": 3, "other_subject": 40, "other_figures": 5, "templates": 150,
                                            "template_list": [template]}}
    html = render_html(mixed.model_copy(update={"summary": summary}), {SOURCE: TEXT})
    card = html[html.index('id="repeats-card"'):html.index("Sources audited")]
    assert "3 <span" in card and "150 sentence templates" in card and "40 likenesses naming another place" in card
    assert "Templates (the first 1 of 150)" in card and "12 documents · 14 copies · 12 sets of figures" in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 8 percent" in card and "<script>alert" not in card
    nothing = {**mixed.summary, "repeats": {"checked": 3, "other_subject": 0, "other_figures": 0, "templates": 0,
                                            "template_list": []}}
    card = render_html(mixed.model_copy(update={"summary": nothing}), {SOURCE: TEXT})
    assert "Nothing set aside: every likeness found was compared." in card
    assert 'id="repeats-card"' not in render_html(mixed, {SOURCE: TEXT})  # no repeat detection, no card
