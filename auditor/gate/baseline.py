"""Baseline: compare this run's failing findings with an earlier ``results.json``.

A finding is *failing* when its status is ``failed`` or ``error`` (passed and waived ones are
not). Findings are matched by id:

* **new**: failing now, not failing in the baseline (absent, passed or waived there; so an
  expired waiver resurfaces as new);
* **unchanged**: failing in both;
* **resolved**: failing in the baseline, not failing now (passing, waived, or gone).

``Finding.new`` is set to True/False on failing findings and stays None on the others, which is
what ``--fail-on-new`` gates on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import InputErrors, short_repr
from ..paths import read_limited
from ..findings import SCHEMA_VERSION, Finding, Status

FAILING = ("failed", "error")


class _BaselineFinding(BaseModel):
    # Only what the comparison needs; other keys are whatever that version of auditor wrote.
    model_config = ConfigDict(extra="ignore")
    id: str
    status: Status


class _BaselineResults(BaseModel):
    model_config = ConfigDict(extra="ignore")
    schema_version: str
    findings: list[_BaselineFinding]


@dataclass(frozen=True)
class Baseline:
    """The ids that were failing in an earlier run."""

    file: str
    schema_version: str
    failing: frozenset[str]


def _major(version: str) -> str:
    return version.split(".", 1)[0]


# results.json of a 1,000-document corpus is tens of MB; a baseline larger than this is not one,
# and reading /dev/zero or a runaway file must end in a placed error, not a MemoryError.
MAX_BASELINE_BYTES = 1024 * 1024 * 1024


def load_baseline(path: Path) -> Baseline:
    """Read an earlier results.json; raise :class:`InputErrors` naming the file if it is unusable.

    Any results.json with the same major schema version is accepted (minor versions only add
    fields), so a baseline written by a slightly older or newer auditor still compares.
    """
    raw = read_limited(path, MAX_BASELINE_BYTES, "baseline")
    try:
        # utf-8-sig: a byte-order mark is accepted here as in every other input.
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputErrors.single(path, f"baseline is not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        raise InputErrors.single(path, f"baseline is not valid JSON: {exc.msg}", exc.lineno, exc.colno)
    except RecursionError:
        raise InputErrors.single(path, "baseline is nested too deeply to be an auditor results.json") from None
    except ValueError as exc:         # an integer of thousands of digits (Python's int limit)
        raise InputErrors.single(path, f"baseline holds a value JSON cannot read here: {short_repr(str(exc))}") from None
    if not isinstance(data, dict):
        raise InputErrors.single(path, "baseline must be an auditor results.json (a JSON object)")
    version = data.get("schema_version")
    if not isinstance(version, str):
        raise InputErrors.single(path, "baseline has no schema_version: is it an auditor results.json?")
    if _major(version) != _major(SCHEMA_VERSION):
        raise InputErrors.single(path, f"baseline has schema_version {version!r}; this auditor reads "
                                       f"results.json schema {_major(SCHEMA_VERSION)}.x (re-run the baseline "
                                       f"with this auditor version)")
    try:
        parsed = _BaselineResults.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputErrors.single(path, f"baseline is not a valid results.json: {where}: {first['msg']}{more}")
    failing = frozenset(f.id for f in parsed.findings if f.status in FAILING)
    return Baseline(str(path), version, failing)


def compare(findings: list[Finding], baseline: Baseline) -> tuple[list[Finding], dict]:
    """Mark failing findings new or not; return them and ``summary.baseline``."""
    now = {f.id for f in findings if f.status in FAILING}
    new = now - baseline.failing
    marked = [f.model_copy(update={"new": f.id in new}) if f.status in FAILING else f for f in findings]
    summary = {
        "file": baseline.file,
        "new": len(new),
        "resolved": len(baseline.failing - now),
        "unchanged": len(now & baseline.failing),
        "new_ids": sorted(new),
        "resolved_ids": sorted(baseline.failing - now),
    }
    return marked, summary
