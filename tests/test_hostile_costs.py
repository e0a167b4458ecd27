"""Hostile input that would make a small file cost a lot: output, memory or time growing faster
than the input (docs/security.md). Sizes are compared as ratios, never timed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import run
from auditor.read.sources import MAX_PASSAGE_CHARS, split_passages

# A long run of text with many numbers and no sentence end (scraped pages run together).
UNIT = "there were 123 cases and 45 more in region 7 "


def long_passage_project(root: Path, size: int) -> list[str]:
    for name in ("seeds", "datasets", "expectations"):
        (root / name).mkdir(parents=True)
    (root / "seeds" / "long.txt").write_text((UNIT * (size // len(UNIT) + 1))[:size], encoding="utf-8")
    (root / "datasets" / "figures.csv").write_text("id,source,figure,value,start,end,quote\n", encoding="utf-8")
    # One row naming the seed: its extraction has started, so every other mention is a finding.
    start = UNIT.index("123")
    (root / "datasets" / "ignored.csv").write_text(f"source,start,end,text,reason\nlong.txt,{start},{start + 3},123,a label\n",
                                                   encoding="utf-8")
    (root / "expectations" / "settings.yml").write_text("settings:\n  coverage: {enabled: true}\n", encoding="utf-8")
    return ["check", "--quiet", "--seeds", str(root / "seeds"), "--datasets", str(root / "datasets"),
            "--expectations", str(root / "expectations"), "--report-dir", str(root / "reports")]


def report_sizes(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in (root / "reports").iterdir()}


def test_report_sizes_grow_linearly_with_a_long_passage_full_of_numbers(tmp_path, monkeypatch):
    # Each unaccounted mention carried its whole passage as its quote: N mentions x passage
    # bytes, so four times the input gave sixteen times the reports.
    sizes = {}
    # Every mention a finding of its own (no cap per source), so that the quotes are measured.
    monkeypatch.setattr("auditor.audit.MAX_MENTION_FINDINGS", 10**9)
    for size in (12_000, 48_000):
        args = long_passage_project(tmp_path / str(size), size)
        assert run(args) in (0, 1)        # unaccounted mentions are warnings
        results = json.loads((tmp_path / str(size) / "reports" / "results.json").read_text(encoding="utf-8"))
        assert results["summary"]["coverage"]["unaccounted"] > size // len(UNIT)   # a finding per mention
        sizes[size] = report_sizes(tmp_path / str(size))
    assert set(sizes[12_000]) >= {"report.html", "results.json", "junit.xml"}
    for name, small in sizes[12_000].items():
        ratio = sizes[48_000][name] / small
        assert ratio < 5, f"{name}: {small} -> {sizes[48_000][name]} bytes for 4x the input (x{ratio:.1f})"


def test_unaccounted_mentions_beyond_the_cap_of_a_source_are_one_finding(tmp_path):
    from auditor.audit import MAX_MENTION_FINDINGS
    args = long_passage_project(tmp_path, 32_000)
    assert run(args) in (0, 1)
    results = json.loads((tmp_path / "reports" / "results.json").read_text(encoding="utf-8"))
    unaccounted = results["summary"]["coverage"]["unaccounted"]
    assert unaccounted > MAX_MENTION_FINDINGS + 100          # the count stays exact
    coverage = [f for f in results["findings"] if f["kind"] == "coverage"]
    assert len(coverage) == MAX_MENTION_FINDINGS + 1
    rest = next(f for f in coverage if f["id"] == "coverage/long.txt@more")
    assert rest["status"] == "failed"
    assert rest["message"].startswith(f"{unaccounted - MAX_MENTION_FINDINGS} more numeric mentions in long.txt")


def test_passages_are_cut_at_a_bounded_length_keeping_exact_offsets():
    text = UNIT * 2000 + "The end. Short one."
    passages = split_passages(text, "long.txt")
    assert max(len(p.text) for p in passages) <= MAX_PASSAGE_CHARS
    assert all(text[p.start:p.end] == p.text for p in passages)
    # Cut at white space: every figure stays whole in one passage.
    assert all(not p.text[0].isspace() and not p.text[-1].isspace() for p in passages)
    assert "".join(p.text for p in passages).replace(" ", "") == text.replace(" ", "")
    assert passages[-1].text == "Short one."


def test_a_passage_without_white_space_is_cut_after_a_separator():
    text = "1," * 5000
    passages = split_passages(text)
    assert max(len(p.text) for p in passages) <= MAX_PASSAGE_CHARS
    assert all(p.text.endswith(",") for p in passages)
    assert sum(len(p.text) for p in passages) == len(text)


# 6. One rule with thousands of parts: quadratic inside GX, so refused with the reason.

def test_a_sum_with_more_parts_than_the_bound_is_refused_saying_why(totals_project, capsys):
    from auditor.rules.base import MAX_PARTS
    parts = ", ".join(["sex"] * (MAX_PARTS + 1))
    totals_project.rules(f"""
        rules:
          - id: too-many
            kind: sum_total
            description: "a breakdown with too many parts"
            total: total
            parts: [{parts}]
    """)
    code = run(["validate", "--seeds", str(totals_project.seeds), "--datasets", str(totals_project.datasets),
                "--expectations", str(totals_project.expectations)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"{MAX_PARTS + 1} figures in one sum; at most {MAX_PARTS} are allowed" in err
    assert "square" in err and "rules.yml:7:" in err


# 7. A baseline with no bounds: a device, deep nesting, a huge integer. Each a placed error.

@pytest.mark.parametrize("content, fragment", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"schema_version": "1.0", "findings": [], "x": ' + "7" * 5000 + "}", "a value JSON cannot read"),
], ids=["deep", "huge-integer"])
def test_a_hostile_baseline_is_a_placed_error(totals_project, capsys, content, fragment):
    baseline = totals_project.root / "base.json"
    baseline.write_text(content, encoding="utf-8")
    code = run(totals_project.args("--baseline", str(baseline)))
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"auditor: {baseline}: baseline" in err and fragment in err
    assert "internal error" not in err
    assert not (totals_project.root / "reports").exists()


def test_a_device_as_baseline_is_refused_unread(totals_project, capsys):
    code = run(totals_project.args("--baseline", "/dev/zero"))
    err = capsys.readouterr().err
    assert code == 2, err
    assert "auditor: /dev/zero: baseline is not a regular file" in err


def test_a_baseline_with_a_byte_order_mark_is_read(totals_project, capsys):
    assert run(totals_project.args()) == 0
    results = totals_project.root / "reports" / "results.json"
    baseline = totals_project.root / "base.json"
    baseline.write_bytes(b"\xef\xbb\xbf" + results.read_bytes())
    code = run(totals_project.args("--baseline", str(baseline)))
    assert code == 0, capsys.readouterr().err
