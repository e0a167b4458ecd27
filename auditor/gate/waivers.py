"""Waivers: reviewed exceptions that let a known, accepted failure stop blocking the gate.

A waivers file (``waivers.yml`` by default, ``--waivers FILE`` otherwise) is a YAML mapping
whose one key ``waivers:`` holds a list of entries::

    waivers:
      - rule: victims-2016-federal-plus-state   # a rule id
        finding: victims-2016-federal-plus-state # optional: narrow to one finding id
        reason: why the inconsistency is accepted
        reviewer: who reviewed it
        expires: 2027-05-31                      # last day it applies (inclusive)

Semantics (documented for users in ``docs/gating.md``):

* Only findings with status ``failed`` are waived. An ``error`` finding means the rule could not
  be evaluated (a stale extract, an engine error); hiding that would hide a broken audit.
* An entry narrowed with ``finding:`` takes precedence over one covering the whole rule; among
  equals, the first in the file wins.
* An entry whose ``expires`` date is before today waives nothing and is reported as expired; an
  entry that waives nothing is reported as unused. Both also become findings of kind ``waiver``
  (severity warning, status failed) so editors see them wherever they read findings.
* An unknown rule id is not an error: the entry is simply unused (rules get renamed and
  removed; the warning says so). A malformed file is an input error, with ``file:line:col``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ..config import pydantic_errors
from ..errors import ConfigError, InputErrors
from ..findings import Finding, Waiver
from ..yamlfile import PosList, load_yaml, position_of

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _invalid(message: str) -> PydanticCustomError:
    # A custom error keeps pydantic's "Value error, " prefix out of the message users read.
    return PydanticCustomError("waiver_value", message)


class WaiverEntry(BaseModel):
    """One entry of the waivers file, as written by a reviewer."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(min_length=1, description="the rule id to waive")
    finding: str | None = Field(None, min_length=1, description="narrow the waiver to this finding id")
    reason: str = Field(description="why the failure is accepted")
    reviewer: str = Field(description="who reviewed and accepted it")
    expires: date = Field(description="last day the waiver applies, YYYY-MM-DD")

    @field_validator("reason", "reviewer")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise _invalid("must not be blank")
        return value.strip()

    @field_validator("rule")
    @classmethod
    def _no_hash(cls, value: str) -> str:
        # '#' separates rule and finding in a waiver's finding id (see LocatedWaiver.finding_id):
        # rule 'a#b' would take the id of rule 'a' narrowed to finding 'b'.
        if "#" in value:
            raise _invalid("a rule id never contains '#'; to waive one finding of a rule, give it as finding:")
        return value

    @field_validator("expires", mode="before")
    @classmethod
    def _a_plain_date(cls, value: Any) -> Any:
        # YAML turns an unquoted 2027-05-31 into a date; a quoted one stays a string. Anything
        # else (a timestamp, an integer, "31/05/2027") is refused rather than guessed at.
        if isinstance(value, datetime):
            raise _invalid("must be a date YYYY-MM-DD, without a time")
        if isinstance(value, date):
            return value
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError as exc:
                raise _invalid(f"not a valid date: {exc}") from None
        raise _invalid("must be a date YYYY-MM-DD")

    @property
    def target(self) -> str:
        """What the waiver covers, as an editor would name it."""
        return self.finding or self.rule


@dataclass(frozen=True, eq=False)  # identity: each entry is its own key in the bookkeeping below
class LocatedWaiver:
    """A validated entry with where it was written."""

    entry: WaiverEntry
    file: str
    line: int | None

    def model(self) -> Waiver:
        """The entry as carried by findings and results.json."""
        e = self.entry
        return Waiver(rule=e.rule, finding=e.finding, reason=e.reason, reviewer=e.reviewer,
                      expires=e.expires.isoformat(), file=self.file, line=self.line)

    def record(self, **extra: Any) -> dict[str, Any]:
        return {**self.model().model_dump(mode="json"), **extra}

    @property
    def finding_id(self) -> str:
        # '#' cannot occur in a rule id, so rule-wide and narrowed entries never collide.
        e = self.entry
        return f"waiver/{e.rule}" + (f"#{e.finding}" if e.finding is not None else "")


