"""CI outputs: one line per finding, GitHub workflow commands, SARIF 2.1.0, and the places they share.

Every format renders the same :class:`~auditor.findings.AuditResult`; these tests check each on
the shipped seed (every non-passing finding once, with its place) and on hostile text (escape
sequences, bidi overrides, zero-width characters and newlines in file names, ids, categories
and waiver fields), and the choices the command makes (format by TTY / GITHUB_ACTIONS, colour
by NO_COLOR / FORCE_COLOR, a stdout that cannot encode the text).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from auditor.audit import AuditOptions, audit
from auditor.cli import run
from auditor.findings import AuditResult, FigureRef, Finding, Waiver
from auditor.read.sources import Source
from auditor.report import write_reports
from auditor.report.github import annotation, annotations, escape_data, escape_property
from auditor.report.lines import finding_lines
from auditor.report.sarif import write_sarif

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
CONSOLE_SCRIPT = Path(sys.executable).with_name("auditor")
# What must never reach a terminal raw: C0/C1 controls (ESC, BEL, newline), bidi, zero-width.
RAW_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _source(text: str) -> Source:
    return Source(name="doc.txt", path=Path("doc.txt"), text=text)


# --- places in the model --------------------------------------------------------------------------

def test_line_col_counts_lines_and_characters_from_one():
    source = _source("first line\nsecond 1,814 é\n\nlast")
    assert source.line_col(0) == (1, 1)
    assert source.line_col(10) == (1, 11)            # the newline itself ends line 1
    assert source.line_col(11) == (2, 1)
    assert source.line_col(source.text.index("1,814")) == (2, 8)
    assert source.line_col(source.text.index("\n\n") + 1) == (3, 1)
    assert source.line_col(source.text.index("last")) == (4, 1)
    assert source.line_col(len(source.text)) == (4, 5)  # just after the last character
    assert source.line_col(10 ** 9) == (4, 5)


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict:
    """The shipped project audited once, in process, with its reports written."""
    work = tmp_path_factory.mktemp("ci-formats")
    done = audit(AuditOptions(seeds=ROOT / "seeds", datasets=ROOT / "datasets", expectations=ROOT / "expectations"))
    written = write_reports(done.result, work / "audit_reports", done.source_texts, "seeds")
    texts = {name: (ROOT / "seeds" / name).read_text(encoding="utf-8") for name in done.source_texts}
    return {"result": done.result, "written": written, "texts": texts,
            "reported": [f for f in done.result.findings if f.status != "passed"]}


def test_every_figure_of_the_seed_has_the_place_its_offsets_give(seed):
    figures = [ref for finding in seed["result"].findings for ref in finding.figures]
    assert figures
    for ref in figures:
        before = seed["texts"][ref.source][:ref.start]
        assert ref.line == before.count("\n") + 1
        assert ref.col == len(before) - (before.rfind("\n") + 1) + 1
        figure_end = seed["texts"][ref.source][:ref.end]
        assert (ref.end_line, ref.end_col) == (figure_end.count("\n") + 1, len(figure_end) - (figure_end.rfind("\n") + 1) + 1)


def _expected_place(finding: Finding) -> str:
    if finding.figures:
        ref = finding.figures[0]
        return f"seeds/{ref.source}:{ref.line}:{ref.col}"
    if finding.details.get("passages"):
        passage = finding.details["passages"][0]
        return f"seeds/{passage['source']}:{passage['line']}:{passage['col']}"
    return f"{finding.rule_file}:{finding.rule_line}:1"


# --- lines ----------------------------------------------------------------------------------------

def test_lines_give_every_non_passing_finding_of_the_seed_once_with_its_place(seed):
    lines = list(finding_lines(seed["result"], "seeds"))
    assert len(lines) == len(seed["reported"]) > 10
    for finding, line in zip(seed["reported"], lines):
        assert line == f"{_expected_place(finding)}: {finding.severity} {finding.id} {finding.message}"
    # The repeats in other words hold no extracted figure: their first passage is their place.
    assert any(not f.figures and f.kind == "repeat_variant" for f in seed["reported"])
    # Claims the text gives no figures for point at their rule.
    assert any(line.startswith(f"{f.rule_file}:{f.rule_line}:1: ") for f, line in zip(seed["reported"], lines))


def test_lines_is_the_default_when_stdout_is_not_a_terminal(project, capsys):
    sentence = "The agency identified 11 victims in 2017: 6 for sex trafficking and 4 for forced labor."
    project.seed("doc.txt", "Introduction.\n" + sentence)
    project.figure("total", "11", 11, sentence=sentence)
    project.figure("sex", "6", 6, sentence=sentence)
    project.figure("labor", "4", 4, sentence=sentence)
    project.rules("""
        rules:
          - {id: by-form, kind: sum_total, description: "11: 6 and 4", total: total, parts: [sex, labor]}
    """).write()
    assert run(project.args()) == 1
    out = capsys.readouterr().out.splitlines()
    seeds = project.seeds.as_posix()
    assert out[0] == f"{seeds}/doc.txt:2:23: error by-form sex 6 + labor 4 = 10, but the total is 11: off by 1"
    assert out[-1] == "gate FAIL (fail on error): 1 blocking finding(s)"
    assert "┃" not in "\n".join(out)  # not the table


# --- GitHub workflow commands ---------------------------------------------------------------------

_COMMAND = re.compile(r"::(?P<name>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)")


def _unescape(text: str, prop: bool) -> str:
    # The reverse of the toolkit's escaping, as the runner decodes it (%25 last).
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command line as the runner reads it: name, properties, message."""
    match = _COMMAND.fullmatch(line)
    assert match, line
    props = {}
    for pair in filter(None, (match["props"] or "").split(",")):
        key, value = pair.split("=", 1)
        props[key] = _unescape(value, prop=True)
    return match["name"], props, _unescape(match["data"], prop=False)


