"""``auditor scan`` on documents nobody here wrote: listing, JSON, draft extracts, errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from auditor.commands.scan import register, render, scan_paths
from auditor.draft import draft_stem
from auditor.errors import InputErrors
from auditor.extracts import FIGURE_COLUMNS
from auditor.read.passages import find_repeats

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"
FACTSHEET = FIXTURES / "riverbend_factsheet.txt"
PAIR = FIXTURES / "pair"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """A one-command app keeps its subcommand name only with a callback."""

    register(app)
    return app


def run(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, ["scan", *map(str, args)])


def test_plain_listing_shows_figures_with_their_values(app):
    result = run(app, FACTSHEET)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["source", "offset", "as", "written", "value", "kind", "context"]

    def row(written: str) -> list[str]:
        return next(line for line in lines if f"  {written}  " in line).split("  ")

    eight = [cell.strip() for cell in row("eight") if cell.strip()]
    assert eight[:5] == ["riverbend_factsheet.txt", "238-243", "eight", "8", "count"]
    assert "Volunteers staffed eight regional shelters" in eight[5]
    assert [c.strip() for c in row("1,814") if c.strip()][3] == "1,814"
    assert [c.strip() for c in row("Forty-two") if c.strip()][3] == "42"
    assert [c.strip() for c in row("312,000 pesos") if c.strip()][3:5] == ["312,000", "money"]
    assert [c.strip() for c in row("Twelve") if c.strip()][3:5] == ["12", "count (part)"]
    assert [c.strip() for c in row("March 14, 2024") if c.strip()][3:5] == ["2024-03-14", "date"]
    assert "report-7" not in " ".join(line.split("  ")[2] for line in lines[1:] if "  " in line)  # URL skipped
    assert lines[-1] == "34 mention(s) in 1 document(s); 0 repeated passage(s)"


def test_json_output_is_one_document_with_mentions_and_repeats(app):
    result = run(app, FACTSHEET, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"mentions", "repeats", "set_aside"} and data["repeats"] == []
    by_text = {m["text"]: m for m in data["mentions"]}
    assert by_text["eight"]["value"] == 8 and by_text["1,814"]["value"] == 1814
    assert (by_text["$2.4 million"]["value"], by_text["$2.4 million"]["unit"]) == (2_400_000, "USD")
    assert (by_text["64%"]["kind"], by_text["$25"]["role"], by_text["$5,000"]["role"]) == ("percent", "range_low", "range_high")
    assert (by_text["one"]["kind"], by_text["one"]["value"]) == ("label", 1)  # "one of the region's oldest"
    text = FACTSHEET.read_text(encoding="utf-8")
    assert all(text[m["start"]:m["end"]] == m["text"] for m in data["mentions"])


def test_copy_with_one_figure_changed_is_reported(app):
    sources = scan_paths([PAIR])
    repeats = [r for r in find_repeats(p for s in sources.sources.values() for p in s.passages) if r.figures_differ]
    assert len(repeats) == 1
    repeat = repeats[0]
    assert (repeat.kind, repeat.first.source, repeat.second.source) == ("near", "bulletin.txt", "bulletin_reprint.txt")
    changed = [(p.first.text, p.first.value, p.second.text, p.second.value)
               for p in repeat.figure_pairs if p.first.value != p.second.value]
    assert changed == [("1,814", 1814, "1,914", 1914)]

    result = run(app, PAIR, "--json")
    data = json.loads(result.output)
    reported = [r for r in data["repeats"] if r["figures_differ"]]
    assert len(reported) == 1
    assert [(p["first"]["value"], p["second"]["value"]) for p in reported[0]["figure_pairs"]] == [(1814, 1914), (212, 212)]
    assert [r["kind"] for r in data["repeats"]] == ["exact", "near", "exact"]

    plain = run(app, PAIR).output
    assert "1,814 → 1,914" in plain and "bulletin.txt:113-229" in plain


def test_draft_extracts(app, tmp_path):
    drafts = tmp_path / "drafts"
    result = run(app, FACTSHEET, "--draft", drafts)
    assert result.exit_code == 0
    path = drafts / "riverbend_factsheet.draft.csv"
    content = path.read_text(encoding="utf-8")
    assert content.splitlines()[0] == "id,source,figure,value,unit,period,scope,category,measure,start,end,quote"
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == FIGURE_COLUMNS
    text = FACTSHEET.read_text(encoding="utf-8")
    assert [r["id"] for r in rows[:2]] == ["riverbend_factsheet/call-2023", "riverbend_factsheet/call-2022"]
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert r["source"] == "riverbend_factsheet.txt" and text[start:end] == r["figure"]
        assert r["quote"] in text and text.index(r["quote"]) <= start and end <= text.index(r["quote"]) + len(r["quote"])
        assert len(r["quote"]) <= 400
    by_figure = {r["figure"]: r for r in rows}
    assert not {"2023", "March 14, 2024", "June 2023", "12", "one"} & set(by_figure)  # years, dates, labels
    assert (by_figure["eight"]["value"], by_figure["1,814"]["value"]) == ("8", "1814")  # integers without .0
    assert by_figure["$2.4 million"]["value"] == "2400000" and by_figure["$2.4 million"]["unit"] == "USD"
    assert by_figure["1,814"]["period"] == "2023"    # "In 2023 … answered 1,814 …, up from 1,402 in 2022"
    assert by_figure["1,402"]["period"] == "2022"
    assert by_figure["$48,300"]["period"] == "2023"  # "in June 2023"
    assert by_figure["9,600"]["period"] == "2015"
    assert "," in by_figure["1,814"]["quote"]        # the csv module quoted it


def test_folder_names_are_relative_and_hidden_files_skipped(tmp_path):
    shutil.copytree(PAIR, tmp_path / "docs" / "sub")
    (tmp_path / "docs" / ".hidden.txt").write_text("It has 99 hidden figures.", encoding="utf-8")
    result = scan_paths([tmp_path / "docs"])
    assert sorted(result.sources) == ["sub/bulletin.txt", "sub/bulletin_reprint.txt"]
    assert draft_stem("sub/bulletin.txt") == "sub/bulletin"


def test_missing_path_and_non_utf8_are_input_errors(app, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Se pagaron 500 pesos en Querétaro.".encode("latin-1"))
    result = run(app, tmp_path / "absent.txt", bad)
    assert isinstance(result.exception, InputErrors)
    messages = [e.message for e in result.exception.errors]
    assert len(messages) == 2 and any("no such file" in m for m in messages) and any("UTF-8" in m for m in messages)


def test_same_name_twice_is_an_input_error(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text("It counted 12 cases.", encoding="utf-8")
    with pytest.raises(InputErrors, match="both named 'report.txt'"):
        scan_paths([tmp_path / "a" / "report.txt", tmp_path / "b"])


def test_unwritable_draft_folder_is_an_input_error(app, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(app, FACTSHEET, "--draft", blocker / "drafts")
    assert isinstance(result.exception, InputErrors)


def test_terminal_output_is_a_rich_table():
    console = Console(file=io.StringIO(), force_terminal=True, width=200, color_system=None)
    render(scan_paths([PAIR]), console)
    output = console.file.getvalue()
    assert "Numeric mentions" in output and "Repeated passages" in output
    assert "1,814 → 1,914" in output and "━" in output


def test_terminal_output_does_not_read_brackets_as_markup(tmp_path):
    (tmp_path / "note.txt").write_text("Footnote [/b] says [bold]12[/bold] cases were closed.", encoding="utf-8")
    console = Console(file=io.StringIO(), force_terminal=True, width=200, color_system=None)
    render(scan_paths([tmp_path / "note.txt"]), console)
    assert "[bold]12[/bold]" in console.file.getvalue()



def test_scan_counts_the_likenesses_it_set_aside(app, tmp_path):
    # One sentence filled in by three yearly bulletins: a template, not three contradictions.
    for year, count in ((2019, 1214), (2020, 1377), (2021, 1402)):
        (tmp_path / f"{year}.txt").write_text(
            f"The shelter network assisted {count:,} survivors across the region during the year.", encoding="utf-8")
    data = json.loads(run(app, tmp_path, "--json").output)
    assert data["repeats"] == []
    assert data["set_aside"] == {"templates": 1, "other_subject": 0, "other_figures": 0}
    assert "0 repeated passage(s); set aside as other statements: 1 template(s)" in run(app, tmp_path).output
