"""Reading ``expectations/``: rule files and settings, validated, every error placed.

Parsing is kept apart from execution: this module turns YAML into validated rule models
(:mod:`auditor.rules`) and :class:`Settings`, and checks every figure reference against the
extracts. Nothing here touches GX, so ``auditor validate`` stays fast.

A rule file is a YAML mapping with ``rules:`` (a list) and optionally ``settings:`` (at most
one file may carry settings).
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError, InputErrors, short_repr
from .paths import walk_files
from .rules import RULE_KINDS, Rule
from .yamlfile import PosDict, PosList, load_yaml, position_of


class CoverageSettings(BaseModel):
    """How unaccounted numeric mentions are reported."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    severity: Literal["error", "warning", "info"] = "warning"


class RepeatSettings(BaseModel):
    """Automatic detection of repeated passages."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    threshold: float = Field(70.0, ge=50, le=100, allow_inf_nan=False)
    min_chars: int = Field(30, ge=1)
    # A corpus of reports written from one template repeats its sentences with each report's own
    # figures; such a corpus turns this off and keeps the within-document checks.
    across_documents: bool = True
    # A passage in this many documents or more, with as many different sets of figures and none
    # held by most copies, is a template each document fills in: its copies in different
    # documents are not compared (0: compare them all).
    template_documents: int = Field(3, ge=0)
    figures_severity: Literal["error", "warning", "info"] = "error"
    variant_severity: Literal["error", "warning", "info"] = "warning"
    # Across documents, the same figures in other words is how a later report restates an earlier
    # one or how boilerplate recurs: worth a note, not a warning.
    variant_across_documents_severity: Literal["error", "warning", "info"] = "info"


class DiscoverySettings(BaseModel):
    """Relations found in the sources without a hand-written rule (see auditor.discover)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    # A confident discovered relation that fails is a finding of this severity; a relation
    # read with less confidence is reported with severity info.
    severity: Literal["error", "warning", "info"] = "warning"
    # Restatements across documents of one subject (a later report restating an earlier year).
    across_documents: bool = True


class Settings(BaseModel):
    """Project settings (``settings:`` in one file of ``expectations/``)."""

    model_config = ConfigDict(extra="forbid")
    coverage: CoverageSettings = Field(default_factory=CoverageSettings)
    repeats: RepeatSettings = Field(default_factory=RepeatSettings)
    discovery: DiscoverySettings = Field(default_factory=DiscoverySettings)


