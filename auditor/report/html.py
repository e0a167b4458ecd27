"""The HTML audit report: one self-contained file rendered with jinja2 (autoescaped)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from ..findings import AuditResult

_ENV = Environment(loader=PackageLoader("auditor", "report/templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))


def render_html(result: AuditResult, source_texts: dict[str, str]) -> str:
    """Render ``report.html`` for a result; ``source_texts`` maps source name to its full text."""
    return _ENV.get_template("report.html.j2").render(result=result, source_texts=source_texts)
