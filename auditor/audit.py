"""Running an audit: load the project, lay every check out for GX, turn verdicts into findings.

This is the core's entry point (the CLI is a thin shell around it)::

    result = run_audit(AuditOptions(seeds=Path("seeds"), datasets=Path("datasets"),
                                    expectations=Path("expectations")))

Loading (:func:`load_project`) never imports GX, so ``auditor validate`` stays fast.
"""

from __future__ import annotations

import math
import os
import platform
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import __version__
from .config import RuleSet, load_rules
from .coverage import Coverage, measure_coverage
from .discover.checks import DiscoveredChecks, annotate, discovered_checks
from .engine import CheckOutcome, Engine
from .errors import ConfigError, InputErrors, short_repr
from .extracts import Extracts, Figure, load_extracts, locate
from .memory import gc_paused
from .paths import outside_link_error, project_root
from .gate.gating import GateInputs, apply_gate_inputs, load_gate_inputs
from .findings import AuditResult, Finding, FigureRef, SourceInfo, figure_ref, gate, summarize
from .rules.base import Check, Rule
from .repeat_checks import RepeatChecks, repeat_cases, repeat_finding
from .read.scanner import scan_source
from .read.sources import Source, load_sources


@dataclass
class AuditOptions:
    """Where the project lives and how to run and gate the audit."""

    seeds: Path = Path("seeds")
    datasets: Path = Path("datasets")
    expectations: Path = Path("expectations")
    engine: str = "pandas"
    spark_master: str | None = None
    fail_on: str = "error"
    waivers: Path | None = None
    baseline: Path | None = None
    fail_on_new: bool = False
    today: str | None = None          # ISO date for waiver expiry; default: today (UTC)
    report_dir: Path | None = None    # where reports will be written (refused inside an input folder)
    # Folders that may be missing ("none yet"): a project starts as a folder of documents. A
    # folder the user named explicitly must exist: a typo must not audit an empty project.
    optional: frozenset[str] = frozenset({"datasets", "expectations"})
    discover: bool = True             # False: no relation discovery, whatever the settings say


def folder_options(datasets: Path | None, expectations: Path | None) -> dict:
    """The extracts and rules folders for :class:`AuditOptions`: a folder not named by the user
    (``None``) takes its default and may be missing; a named one must exist."""
    return {"datasets": datasets or Path("datasets"), "expectations": expectations or Path("expectations"),
            "optional": frozenset(name for name, given in (("datasets", datasets), ("expectations", expectations))
                                  if given is None)}


@dataclass
class Project:
    """Everything an audit reads, validated."""

    sources: dict[str, Source]
    extracts: Extracts
    ruleset: RuleSet
    gate_inputs: GateInputs | None = None


def location_errors(options: AuditOptions) -> list[ConfigError]:
    """The folders and files of a run that lead out of the project, and a report folder inside
    an input folder (the next run would audit its own reports); see :mod:`auditor.paths`."""
    root = project_root(options.seeds, options.datasets, options.expectations)
    named = [(options.seeds, "the sources folder"), (options.datasets, "the extracts folder"),
             (options.expectations, "the expectations folder"), (options.waivers, "the waivers file"),
             (options.baseline, "the baseline file"), (options.report_dir, "the report folder")]
    errors = [error for path, what in named if path is not None
              for error in [outside_link_error(path, root, what)] if error]
    if options.report_dir is not None:
        reports = os.path.realpath(options.report_dir)
        for folder, what in named[:3]:
            inputs = os.path.realpath(folder)
            if reports == inputs or reports.startswith(inputs.rstrip(os.sep) + os.sep):
                errors.append(ConfigError(str(options.report_dir), f"the report folder is inside {what} {folder}: "
                                                                   "the next run would read the reports as input; choose another --report-dir"))
    return errors


