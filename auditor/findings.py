"""The one result model behind every output: :class:`Finding` and :class:`AuditResult`.

HTML, JSON, JUnit and the terminal summary are all renderings of an :class:`AuditResult`;
none of them computes anything of its own. ``results.json`` is ``AuditResult.to_json()``,
described by ``auditor/schema/results.schema.json`` (version :data:`SCHEMA_VERSION`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field, with_config
from typing_extensions import NotRequired, TypedDict  # pydantic needs typing_extensions' TypedDict on 3.11

if TYPE_CHECKING:
    from .extracts import Figure

SCHEMA_VERSION = "1.1"
Severity = Literal["error", "warning", "info"]
Status = Literal["passed", "failed", "waived", "error"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STATUS_ORDER = {"failed": 0, "error": 1, "waived": 2, "passed": 3}


# Every key of results.json is always written, so the generated JSON Schema marks fields with
# defaults as required too (this setting only affects the schema, not validation).
_OUTPUT = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class FigureRef(BaseModel):
    """A figure involved in a finding, with its exact place in its source."""

    model_config = _OUTPUT

    id: str
    value: float | None
    figure: str = Field(description="the figure as written in the source")
    unit: str = ""
    source: str
    start: int
    end: int
    quote: str
    role: str = Field("", description="what the figure is in this rule: part, total, earlier, ...")
    place: str = Field("", description="where a reader finds it in the source: 'p. 14' (PDF), "
                       "'¶ 12' or 'table 2, row 3' (Word), '§ heading' (HTML, Markdown); '' for plain text")
    # Where editors and CI annotations point: 1-based, columns in characters like the offsets.
    line: int | None = Field(None, description="line of the figure's first character in its source file (1-based); "
                             "null for a document that is not plain text (see place)")
    col: int | None = Field(None, description="column of the figure's first character (1-based, in characters)")
    end_line: int | None = Field(None, description="line of the character just after the figure")
    end_col: int | None = Field(None, description="column of the character just after the figure (exclusive end)")


def figure_ref(figure: Figure, role: str = "") -> FigureRef:
    """The reference a finding keeps to an extracted (or scanned) figure."""
    return FigureRef(id=figure.id, value=figure.value, figure=figure.figure, unit=figure.unit,
                     source=figure.source, start=figure.start, end=figure.end, quote=figure.quote, role=role)


class Waiver(BaseModel):
    """A reviewed exception from the waivers file (see ``docs/gating.md``).

    On a finding, it is the waiver that turned the failed finding into a waived one.
    """

    model_config = _OUTPUT

    rule: str = Field(description="the rule id the waiver covers")
    finding: str | None = Field(None, description="the one finding id it is narrowed to, if any")
    reason: str
    reviewer: str
    expires: str = Field(description="last day the waiver applies (YYYY-MM-DD, inclusive)")
    file: str | None = Field(None, description="the waivers file")
    line: int | None = Field(None, description="line of the entry in the waivers file")


class Finding(BaseModel):
    """One verdict on one rule (or one source check), with everything needed to judge it."""

    model_config = _OUTPUT

    id: str = Field(description="stable id: the rule id, or rule id + '/' + instance for generated rules")
    rule_id: str
    kind: str
    severity: Severity
    status: Status
    message: str
    description: str = ""
    expected: Any = None
    observed: Any = None
    figures: list[FigureRef] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    gx: list[dict[str, Any]] = Field(default_factory=list, description="GX expectation results behind the verdict")
    waiver: Waiver | None = Field(None, description="set when status is waived")
    new: bool | None = Field(None, description="for failed/error findings compared with a baseline: "
                             "true when not failing in the baseline; null otherwise")
    rule_file: str | None = None
    rule_line: int | None = None

    @property
    def sort_key(self) -> tuple:
        return (STATUS_ORDER[self.status], SEVERITY_ORDER[self.severity], self.rule_id, self.id)


class SourceInfo(BaseModel):
    """A source document that was audited."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    name: str
    chars: int
    passages: int
    sha256: str
    figures: int = 0
    places: list[tuple[int, str]] = Field(default_factory=list, description=(
        "where each of the reader's places starts in the text, ascending: [offset, 'p. 14' | '¶ 12' | "
        "'table 2, row 3' | '§ heading']; empty for plain text"))


# gate, summary and waivers stay plain dicts (readers index them) but are typed for validation
# and for the generated JSON Schema; extra keys are kept so other parts can add to them.
@with_config(ConfigDict(extra="allow"))
class GateVerdict(TypedDict):
    """The release gate's verdict (:func:`gate`)."""

    passed: bool
    fail_on: Literal["error", "warning"]
    only_new: bool
    blocking: int
    blocking_ids: list[str]


@with_config(ConfigDict(extra="allow"))
class BaselineSummary(TypedDict):
    """Failing (failed or error) findings compared by id with an earlier results.json."""

    file: str
    new: int
    resolved: int
    unchanged: int
    new_ids: list[str]
    resolved_ids: list[str]


class RepeatTemplate(TypedDict):
    """A passage filled in with other figures by several documents; its copies across them are not compared."""

    source: str
    start: int
    text: str
    documents: int
    copies: int
    figure_sets: int


class RepeatsSummary(TypedDict):
    """Automatic repeat detection: repeats checked, and likenesses set aside as other statements."""

    checked: int
    other_subject: int
    other_figures: int
    templates: int
    template_list: list[RepeatTemplate]


