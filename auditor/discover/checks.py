"""Discovered relations in an audit: which run, at what severity, and how their findings read.

A relation is left out when a hand-written rule already checks its figures (a steward who
wrote the rule has the last word: reporting both would say the same thing twice) or when a
reviewer suppressed it (``suppress:`` in a rule file). The others become rules at the
discovery severity when confident, ``info`` otherwise, and their findings say what was read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..config import DiscoverySettings, Suppression
from ..extracts import Figure
from ..findings import Finding
from ..read.sources import Source
from ..rules.base import Check, Rule
from . import Discovery, Relation, discover
from .model import show


@dataclass
class DiscoveredChecks:
    """The relations that run, as rules with their check rows, and what was left out."""

    discovery: Discovery
    relations: list[tuple[Relation, Rule]] = field(default_factory=list)
    checks: dict[str, list[tuple[str, Check]]] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    covered: int = 0            # already checked by a hand-written rule
    suppressed: int = 0

    def summary(self) -> dict:
        families = Counter(relation.family for relation, _ in self.relations)
        return {"relations": len(self.relations), "confident": sum(r.confident for r, _ in self.relations),
                "by_family": dict(sorted(families.items())), "covered_by_rules": self.covered,
                "suppressed": self.suppressed, "documents": len(self.discovery.documents)}

    def spans(self) -> dict[str, list[tuple[int, int]]]:
        """Where the figures the relations read are, by source (coverage counts them as read)."""
        found: dict[str, list[tuple[int, int]]] = {}
        for figure in self.figures.values():
            found.setdefault(figure.source, []).append((figure.start, figure.end))
        return found


def discovered_checks(sources: dict[str, Source], mentions: dict[str, list], settings: DiscoverySettings,
                      hand_written: list[tuple[Rule, list[Figure]]], suppressions: list[Suppression]) -> DiscoveredChecks:
    """Discover, drop what is covered or suppressed, and lay the rest out as check rows."""
    discovery = discover(sources, mentions, across_documents=settings.across_documents)
    result = DiscoveredChecks(discovery)
    covered_spans = [frozenset((f.source, f.start, f.end) for f in figures) for _, figures in hand_written]
    suppressed = {s.rule for s in suppressions if s.finding in (None, s.rule)}
    for relation in discovery.relations:
        spans = frozenset((f.source, f.start, f.end) for f in relation.figures)
        if any(spans <= covered for covered in covered_spans):
            result.covered += 1
            continue
        if relation.rule.id in suppressed:
            result.suppressed += 1
            continue
        severity = settings.severity if relation.confident else "info"
        rule = relation.rule.model_copy(update={"severity": severity})
        figures = {f.id: f for f in relation.figures}
        result.relations.append((relation, rule))
        result.checks[rule.id] = [(f"{rule.id}#{i}", check) for i, check in enumerate(rule.checks(figures))]
        result.figures.update(figures)
    return result


def annotate(finding: Finding, relation: Relation) -> Finding:
    """A discovered relation's finding: what was read first, then GX's verdict in words."""
    if finding.status == "failed":
        finding.message = f"{relation.read_as} — {_verdict(finding)}"
    elif finding.status == "passed":
        finding.message = relation.read_as
    finding.details["discovered"] = {"family": relation.family, "confidence": round(relation.confidence, 2),
                                     "evidence": relation.evidence, "read_as": relation.read_as}
    return finding


def _verdict(finding: Finding) -> str:
    """What does not hold, without repeating the figures the reading already lists."""
    if finding.kind in ("sum_total", "aggregate") and isinstance(finding.expected, (int, float)) \
            and isinstance(finding.observed, (int, float)):
        return f"but the total is {show(finding.expected)}: off by {show(abs(finding.observed - finding.expected))}"
    return finding.message
