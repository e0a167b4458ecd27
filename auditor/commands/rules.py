"""``auditor rules``: list the rule kinds, or print one kind's documentation (its docstring)."""

from __future__ import annotations

import inspect
import sys
from typing import Optional

import typer

from ..errors import InputErrors
from ..rules import RULE_KINDS
from . import examples


def register(app: typer.Typer) -> None:
    @app.command("rules", epilog=examples("auditor rules", "auditor rules sum_total"))
    def rules(kind: Optional[str] = typer.Argument(None, help="a rule kind to document")) -> None:
        """List rule kinds, or show the documentation of one."""
        if kind is None:
            width = max(len(k) for k in RULE_KINDS)
            for name, cls in RULE_KINDS.items():
                summary = (inspect.getdoc(cls) or "").splitlines()[0]
                typer.echo(f"{name.ljust(width)}  {summary}")
            return
        if kind not in RULE_KINDS:
            raise InputErrors.single(kind, f"unknown rule kind; valid kinds: {', '.join(RULE_KINDS)}")
        module = sys.modules[RULE_KINDS[kind].__module__]
        typer.echo(inspect.getdoc(module) or "")
        fields = RULE_KINDS[kind].model_fields
        typer.echo("\nkeys: " + ", ".join(f"{name}{'' if f.is_required() else '?'}" for name, f in fields.items()))
