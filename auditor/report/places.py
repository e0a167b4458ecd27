"""Where a finding points, for the formats that annotate files (lines, GitHub, SARIF).

A finding's places are its figures, in order, each in its source file at the line and column
the model holds (:class:`~auditor.findings.FigureRef`; a document that is not plain text, a
PDF or Word file, has no lines of its own: its figures point at the whole file, and their
``place``, "p. 14", is named in the message); a repeat without extracted figures
points at its passages (``details.passages``, placed the same way); a finding with neither (a
claim the text gives no figures for, a waiver entry) points at its rule instead. Paths are relative to the
project, the way editors and CI systems name files: the sources folder joined with the source's
name (``seeds/report.txt``); the rule file as loaded (``expectations/victims.yml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from ..findings import Finding


@dataclass(frozen=True)
class Place:
    """A region of a file: 1-based line and column, ``end_col`` just after the last character;
    no line for a whole file (a PDF or Word document, whose places are pages and paragraphs)."""

    path: str
    line: int | None = None
    col: int | None = None
    end_line: int | None = None
    end_col: int | None = None
    label: str = ""  # what is there: "total 740", "part 12 (p. 14)", "rule"


def finding_places(finding: Finding, sources_dir: str = "seeds") -> list[Place]:
    """Every place of ``finding``: its figures, or else its passages, or else its rule's file and line."""
    places = [Place(source_path(sources_dir, ref.source), ref.line, ref.col, ref.end_line, ref.end_col,
                    f"{ref.role or 'figure'} {ref.figure}" + (f" ({ref.place})" if ref.place else ""))
              for ref in finding.figures]
    if not places:  # a repeat whose passages hold no extracted figure
        places = [Place(source_path(sources_dir, p["source"]), p.get("line"), p.get("col"), p.get("end_line"),
                        p.get("end_col"), f"copy {i}")
                  for i, p in enumerate(finding.details.get("passages", ()), start=1) if p.get("source")]
    if not places and finding.rule_file:
        places.append(Place(PurePosixPath(finding.rule_file).as_posix(), finding.rule_line or 1, label="rule"))
    return places


@lru_cache(maxsize=4096)
def source_path(sources_dir: str, name: str) -> str:
    """A source's path relative to the project: ``seeds`` + ``report.txt`` → ``seeds/report.txt``."""
    return PurePosixPath(sources_dir, name).as_posix()


def first_place(finding: Finding, sources_dir: str = "seeds") -> Place | None:
    """The place an editor jumps to and an annotation sits on: the finding's first place."""
    places = finding_places(finding, sources_dir)
    return places[0] if places else None


def reader_places(finding: Finding) -> str:
    """Where a reader finds the finding's figures (" [report.pdf p. 14]"), for documents that have places."""
    refs = sorted((ref for ref in finding.figures if ref.place), key=lambda ref: (ref.source, ref.start))
    places = dict.fromkeys(f"{ref.source} {ref.place}" for ref in refs)
    return f" [{'; '.join(places)}]" if places else ""


def full_message(finding: Finding) -> str:
    """The finding's message, with the reader's places of its figures, its waiver (when waived)
    and ``[new]`` (against a baseline)."""
    text = finding.message + reader_places(finding)
    if finding.status == "waived" and finding.waiver is not None:
        w = finding.waiver
        text += f" [waived until {w.expires} by {w.reviewer}: {w.reason}]"
    if finding.new:
        text += " [new]"
    return text


def reported(findings: list[Finding]) -> list[Finding]:
    """The findings the annotating formats report: every one that did not pass, in result order."""
    return [f for f in findings if f.status != "passed"]