def load_project(options: AuditOptions) -> Project:
    """Read and validate sources, extracts and rules; every error of every file, at once."""
    # Links that leave the project are refused before anything is read through them.
    errors: list[ConfigError] = location_errors(options)
    if errors:
        raise InputErrors(errors)
    # Each stage is validated against what the previous one could load, so one run reports
    # every problem of every file (a binary seed and a typo in a rule file, together).
    sources: dict[str, Source] = {}
    unreadable: set[str] | None = set()
    try:
        sources = load_sources(options.seeds)
    except InputErrors as exc:
        errors.extend(exc.errors)
        # What did load; None when the folder itself could not be read (every source unknown).
        sources, unreadable = exc.partial if exc.partial is not None else ({}, None)
    for name, what in (("datasets", "extracts"), ("expectations", "expectations")):
        folder = getattr(options, name)
        if name not in options.optional and not folder.exists():
            errors.append(ConfigError(str(folder), f"{what} folder not found"))
    extracts = Extracts({}, [])
    figure_ids: set[str] | None = None
    try:
        extracts = load_extracts(options.datasets, sources, unreadable)
        # Every id a row defines, its source readable or not: a rule naming a figure of an
        # unreadable seed is not reported again as "unknown figure id".
        figure_ids = extracts.defined | set(extracts.figures)
    except InputErrors as exc:
        errors.extend(exc.errors)
        figure_ids = exc.partial  # ids of every row, even invalid ones (None: some file unreadable as a whole)
    ruleset = RuleSet()
    try:
        ruleset = load_rules(options.expectations, figure_ids)
    except InputErrors as exc:
        errors.extend(exc.errors)
    gate_inputs = None
    try:
        # Waivers and baseline are validated up front: a bad file must not cost a GX run.
        gate_inputs = load_gate_inputs(options)
    except InputErrors as exc:
        errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    return Project(sources, extracts, ruleset, gate_inputs)


@dataclass
class ProvenanceCase:
    """One extract re-verified against its source: three ``equal`` rows for GX (the figure is
    at its offsets, the quote around them, the written figure parses to the recorded value)."""

    figure: Figure
    checks: list[tuple[str, Check]]
    problems: str  # what is wrong, in words, when GX fails a row

    @property
    def id(self) -> str:
        return f"provenance/{self.figure.id}"


def provenance_checks(project: Project) -> list[ProvenanceCase]:
    """Every extract's provenance, as GX rows: is it still where it says, with the value it says?"""
    cases = []
    for figure in project.extracts.figures.values():
        text = project.sources[figure.source].text
        where = locate(figure, project.sources[figure.source])
        problems = []
        if not where.figure_at_offsets:
            problems.append(f"the source text at {figure.start}-{figure.end} is "
                            f"{text[figure.start:figure.end]!r}, not {figure.figure!r}")
        if not where.quote_at_offsets:
            problems.append("the quote is not found around those offsets")
        if where.parse_error:
            problems.append(f"{figure.figure!r} does not parse as a number ({where.parse_error})")
        elif not math.isclose(where.parsed_value, figure.value, rel_tol=0, abs_tol=0):
            problems.append(f"{figure.figure!r} reads as {where.parsed_value:g}, but the extract records {figure.value:g}")
        if where.found_at and where.found_at != (figure.start, figure.end):
            problems.append(f"the quote and figure are now at {where.found_at[0]}-{where.found_at[1]}")
        case = ProvenanceCase(figure, [], "; ".join(problems))
        # The rows share their words (one finding tells what is wrong); only the values differ.
        fails_as = case.problems or "stale extract"
        holds_as = f"{figure.figure!r} verified at {figure.source}:{figure.start}-{figure.end}"
        observed = text[figure.start:figure.end]
        for aspect, values in (("figure", (float(where.figure_at_offsets), 1.0)),
                               ("quote", (float(where.quote_at_offsets), 1.0)),
                               ("value", (where.parsed_value, figure.value))):
            case.checks.append((f"{case.id}#{aspect}", Check("equal", values, fails_as, holds_as, expected=figure.figure,
                                                              observed=observed, figure_ids=(figure.id,))))
        cases.append(case)
    return cases


