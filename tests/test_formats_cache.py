"""The extraction cache: a PDF is parsed once; what is read back is validated, never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.read.formats import Extraction, cache, extract
from auditor.read.formats import pdf as pdf_reader

from formats_support import pdf_pages

PAGES = [["Authorities identified 1,814 victims in 2015."], ["The total for 2016 was 740."]]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(folder))
    return folder / "formats"


@pytest.fixture
def parses(monkeypatch):
    """Counts how often the PDF reader really parses a file."""
    calls = []
    real = pdf_reader.read_pdf

    def counting(raw: bytes) -> Extraction:
        calls.append(len(raw))
        return real(raw)
    monkeypatch.setattr(pdf_reader, "read_pdf", counting)
    return calls


def test_a_pdf_is_parsed_once_then_read_from_the_cache(cache_dir, parses):
    raw = pdf_pages(PAGES)
    first = extract(raw, ".pdf")
    second = extract(raw, ".pdf")
    assert len(parses) == 1
    assert second == first and first.places == ((0, "p. 1"), (46, "p. 2"))
    assert [p.name for p in cache_dir.iterdir()] == [cache.entry_name(raw, "pdf")]
    # A changed file is another entry, parsed anew.
    extract(pdf_pages([["Another report of 3 pages."]]), ".pdf")
    assert len(parses) == 2


BAD_ENTRIES = {
    "not JSON": "\x00\x01 not json",
    "a pickle-like payload": "cos\nsystem\n(S'echo pwned'\ntR.",
    "wrong keys": json.dumps({"text": "x", "places": [], "blocks": [], "code": "import os"}),
    "place beyond the text": json.dumps({"text": "short", "places": [[0, "p. 1"], [999, "p. 2"]], "blocks": []}),
    "places out of order": json.dumps({"text": "abcdef", "places": [[3, "p. 2"], [1, "p. 1"]], "blocks": []}),
    "label not a string": json.dumps({"text": "abc", "places": [[0, {"x": 1}]], "blocks": []}),
    "huge label": json.dumps({"text": "abc", "places": [[0, "p" * 10_000]], "blocks": []}),
    "bool offset": json.dumps({"text": "abc", "places": [[True, "p. 1"]], "blocks": []}),
    "overlapping blocks": json.dumps({"text": "abcdef", "places": [], "blocks": [[0, 4], [2, 6]]}),
    "deep nesting": "[" * 100_000,
}


@pytest.mark.parametrize("kind", sorted(BAD_ENTRIES))
def test_a_forged_cache_entry_is_ignored_and_replaced(cache_dir, parses, kind):
    raw = pdf_pages(PAGES)
    cache_dir.mkdir(parents=True)
    (cache_dir / cache.entry_name(raw, "pdf")).write_text(BAD_ENTRIES[kind], encoding="utf-8")
    extraction = extract(raw, ".pdf")
    assert extraction.text == "Authorities identified 1,814 victims in 2015. The total for 2016 was 740."
    assert len(parses) == 1
    assert cache.load(raw, "pdf") == extraction   # rewritten with the real extraction


def test_a_cache_entry_that_is_a_symbolic_link_is_not_followed(cache_dir, parses, tmp_path):
    raw = pdf_pages(PAGES)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"text": "forged 999 victims", "places": [], "blocks": []}), encoding="utf-8")
    cache_dir.mkdir(parents=True)
    (cache_dir / cache.entry_name(raw, "pdf")).symlink_to(elsewhere)
    assert "forged" not in extract(raw, ".pdf").text
    assert len(parses) == 1


def test_a_cache_folder_that_cannot_be_written_only_means_no_caching(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker))
    raw = pdf_pages(PAGES)
    assert extract(raw, ".pdf").text.startswith("Authorities identified 1,814")
    assert extract(raw, ".pdf").text.startswith("Authorities identified 1,814")
    assert len(parses) == 2


def test_an_empty_cache_setting_turns_the_cache_off(monkeypatch, parses):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "")
    raw = pdf_pages(PAGES)
    extract(raw, ".pdf")
    extract(raw, ".pdf")
    assert len(parses) == 2 and cache.cache_dir() is None


@pytest.mark.parametrize("ci, expected", [("true", None), ("1", None), ("false", ".auditor-cache/formats"),
                                          ("", ".auditor-cache/formats")])
def test_in_ci_the_cache_is_off_unless_a_folder_is_named(monkeypatch, ci, expected):
    monkeypatch.delenv("AUDITOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("CI", ci)
    assert cache.cache_dir() == (None if expected is None else Path(expected))
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "/restored/by/ci")
    assert str(cache.cache_dir()) == "/restored/by/ci/formats"
