"""``auditor validate``: check configuration and extracts without running GX (pre-commit fast).

It runs the very loader ``auditor check`` runs (:func:`auditor.audit.load_project`: sources,
extracts, rules, waivers and baseline), so every input ``check`` rejects, ``validate`` rejects
with the same ``file:line:col: message`` lines and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..audit import AuditOptions, folder_options, load_project
from . import examples


def register(app: typer.Typer) -> None:
    @app.command("validate", epilog=examples("auditor validate", "auditor validate --waivers waivers.yml", "pre-commit run auditor-validate --all-files"))
    def validate(
        seeds: Path = typer.Option(Path("seeds"), "--seeds"),
        datasets: Optional[Path] = typer.Option(None, "--datasets"),
        expectations: Optional[Path] = typer.Option(None, "--expectations"),
        waivers: Optional[Path] = typer.Option(None, "--waivers", help="waivers file (default: waivers.yml when present)"),
        baseline: Optional[Path] = typer.Option(None, "--baseline", help="an earlier results.json, validated as check would"),
    ) -> None:
        """Validate sources, extracts, rule files and waivers; exit 0 when all are well-formed, 2 otherwise."""
        if waivers is None and Path("waivers.yml").is_file():
            waivers = Path("waivers.yml")
        project = load_project(AuditOptions(seeds=seeds, **folder_options(datasets, expectations), waivers=waivers,
                                            baseline=baseline))
        typer.echo(f"ok: {len(project.sources)} source(s), {len(project.extracts.figures)} figure(s), "
                   f"{len(project.ruleset.rules)} rule(s)")