def _rule_finding(rule: Rule, checks: list[tuple[str, Check]], outcomes: dict[str, CheckOutcome],
                  figures: dict[str, Figure], stale: set[str], not_evaluated: str = "") -> Finding:
    """One finding per rule, from GX's verdicts on its checks."""
    roles = rule.figure_roles()
    refs = [figure_ref(figures[fid], role) for fid, role in roles if fid in figures]
    verdicts = [(check, outcomes[cid]) for cid, check in checks]
    gx_details = [{"check_id": cid, "passed": outcomes[cid].passed, "values": list(check.values),
                   "expectations": outcomes[cid].expectations} for cid, check in checks]
    stale_here = sorted({fid for fid, _ in roles} & stale)
    failing = [check for check, outcome in verdicts if outcome.passed is False]
    errored = [outcome.error for _, outcome in verdicts if outcome.passed is None]
    if not_evaluated:
        status, message = "error", f"not evaluated: {not_evaluated}"
        expected = observed = None
    elif not verdicts:
        status, message = "error", f"cannot be verified: {rule.unverifiable_because()}"
        expected = observed = None
    elif stale_here:
        status, message = "error", f"not evaluated: stale extract(s) {', '.join(stale_here)} (see their provenance findings)"
        expected = observed = None
    elif errored:
        status, message = "error", f"GX could not evaluate this rule: {errored[0]}"
        expected = observed = None
    elif failing:
        status, message = "failed", "; ".join(c.fails_as for c in failing)
        expected, observed = failing[0].expected, failing[0].observed
    else:
        status, message = "passed", "; ".join(c.holds_as for c, _ in verdicts)
        expected, observed = (verdicts[0][0].expected, verdicts[0][0].observed) if verdicts else (None, None)
    return Finding(
        id=rule.id, rule_id=rule.id, kind=rule.kind, severity=rule.severity, status=status,
        message=message, description=rule.description.strip(), expected=expected, observed=observed,
        figures=refs, gx=gx_details,
        details={"note": rule.note} if rule.note else {},
        rule_file=rule.file or None, rule_line=rule.line,
    )


def discovered_findings(discovered: DiscoveredChecks, outcomes: dict[str, CheckOutcome],
                        not_evaluated: dict[str, str] | None = None) -> list[Finding]:
    """One finding per discovered relation, in discovery order, from GX's verdicts on its checks
    (``not_evaluated``: rule id -> why its checks were not run)."""
    why = not_evaluated or {}
    return [annotate(_rule_finding(rule, discovered.checks[rule.id], outcomes, discovered.figures, set(),
                                   why.get(rule.id, "")), relation)
            for relation, rule in discovered.relations]


@dataclass
class Audit:
    """A finished audit: the result, and the project it read (the report shows its sources)."""

    result: AuditResult
    project: Project

    @property
    def source_texts(self) -> dict[str, str]:
        return {name: source.text for name, source in self.project.sources.items()}


def audit(options: AuditOptions, progress: Callable[[str], None] | None = None) -> Audit:
    """Load and audit a project, keeping both (what the CLI needs to write reports)."""
    # An audit builds millions of objects and keeps nearly all of them to the end; with the
    # collector running, every burst of allocations re-traverses the whole growing heap
    # (measured: 3 to 5 s of a 1,000-document audit). What it frees early is not cyclic.
    with gc_paused():
        project = load_project(options)
        return Audit(run_audit(options, project, progress), project)


# Characters of context either side of an unaccounted mention in its quote. The quote is a
# window, not the whole passage: a passage holding N mentions would otherwise be written N
# times into every report (a 64 KB seed with no sentence ends gave 585 MB of reports).
QUOTE_CONTEXT = 160


def mention_quote(source: Source, start: int, end: int) -> str:
    """The text around ``source.text[start:end]``: at most :data:`QUOTE_CONTEXT` characters
    either side, inside its passage, cut at white space so it starts and ends on whole words."""
    text = source.text
    passage = source.passage_at(start)
    low, high = (passage.start, passage.end) if passage else (0, len(text))
    begin, stop = max(low, start - QUOTE_CONTEXT), min(high, end + QUOTE_CONTEXT)
    if begin > low:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    if stop < high:
        space = text.rfind(" ", end, stop)
        stop = space if space != -1 else stop
    return text[begin:max(stop, end)]


# Unaccounted mentions reported one by one per source; the rest of that source's are one
# finding. Each finding costs about 2.5 KB across the reports and more in memory: a seed of
# "1,1,1,…" would otherwise turn each 2 bytes of input into 2.5 KB of reports (1 MB of it gave
# 1.2 GB of reports and 3.5 GB of memory). A document with more than this many unaccounted
# mentions is not being curated mention by mention anyway.
MAX_MENTION_FINDINGS = 1000