def load_waivers(path: Path) -> list[LocatedWaiver]:
    """Read and validate a waivers file; every problem is raised at once with its position."""
    data = load_yaml(path)
    file = str(path)
    if data is None:
        raise InputErrors.single(path, "empty waivers file: expected a mapping with 'waivers:' (a list)", 1, 1)
    if not isinstance(data, dict):
        line, col = position_of(data, None) if isinstance(data, PosList) else (1, 1)
        raise InputErrors.single(path, "a waivers file must be a mapping with 'waivers:' (a list of entries)", line, col)
    errors: list[ConfigError] = []
    for key in data:
        if key != "waivers":
            line, col = position_of(data, key)
            close = difflib.get_close_matches(str(key), ["waivers"], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; the only top-level key is 'waivers'"
            errors.append(ConfigError(file, f"unknown top-level key {key!r}{hint}", line, col))
    if "waivers" not in data:
        if not errors:
            errors.append(ConfigError(file, "no 'waivers:' in waivers file", 1, 1))
        raise InputErrors(errors)
    items = data["waivers"]
    if items is None:  # "waivers:" with every entry removed
        items = PosList()
    if not isinstance(items, list):
        line, col = position_of(data, "waivers")
        raise InputErrors([*errors, ConfigError(file, "'waivers:' must be a list of entries", line, col)])
    located: list[LocatedWaiver] = []
    seen: dict[tuple[str, str | None], int | None] = {}
    for index, item in enumerate(items):
        line, col = position_of(items, index)
        if not isinstance(item, dict):
            errors.append(ConfigError(file, f"a waiver must be a mapping with rule, reason, reviewer, expires; "
                                            f"got {type(item).__name__}", line, col))
            continue
        try:
            entry = WaiverEntry.model_validate(dict(item))
        except ValidationError as exc:
            errors.extend(pydantic_errors(path, item, exc, WaiverEntry))
            continue
        key = (entry.rule, entry.finding)
        if key in seen:
            # Two entries for one target: which reason and expiry would apply is a guess.
            errors.append(ConfigError(file, f"duplicate waiver for {entry.target!r} (first at line {seen[key]})", line, col))
            continue
        seen[key] = line
        located.append(LocatedWaiver(entry, file, line))
    if errors:
        raise InputErrors(errors)
    return located


def apply_waivers(findings: list[Finding], waivers: list[LocatedWaiver], today: date,
                  file: str | None) -> tuple[list[Finding], list[Finding], dict[str, Any]]:
    """Waive the failed findings that a current waiver covers.

    Returns the findings (waived ones copied with status ``waived`` and their ``waiver``), the
    new ``waiver`` findings (expired and unused entries), and the ``waivers`` report for
    :class:`~auditor.findings.AuditResult`.
    """
    active = [w for w in waivers if w.entry.expires >= today]
    # Narrowed entries first, then file order (sorted() is stable).
    precedence = sorted(active, key=lambda w: w.entry.finding is None)
    applied: dict[LocatedWaiver, list[str]] = {w: [] for w in active}
    matched: set[LocatedWaiver] = set()

    out: list[Finding] = []
    for finding in findings:
        if finding.status != "failed":
            out.append(finding)
            continue
        candidates = [w for w in precedence if _matches(w.entry, finding)]
        if not candidates:
            out.append(finding)
            continue
        matched.update(candidates)
        chosen = candidates[0]
        applied[chosen].append(finding.id)
        out.append(finding.model_copy(update={"status": "waived", "waiver": chosen.model()}))

    extra: list[Finding] = []
    # The date is only part of the result when a waivers file made it matter: without one,
    # results.json stays byte-identical from one day to the next for the same inputs.
    report: dict[str, Any] = {"file": file, "today": today.isoformat() if file else None,
                              "applied": [], "expired": [], "unused": []}
    for w in waivers:
        e = w.entry
        if w in applied and applied[w]:
            report["applied"].append(w.record(findings=applied[w]))
            continue
        if w in applied:  # current, but waived nothing
            why = _why_unused(w, matched, findings)
            verb = "waives nothing" if w in matched else "matches no failed finding"
            message = f"waiver for {e.target} {verb} ({why})"
            report["unused"].append(w.record(why=why))
        else:
            message = f"waiver for {e.target} expired on {e.expires.isoformat()} (reviewer {e.reviewer})"
            report["expired"].append(w.record())
        extra.append(Finding(
            id=w.finding_id, rule_id="waiver", kind="waiver", severity="warning", status="failed",
            message=message, description=f"waiver reason: {e.reason}",
            details={"waiver": w.record()}, rule_file=w.file, rule_line=w.line,
        ))
    return out, extra, report


def _matches(entry: WaiverEntry, finding: Finding) -> bool:
    return finding.rule_id == entry.rule and (entry.finding is None or finding.id == entry.finding)


def _why_unused(w: LocatedWaiver, matched: set[LocatedWaiver], findings: list[Finding]) -> str:
    """Tell the reviewer what to do about an unused waiver."""
    e = w.entry
    if w in matched:
        return "every failed finding it covers is covered by a more specific or earlier waiver; remove it"
    related = [f for f in findings if f.rule_id == e.rule and (e.finding is None or f.id == e.finding)]
    if any(f.status == "error" for f in related):
        return "the rule could not be evaluated (status error); errors are never waived, fix the input"
    if related:
        return "it passes now; remove the waiver"
    rule_ids = sorted({f.rule_id for f in findings})
    if e.rule in rule_ids:
        ids = sorted(f.id for f in findings if f.rule_id == e.rule)
        close = difflib.get_close_matches(e.finding or "", ids, n=1)
        return f"rule {e.rule!r} has no finding {e.finding!r}" + (f"; did you mean {close[0]!r}?" if close else "")
    close = difflib.get_close_matches(e.rule, rule_ids, n=1)
    return f"no rule {e.rule!r}" + (f"; did you mean {close[0]!r}?" if close else "")
