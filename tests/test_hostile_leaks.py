"""Hostile input that would read or write outside the project, or be skipped without a word.

A pull request can commit symbolic links and odd file names. Each test plants one such thing in
a tiny valid project and asserts the promise of docs/security.md: exit 2 with a message naming
the path (never the content of a file outside the project), nothing written, or a correct
audit. Everything runs in-process through :func:`auditor.cli.run`.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from auditor.cli import run

SECRET = "GITHUB_TOKEN=ghp_secret_value_0123456789"
FAILING_RULE = """\
rules:
  - id: victims-by-form
    kind: sum_total
    description: "6 for sex trafficking and 4 for forced labor"
    total: sex
    parts: [labor]
"""


@pytest.fixture
def tiny(totals_project):
    """A valid six-figure, two-rule project whose audit passes (see conftest)."""
    return totals_project


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder outside the project holding a credentials file."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "credentials").write_text(SECRET + "\nsecond line\n", encoding="utf-8")
    return folder


def audit(project, capsys, *extra: str) -> tuple[int, str]:
    code = run(project.args(*extra))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_refused(code: int, output: str, project, fragment: str) -> None:
    assert code == 2, output
    assert fragment in output
    assert "Traceback" not in output
    assert "ghp_secret" not in output
    assert not (project.root / "reports").exists()


def replace_with_link(folder: Path, target: Path) -> None:
    shutil.copytree(folder, target, dirs_exist_ok=True)
    shutil.rmtree(folder)
    folder.symlink_to(target, target_is_directory=True)


# 1. The input folders themselves, the waivers and the baseline: links leading out are refused.

@pytest.mark.parametrize("name", ["seeds", "datasets", "expectations"])
def test_an_input_folder_linked_outside_the_project_is_refused(tiny, outside, capsys, name):
    replace_with_link(tiny.root / name, outside / name)
    # What a linked seeds/ would publish in full: every text file there.
    (outside / name / "leak.txt").write_text(SECRET, encoding="utf-8")
    code, output = audit(tiny, capsys)
    assert_refused(code, output, tiny, "leading outside the project folder")


def test_a_waivers_file_linked_outside_the_project_is_refused(tiny, outside, capsys):
    (tiny.root / "waivers.yml").symlink_to(outside / "credentials")
    code, output = audit(tiny, capsys, "--waivers", str(tiny.root / "waivers.yml"))
    assert_refused(code, output, tiny, "waivers.yml: the waivers file is a symbolic link")


def test_a_baseline_linked_outside_the_project_is_refused(tiny, outside, capsys):
    (tiny.root / "base.json").symlink_to(outside / "credentials")
    code, output = audit(tiny, capsys, "--baseline", str(tiny.root / "base.json"))
    assert_refused(code, output, tiny, "base.json: the baseline file is a symbolic link")


def test_a_baseline_named_outside_the_project_on_the_command_line_is_read(tiny, outside, capsys):
    # The steward's own choice (an artifact of an earlier run), not something a PR can plant.
    assert audit(tiny, capsys)[0] == 0
    shutil.copy(tiny.root / "reports" / "results.json", outside / "prev.json")
    code, output = audit(tiny, capsys, "--baseline", str(outside / "prev.json"))
    assert code == 0, output


# 2. Files inside datasets/ and expectations/ linked outside: refused, their content never echoed.

@pytest.mark.parametrize("folder, name", [("datasets", "stolen.csv"), ("expectations", "stolen.yml"),
                                          ("expectations", "sub/stolen.yaml"), ("seeds", "stolen.txt")])
def test_a_file_linked_outside_its_folder_is_refused_without_echoing_it(tiny, outside, capsys, folder, name):
    link = tiny.root / folder / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(outside / "credentials")
    code, output = audit(tiny, capsys)
    assert_refused(code, output, tiny, f"{name}: symbolic link to a file outside the")


# 4. A report folder inside an input folder would be audited by the next run.

@pytest.mark.parametrize("name", ["seeds", "datasets", "expectations"])
def test_a_report_folder_inside_an_input_folder_is_refused(tiny, capsys, name):
    code, output = audit(tiny, capsys, "--report-dir", str(tiny.root / name / "reports"))
    assert code == 2, output
    assert f"the report folder is inside the {'sources' if name == 'seeds' else 'extracts' if name == 'datasets' else 'expectations'} folder" in output
    assert not (tiny.root / name / "reports").exists()


def test_a_report_folder_linked_outside_the_project_is_refused(tiny, outside, capsys):
    (tiny.root / "reports").symlink_to(outside, target_is_directory=True)
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "the report folder is a symbolic link" in output
    assert sorted(p.name for p in outside.iterdir()) == ["credentials"]


# 13. Every file that could be meant as input is read or refused, never skipped.

@pytest.mark.parametrize("suffix", [".YML", ".YAML", ".Yml"])
def test_rule_files_with_upper_case_suffixes_are_read(tiny, capsys, suffix):
    (tiny.expectations / "rules.yml").unlink()
    # A failing rule: skipping its file would let the gate pass ("ok, 0 rules").
    (tiny.expectations / f"RULES{suffix}").write_text(FAILING_RULE, encoding="utf-8")
    code, output = audit(tiny, capsys)
    assert code == 1, output
    assert "victims-by-form" in output


def refuse_listing(monkeypatch, locked: Path) -> None:
    """Make ``locked`` unlistable (as chmod 0 would, also when the tests run as root)."""
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)
    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("folder", ["seeds", "expectations", "datasets"])
def test_an_unreadable_sub_folder_is_an_error_not_skipped(tiny, capsys, monkeypatch, folder):
    locked = tiny.root / folder / "locked"
    locked.mkdir()
    (locked / "more.yml").write_text("rules: [oops]", encoding="utf-8")
    refuse_listing(monkeypatch, locked)
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert f"{locked}: cannot read folder: Permission denied" in output
    assert output.count("auditor:") == 1, output


def test_an_unreadable_extracts_folder_is_one_placed_line(tiny, capsys, monkeypatch):
    refuse_listing(monkeypatch, tiny.datasets)
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert output.strip() == f"auditor: {tiny.datasets}: cannot read folder: Permission denied", output


def test_a_link_to_a_folder_inside_the_sources_is_refused_not_skipped(tiny, capsys):
    (tiny.seeds / "more").mkdir()
    (tiny.root / "alias").symlink_to(tiny.seeds / "more", target_is_directory=True)
    (tiny.seeds / "more" / "x.txt").write_text("Nothing.", encoding="utf-8")
    os.symlink(tiny.seeds / "more", tiny.seeds / "again", target_is_directory=True)
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "again: symbolic link to a folder; not followed" in output


def test_a_fifo_in_the_sources_is_refused_not_waited_on(tiny, capsys):
    os.mkfifo(tiny.seeds / "pipe.txt")
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "pipe.txt: not a regular file; not read" in output


# 17. One real error, not buried under knock-on "unknown ..." lines.

def test_an_unreadable_seed_gives_one_error_not_unknown_figure_ids(tiny, capsys):
    (tiny.seeds / "doc.txt").write_bytes(b"\xff\xfe not UTF-8")
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "not UTF-8 text" in output
    assert "unknown" not in output, output
    assert output.count("auditor:") == 1, output


def test_a_tab_separated_extracts_file_gives_its_own_errors_only(tiny, capsys):
    path = tiny.datasets / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-8")
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "unknown figure id" not in output, output
    assert output.count("auditor:") == 2, output   # the unknown column, and the missing ones


def test_a_missing_sources_folder_gives_one_error_not_unknown_sources(tiny, capsys):
    shutil.rmtree(tiny.seeds)
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "sources folder not found" in output
    assert "unknown source" not in output, output


# 19. A file name in another Unicode normal form than the CSV's names the same source.

def test_a_source_name_in_another_unicode_normal_form_is_found(tiny, capsys):
    name = "informe-méxico.txt"
    (tiny.seeds / "doc.txt").rename(tiny.seeds / unicodedata.normalize("NFD", name))
    for row in tiny.rows:
        row["source"] = unicodedata.normalize("NFC", name)
    tiny.write()
    code, output = audit(tiny, capsys)
    assert code == 0, output


def test_a_folder_link_with_a_name_that_is_not_utf8_is_refused_in_one_escaped_line(tiny, outside, capsys):
    os.symlink(outside, os.path.join(os.fsencode(tiny.seeds), b"bad\xffname"), target_is_directory=True)
    code, output = audit(tiny, capsys)
    assert code == 2, output
    assert "bad\\udcffname: symbolic link to a folder; not followed" in output
    assert output.count("auditor:") == 1, output