def coverage_findings(coverage: Coverage, project: Project, severity: str) -> list[Finding]:
    """One failed finding per numeric mention that no extract, date or ignore entry accounts for
    (the first :data:`MAX_MENTION_FINDINGS` of a source; one finding for the rest of them)."""
    findings = []
    reported: Counter = Counter()
    rest: dict[str, list] = {}
    for mention in coverage.unaccounted:
        source = project.sources[mention.source]
        reported[mention.source] += 1
        if reported[mention.source] > MAX_MENTION_FINDINGS:
            rest.setdefault(mention.source, []).append(mention)
            continue
        quote = mention_quote(source, mention.start, mention.end)
        findings.append(Finding(
            id=f"coverage/{mention.source}@{mention.start}", rule_id="coverage", kind="coverage",
            severity=severity, status="failed",
            message=(f"{short_repr(mention.text)} ({mention.kind}) at {mention.source}:{mention.start} is not accounted for: "
                     "extract it, or list it in datasets/ignored.csv with a reason"),
            expected="extracted, a date, or ignored with a reason", observed="unaccounted",
            figures=[FigureRef(id=f"{mention.source}@{mention.start}", value=None if math.isnan(mention.value) else mention.value,
                               figure=mention.text, unit=mention.unit, source=mention.source, start=mention.start,
                               end=mention.end, quote=quote, role="mention")],
        ))
    for name, mentions in rest.items():
        first, last = mentions[0], mentions[-1]
        findings.append(Finding(
            id=f"coverage/{name}@more", rule_id="coverage", kind="coverage", severity=severity, status="failed",
            message=(f"{len(mentions)} more numeric mentions in {name} are not accounted for (offsets {first.start} to "
                     f"{last.end}; {MAX_MENTION_FINDINGS} are reported one by one): extract them, or list them in "
                     "datasets/ignored.csv with a reason"),
            expected="extracted, a date, or ignored with a reason", observed=f"{len(mentions)} more unaccounted",
            figures=[FigureRef(id=f"{name}@{first.start}", value=None if math.isnan(first.value) else first.value,
                               figure=first.text, unit=first.unit, source=name, start=first.start, end=first.end,
                               quote=mention_quote(project.sources[name], first.start, first.end), role="mention")],
        ))
    for item, problem in coverage.rejected:
        source = project.sources[item.source]
        findings.append(Finding(
            id=f"coverage/ignored/{item.source}@{item.start}", rule_id="coverage", kind="coverage",
            severity=severity, status="failed",
            message=f"ignored row {short_repr(item.text, 60)} ({item.file}:{item.line}) accounts for nothing: {problem}",
            expected=item.text, observed=source.text[item.start:item.end][:200],
            figures=[FigureRef(id=f"{item.source}@{item.start}", value=None, figure=item.text[:200], unit="",
                               source=item.source, start=item.start, end=item.end,
                               quote=mention_quote(source, item.start, min(item.end, item.start + 200)), role="ignored")],
            rule_file=item.file, rule_line=item.line,
        ))
    return findings


def place_in_lines(findings: list[Finding], sources: dict[str, Source]) -> None:
    """Give every figure of every finding, and every passage a repeat finding names, its line
    and column in its source file (editors, CI annotations).

    Done once here, from the source text, so every output reads the same place from the model.
    Only plain-text sources have them: the text of a PDF, Word, HTML or Markdown file is not
    the file's, and their figures are found by ``place`` ("p. 14") instead.
    """
    for finding in findings:
        for ref in finding.figures:
            source = sources.get(ref.source)
            if source is not None and source.text_is_file:
                ref.line, ref.col = source.line_col(ref.start)
                ref.end_line, ref.end_col = source.line_col(ref.end)
        # A repeat in other words may hold no extracted figure: its passages are its place.
        for passage in finding.details.get("passages", ()):
            source = sources.get(passage.get("source"))
            if source is not None and source.text_is_file and "start" in passage and "end" in passage:
                passage["line"], passage["col"] = source.line_col(passage["start"])
                passage["end_line"], passage["end_col"] = source.line_col(passage["end"])


def add_places(findings: list[Finding], sources: dict[str, Source]) -> None:
    """Name each figure's place in its document ("p. 14", "¶ 12"), for every kind of finding at once."""
    for finding in findings:
        for ref in finding.figures:
            source = sources.get(ref.source)
            if source is not None and source.places:
                ref.place = source.place(ref.start)