@pytest.mark.parametrize("text", ["100% of 3,000: 4 000", "two\nlines\r\nand CR\r", "%0A is not a newline, %25 is",
                                  "a::b, c: d", "::error ::forged"])
def test_github_escaping_round_trips_through_the_runner_parser(text):
    assert _unescape(escape_data(text), prop=False) == text
    assert _unescape(escape_property(text), prop=True) == text
    assert "\n" not in escape_data(text) and "\r" not in escape_data(text)
    assert not {":", ","} & set(escape_property(text))


def test_an_annotation_carries_the_place_and_the_whole_message():
    source = "dir, with: commas/doc 100%.txt"
    finding = Finding(id="by-form", rule_id="by-form", kind="sum_total", severity="warning", status="failed",
                      message="6 + 4 = 10, but the total is 11: off by 1\nsecond line, 100% sure",
                      figures=[FigureRef(id="total", value=11, figure="11", source=source, start=5, end=7, quote="x",
                                         line=3, col=6, end_line=3, end_col=8)])
    name, props, message = parse_command(annotation(finding, "seeds"))
    assert name == "warning"
    assert props == {"file": f"seeds/{source}", "line": "3", "endLine": "3", "col": "6", "endColumn": "7",
                     "title": "by-form"}
    assert message == finding.message
    assert len(annotation(finding, "seeds").splitlines()) == 1


def test_github_annotations_of_the_seed_one_per_finding(seed):
    commands = [parse_command(line) for line in annotations(seed["result"], "seeds")]
    assert len(commands) == len(seed["reported"])
    for finding, (name, props, message) in zip(seed["reported"], commands):
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        assert f"{props['file']}:{props['line']}:{props.get('col', '1')}" == _expected_place(finding)
        assert props["title"] == finding.id and message == finding.message


