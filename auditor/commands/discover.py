"""``auditor discover``: the relations documents state or imply, evaluated, and written as project files.

    auditor discover [PATHS...] [--expectations DIR] [--json] [--write DIR [--force]]

PATHS are files or folders of documents (default ``seeds``), read as ``auditor check`` reads
``seeds/``. Discovery (:mod:`auditor.discover`) runs over them exactly as in an audit of a
project that has no extracts and no rules yet, and GX evaluates what it found, so every line
printed carries the verdict ``auditor check`` would give: place, family, confidence, status and
what was read ("read as a breakdown of 114 possible victims: 67 + 17 + 13 = 97 — but the total
is 114: off by 17"). ``--json`` prints the relations as one JSON document instead.

The project's rule files (``--expectations``, default ``expectations`` when it exists) are read
for what a reviewer decided about discovery: ``settings: discovery:`` (severity, restatements
across documents) and ``suppress:`` entries, so a suppressed discovery is neither listed nor
written again. Their rules are not run: this command shows what discovery adds.

``--write DIR`` turns the discoveries into ordinary project files for a steward to review:

- ``DIR/datasets/discovered.csv``: one extract per figure the relations use, in the project's
  extracts format (:data:`auditor.extracts.FIGURE_COLUMNS`), with the meaningful ids discovery
  gave them and their period, scope, category and measure as read;
- ``DIR/expectations/discovered.yml``: one rule per relation, of the rule kind discovery
  evaluated, with its id and severity as discovered, the evidence as its ``description``, and
  what was read and the confidence as a comment above it.

Copied into a project, they are hand-written rules from then on: the discoveries they cover
are not reported twice (``summary.discovery.covered_by_rules``) and their verdicts are the
discovered ones. Files are replaced atomically (written beside the target, then renamed),
never through a symbolic link, and an existing file only with ``--force``; otherwise the
command exits 2 saying why and writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer
import yaml

from ..audit import Project, discovered_findings, lay_out_checks
from ..config import CoverageSettings, RepeatSettings, RuleSet, load_rules
from ..discover import Relation
from ..draft import _csv_value
from ..engine import Engine
from ..errors import InputErrors, escape_json_controls
from ..extracts import FIGURE_COLUMNS, Extracts, Figure
from ..findings import Finding
from ..rules.base import Rule
from .scan import read_paths

#: Where ``--write DIR`` puts its two files, relative to DIR (a project's own layout).
EXTRACTS_FILE = Path("datasets") / "discovered.csv"
RULES_FILE = Path("expectations") / "discovered.yml"


@dataclass
class Discovered:
    """One discovered relation as the audit evaluates it: the rule (at its discovered severity)
    and GX's finding on it."""

    relation: Relation
    rule: Rule
    finding: Finding

    @property
    def place(self) -> str:
        """``source:offset`` of the relation's first figure in its text."""
        source = self.relation.figures[0].source
        return f"{source}:{min(f.start for f in self.relation.figures if f.source == source)}"

    @property
    def verdict(self) -> str:
        """What was read, then what does not hold (the finding's message already starts with the
        reading when GX evaluated the rule)."""
        message, read_as = self.finding.message, self.relation.read_as
        return message if message.startswith(read_as) else f"{read_as} — {message}"