@with_config(ConfigDict(extra="allow"))
class Summary(TypedDict):
    """Counts over the findings; ``baseline`` only with ``--baseline``."""

    # Other parts add keys (provenance, coverage); none is promised to every reader.
    total: NotRequired[int]
    by_status: NotRequired[dict[str, int]]
    by_severity: NotRequired[dict[str, int]]
    failed_by_severity: NotRequired[dict[str, int]]
    by_kind: NotRequired[dict[str, int]]
    baseline: NotRequired[BaselineSummary]
    repeats: NotRequired[RepeatsSummary]


@with_config(ConfigDict(extra="allow"))
class WaiverUse(TypedDict):
    """A waiver entry (the fields of :class:`Waiver`) and what became of it."""

    rule: str
    finding: str | None
    reason: str
    reviewer: str
    expires: str
    file: str | None
    line: int | None
    findings: NotRequired[list[str]]
    why: NotRequired[str]


@with_config(ConfigDict(extra="allow"))
class WaiversReport(TypedDict):
    """What the waivers file did: applied (with the findings waived), expired, unused."""

    file: str | None
    today: str | None
    applied: list[WaiverUse]
    expired: list[WaiverUse]
    unused: list[WaiverUse]


def _no_waivers() -> WaiversReport:
    return {"file": None, "today": None, "applied": [], "expired": [], "unused": []}


def _every_key_required(schema: dict[str, Any], _cls: type) -> None:
    # Every top-level key of results.json is always written. (Not via
    # json_schema_serialization_defaults_required: pydantic passes that setting down into the
    # TypedDicts and would mark the optional keys of summary as required.)
    schema["required"] = list(schema["properties"])


class AuditResult(BaseModel):
    """A whole audit: what was read, what was found, and whether the gate passes."""

    model_config = ConfigDict(json_schema_extra=_every_key_required)

    schema_version: str = SCHEMA_VERSION
    run: dict[str, Any] = Field(default_factory=dict, description="run metadata: time, host, versions, engine (not deterministic)")
    gate: GateVerdict = Field(default_factory=dict)
    summary: Summary = Field(default_factory=dict)
    sources: list[SourceInfo] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    engine: dict[str, Any] = Field(default_factory=dict, description="GX validations run: one per check table")
    waivers: WaiversReport = Field(default_factory=_no_waivers)

    def to_json(self) -> str:
        """Deterministic JSON text (sorted findings, stable key order, trailing newline)."""
        # pydantic's serializer writes the same text as json.dumps(indent=2, ensure_ascii=False)
        # four times faster (json's indenting encoder is pure Python: 2.7 s for 80 MB).
        return self.model_dump_json(indent=2, fallback=_json_default) + "\n"

    def write_json(self, handle: BinaryIO) -> None:
        """Write :meth:`to_json`'s bytes (UTF-8) to ``handle``, one finding at a time.

        The whole text at once is a few hundred MB at corpus scale (several times that as a
        Python string); streamed, memory holds one finding's JSON. The bytes are the same.
        """
        empty = self.model_copy(update={"findings": []})
        head, tail = empty.__pydantic_serializer__.to_json(empty, indent=2, fallback=_json_default).split(_EMPTY_FINDINGS, 1)
        handle.write(head + b'\n  "findings": [')
        to_json = Finding.__pydantic_serializer__.to_json
        for i, finding in enumerate(self.findings):
            text = to_json(finding, indent=2, fallback=_json_default).replace(b"\n", b"\n    ")
            handle.write((b",\n    " if i else b"\n    ") + text)
        handle.write((b"\n  ]" if self.findings else b"]") + tail + b"\n")

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "failed"]


# The top-level findings key (two spaces in) of a result dumped without findings.
_EMPTY_FINDINGS = b'\n  "findings": []'


def _json_default(value: Any) -> Any:
    # GX leaves numpy scalars (e.g. numpy.bool_) in some result details.
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def summarize(findings: list[Finding]) -> dict[str, Any]:
    """Counts by status, by severity and by (status, severity)."""
    by_status = Counter(f.status for f in findings)
    by_severity = Counter(f.severity for f in findings)
    failed_by_severity = Counter(f.severity for f in findings if f.status == "failed")
    return {
        "total": len(findings),
        "by_status": {s: by_status.get(s, 0) for s in ("passed", "failed", "waived", "error")},
        "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "failed_by_severity": {s: failed_by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_kind": dict(sorted(Counter(f.kind for f in findings).items())),
    }


def gate(findings: list[Finding], fail_on: str = "error", only_new: bool = False) -> GateVerdict:
    """The release gate: fails when a failed (or errored) finding reaches ``fail_on`` severity.

    ``fail_on="error"`` gates on severity error only; ``"warning"`` on error and warning.
    With ``only_new`` only findings marked new against a baseline count.
    """
    threshold = SEVERITY_ORDER[fail_on]
    blocking = [
        f for f in findings
        if f.status in ("failed", "error") and SEVERITY_ORDER[f.severity] <= threshold
        and (not only_new or f.new)
    ]
    return {"passed": not blocking, "fail_on": fail_on, "only_new": only_new,
            "blocking": len(blocking), "blocking_ids": [f.id for f in blocking]}
