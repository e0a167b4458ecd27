"""The shipped seed saved as Markdown, HTML, Word and PDF audits exactly like the ``.txt``.

Each copy is made as an editor would save it (Markdown with its punctuation escaped; an HTML page
with navigation and a script around the text; one Word paragraph; a PDF wrapped into lines and
pages). Its normalized text must be the seed's text character for character, so the seed's
extracts (``source`` renamed to the copy) re-verify at the same offsets; then every finding —
rules, provenance, repeats, coverage — must have the same id, status and figure values as the
``.txt`` audit. Only the places differ: the PDF's figures are on pages, the Word paragraph is ¶ 1.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from auditor.audit import AuditOptions, run_audit
from auditor.read.sources import read_source

from formats_support import seed_copy, unicode_font

SEED = "000_f1179795d82053b5.txt"


def _findings(result, name: str) -> dict[str, tuple]:
    """Each finding by id (the seed's name taken out), with its status and its figures' values."""
    return {f.id.replace(name, "SEED"): (f.status, sorted((r.id.replace(name, "SEED"), r.figure, r.value, r.start)
                                                          for r in f.figures))
            for f in result.findings}


def _copy_project(repo_root: Path, root: Path, name: str, data: bytes) -> AuditOptions:
    """The shipped project with its seed replaced by ``data`` under ``name``."""
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / name).write_bytes(data)
    (root / "datasets").mkdir()
    for table in sorted((repo_root / "datasets").glob("*.csv")):
        with open(table, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
            fields = list(rows[0])
        for row in rows:
            assert row["source"] == SEED
            row["source"] = name
        with open(root / "datasets" / table.name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    shutil.copytree(repo_root / "expectations", root / "expectations")
    return AuditOptions(seeds=root / "seeds", datasets=root / "datasets", expectations=root / "expectations")


@pytest.fixture(scope="module")
def seed_audit(repo_root):
    root = repo_root
    return run_audit(AuditOptions(seeds=root / "seeds", datasets=root / "datasets", expectations=root / "expectations"))


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".pdf"])
def test_the_seed_in_another_format_gives_the_same_findings(repo_root, tmp_path, monkeypatch, seed_audit, suffix):
    if suffix == ".pdf" and unicode_font() is None:
        pytest.skip("no Unicode TrueType font (DejaVu or Liberation) to write the seed's PDF with")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    text = (repo_root / "seeds" / SEED).read_text(encoding="utf-8")
    name = SEED.replace(".txt", suffix)
    options = _copy_project(repo_root, tmp_path, name, seed_copy(text, suffix))
    source = read_source(options.seeds / name, name)
    assert source.text == text
    result = run_audit(options)
    assert _findings(result, name) == _findings(seed_audit, SEED)
    assert result.summary["provenance"] == seed_audit.summary["provenance"]
    assert result.summary["coverage"] == seed_audit.summary["coverage"]
    places = {ref.place for f in result.findings for ref in f.figures}
    if suffix == ".pdf":
        assert {"p. 1", "p. 6"} <= places and places <= {f"p. {n}" for n in range(1, 7)}
    elif suffix == ".docx":
        assert places == {"¶ 1"}
    else:
        assert places == {""}   # no headings in the seed