@dataclass
class CheckLayout:
    """Every GX check row of an audit, grouped by what it verifies."""

    provenance: list[ProvenanceCase]
    rule_checks: dict[str, list[tuple[str, Check]]]   # by rule id, in rule order
    repeats: RepeatChecks | None                       # None when repeat detection is off
    not_evaluated: dict[str, str] = field(default_factory=dict)  # rule id -> why it has no checks
    discovered: DiscoveredChecks | None = None         # None when discovery is off
    mentions: dict[str, list] = field(default_factory=dict)  # every source's scan, when needed

    def all_checks(self) -> list[tuple[str, Check]]:
        """The rows in evaluation order: provenance, rules, discovered relations, repeats."""
        rows = [pair for case in self.provenance for pair in case.checks]
        for checks in self.rule_checks.values():
            rows += checks
        for checks in self.discovered.checks.values() if self.discovered else []:
            rows += checks
        for case in self.repeats.cases if self.repeats else []:
            rows += case.checks
        return rows


TOO_LARGE = "its figures are too large to compare in floating point (a sum or product overflows)"


def finite_checks(rule: Rule, figures: dict[str, Figure]) -> tuple[list[Check], str]:
    """The rule's checks, or none and why: values near the float limit (an extract of 1e308, a
    factor of 1e306) overflow when summed or multiplied, and a comparison with infinity says
    nothing true. Such a rule is reported as not evaluated instead of crashing the audit."""
    try:
        checks = rule.checks(figures)
    except OverflowError:
        return [], TOO_LARGE
    if any(_overflows(check) for check in checks):
        return [], TOO_LARGE
    return checks, ""


def _overflows(check: Check) -> bool:
    """True when GX's arithmetic on the check's row would leave the finite floats."""
    values = check.values
    if any(math.isnan(v) for v in values):
        return False                  # a missing value: GX reports the row, whatever its size
    try:
        if not all(math.isfinite(v) for v in values):
            return True
        if check.table == "sum":
            return not math.isfinite(math.fsum(values[2:]) - values[0])
        if check.table == "ratio":
            num, den, tnum, tden = values[:4]
            return not (math.isfinite(num * tden) and math.isfinite(tnum * den))
    except OverflowError:             # fsum's intermediate overflow
        return True
    return False


def lay_out_checks(project: Project, progress: Callable[[str], None] | None = None,
                   discover: bool = True) -> CheckLayout:
    """Turn a loaded project into GX check rows: extract provenance, every rule, discovered
    relations, found repeats."""
    step = progress or (lambda _msg: None)
    step("laying out checks")
    figures = project.extracts.figures
    settings = project.ruleset.settings
    rule_checks: dict[str, list[tuple[str, Check]]] = {}
    not_evaluated: dict[str, str] = {}
    for rule in project.ruleset.rules:
        checks, problem = finite_checks(rule, figures)
        rule_checks[rule.id] = [(f"{rule.id}#{i}", check) for i, check in enumerate(checks)]
        if problem:
            not_evaluated[rule.id] = problem
    layout = CheckLayout(provenance_checks(project), rule_checks, None, not_evaluated=not_evaluated)
    discovering = discover and settings.discovery.enabled
    if discovering or settings.coverage.enabled:
        step("reading every numeric mention")
        layout.mentions = {name: scan_source(source) for name, source in project.sources.items()}
    if discovering:
        step("discovering relations in the text")
        hand_written = [(rule, [figures[fid] for fid, _ in rule.figure_roles() if fid in figures])
                        for rule in project.ruleset.rules]
        layout.discovered = discovered_checks(project.sources, layout.mentions, settings.discovery,
                                              hand_written, project.ruleset.suppressions)
        for rule_id, checks in layout.discovered.checks.items():
            # Figures read from the text can be as large as written ("9…9", 300 digits).
            if any(_overflows(check) for _, check in checks):
                layout.discovered.checks[rule_id] = []
                layout.not_evaluated[rule_id] = TOO_LARGE
    if project.ruleset.settings.repeats.enabled:
        step("finding repeated passages")
        layout.repeats = repeat_cases(project.sources, project.ruleset.settings.repeats)
    return layout


