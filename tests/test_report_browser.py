"""The HTML report as an editor uses it, in real headless Chromium (Debian's, via Playwright).

The seed project is audited once per session in-process; its report is opened from a file://
URL. A second, hostile project (script, event handlers and markup in the seed text, its quotes,
a rule's description and note, figure ids and the source's file name) must render as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.audit import AuditOptions, audit
from auditor.report.html import render_html
from auditor.report.view import gx_text
from browser_support import ARTIFACTS, chromium_missing, full_page_screenshot, launch, open_report

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason="Debian chromium is not at /usr/bin/chromium "
                                                  "(apt-get install chromium; scripts/test.sh does)"),
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def seed_audit():
    return audit(AuditOptions(seeds=ROOT / "seeds", datasets=ROOT / "datasets", expectations=ROOT / "expectations"))


@pytest.fixture(scope="session")
def seed_report(seed_audit, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed-report") / "report.html"
    path.write_text(render_html(seed_audit.result, seed_audit.source_texts), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_report_all_lazy(seed_audit, tmp_path_factory) -> Path:
    """The seed report with every finding rendered by the page from the embedded JSON."""
    path = tmp_path_factory.mktemp("seed-lazy") / "report.html"
    path.write_text(render_html(seed_audit.result, seed_audit.source_texts, html_limit=0), encoding="utf-8")
    return path


@pytest.fixture
def opened(browser, seed_report):
    report = open_report(browser, seed_report)
    yield report
    report.page.close()


def anchor_of(page, finding_id: str) -> str:
    """The element id the page gave a finding (looked up by its visible id, not re-derived)."""
    return page.evaluate("""(fid) => {
      for (const el of document.querySelectorAll('article.finding')) {
        const link = el.querySelector('.permalink');
        if (link && link.getAttribute('aria-label') === 'Permalink to finding ' + fid) return el.id;
      }
      return null;
    }""", finding_id)


def visible_ids(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('article.finding'))
        .filter(el => !el.hidden && el.offsetParent !== null)
        .map(el => el.querySelector('.permalink').getAttribute('aria-label').replace('Permalink to finding ', ''))""")


def test_verdict_and_every_failure_with_its_figures_highlighted(opened, seed_audit):
    page, result = opened.page, seed_audit.result
    banner = page.locator("#verdict")
    assert ("Gate fails" if not result.gate["passed"] else "Gate passes") in banner.inner_text()
    failed = [f for f in result.findings if f.status == "failed"]
    assert failed, "the seed has known contradictions"
    for finding in failed:
        article = page.locator(f"[id='{anchor_of(page, finding.id)}']")
        assert article.is_visible()
        # text_content: off-screen findings skip layout (content-visibility), so innerText is empty
        assert finding.rule_id in article.locator(".f-title").text_content()
        assert finding.message in article.locator(".message").text_content()
        if finding.figures:
            marks = article.locator(".quote mark")
            assert marks.count() >= 1
            shown = set(marks.all_text_contents())
            assert shown <= {fig.figure for fig in finding.figures}
        if finding.details.get("diff"):
            assert article.locator(".diff del, .diff ins").count() >= 1
    assert opened.errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    full_page_screenshot(page, ARTIFACTS / "report-full.png")


def click_in_finding(locator) -> None:
    """Click an element inside a finding, scrolling the finding into view first.

    Off-screen findings skip layout (``content-visibility: auto``), so their contents have no
    box and Playwright will not call them visible, nor scroll to them, until the finding is.
    """
    locator.locator("xpath=ancestor::article[1]").scroll_into_view_if_needed()
    locator.click()


def test_no_request_leaves_the_file(opened):
    page = opened.page
    # Every finding laid out at once: findings sized only as they near the screen shift the page
    # while the summaries below are clicked, and a click could land on the sticky filter bar.
    page.add_style_tag(content=".finding { content-visibility: visible !important; }")
    page.click("#show-passed")
    for details in page.locator("article.finding details").all()[:20]:
        click_in_finding(details.locator("summary"))
    page.locator("mark.sm").first.click()
    page.wait_for_timeout(100)
    assert opened.requests, "the page itself is a request"
    assert opened.network_requests == []
    assert opened.errors == []


