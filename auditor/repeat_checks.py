"""Repeated passages found in the sources, turned into GX checks and findings.

:mod:`auditor.read.passages` finds and aligns repeats; here each repeat's figure pairs become
``equal`` check rows for the engine, and GX's verdicts become one finding per repeat: figures
differ (failed, ``figures_severity``), the same figures in other words (``repeat_variant``,
``variant_severity`` within a document, ``variant_across_documents_severity`` — ``info`` by
default — across documents, with a word diff; at severity ``info`` it is a passed note, above
it a failed finding), or a consistent repeat (passed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .config import RepeatSettings
from .engine import CheckOutcome
from .extracts import Figure
from .findings import Finding, figure_ref
from .read.passages import Repeat, RepeatSearch, search_repeats
from .rules.base import Check
from .rules.repeated_passage import pair_check
from .read.sources import Passage, Source


@dataclass
class RepeatCase:
    """A repeated passage found in the sources, with the GX checks on its figures."""

    repeat: Repeat
    checks: list[tuple[str, Check]]
    figures: dict[str, Figure]

    @property
    def id(self) -> str:
        first, second = self.repeat.first, self.repeat.second
        return f"repeat/{first.source}@{first.start}~{second.source}@{second.start}"


def _within(item, passage: Passage) -> bool:
    """Whether a mention or figure (``source``, ``start``) lies in ``passage``."""
    return item.source == passage.source and passage.start <= item.start < passage.end


def _mention_figure(mention, passage: Passage) -> Figure:
    """A figure the scanner found, in the shape of an extract (for checks and the report)."""
    return Figure(id=f"{mention.source}@{mention.start}", source=mention.source, figure=mention.text,
                  value=mention.value, unit=mention.unit, period="", scope="", category="", measure="",
                  start=mention.start, end=mention.end, quote=passage.text, file="", line=0)


@dataclass
class RepeatChecks:
    """The repeats to check, and what the search set aside (reported in ``summary.repeats``)."""

    cases: list[RepeatCase]
    search: RepeatSearch  # what was found, and what was set aside as other statements

    TEMPLATES_LISTED = 100  # a corpus of reports may hold many templates; the first ones show the kind

    def summary(self) -> dict:
        """Counts for ``results.json``: repeats checked, and what was set aside (templates listed)."""
        return {
            "checked": len(self.cases),
            **self.search.set_aside(),
            "template_list": [{"source": t.first.source, "start": t.first.start, "text": t.first.text[:160],
                               "documents": t.documents, "copies": t.copies, "figure_sets": t.figure_sets}
                              for t in self.search.templates[:self.TEMPLATES_LISTED]],
        }


def repeat_cases(sources: dict[str, Source], settings: RepeatSettings) -> RepeatChecks:
    """Find repeated passages in all sources; pair their figures as ``equal`` checks for GX."""
    passages = [p for source in sources.values() for p in source.passages]
    search = search_repeats(passages, threshold=settings.threshold, min_chars=settings.min_chars,
                            template_documents=settings.template_documents if settings.across_documents else 0)
    cases = []
    for repeat in search.repeats:
        if not settings.across_documents and repeat.first.source != repeat.second.source:
            continue
        case = RepeatCase(repeat, [], {})
        for pair in repeat.figure_pairs:
            first = _mention_figure(pair.first, repeat.first)
            second = _mention_figure(pair.second, repeat.second)
            case.figures.update({first.id: first, second.id: second})
            case.checks.append((f"{case.id}#{len(case.checks)}", pair_check(first, second)))
        for mention in repeat.unpaired:
            passage = repeat.first if _within(mention, repeat.first) else repeat.second
            lone = _mention_figure(mention, passage)
            case.figures[lone.id] = lone
            # NaN stands for "no counterpart": GX's pair equality fails on a value against a missing one.
            case.checks.append((f"{case.id}#{len(case.checks)}", Check(
                "equal", (lone.value, math.nan),
                fails_as=f"{lone.figure!r} at {lone.source}:{lone.start} has no counterpart in the other copy",
                holds_as="", expected=lone.value, observed=None, figure_ids=(lone.id,))))
        cases.append(case)
    return RepeatChecks(cases, search)


def _diff_summary(diff) -> str:
    changes = []
    for i, (op, text) in enumerate(diff):
        if op == "delete":
            following = diff[i + 1] if i + 1 < len(diff) else None
            replacement = following[1] if following and following[0] == "insert" else ""
            changes.append(f"{text!r} → {replacement!r}" if replacement else f"{text!r} removed")
        elif op == "insert" and not (i and diff[i - 1][0] == "delete"):
            changes.append(f"{text!r} added")
    return "; ".join(changes)


def repeat_finding(case: RepeatCase, outcomes: dict[str, CheckOutcome], settings: RepeatSettings) -> Finding:
    """One finding per repeat: figures differ (GX), worded differently, or consistent."""
    repeat = case.repeat
    place = lambda p: {"source": p.source, "start": p.start, "end": p.end, "text": p.text}  # noqa: E731
    details = {"repeat_kind": repeat.kind, "similarity": round(repeat.similarity, 1),
               "passages": [place(repeat.first), place(repeat.second)],
               "diff": [list(segment) for segment in repeat.diff]}
    where = f"{repeat.first.source}:{repeat.first.start} and {repeat.second.source}:{repeat.second.start}"
    failing = [check for cid, check in case.checks if outcomes[cid].passed is False]
    errored = [outcomes[cid].error for cid, _ in case.checks if outcomes[cid].passed is None]
    kind, severity = "repeated_passage", settings.figures_severity
    expected = observed = None
    if errored:
        status, message = "error", f"GX could not evaluate this repeat: {errored[0]}"
    elif failing:
        status = "failed"
        message = f"passage repeated at {where} with different figures: " + "; ".join(c.fails_as for c in failing)
        expected, observed = failing[0].expected, failing[0].observed
    elif repeat.text_differs and repeat.kind != "truncated":
        across = repeat.first.source != repeat.second.source
        severity = settings.variant_across_documents_severity if across else settings.variant_severity
        # A rewording whose figures agree is a note at severity info (another report rewording
        # an earlier one), not a failure: only a steward who raises its severity gates on it.
        kind, status = "repeat_variant", "passed" if severity == "info" else "failed"
        message = (f"passage repeated at {where} in different words ({repeat.similarity:.0f} % alike), "
                   f"figures equal: {_diff_summary(repeat.diff)}")
    else:
        severity, status = "info", "passed"
        label = {"exact": "repeated word for word", "truncated": "cut short with '…', agreeing with the full passage"}
        message = f"passage at {where} {label.get(repeat.kind, 'repeated')}; figures agree"
    refs = [figure_ref(f, "first copy" if _within(f, repeat.first) else "second copy") for f in case.figures.values()]
    return Finding(
        id=case.id, rule_id="repeat", kind=kind, severity=severity, status=status, message=message,
        description=f"Automatically detected {repeat.kind} repeat: “{repeat.first.text[:160]}”",
        expected=expected, observed=observed, figures=refs, details=details,
        gx=[{"check_id": cid, "passed": outcomes[cid].passed, "values": [None if isinstance(v, float) and math.isnan(v) else v for v in check.values],
             "expectations": outcomes[cid].expectations} for cid, check in case.checks],
    )