def test_github_format_is_chosen_in_github_actions(totals_project, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (totals_project.seeds / "doc.txt").write_text("The agency identified 10 victims in 2017: 6 for sex trafficking "
                                                  "and 4 for forced labor. Regions reported 7 cases in the north and "
                                                  "5 in the south, of 13 cases nationally.", encoding="utf-8")
    # The text changed under the extracts: provenance findings, errors that block.
    assert run(totals_project.args()) == 1
    out = capsys.readouterr().out.splitlines()
    commands = [line for line in out if line.startswith("::")]
    assert commands and all(parse_command(line)[0] in ("error", "warning", "notice") for line in commands)
    assert out[-1].startswith("gate FAIL")


# --- SARIF ----------------------------------------------------------------------------------------

def _sarif(result: AuditResult, sources_dir: str = "seeds") -> dict:
    handle = io.BytesIO()
    write_sarif(result, handle, sources_dir)
    return json.loads(handle.getvalue().decode("utf-8"))


def test_the_seed_sarif_validates_against_the_sarif_2_1_0_schema(seed):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(seed["written"]["results.sarif"].read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert [r["partialFingerprints"]["auditorFindingId/v1"] for r in results] == [f.id for f in seed["reported"]]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules) == len({f.rule_id for f in seed["reported"]})
    for finding, result in zip(seed["reported"], results):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule_id
        assert result["message"]["text"] == finding.message
        locations = result["locations"]
        # Every figure is a location, in order, with its region and the figure as written.
        if finding.figures:
            assert len(locations) == len(finding.figures)
            for ref, loc in zip(finding.figures, locations):
                region = loc["physicalLocation"]["region"]
                assert loc["physicalLocation"]["artifactLocation"] == {"uri": f"seeds/{ref.source}", "uriBaseId": "%SRCROOT%"}
                assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == \
                       (ref.line, ref.col, ref.end_line, ref.end_col)
                assert ref.figure in loc["message"]["text"]
    help_texts = {rule["id"]: rule["help"]["text"] for rule in rules}
    assert "``sum_total``" in help_texts["ucr-incidents-by-category"]


def test_sarif_marks_waived_and_new_findings():
    waiver = Waiver(rule="a", reason="known typo in the source", reviewer="editor", expires="2030-01-01")
    findings = [Finding(id="a", rule_id="a", kind="claim", severity="info", status="waived", message="m", waiver=waiver,
                        rule_file="/abs/rules dir/r.yml", rule_line=4),
                Finding(id="b", rule_id="b", kind="sum_total", severity="error", status="failed", message="m", new=True),
                Finding(id="c", rule_id="c", kind="sum_total", severity="error", status="passed", message="m")]
    log = _sarif(AuditResult(findings=findings))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    waived, new = log["runs"][0]["results"]
    assert waived["suppressions"][0]["kind"] == "external"
    assert "known typo in the source" in waived["suppressions"][0]["justification"]
    assert waived["level"] == "note"
    assert waived["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///abs/rules%20dir/r.yml"}
    assert new["baselineState"] == "new" and "locations" in new and new["locations"] == []


def test_results_sarif_is_written_with_the_other_reports_or_not_at_all(seed, tmp_path, monkeypatch):
    import auditor.report.sarif as sarif

    reports = tmp_path / "audit_reports"
    write_reports(seed["result"], reports, {})
    before = {p.name: p.read_bytes() for p in reports.iterdir()}
    assert "results.sarif" in before

    def broken(*_args):
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(sarif, "write_sarif", broken)
    with pytest.raises(RuntimeError):
        write_reports(seed["result"], reports, {})
    assert {p.name: p.read_bytes() for p in reports.iterdir()} == before


# --- hostile text on every stream -----------------------------------------------------------------

HOSTILE_NAME = "doc\x1b[2J\u202e\n::error title=forged::audit gate passed.txt"
SENTENCE = "The agency identified 11 victims in 2017: 6 for sex trafficking and 4 for forced labor."


@pytest.fixture
def hostile(project):
    """A project whose file name, figure ids, categories and waiver fields carry terminal escapes."""
    project.seed(HOSTILE_NAME, SENTENCE + " It reported 3 shelters and 5 hotlines, 9 in all.")
    project.figure("total\x1b]0;pwned\x07", "11", 11, sentence=SENTENCE)
    project.figure("sex\u200b", "6", 6, sentence=SENTENCE, category="sex\x1bc trafficking\u202e")
    project.figure("labor", "4", 4, sentence=SENTENCE, category="forced\nlabor")
    project.figure("shelters", "3", 3, sentence="3 shelters")
    project.figure("hotlines", "5", 5, sentence="5 hotlines")
    project.figure("all", "9", 9, sentence="9 in all")
    project.rules("""
        rules:
          - {id: by-form, kind: sum_total, description: "11: 6 and 4", total: "total\\e]0;pwned\\a", parts: ["sex\\u200b", labor]}
          - {id: places, kind: sum_total, description: "9: 3 and 5", total: all, parts: [shelters, hotlines]}
        settings:
          discovery: {enabled: false}   # its own test: test_discovered_relations_of_a_hostile_document_…
    """).write()
    (project.root / "waivers.yml").write_text(
        'waivers:\n  - {rule: places, reason: "known \\e[2J\\u202e typo\\n::error ::x", '
        'reviewer: "ed\\u200bitor\\e]0;t\\a", expires: 2999-01-01}\n', encoding="utf-8")
    return project


@pytest.mark.parametrize("output_format", ["lines", "github"])
def test_discovered_relations_of_a_hostile_document_are_escaped_too(hostile, capsys, output_format):
    rules = hostile.expectations / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("enabled: false", "enabled: true"), encoding="utf-8")
    assert run(hostile.args("--format", output_format)) in (0, 1), capsys.readouterr().err
    out = capsys.readouterr().out
    assert "discovery: " in out and not RAW_UNSAFE.search(out)  # discovery ran over the hostile name