class Suppression(BaseModel):
    """A discovered relation judged wrong by a reviewer: not evaluated again (``suppress:``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str = Field(min_length=1, description="the discovered rule id, e.g. discover/breakdown/report/victim-2018")
    finding: str | None = Field(None, description="narrow it to one finding id (the same as the rule id for discoveries)")
    reason: str = Field(min_length=1)
    reviewer: str = Field(min_length=1)


@dataclass
class RuleSet:
    """Every rule, in file order, with the project settings."""

    rules: list[Rule] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    suppressions: list[Suppression] = field(default_factory=list)


def _place(data: Any, loc: tuple) -> tuple[int | None, int | None]:
    """Walk a pydantic error location through the YAML containers to the deepest known position."""
    line, col = position_of(data, None) if isinstance(data, (PosDict, PosList)) else (None, None)
    node = data
    for key in loc:
        if isinstance(node, PosDict) and not (key in node) and isinstance(key, str):
            # Validation saw every key as a string (see validate_strict): find ``1`` for "1".
            key = next((k for k in node if str(k) == key), key)
        if isinstance(node, PosDict) and key in node:
            line, col = position_of(node, key)
            node = node[key]
        elif isinstance(node, PosList) and isinstance(key, int) and key < len(node):
            line, col = position_of(node, key)
            node = node[key]
        else:
            break
    return line, col


def pydantic_errors(path: Path, data: Any, exc: ValidationError, model: type[BaseModel]) -> list[ConfigError]:
    """Turn a pydantic ValidationError into placed, readable :class:`ConfigError` s."""
    errors = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        line, col = _place(data, loc)
        where = ".".join(str(p) for p in loc) or "value"
        if err["type"] == "extra_forbidden":
            name = str(loc[-1])
            owner = _model_at(model, loc[:-1])
            choices = sorted(owner.model_fields) if owner else []
            close = difflib.get_close_matches(name, choices, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (f"; allowed keys: {', '.join(choices)}" if choices else "")
            message = f"unknown key {name!r}{hint}"
        elif err["type"] == "missing":
            message = f"missing required key {where!r}"
        else:
            message = f"{where}: {err['msg']}"
            if "input" in err and not isinstance(err["input"], (dict, list)):
                message += f" (got {short_repr(err['input'])})"
        errors.append(ConfigError(str(path), message, line, col))
    return errors


def _plain(value: Any) -> Any:
    """YAML data as JSON data: dates become ISO strings, mapping keys strings."""
    if isinstance(value, dict):
        return {key if isinstance(key, str) else str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def validate_strict(model: type[BaseModel], data: Any) -> BaseModel:
    """Validate YAML data against ``model`` with no type coercion.

    A hand-edited file that says ``complete: "yes"`` or ``absolute: "5"`` has a type error, not
    a value pydantic should guess at. Validation goes through JSON because pydantic's strict
    Python mode would also refuse a YAML list where a tuple is declared; strict JSON mode takes
    arrays for tuples and integers for floats, and nothing else.
    """
    return model.model_validate_json(json.dumps(_plain(data), allow_nan=True), strict=True)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The nested model class at a location (to list its valid keys)."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or key not in fields:
            return current if hasattr(current, "model_fields") else None
        annotation = fields[key].annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        nested += [a for c in candidates for a in getattr(c, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return None
        current = nested[0]
    return current if hasattr(current, "model_fields") else None


def parse_rule(path: Path, item: Any) -> tuple[Rule | None, list[ConfigError]]:
    """Validate one rule mapping against its kind's model."""
    line, col = position_of(item, None) if isinstance(item, (PosDict, PosList)) else (None, None)
    if not isinstance(item, dict):
        return None, [ConfigError(str(path), f"a rule must be a mapping, got {type(item).__name__}", line, col)]
    kind = item.get("kind")
    if kind is None:
        return None, [ConfigError(str(path), "rule has no 'kind'; valid kinds: " + ", ".join(RULE_KINDS), line, col)]
    if not isinstance(kind, str) or kind not in RULE_KINDS:
        kline, kcol = position_of(item, "kind")
        close = difflib.get_close_matches(str(kind), list(RULE_KINDS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return None, [ConfigError(str(path), f"unknown rule kind {kind!r}{hint}; valid kinds: {', '.join(RULE_KINDS)}", kline, kcol)]
    model = RULE_KINDS[kind]
    try:
        rule = validate_strict(model, item)
    except ValidationError as exc:
        return None, pydantic_errors(path, item, exc, model)
    return rule.located_at(str(path), line), []


def load_rules(directory: Path, figure_ids: set[str] | None = None) -> RuleSet:
    """Read every ``*.yml``/``*.yaml`` (any case) below ``directory``; collect all errors, then raise.

    With ``figure_ids``, every figure a rule names must be one of them. A missing folder means
    no rules yet (a project starts as a folder of documents); a file in its place is an error.
    """
    if not directory.exists():
        return RuleSet()
    if not directory.is_dir():
        raise InputErrors.single(directory, "not a folder")
    errors: list[ConfigError] = []
    ruleset = RuleSet()
    seen: dict[str, Rule] = {}
    settings_file: str | None = None
    # Suffixes compare case-insensitively (RULES.YML is meant as a rule file); links out of the
    # folder and folders that cannot be listed are refused, never skipped (see auditor.paths).
    for path in walk_files(directory, errors, (".yml", ".yaml"), folder_name="the expectations folder"):
        try:
            data = load_yaml(path)
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        if data is None:
            errors.append(ConfigError(str(path), "empty rule file: expected a mapping with 'rules:'", 1, 1))
            continue
        if not isinstance(data, dict):
            line, col = position_of(data, None) if isinstance(data, PosList) else (1, 1)
            errors.append(ConfigError(str(path), "a rule file must be a mapping with 'rules:' (and optionally 'settings:')", line, col))
            continue
        for key in data:
            if key not in _TOP_LEVEL:
                line, col = position_of(data, key)
                close = difflib.get_close_matches(str(key), list(_TOP_LEVEL), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                errors.append(ConfigError(str(path), f"unknown top-level key {key!r}{hint}", line, col))
        if "settings" in data:
            line, col = position_of(data, "settings")
            if settings_file:
                errors.append(ConfigError(str(path), f"settings are already given in {settings_file}", line, col))
            else:
                settings_file = str(path)
                try:
                    settings = data["settings"]
                    ruleset.settings = validate_strict(Settings, PosDict() if settings is None else settings)
                except ValidationError as exc:
                    errors.extend(pydantic_errors(path, data["settings"], exc, Settings))
        if "suppress" in data:
            try:
                ruleset.suppressions += _suppressions(path, data)
            except InputErrors as exc:
                errors.extend(exc.errors)
        rules = data.get("rules")
        if "rules" not in data and "settings" not in data and "suppress" not in data:
            errors.append(ConfigError(str(path), "no 'rules:' in rule file", 1, 1))
            continue
        if rules is None:
            if "rules" in data and "suppress" not in data:
                line, col = position_of(data, "rules")
                errors.append(ConfigError(str(path), "'rules:' is empty", line, col))
            continue
        if not isinstance(rules, list):
            line, col = position_of(data, "rules")
            errors.append(ConfigError(str(path), "'rules:' must be a list of rules", line, col))
            continue
        if not rules:
            line, col = position_of(data, "rules")
            errors.append(ConfigError(str(path), "'rules:' is an empty list", line, col))
        for index, item in enumerate(rules):
            rule, problems = parse_rule(path, item)
            # A rule that is not a mapping (a bare string) carries no position of its own.
            item_line, item_col = position_of(rules, index)
            errors.extend(p if p.line is not None else replace(p, line=item_line, col=item_col) for p in problems)
            if rule is None:
                continue
            line, col = position_of(rules, index)
            if rule.id in seen:
                first = seen[rule.id]
                errors.append(ConfigError(str(path), f"duplicate rule id {rule.id!r} (first defined at {first.file}:{first.line})", line, col))
                continue
            if figure_ids is not None:
                for fid, role in rule.figure_roles():
                    if fid not in figure_ids:
                        fline, fcol = _find_reference(item, fid) or (line, col)
                        close = difflib.get_close_matches(fid, list(figure_ids), n=1)
                        hint = f" (did you mean {close[0]!r}?)" if close else ""
                        errors.append(ConfigError(str(path), f"rule {rule.id!r}: unknown figure id {fid!r}{hint}", fline, fcol))
            seen[rule.id] = rule
            ruleset.rules.append(rule)
    if errors:
        raise InputErrors(errors)
    return ruleset


_TOP_LEVEL = ("rules", "settings", "suppress")


def _suppressions(path: Path, data: PosDict) -> list[Suppression]:
    """The ``suppress:`` list of a rule file; a malformed entry is an input error."""
    items = data["suppress"]
    if not isinstance(items, list):
        line, col = position_of(data, "suppress")
        raise InputErrors([ConfigError(str(path), "'suppress:' must be a list of {rule, reason, reviewer}", line, col)])
    found, errors = [], []
    for index, item in enumerate(items):
        try:
            found.append(validate_strict(Suppression, item))
        except ValidationError as exc:
            errors += [p if p.line is not None else replace(p, line=position_of(items, index)[0], col=position_of(items, index)[1])
                       for p in pydantic_errors(path, item, exc, Suppression)]
    if errors:
        raise InputErrors(errors)
    return found


def _find_reference(node: Any, figure_id: str) -> tuple[int, int] | None:
    """Position of the first scalar equal to ``figure_id`` inside a YAML subtree."""
    if isinstance(node, PosDict):
        for key, value in node.items():
            if value == figure_id:
                return position_of(node, key)
            found = _find_reference(value, figure_id)
            if found:
                return found
    elif isinstance(node, PosList):
        for index, value in enumerate(node):
            if value == figure_id:
                return position_of(node, index)
            found = _find_reference(value, figure_id)
            if found:
                return found
    return None
