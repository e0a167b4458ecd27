"""Repeated passages are found and checked with no hand-written rule."""

from __future__ import annotations

import json
import shutil

from auditor.cli import run

SEED = "000_f1179795d82053b5.txt"
BREAKDOWN = "The government reported identifying 667 trafficking victims in 2017—429 for sex trafficking"


def _findings(report_dir):
    return json.loads((report_dir / "results.json").read_text(encoding="utf-8"))["findings"]


def test_changing_a_figure_in_one_copy_of_a_seed_passage_names_the_new_value(repo_root, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (repo_root / "seeds" / SEED).read_text(encoding="utf-8")
    second = text.index(BREAKDOWN, text.index(BREAKDOWN) + 1)
    changed = text[:second] + text[second:].replace("429 for sex", "492 for sex", 1)
    (seeds / SEED).write_text(changed, encoding="utf-8")
    shutil.copytree(repo_root / "expectations", tmp_path / "expectations")
    shutil.copytree(repo_root / "datasets", tmp_path / "datasets")
    code = run(["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
                "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet"])
    assert code == 1
    repeats = [f for f in _findings(tmp_path / "r") if f["kind"] == "repeated_passage" and f["rule_id"] == "repeat"
               and f["status"] == "failed"]
    assert len(repeats) == 1
    finding = repeats[0]
    assert "'429'" in finding["message"] and "'492'" in finding["message"]
    assert (finding["expected"], finding["observed"]) == (429, 492)
    assert {fig["figure"] for fig in finding["figures"]} >= {"429", "492"}


def test_two_new_documents_one_figure_changed(tmp_path):
    original = ("The shelter network assisted 1,214 survivors in 2021, of whom 512 were children. "
                "Funding fell to $2.4 million, the lowest level in a decade, according to the network's annual review.")
    copy = original.replace("512 were children", "521 were children")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(original, encoding="utf-8")
    (seeds / "b.txt").write_text(copy, encoding="utf-8")
    for folder in ("datasets", "expectations"):
        (tmp_path / folder).mkdir()
    code = run(["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
                "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet"])
    assert code == 1
    failed = [f for f in _findings(tmp_path / "r") if f["kind"] == "repeated_passage" and f["status"] == "failed"]
    assert len(failed) == 1
    assert "'512'" in failed[0]["message"] and "'521'" in failed[0]["message"]
    assert "a.txt" in failed[0]["message"] and "b.txt" in failed[0]["message"]
    # The identical second sentence is a consistent exact repeat: it passes.
    passed = [f for f in _findings(tmp_path / "r") if f["kind"] == "repeated_passage" and f["status"] == "passed"]
    assert passed and all(f["severity"] == "info" for f in passed)


def test_repeats_across_documents_can_be_turned_off(tmp_path):
    # A corpus written from one template: the same sentence with each report's own figure.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2021.txt").write_text("The shelter network assisted 1,214 survivors across the region this year.", encoding="utf-8")
    (seeds / "2022.txt").write_text("The shelter network assisted 1,377 survivors across the region this year.", encoding="utf-8")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "settings.yml").write_text(
        "settings:\n  repeats:\n    across_documents: false\n  coverage:\n    enabled: false\n", encoding="utf-8")
    code = run(["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
                "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet"])
    assert code == 0
    assert [f for f in _findings(tmp_path / "r") if f["rule_id"] == "repeat"] == []


def test_a_figure_only_in_the_second_copy_is_placed_in_the_second_copy(tmp_path):
    first = "The shelter network assisted survivors across the northern region during the year under review."
    second = "The shelter network assisted 1,214 survivors across the northern region during the year under review."
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text(f"{first} Something else entirely happened in between. {second}", encoding="utf-8")
    for folder in ("datasets", "expectations"):
        (tmp_path / folder).mkdir()
    run(["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
         "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet"])
    repeats = [f for f in _findings(tmp_path / "r") if f["rule_id"] == "repeat" and f["figures"]]
    assert len(repeats) == 1 and repeats[0]["status"] == "failed"
    (lone,) = repeats[0]["figures"]
    assert lone["figure"] == "1,214" and lone["role"] == "second copy"
    assert lone["quote"] == second