def test_filters_by_status_severity_kind_and_text(opened, seed_audit):
    page, findings = opened.page, seed_audit.result.findings
    by_status = lambda *statuses: sorted(f.id for f in findings if f.status in statuses)  # noqa: E731
    assert sorted(visible_ids(page)) == by_status("failed", "error", "waived")
    # passed only: every failure hidden, every passed finding shown
    for status in ("failed", "error", "waived"):
        page.uncheck(f"input[name=status][value={status}]")
    page.check("input[name=status][value=passed]")
    assert sorted(visible_ids(page)) == by_status("passed")
    count = page.locator("#f-count").inner_text()
    assert count.startswith(f"{len(by_status('passed'))} of {len(findings)} findings shown")
    # all statuses, then a severity off
    for status in ("failed", "error", "waived"):
        page.check(f"input[name=status][value={status}]")
    page.uncheck("input[name=severity][value=info]")
    assert sorted(visible_ids(page)) == sorted(f.id for f in findings if f.severity != "info")
    page.check("input[name=severity][value=info]")
    # kind
    kind = findings[0].kind
    page.select_option("#f-kind", kind)
    assert sorted(visible_ids(page)) == sorted(f.id for f in findings if f.kind == kind)
    page.select_option("#f-kind", "")
    # text search narrows to the one finding whose id is typed ("/" focuses the box)
    target = next(f for f in findings if f.status == "passed")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-search"
    page.keyboard.type(target.id)
    assert target.id in visible_ids(page)
    assert len(visible_ids(page)) < len(findings)
    page.keyboard.press("Escape")
    assert len(visible_ids(page)) == len(findings)
    # Reset goes back to the default: failures only
    page.click("#f-reset")
    # (a function, not an expression: the report's CSP forbids the eval Playwright would use)
    page.wait_for_function("() => document.querySelectorAll('article.finding[data-status=passed]:not([hidden])').length === 0")
    assert sorted(visible_ids(page)) == by_status("failed", "error", "waived")


def test_figures_link_to_the_source_view_and_back(opened, seed_audit):
    page = opened.page
    finding = next(f for f in seed_audit.result.findings if f.status == "failed" and f.figures)
    article = page.locator(f"[id='{anchor_of(page, finding.id)}']")
    link = article.locator(".quote a.fig").first
    target = link.get_attribute("href")[1:]
    link.click()
    page.wait_for_function("(id) => location.hash === '#' + id", arg=target)
    mark = page.locator(f"[id='{target}']")
    assert mark.is_visible() and "st-failed" in mark.get_attribute("class")
    assert mark.text_content() in {fig.figure for fig in finding.figures}
    # the source text wraps: no horizontal scrolling for a one-line 30,000-character source
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mark.click()
    page.wait_for_function("() => location.hash.startsWith('#finding-')")
    worst = page.evaluate("location.hash.slice(1)")
    assert page.locator(f"[id='{worst}']").is_visible()


def test_passed_findings_rendered_from_json_match_the_result(browser, seed_report_all_lazy, seed_audit):
    report = open_report(browser, seed_report_all_lazy)
    page, result = report.page, seed_audit.result
    try:
        assert page.locator("#findings-html article").count() == 0
        non_passed = sorted(f.id for f in result.findings if f.status != "passed")
        assert sorted(visible_ids(page)) == non_passed     # rendered on load from the JSON
        page.click("#show-passed")
        assert sorted(visible_ids(page)) == sorted(f.id for f in result.findings)
        for finding in result.findings:
            article = page.locator(f"[id='{anchor_of(page, finding.id)}']")
            assert finding.message in article.locator(".message").text_content()
            if any(fig.quote.strip() for fig in finding.figures):
                assert article.locator(".quote mark").count() >= 1
            if finding.gx:
                click_in_finding(article.locator("details.more summary"))
                shown = article.locator("pre.gx").text_content()
                assert shown == gx_text(finding.gx)       # the same text as the HTML rendering
                assert [json.loads(line) for line in shown.splitlines()] == json.loads(json.dumps(finding.gx))
        # a permalink to a finding not rendered yet still lands on it
        page.click("#f-reset")
        passed = next(f for f in result.findings if f.status == "passed")
        anchor = page.evaluate("""(fid) => { const d = JSON.parse(document.getElementById('report-data').textContent);
            const F = d.fields.indexOf('slug'), I = d.fields.indexOf('id');
            const row = d.lazy.find(r => r[I] === fid); return 'finding-' + (row[F] || row[I]); }""", passed.id)
        page.evaluate("(a) => { location.hash = a; }", anchor)
        page.wait_for_selector(f"[id='{anchor}']", state="visible")
        assert report.errors == [] and report.network_requests == []
    finally:
        page.close()


