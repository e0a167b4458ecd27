"""Shared fixtures: the repository root and a builder for small projects in tmp folders."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


class ProjectBuilder:
    """Writes seeds/, datasets/ and expectations/ for a tiny project.

    ``figure(id, figure, in_text=...)`` locates the figure inside a seed's text so offsets and
    quotes are real, never typed by hand.
    """

    def __init__(self, root: Path):
        self.root = root
        self.seeds = root / "seeds"
        self.datasets = root / "datasets"
        self.expectations = root / "expectations"
        for folder in (self.seeds, self.datasets, self.expectations):
            folder.mkdir(parents=True, exist_ok=True)
        self.texts: dict[str, str] = {}
        self.rows: list[dict] = []

    def seed(self, name: str, text: str) -> "ProjectBuilder":
        self.texts[name] = text
        (self.seeds / name).write_text(text, encoding="utf-8")
        return self

    def figure(self, fid: str, figure: str, value: float, source: str | None = None, sentence: str | None = None,
               occurrence: int = 1, **meta) -> "ProjectBuilder":
        source = source or next(iter(self.texts))
        text = self.texts[source]
        anchor = -1
        for _ in range(occurrence):
            anchor = text.find(sentence or figure, anchor + 1)
            assert anchor != -1, f"{sentence or figure!r} not in {source}"
        start = text.find(figure, anchor)
        quote = sentence or figure
        self.rows.append({"id": fid, "source": source, "figure": figure, "value": value,
                          "unit": meta.get("unit", ""), "period": meta.get("period", ""),
                          "scope": meta.get("scope", ""), "category": meta.get("category", ""),
                          "measure": meta.get("measure", ""), "start": start, "end": start + len(figure),
                          "quote": quote})
        return self

    def rules(self, yaml_text: str, name: str = "rules.yml") -> "ProjectBuilder":
        (self.expectations / name).write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        return self

    def write(self) -> "ProjectBuilder":
        with open(self.datasets / "figures.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "source", "figure", "value", "unit", "period", "scope",
                                                        "category", "measure", "start", "end", "quote"])
            writer.writeheader()
            writer.writerows(self.rows)
        return self

    def args(self, *extra: str) -> list[str]:
        return ["check", "--seeds", str(self.seeds), "--datasets", str(self.datasets),
                "--expectations", str(self.expectations), "--report-dir", str(self.root / "reports"),
                "--quiet", *extra]


@pytest.fixture
def project(tmp_path: Path) -> ProjectBuilder:
    return ProjectBuilder(tmp_path)


TOTALS_TEXT = ("The agency identified 10 victims in 2017: 6 for sex trafficking and 4 for forced labor. "
               "Regions reported 7 cases in the north and 5 in the south, of 12 cases nationally.")


@pytest.fixture
def totals_project(project: ProjectBuilder) -> ProjectBuilder:
    """A consistent two-rule project (sum_total and aggregate), all passing."""
    sentence1 = "The agency identified 10 victims in 2017: 6 for sex trafficking and 4 for forced labor."
    sentence2 = "Regions reported 7 cases in the north and 5 in the south, of 12 cases nationally."
    project.seed("doc.txt", TOTALS_TEXT)
    project.figure("total", "10", 10, sentence=sentence1)
    project.figure("sex", "6", 6, sentence=sentence1, category="sex trafficking")
    project.figure("labor", "4", 4, sentence=sentence1, category="forced labor")
    project.figure("north", "7", 7, sentence=sentence2, scope="north")
    project.figure("south", "5", 5, sentence=sentence2, scope="south")
    project.figure("national", "12", 12, sentence=sentence2, scope="national")
    project.rules("""
        rules:
          - id: victims-by-form
            kind: sum_total
            description: "10 victims in 2017: 6 for sex trafficking and 4 for forced labor"
            total: total
            parts: [sex, labor]
          - id: cases-by-region
            kind: aggregate
            description: "7 cases in the north and 5 in the south, of 12 cases nationally"
            aggregate: national
            components: [north, south]
    """)
    return project.write()
