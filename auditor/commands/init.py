"""``auditor init DIR --from DOCS``: a new project from a folder of documents.

    DIR/
      seeds/                      the documents, copied as they are
      datasets/<doc>.draft.csv    drafted extracts: one row per figure the scanner reads, with
                                  offsets and quotes filled (``auditor scan --draft``)
      datasets/ignored.csv        drafted ignored mentions: numerals the scanner reads as labels
                                  (article numbers, titles), each with the reason to check
      expectations/rules.yml      a starter rules file: settings, and an example rule in comments
      .gitignore                  audit_reports/ (added to the one already there, if any)
      .github/workflows/audit.yml a CI workflow that gates pull requests on the audit

Every document is read and scanned before anything is written: a document that is not UTF-8
text is an input error (exit 2) and DIR stays as it was. DIR may exist (an empty folder, a fresh
git clone) but must not hold a project already: init never overwrites seeds/, datasets/,
expectations/, a waivers file or the workflow; a .gitignore already there gets the line added. ``auditor check`` inside the new DIR runs (exit 0 or 1): the
drafts are real extracts of the documents, verified like any other.
"""

from __future__ import annotations

import csv
import shutil
from itertools import islice
from importlib import resources
from pathlib import Path
from string import Template

import typer

from .. import __version__
from ..draft import DRAFT_SUFFIX, write_drafts
from ..errors import InputErrors, escape_controls
from . import examples
from .scan import ScanResult, scan_paths

#: What makes a folder a project already: init refuses to write over any of them.
PROJECT_ENTRIES = ("seeds", "datasets", "expectations", "waivers.yml", "audit_reports", ".github/workflows/audit.yml")
#: Characters of a quote shown in the starter rules file's example.
QUOTE_CHARS = 160


def register(app: typer.Typer) -> None:
    """Add the ``init`` command to ``app``."""

    @app.command("init", epilog=examples("auditor init my-audit --from ~/reports/",
                                         "auditor init . --from ../documents/ && auditor check"))
    def init(
        directory: Path = typer.Argument(..., help="the new project's folder (created; may exist if empty of a project)"),
        docs: Path = typer.Option(..., "--from", help="a folder of documents (UTF-8 text), or one document"),
    ) -> None:
        """Start a project from documents: seeds, drafted extracts, starter rules, .gitignore, CI workflow."""
        written = init_project(directory, docs)
        typer.echo(escape_controls(
            f"created {directory}: {written['documents']} document(s) in seeds/, {written['figures']} drafted "
            f"figure(s) in datasets/*.draft.csv, {written['ignored']} drafted ignored mention(s), "
            f"expectations/rules.yml, .gitignore, .github/workflows/audit.yml"))
        typer.echo(escape_controls(f"next: cd {directory} && auditor check; then review the drafts and write rules"))


def refuse_existing(directory: Path) -> None:
    """Raise :class:`InputErrors` when ``directory`` is not a folder or already holds a project."""
    if directory.exists() and not directory.is_dir():
        raise InputErrors.single(directory, "exists and is not a folder")
    found = [name for name in PROJECT_ENTRIES if (directory / name).exists()]
    if found:
        raise InputErrors.single(directory, f"already holds an auditor project (found: {', '.join(found)}); "
                                            "auditor init only starts new ones and never overwrites")


def init_project(directory: Path, docs: Path) -> dict[str, int]:
    """Create the project (see the module docstring); return what was written, counted."""
    refuse_existing(directory)
    scan = scan_paths([docs])  # every document read and scanned first: bad input writes nothing
    try:
        copy_documents(scan, directory / "seeds")
        # Drafted extracts and, beside each, its labels with a reason (auditor.draft).
        drafted = write_drafts(scan.sources, scan.mentions, directory / "datasets")
        write_starter_files(scan, directory, [p for p in drafted.written if p.name.endswith(DRAFT_SUFFIX)])
    except OSError as exc:
        raise InputErrors.single(exc.filename or directory, f"cannot write the new project: {exc.strerror or exc}")
    return {"documents": len(scan.sources), "drafts": len(drafted.written), "figures": drafted.figures,
            "ignored": drafted.labels}


def copy_documents(scan: ScanResult, seeds: Path) -> None:
    """Copy every document, byte for byte, to ``seeds/<its name>`` (names relative to --from)."""
    for name, source in scan.sources.items():
        target = seeds / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.path, target)


def write_starter_files(scan: ScanResult, directory: Path, drafts: list[Path]) -> None:
    """expectations/rules.yml (its example named after real drafted figures), .gitignore, the CI workflow."""
    files = resources.files("auditor.commands") / "init_files"
    example = _example_figures(drafts)
    rules = Template((files / "rules.yml").read_text(encoding="utf-8")).safe_substitute(example)
    workflow = Template((files / "github-actions.yml").read_text(encoding="utf-8")).safe_substitute(version=__version__)
    (directory / "expectations").mkdir(parents=True, exist_ok=True)
    (directory / "expectations" / "rules.yml").write_text(rules, encoding="utf-8")
    add_ignored_lines(directory / ".gitignore", (files / "gitignore").read_text(encoding="utf-8"))
    (directory / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
    (directory / ".github" / "workflows" / "audit.yml").write_text(workflow, encoding="utf-8")


def add_ignored_lines(path: Path, lines: str) -> None:
    """Add ``lines`` to a .gitignore, keeping what a fresh clone's own .gitignore already says."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in lines.splitlines() if line not in existing.splitlines()]
    if missing:
        separator = "\n" if existing and not existing.endswith("\n") else ""
        path.write_text(existing + separator + "".join(f"{line}\n" for line in missing), encoding="utf-8")


def _example_figures(drafts: list[Path]) -> dict[str, str]:
    """Ids and quote of the first drafted figures, for the commented example rule."""
    for path in drafts:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(islice(csv.DictReader(handle), 3))
        if len(rows) >= 3:
            name = rows[0]["source"]
            # One line of a YAML comment: the quote's own line breaks and controls must not end it.
            quote = escape_controls(" ".join(rows[0]["quote"].split()))[:QUOTE_CHARS].replace('"', "'")
            return {"first_source": escape_controls(name), "quote": quote, "total_id": rows[0]["id"],
                    "part_ids": ", ".join(row["id"] for row in rows[1:3])}
    return {"first_source": "your documents", "quote": "the sentence stating the total and its parts",
            "total_id": "total-figure-id", "part_ids": "part-figure-id, other-part-figure-id"}