@pytest.mark.parametrize("output_format", ["lines", "github", "text", "json"])
def test_no_raw_escape_bidi_or_zero_width_character_reaches_stdout(hostile, capsys, output_format):
    code = run(hostile.args("--format", output_format, "--waivers", str(hostile.root / "waivers.yml")))
    assert code == 1
    out = capsys.readouterr().out
    assert not RAW_UNSAFE.search(out), [m.group(0) for m in RAW_UNSAFE.finditer(out)]
    for forbidden in ("\u202e", "\u200b", "\u2066"):
        assert forbidden not in out
    if output_format == "json":
        assert json.loads(out) == json.loads((hostile.root / "reports" / "results.json").read_text(encoding="utf-8"))
        return
    lines = out.splitlines()
    # A newline in a name or a reason never forges a line of its own.
    assert not any(line.startswith("::error ::") or line.startswith("::error title=forged") for line in lines)
    results = json.loads((hostile.root / "reports" / "results.json").read_text(encoding="utf-8"))
    reported = [f for f in results["findings"] if f["status"] != "passed"]
    if output_format == "lines":
        assert len(lines) == len(reported) + 4  # then the counts, waivers, reports and gate lines
    if output_format == "github":
        commands = [parse_command(line) for line in lines if line.startswith("::")]
        assert len(commands) == len(reported)
        waived = next(c for c in commands if c[0] == "notice")
        assert "known \\x1b[2J\\u202e typo\n::error ::x" in waived[2]  # newline kept as %0A, ESC shown


def test_the_scan_command_escapes_names_and_text(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / HOSTILE_NAME).write_text("It reported \x1b[31m12\u202e shelters.", encoding="utf-8")
    for extra in ([], ["--json"]):
        assert run(["scan", str(tmp_path / "docs"), *extra]) == 0
        out = capsys.readouterr().out
        assert not RAW_UNSAFE.search(out) and "\u202e" not in out
        assert "12" in out


# --- the command line's conventions ---------------------------------------------------------------

def test_force_color_and_no_color(totals_project, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert run(totals_project.args("--format", "lines")) == 0
    assert "\x1b[" not in capsys.readouterr().out  # a pipe gets no colour by default
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert run(totals_project.args("--format", "lines")) == 0
    assert "\x1b[1;32mgate PASS" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    assert run(totals_project.args("--format", "lines")) == 0
    out = capsys.readouterr().out
    assert "gate PASS" in out and not re.search(r"\x1b\[[0-9;]*3[0-9]m", out)  # bold at most, no colour


def test_version_and_completion_options(capsys):
    from auditor import __version__

    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"auditor {__version__}"
    assert run(["--help"]) == 0
    assert "--install-completion" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["check", "validate", "scan", "rules", "init"])
def test_every_command_help_ends_with_examples(command, capsys):
    assert run([command, "--help"]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("Examples:"):]
    assert 2 <= tail.count(f"$ auditor {command}") + tail.count("$ pre-commit") <= 3


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_stdout_that_cannot_encode_the_text_degrades_and_keeps_the_exit_code(tmp_path, encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run([str(CONSOLE_SCRIPT), "check", "--seeds", str(ROOT / "seeds"), "--datasets", str(ROOT / "datasets"),
                           "--expectations", str(ROOT / "expectations"), "--report-dir", str(tmp_path / "r"),
                           "--format", "lines" if encoding == "ascii" else "text"],
                          cwd=tmp_path, env=env, capture_output=True, timeout=300)
    results = json.loads((tmp_path / "r" / "results.json").read_text(encoding="utf-8"))
    assert proc.returncode == (0 if results["gate"]["passed"] else 1), proc.stderr.decode(encoding, "replace")
    assert b"Traceback" not in proc.stderr
    out = proc.stdout.decode(encoding)  # what the stream could encode, nothing else
    assert "\\u2192" in out or "\\u2026" in out  # "→" / "…" degraded to escapes
    assert "gate FAIL" in out


# --- the example GitHub workflow ------------------------------------------------------------------

FORGED = ["x\n**audit gate passed** (fail on error): 0 blocking", "![pixel](https://tracker.example/p.png)",
          "<img src=https://tracker.example/p.png>", "a\u202e`code`_em_ [link](javascript:alert(1))"]


def test_the_workflow_summary_shows_waiver_fields_as_plain_text(seed, tmp_path):
    import shutil
    import yaml

    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["audit"]["steps"] if s.get("name") == "Gate summary")
    shutil.copytree(seed["written"]["results.json"].parent, tmp_path / "audit_reports")
    results = json.loads((tmp_path / "audit_reports" / "results.json").read_text(encoding="utf-8"))
    entry = {"reason": "r", "reviewer": "e", "expires": "2020-01-01", "file": "waivers.yml", "line": 1}
    results["waivers"]["expired"] = [{**entry, "rule": text, "finding": None} for text in FORGED]
    results["waivers"]["unused"] = [{**entry, "rule": "r", "finding": None, "why": FORGED[0]}]
    (tmp_path / "audit_reports" / "results.json").write_text(json.dumps(results), encoding="utf-8")
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "summary.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(FORGED) + 1  # the gate line, then one list item per waiver
    assert lines[0].startswith("**audit gate FAILED**")
    for line in lines[1:]:
        assert line.startswith("- waiver for ")
        assert "**" not in line and "![" not in line and "<img" not in line and "](" not in line
        assert "`" not in line.replace("\\`", "") and "\u202e" not in line
    assert "\\*\\*audit gate passed\\*\\*" in lines[1]  # shown, as text