def test_a_corpus_of_reports_from_one_template_is_not_a_wall_of_contradictions(tmp_path):
    # Five yearly reports fill in the same sentences with their own figures; the 2023 report
    # also restates its own count with a figure changed, the one contradiction in the corpus.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    counts = {2019: 1214, 2020: 1377, 2021: 1402, 2022: 1519, 2023: 1630}
    for year, count in counts.items():
        text = (f"In the capital of {'Panama' if year % 2 else 'Peru'}, the shelter network assisted {count:,} survivors. "
                f"The network assisted {count:,} survivors across the region during the year under review. "
                f"Of them, {count // 3:,} were children and {count // 7:,} were men.")
        if year == 2023:
            text += f" To repeat: the network assisted {count + 9:,} survivors across the region during the year under review."
        (seeds / f"{year}.txt").write_text(text, encoding="utf-8")
    for folder in ("datasets", "expectations"):
        (tmp_path / folder).mkdir()
    code = run(["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
                "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet"])
    assert code == 1
    results = json.loads((tmp_path / "r" / "results.json").read_text(encoding="utf-8"))
    failed = [f for f in results["findings"] if f["rule_id"] == "repeat" and f["status"] == "failed"]
    assert [(f["expected"], f["observed"]) for f in failed] == [(1630, 1639)]
    repeats = results["summary"]["repeats"]
    # "In the capital of …", "The network assisted …" and "Of them, … were children …"
    assert [t["text"].split(",")[0] for t in repeats["template_list"]] == [
        "In the capital of Panama", "The network assisted 1", "Of them"]
    assert {t["documents"] for t in repeats["template_list"]} == {5}


def test_the_same_figures_in_other_words_across_documents_is_a_note_not_a_warning(tmp_path):
    first = "The shelter network assisted 1,214 survivors in 2021, most of them referred by the police."
    later = "The shelter network supported 1,214 survivors in 2021, most of them referred by the police."
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2021.txt").write_text(first, encoding="utf-8")
    (seeds / "2022.txt").write_text(later, encoding="utf-8")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "expectations").mkdir()
    settings = tmp_path / "expectations" / "settings.yml"
    settings.write_text("settings:\n  coverage:\n    enabled: false\n", encoding="utf-8")
    args = ["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
            "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet",
            "--fail-on", "warning"]
    assert run(args) == 0
    (variant,) = [f for f in _findings(tmp_path / "r") if f["kind"] == "repeat_variant"]
    assert variant["severity"] == "info" and "'assisted' → 'supported'" in variant["message"]
    assert variant["status"] == "passed"   # a note, not a failure: the figures agree
    settings.write_text("settings:\n  coverage:\n    enabled: false\n  repeats:\n"
                        "    variant_across_documents_severity: warning\n", encoding="utf-8")
    assert run(args) == 1


def test_the_same_figures_in_other_words_within_a_document_stays_a_warning(tmp_path):
    text = ("The shelter network assisted 1,214 survivors in 2021, most of them referred by the police. "
            "Other words follow here. "
            "The shelter network supported 1,214 survivors in 2021, most of them referred by the police.")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2021.txt").write_text(text, encoding="utf-8")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "settings.yml").write_text("settings:\n  coverage:\n    enabled: false\n", encoding="utf-8")
    assert run(["check", "--seeds", str(seeds), "--datasets", str(tmp_path / "datasets"),
                "--expectations", str(tmp_path / "expectations"), "--report-dir", str(tmp_path / "r"), "--quiet",
                "--fail-on", "warning"]) == 1
    assert [f["severity"] for f in _findings(tmp_path / "r") if f["kind"] == "repeat_variant"] == ["warning"]