def test_print_hides_filters_and_expands_findings(opened):
    page = opened.page
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden()
    assert page.locator("#show-passed").is_hidden()
    gx = page.locator("article.finding:not([hidden]) pre.gx").first
    assert gx.is_visible()        # inside a closed <details>, shown when printing
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def _bench_module():
    """benchmarks/report_bench.py, whose synthetic results stand in for a large project."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("report_bench", ROOT / "benchmarks" / "report_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_large_report_filters_findings_it_renders_on_demand(browser, tmp_path):
    result, texts = _bench_module().synthetic_result(3000, sources=4, chars=8000)
    path = tmp_path / "large.html"
    path.write_text(render_html(result, texts, html_limit=100), encoding="utf-8")
    report = open_report(browser, path)
    page = report.page
    try:
        failures = sum(1 for f in result.findings if f.status != "passed")
        assert page.locator("#findings-html article").count() == min(100, failures)
        page.click("#show-passed")
        count = lambda: page.locator("article.finding:not([hidden])").count()  # noqa: E731
        shown = count()
        page.click("#f-more")                           # the next page of findings from the JSON
        assert count() == shown + 200
        kind, source = "aggregate", 2
        name = result.sources[source].name
        page.select_option("#f-kind", kind)
        page.select_option("#f-source", str(source))
        expected = [f for f in result.findings if f.kind == kind and any(fig.source == name for fig in f.figures)]
        assert page.locator("#f-count").inner_text().startswith(f"{len(expected):,} of {len(result.findings):,}")
        assert count() == min(len(expected), len([f for f in expected if f.status != "passed"]) + 200)
        target = next(f for f in reversed(expected) if f.status == "passed")
        page.fill("#f-search", target.id)
        assert count() == 1 and page.locator(".finding:not([hidden]) .f-title").text_content() == target.id
        # its figure links into a source whose text starts folded (more than three sources)
        assert page.locator(f"details#source-{source}").get_attribute("open") is None
        link = page.locator(".finding:not([hidden]) .quote a.fig").first
        mark_id = link.get_attribute("href")[1:]
        link.click()
        page.wait_for_selector(f"[id='{mark_id}']", state="visible")
        assert page.locator(f"details#source-{source}").get_attribute("open") is not None
        assert report.errors == [] and report.network_requests == []
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------
# Hostile input

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
SOURCE_NAME = 'a&b <i>"x" \'q\'.txt'
BAD_SENTENCE = f"The count was {IMG} 12 cases in the north and 5 in the south, of 18 cases nationally."
GOOD_SENTENCE = f"A {SVG} note: of 12 cases, 7 were in the north and 5 in the south."
HOSTILE_TEXT = f"Officials said {SCRIPT} nothing new. {BAD_SENTENCE} {GOOD_SENTENCE}"


@pytest.fixture
def hostile_audit(project):
    project.seed(SOURCE_NAME, HOSTILE_TEXT)
    north = 'north"><img src=x onerror=window.__pwned=1>'
    project.figure(north, "12", 12, sentence=BAD_SENTENCE, scope=f"north {SCRIPT}")
    project.figure("south", "5", 5, sentence=BAD_SENTENCE, scope="south")
    project.figure("national", "18", 18, sentence=BAD_SENTENCE, scope=f"national {SVG}")
    project.figure("all", "12", 12, sentence=GOOD_SENTENCE)
    project.figure("north-2", "7", 7, sentence=GOOD_SENTENCE)
    project.figure("south-2", "5", 5, sentence=GOOD_SENTENCE)
    project.rules(f"""
        rules:
          - id: "evil:/@~-rule_1.x"
            kind: aggregate
            description: {json.dumps(SCRIPT + " & " + IMG + " " + SVG)}
            note: {json.dumps("note " + SCRIPT)}
            aggregate: national
            components: [{json.dumps(north)}, south]
          - id: good-rule
            kind: aggregate
            description: {json.dumps("of 12 cases " + SVG)}
            aggregate: all
            components: [north-2, south-2]
    """)
    project.write()
    return audit(AuditOptions(seeds=project.seeds, datasets=project.datasets, expectations=project.expectations))


@pytest.mark.parametrize("html_limit", [1000, 0], ids=["as-html", "from-json"])
def test_hostile_text_never_runs_and_shows_as_text(browser, hostile_audit, tmp_path, html_limit):
    result = hostile_audit.result
    assert any(f.status == "failed" for f in result.findings)
    path = tmp_path / "report.html"
    path.write_text(render_html(result, hostile_audit.source_texts, html_limit=html_limit), encoding="utf-8")
    report = open_report(browser, path)
    page = report.page
    try:
        page.click("#show-passed")
        for summary in page.locator("article.finding details summary").all():
            click_in_finding(summary)
        page.locator("details.source summary").first.click()
        page.locator(".quote a.fig").first.click()
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        text = page.locator("body").text_content()
        for hostile in (SCRIPT, IMG, SVG, SOURCE_NAME):
            assert hostile in text, hostile
        assert page.locator("#findings-html article, #findings-lazy article").count() == len(result.findings)
        assert page.locator("main img, main svg, main script, main i").count() == 0
        assert page.locator("#verdict h1").inner_text().strip().endswith("Gate fails")
        assert report.network_requests == []
        assert not any(url.endswith("/x") for url in report.requests)     # no <img src=x> was ever parsed
        assert report.errors == []
        page.evaluate("window.scrollTo(0, document.getElementById('findings').offsetTop)")
        full_page_screenshot(page, ARTIFACTS / f"report-hostile-{'html' if html_limit else 'json'}.png")
    finally:
        page.close()