def register(app: typer.Typer) -> None:
    """Add the ``discover`` command to ``app``."""

    @app.command("discover")
    def discover_command(
        paths: list[Path] = typer.Argument(None, help="documents, or folders of documents (default: seeds)"),
        write: Path | None = typer.Option(None, "--write", help="write DIR/datasets/discovered.csv and "
                                          "DIR/expectations/discovered.yml for review"),
        force: bool = typer.Option(False, "--force", help="with --write: replace files that exist"),
        as_json: bool = typer.Option(False, "--json", help="print the relations as one JSON document"),
        expectations: Optional[Path] = typer.Option(None, "--expectations", help="rule files whose discovery "
                                                    "settings and suppress: entries apply (default: expectations "
                                                    "when it exists)"),
    ) -> None:
        """Find the relations documents state or imply, evaluate them, and print or write them."""
        sources = read_paths(paths or [Path("seeds")])
        if expectations is not None and not expectations.exists():
            raise InputErrors.single(expectations, "expectations folder not found")
        reviewed = load_rules(expectations or Path("expectations"))
        if write is not None:
            check_targets(write, force)  # refuse before the evaluation, not after it
        found, suppressed = evaluate(sources, reviewed)
        written = write_project_files(found, write, force) if write is not None and found else []
        if as_json:
            typer.echo(escape_json_controls(json.dumps(to_json(found, len(sources)), ensure_ascii=False, indent=2)))
            return
        for line in text_lines(found, len(sources), suppressed):
            typer.echo(line)
        if write is not None:
            typer.echo(printable(f"wrote {', '.join(str(path) for path in written)}" if written else
                                 "nothing to write: no relation found"))


def evaluate(sources: dict, reviewed: RuleSet | None = None) -> tuple[list[Discovered], int]:
    """Discover relations in ``sources`` and evaluate them with GX, as an audit of a project with
    only these documents would (the same layout, engine and findings; coverage and repeat
    detection off: they are not discoveries). ``reviewed``: the project's discovery settings and
    suppressions. Returns the relations evaluated and how many were suppressed."""
    reviewed = reviewed or RuleSet()
    # Asked for explicitly, discovery runs even where the project turned it off for its audits.
    settings = reviewed.settings.model_copy(update={
        "coverage": CoverageSettings(enabled=False), "repeats": RepeatSettings(enabled=False),
        "discovery": reviewed.settings.discovery.model_copy(update={"enabled": True})})
    project = Project(sources, Extracts({}, []), RuleSet(settings=settings, suppressions=reviewed.suppressions))
    layout = lay_out_checks(project)
    discovered = layout.discovered
    outcomes = Engine("pandas").evaluate(layout.all_checks()).outcomes
    findings = discovered_findings(discovered, outcomes, layout.not_evaluated)
    found = [Discovered(relation, rule, finding) for (relation, rule), finding in zip(discovered.relations, findings)]
    return found, discovered.suppressed


# --------------------------------------------------------------------------- output

def printable(text: str) -> str:
    """Text from a document made safe for a terminal line: control characters (escape
    sequences, line breaks, bells) become spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def text_lines(found: list[Discovered], documents: int, suppressed: int = 0) -> list[str]:
    """One line per relation (place, family, confidence, status, what was read and the verdict),
    then a count."""
    lines = [printable(f"{d.place}  {d.relation.family}  {d.relation.confidence:.2f}  "
                       f"{d.finding.status} ({d.rule.severity})  {d.verdict}") for d in found]
    failed = sum(d.finding.status == "failed" for d in found)
    confident = sum(d.relation.confident for d in found)
    lines.append(f"{len(found)} relation(s) in {documents} document(s), {confident} confident: "
                 f"{failed} failed, {sum(d.finding.status == 'passed' for d in found)} passed"
                 + (f"; {suppressed} suppressed by a reviewer" if suppressed else ""))
    return lines


def _figure_json(figure: Figure) -> dict:
    return {name: getattr(figure, name) for name in FIGURE_COLUMNS}


def to_json(found: list[Discovered], documents: int) -> dict:
    """The relations as plain data: each with its rule (as written by ``--write``), figures,
    confidence, evidence, reading and GX's verdict."""
    return {
        "documents": documents,
        "relations": [{
            "id": d.rule.id, "family": d.relation.family, "kind": d.rule.kind, "place": d.place,
            "confidence": round(d.relation.confidence, 2), "confident": d.relation.confident,
            "evidence": d.relation.evidence, "read_as": d.relation.read_as,
            "severity": d.rule.severity, "status": d.finding.status, "message": d.finding.message,
            "expected": d.finding.expected, "observed": d.finding.observed,
            "rule": rule_data(d), "figures": [_figure_json(f) for f in d.relation.figures],
        } for d in found],
    }