def run_audit(options: AuditOptions, project: Project | None = None,
              progress: Callable[[str], None] | None = None) -> AuditResult:
    """Audit a project; raises :class:`InputErrors` for bad input, never returns a partial result."""
    started = time.perf_counter()
    step = progress or (lambda _msg: None)
    step("loading project")
    project = project or load_project(options)
    figures = dict(project.extracts.figures)

    step("starting GX")
    engine = Engine(options.engine, options.spark_master)

    layout = lay_out_checks(project, step, options.discover)
    provenance, rule_checks = layout.provenance, layout.rule_checks
    cases = layout.repeats.cases if layout.repeats else []
    repeats_summary = layout.repeats.summary() if layout.repeats else None
    all_checks = layout.all_checks()

    step(f"evaluating {len(all_checks)} checks with GX ({options.engine})")
    result = engine.evaluate(all_checks)
    outcomes = result.outcomes

    # Findings are many small objects and no garbage cycles: collecting now only costs time.
    with gc_paused():
        findings: list[Finding] = []
        stale: set[str] = set()
        for case in provenance:
            rows = [(cid, check, outcomes[cid]) for cid, check in case.checks]
            if all(outcome.passed for _, _, outcome in rows):
                continue
            figure, check = case.figure, case.checks[0][1]
            errored = next((outcome.error for _, _, outcome in rows if outcome.passed is None), None)
            stale.add(figure.id)
            findings.append(Finding(
                id=case.id, rule_id="provenance", kind="provenance", severity="error",
                status="error" if errored else "failed",
                message=f"stale extract {figure.id} ({figure.file}:{figure.line}): {case.problems or errored}",
                expected=check.expected, observed=check.observed, figures=[figure_ref(figure, "extract")],
                gx=[{"check_id": cid, "passed": outcome.passed, "expectations": outcome.expectations}
                    for cid, _, outcome in rows],
                rule_file=figure.file, rule_line=figure.line,
            ))
        for rule in project.ruleset.rules:
            findings.append(_rule_finding(rule, rule_checks[rule.id], outcomes, figures, stale,
                                          layout.not_evaluated.get(rule.id, "")))

        discovered = layout.discovered
        findings += discovered_findings(discovered, outcomes, layout.not_evaluated) if discovered else []

        findings += [repeat_finding(case, outcomes, project.ruleset.settings.repeats) for case in cases]

        coverage = None
        if project.ruleset.settings.coverage.enabled:
            step("accounting for every numeric mention")
            coverage = measure_coverage(project.sources, project.extracts, layout.mentions,
                                        discovered.spans() if discovered else {})
            findings += coverage_findings(coverage, project, project.ruleset.settings.coverage.severity)

    place_in_lines(findings, project.sources)
    add_places(findings, project.sources)
    # Waivers and the baseline change statuses and mark new findings before the gate is taken.
    findings, gate_inputs = apply_gate_inputs(findings, options, project.gate_inputs)
    findings.sort(key=lambda f: f.sort_key)
    elapsed = time.perf_counter() - started
    provenance_summary = {"figures": len(provenance), "verified": len(provenance) - len(stale), "stale": len(stale)}
    summary = summarize(findings)
    summary["provenance"] = provenance_summary
    summary.update(gate_inputs.pop("summary", {}))  # summary.baseline from the gate inputs
    if coverage is not None:
        summary["coverage"] = coverage.summary()
    if repeats_summary is not None:
        summary["repeats"] = repeats_summary
    if layout.discovered is not None:
        summary["discovery"] = layout.discovered.summary()
    figures_per_source = Counter(f.source for f in figures.values())
    return AuditResult(
        run={
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(elapsed, 3),
            "host": platform.node(),
            "auditor_version": __version__,
            "gx_version": result.gx_version,
            "python_version": platform.python_version(),
            "engine": result.engine,
        },
        gate=gate(findings, options.fail_on, options.fail_on_new),
        summary=summary,
        sources=[SourceInfo(name=s.name, chars=len(s.text), passages=len(s.passages), sha256=s.sha256,
                            figures=figures_per_source.get(s.name, 0), places=list(s.places))
                 for s in project.sources.values()],
        findings=findings,
        engine={"name": result.engine, "checks": len(all_checks), "validations": result.validations},
        **gate_inputs,
    )
