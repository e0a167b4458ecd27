"""Draft extracts a steward can keep: ids that say what a figure is, the figure's own period,
labels in a drafted ignored file, bounded quotes, safe files, and drafting again without
collisions. The texts are written for these tests."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from auditor.draft import (DRAFT_IGNORED_SUFFIX, DRAFT_SUFFIX, MAX_QUOTE_CHARS, bounded_quote, draft_stems,
                           write_drafts)
from auditor.errors import InputErrors
from auditor.cli import run
from auditor.extracts import load_extracts, locate
from auditor.read.scanner import scan_source
from auditor.read.sources import load_sources

REPORT = (
    "Northland Report 2022\n\n"
    "In 2021, the ministry identified 706 victims of trafficking (512 in 2020 and 430 in 2019). "
    "Of these, 401 were women and 305 were men. The court convicted 14 traffickers, compared with "
    "none in 2020. Under Law 18.114 and Article 9, traffickers face 10 to 15 years' imprisonment. "
    "The country remained on Tier 2.\n"
)


def project(tmp_path: Path, files: dict[str, str]) -> tuple[dict, dict]:
    seeds = tmp_path / "seeds"
    for name, text in files.items():
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_text(text, encoding="utf-8")
    sources = load_sources(seeds)
    return sources, {name: scan_source(source) for name, source in sources.items()}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def drafted(tmp_path):
    sources, mentions = project(tmp_path, {"northland.txt": REPORT})
    out = tmp_path / "datasets"
    summary = write_drafts(sources, mentions, out)
    return sources, mentions, out, summary


def test_ids_say_what_the_figure_is_and_periods_belong_to_the_figure(drafted):
    _, _, out, _ = drafted
    by_figure = {r["figure"]: r for r in rows(out / f"northland{DRAFT_SUFFIX}")}
    assert by_figure["706"]["id"] == "northland/identify-victim-2021" and by_figure["706"]["period"] == "2021"
    assert (by_figure["512"]["period"], by_figure["430"]["period"]) == ("2020", "2019")  # each its own year
    assert by_figure["512"]["id"] == "northland/identify-victim-2020"  # counts what 706 counts
    assert by_figure["401"]["period"] == "2021"        # "Of these": the document's period
    assert by_figure["none"]["value"] == "0" and by_figure["none"]["period"] == "2020"
    assert by_figure["10"]["unit"] == by_figure["15"]["unit"] == "years"
    assert by_figure["401"]["measure"] == "women" and by_figure["706"]["measure"] == "identify victim"


def test_labels_land_in_the_drafted_ignored_file_with_a_reason(drafted):
    _, _, out, _ = drafted
    labels = rows(out / f"northland{DRAFT_IGNORED_SUFFIX}")
    assert {r["text"] for r in labels} == {"18.114", "9", "2"}
    assert all(r["reason"].startswith("label, not a quantity") for r in labels)
    figures = {r["figure"] for r in rows(out / f"northland{DRAFT_SUFFIX}")}
    assert not figures & {"18.114", "9", "2", "2022", "2021"}


def test_the_draft_loads_as_extracts_and_accounts_for_every_mention(drafted):
    sources, mentions, out, summary = drafted
    extracts = load_extracts(out, sources)
    assert len(extracts.figures) == summary.figures and len(extracts.ignored) == summary.labels
    for figure in extracts.figures.values():
        assert sources[figure.source].text[figure.start:figure.end] == figure.figure
        assert figure.quote in sources[figure.source].text


def test_drafting_again_skips_what_is_kept_and_never_collides(drafted):
    sources, mentions, out, _ = drafted
    # The steward keeps the draft under another name and renames its ids.
    draft = out / f"northland{DRAFT_SUFFIX}"
    kept = rows(draft)
    for n, row in enumerate(kept):
        row["id"] = f"kept-{n}"
    with (out / "northland.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    draft.unlink()
    again = write_drafts(sources, mentions, out)
    assert (again.figures, again.labels, again.written) == (0, 0, [])
    assert again.already == len(kept) + len(rows(out / f"northland{DRAFT_IGNORED_SUFFIX}"))
    load_extracts(out, sources)  # no duplicate id, nothing unaccounted


def test_a_new_figure_is_drafted_with_an_id_nobody_uses(tmp_path):
    sources, mentions = project(tmp_path, {"r.txt": "In 2021 it identified 40 victims."})
    out = tmp_path / "datasets"
    write_drafts(sources, mentions, out)
    (out / f"r{DRAFT_SUFFIX}").rename(out / "kept.csv")
    sources, mentions = project(tmp_path, {"r.txt": "In 2021 it identified 40 victims. In 2021 it identified 41 victims."})
    write_drafts(sources, mentions, out)
    (new,) = rows(out / f"r{DRAFT_SUFFIX}")
    assert new["figure"] == "41" and new["id"] == "r/identify-victim-2021-2"
    load_extracts(out, sources)


def test_an_existing_draft_is_replaced_only_with_force(tmp_path):
    sources, mentions = project(tmp_path, {"r.txt": "It identified 40 victims."})
    out = tmp_path / "datasets"
    out.mkdir()
    (out / f"r{DRAFT_SUFFIX}").write_text("id,source,figure,value,start,end,quote\n", encoding="utf-8")
    with pytest.raises(InputErrors, match="already exists.*--force"):
        write_drafts(sources, mentions, out)
    assert (out / f"r{DRAFT_SUFFIX}").read_text(encoding="utf-8").count("\n") == 1
    write_drafts(sources, mentions, out, force=True)
    assert [r["figure"] for r in rows(out / f"r{DRAFT_SUFFIX}")] == ["40"]


def test_force_redrafts_its_own_file_but_keeps_what_other_files_hold(tmp_path):
    sources, mentions = project(tmp_path, {"r.txt": "It identified 40 victims and 12 traffickers."})
    out = tmp_path / "datasets"
    write_drafts(sources, mentions, out)
    write_drafts(sources, mentions, out, force=True)   # its own rows do not count as kept
    assert [r["figure"] for r in rows(out / f"r{DRAFT_SUFFIX}")] == ["40", "12"]


def test_a_draft_is_never_written_through_a_symbolic_link(tmp_path):
    sources, mentions = project(tmp_path, {"r.txt": "It identified 40 victims."})
    out = tmp_path / "datasets"
    out.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_text("precious\n", encoding="utf-8")
    os.symlink(outside, out / f"r{DRAFT_SUFFIX}")
    for force in (False, True):
        with pytest.raises(InputErrors, match="symbolic link"):
            write_drafts(sources, mentions, out, force=force)
    assert outside.read_text(encoding="utf-8") == "precious\n"
    linked = tmp_path / "linked"
    os.symlink(tmp_path / "elsewhere", linked)
    with pytest.raises(InputErrors, match="symbolic link"):
        write_drafts(sources, mentions, linked)
    assert not (tmp_path / "elsewhere").exists()


def test_a_refusal_writes_nothing_and_leaves_no_temporary_file(tmp_path):
    sources, mentions = project(tmp_path, {"a.txt": "It identified 40 victims.", "b.txt": "It counted 7 cases."})
    out = tmp_path / "datasets"
    out.mkdir()
    (out / f"b{DRAFT_SUFFIX}").write_text("id,source,figure,value,start,end,quote\n", encoding="utf-8")
    with pytest.raises(InputErrors):
        write_drafts(sources, mentions, out)
    assert sorted(p.name for p in out.iterdir()) == [f"b{DRAFT_SUFFIX}"]


def test_sources_never_share_a_draft_file(tmp_path):
    sources, mentions = project(tmp_path, {"a/b.txt": "It counted 7 cases.", "a__b.txt": "It counted 8 cases.",
                                           "r.txt": "It counted 9 cases.", "r.md": "It counted 10 cases."})
    stems = draft_stems(sorted(sources))
    assert len(set(stems.values())) == 4
    summary = write_drafts(sources, mentions, tmp_path / "datasets")
    drafted = {r["figure"]: path.name for path in summary.written if path.name.endswith(DRAFT_SUFFIX)
               for r in rows(path)}
    assert drafted == {"7": f"b{DRAFT_SUFFIX}", "8": f"a__b{DRAFT_SUFFIX}", "9": f"r.txt{DRAFT_SUFFIX}",
                       "10": f"r.md{DRAFT_SUFFIX}"}
    assert (tmp_path / "datasets" / "a" / f"b{DRAFT_SUFFIX}").is_file()


def test_a_draft_quote_is_bounded_and_an_exact_substring_holding_the_figure(tmp_path):
    filler = " ".join(f"word{n}" for n in range(300))
    text = f"In 2021 {filler} the agency identified 57 victims {filler} overall."
    sources, mentions = project(tmp_path, {"long.txt": text})
    write_drafts(sources, mentions, tmp_path / "datasets")
    (row,) = rows(tmp_path / "datasets" / f"long{DRAFT_SUFFIX}")
    assert len(row["quote"]) <= MAX_QUOTE_CHARS and "identified 57 victims" in row["quote"]
    start = text.index(row["quote"])
    assert start <= int(row["start"]) and int(row["end"]) <= start + len(row["quote"])
    load_extracts(tmp_path / "datasets", sources)


@pytest.mark.parametrize("start, end", [(0, 3), (500, 505), (997, 1000), (100, 900)])
def test_bounded_quote_always_holds_the_figure(start, end):
    text = "ab cd " * 167
    lo, hi = bounded_quote(text, start, end, 0, len(text))
    assert lo <= start and end <= hi and hi - lo <= max(MAX_QUOTE_CHARS, end - start)


@pytest.mark.parametrize("separator", ["\u00a0", "\u202f", "\u2009", "'"])
def test_a_space_grouped_figure_is_drafted_whole_and_passes_provenance(tmp_path, separator):
    written = f"1{separator}814"
    sources, mentions = project(tmp_path, {"r.txt": f"In 2021 the hotline answered {written} calls."})
    write_drafts(sources, mentions, tmp_path / "datasets")
    (figure,) = load_extracts(tmp_path / "datasets", sources).figures.values()
    assert (figure.figure, figure.value) == (written, 1814)
    where = locate(figure, sources["r.txt"])
    assert where.figure_at_offsets and where.quote_at_offsets and where.parsed_value == 1814


def test_the_scan_command_refuses_to_overwrite_and_force_replaces(tmp_path, monkeypatch, capsys):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "r.txt").write_text("It identified 40 victims.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["scan", "seeds", "--draft", "datasets", "--json"]) == 0
    (tmp_path / "datasets" / f"r{DRAFT_SUFFIX}").write_text("id,source,figure,value,start,end,quote\n", encoding="utf-8")
    capsys.readouterr()
    assert run(["scan", "seeds", "--draft", "datasets", "--json"]) == 2
    error = capsys.readouterr().err
    assert f"r{DRAFT_SUFFIX}: a draft already exists" in error and "--force" in error and "Traceback" not in error
    assert run(["scan", "seeds", "--draft", "datasets", "--force", "--json"]) == 0
    assert [r["figure"] for r in rows(tmp_path / "datasets" / f"r{DRAFT_SUFFIX}")] == ["40"]