# --------------------------------------------------------------------------- project files

def extracts_text(found: list[Discovered]) -> str:
    """``datasets/discovered.csv``: every figure the relations use, once, in the order they are used."""
    rows: dict[str, Figure] = {}
    for d in found:
        for figure in d.relation.figures:
            known = rows.setdefault(figure.id, figure)
            if (known.source, known.start) != (figure.source, figure.start):
                # Ids are unique per document; two documents with one stem ("a.txt", "a.md") collide.
                raise InputErrors.single(figure.source, f"figure id {figure.id!r} names two figures "
                                         f"({known.source}:{known.start} and {figure.source}:{figure.start}); "
                                         "discover these documents separately")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIGURE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for figure in rows.values():
        writer.writerow({**_figure_json(figure), "value": _csv_value(figure.value)})
    return out.getvalue()


def rule_data(d: Discovered) -> dict:
    """The rule as a rule file holds it: id, kind, severity, the evidence as its description,
    then its kind's own fields (those left at their defaults are left out)."""
    fields = d.rule.model_dump(mode="json", exclude_defaults=True,
                               exclude={"id", "kind", "severity", "description", "note"})
    return {"id": d.rule.id, "kind": d.rule.kind, "severity": d.rule.severity,
            "description": d.relation.evidence.strip() or d.relation.read_as, **fields}


def rules_text(found: list[Discovered]) -> str:
    """``expectations/discovered.yml``: one rule per relation, what was read as a comment above it."""
    lines = ["# Relations found by `auditor discover` in the documents, one rule per relation, over the",
             "# figures of datasets/discovered.csv. Review each: keep, edit or delete it; a discovery judged",
             "# wrong can instead be suppressed (suppress: rule, reason, reviewer; see docs/discovery.md).",
             "rules:"]
    for d in found:
        # A comment is one line: the reading comes from the document and must not break out of it.
        lines.append(f"  # {printable(' '.join(d.relation.read_as.split()))} "
                     f"(confidence {d.relation.confidence:.2f}, {d.finding.status} when discovered)")
        dumped = yaml.safe_dump([rule_data(d)], sort_keys=False, allow_unicode=True, width=100)
        lines.extend("  " + line for line in dumped.splitlines())
    return "\n".join(lines) + "\n"


def write_project_files(found: list[Discovered], directory: Path, force: bool) -> list[Path]:
    """Write the extracts and rules files under ``directory`` (``found`` not empty: a rule file
    must hold a rule); return their paths.

    Both files are rendered and every target checked before anything is written, so a refusal
    leaves the folder as it was.
    """
    texts = {directory / EXTRACTS_FILE: extracts_text(found), directory / RULES_FILE: rules_text(found)}
    check_targets(directory, force)
    for path, text in texts.items():
        _write_atomically(path, text)
    return list(texts)


def check_targets(directory: Path, force: bool) -> None:
    """Raise :class:`InputErrors` unless both files can be written under ``directory``: no
    symbolic link on the way below it, no file replaced without ``force``."""
    for folder in (directory, directory / "datasets", directory / "expectations"):
        if folder.is_symlink():
            raise InputErrors.single(folder, "is a symbolic link; discover writes only into real folders")
        if folder.exists() and not folder.is_dir():
            raise InputErrors.single(folder, "exists and is not a folder")
    for path in (directory / EXTRACTS_FILE, directory / RULES_FILE):
        if path.is_symlink():
            raise InputErrors.single(path, "is a symbolic link; discover never writes through one")
        if path.exists() and not path.is_file():
            raise InputErrors.single(path, "exists and is not a file")
        if path.exists() and not force:
            raise InputErrors.single(path, "already exists; --force replaces it")


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a new file beside ``path``, then rename it over ``path``: a reader sees
    the old file or the new one, never half of one; a symbolic link at ``path`` would be
    replaced, not followed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputErrors.single(exc.filename or path, f"cannot write: {exc.strerror or exc}") from None