def test_the_html_report_shows_bidi_zero_width_and_control_characters(hostile, capsys):
    from auditor.report.view import show_invisible

    assert run(hostile.args("--format", "lines", "--waivers", str(hostile.root / "waivers.yml"))) == 1
    html = (hostile.root / "reports" / "report.html").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202e\u200b\u2066]", html)
    assert "doc␛[2J\ufffd" in html  # the file name, shown as it is: ESC as its picture, the override as �
    # One character for one: offsets into a text still point at the same figures.
    text = "a\u202eb\u200bc\x1bd\te\nf"
    assert show_invisible(text) == "a\ufffdb\ufffdc␛d\te\nf" and len(show_invisible(text)) == len(text)


def test_progress_shows_only_for_audits_longer_than_the_delay():
    import time

    from rich.console import Console

    from auditor.commands.check import Progress

    def progress_output(delay: float, seconds: float, enabled: bool = True) -> str:
        stream = io.StringIO()
        console = Console(file=stream, force_terminal=True, width=60)
        with Progress(enabled, console, delay=delay) as update:
            update("evaluating 12 checks with GX")
            time.sleep(seconds)
            update("accounting for every numeric mention \x1b[2J")
            time.sleep(seconds)
        return stream.getvalue()

    assert progress_output(delay=30, seconds=0.05) == ""               # a short audit prints nothing
    assert progress_output(delay=0, seconds=0.3, enabled=False) == ""  # --quiet, CI, not a terminal
    shown = progress_output(delay=0, seconds=0.3)
    assert "accounting for every numeric mention" in shown and "\\x1b[2J" in shown


# --- documents that are not plain text ------------------------------------------------------------

def test_a_figure_of_a_paged_document_points_at_the_file_and_names_its_page():
    # A PDF's text is not the file's: no line or column, the page instead (FigureRef.place).
    ref = FigureRef(id="total", value=11, figure="11", source="report.pdf", start=120, end=122, quote="q",
                    role="total", place="p. 14")
    finding = Finding(id="by-form", rule_id="by-form", kind="sum_total", severity="error", status="failed",
                      message="6 + 4 = 10, but the total is 11: off by 1", figures=[ref])
    result = AuditResult(findings=[finding])
    assert list(finding_lines(result)) == ["seeds/report.pdf: error by-form 6 + 4 = 10, but the total is 11: "
                                           "off by 1 [report.pdf p. 14]"]
    name, props, message = parse_command(next(annotations(result)))
    assert props == {"file": "seeds/report.pdf", "title": "by-form"} and message.endswith("[report.pdf p. 14]")
    log = _sarif(result)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]
    assert "region" not in location["physicalLocation"] and location["message"]["text"] == "total 11 (p. 14)"


def test_a_markdown_source_has_no_lines_of_its_own(project, capsys):
    from auditor.read.sources import read_source

    (project.seeds / "report.md").write_text("# Victims\n\nThe agency identified **11** victims: 6 and 4.\n",
                                             encoding="utf-8")
    text = read_source(project.seeds / "report.md", "report.md").text
    project.texts["report.md"] = text
    sentence = text[text.index("The agency"):]
    for fid, figure in (("total", "11"), ("a", "6"), ("b", "4")):
        project.figure(fid, figure, float(figure), source="report.md", sentence=sentence)
    project.rules("""
        rules:
          - {id: by-form, kind: sum_total, description: "11: 6 and 4", total: total, parts: [a, b]}
    """).write()
    assert run(project.args("--format", "lines")) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{project.seeds.as_posix()}/report.md: error by-form ")
    assert first.endswith("[report.md § Victims]")
