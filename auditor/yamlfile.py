"""Safe YAML loading that remembers where every value came from.

Rule files and waivers are edited by hand, so every error must point at ``file:line:col``.
The loader builds plain dicts and lists (subclasses carrying a ``positions`` map) from
PyYAML's *safe* constructor: no object-construction tags. Anchors and aliases are refused
outright: configuration never needs them and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import ConfigError, InputErrors

MAX_YAML_BYTES = 5 * 1024 * 1024


class PosDict(dict):
    """A mapping from YAML that knows the (line, col) of each key and of the mapping itself."""

    positions: dict[Any, tuple[int, int]]
    start: tuple[int, int]


class PosList(list):
    """A sequence from YAML that knows the (line, col) of each item."""

    positions: list[tuple[int, int]]
    start: tuple[int, int]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _PositionLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed in auditor files",
                problem_mark=event.start_mark,
            )
        node = super().compose_node(parent, index)
        if getattr(node, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors (&name) are not allowed in auditor files",
                problem_mark=node.start_mark,
            )
        return node

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        result = PosDict()
        result.positions = {}
        result.start = _pos(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.MarkedYAMLError(problem="a mapping key must be a plain value",
                                           problem_mark=key_node.start_mark)
            if key in result:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}",
                                           problem_mark=key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.positions[key] = _pos(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = PosList(self.construct_object(child, deep=True) for child in node.value)
        result.positions = [_pos(child) for child in node.value]
        result.start = _pos(node)
        return result


_PositionLoader.add_constructor("tag:yaml.org,2002:map", _PositionLoader.construct_mapping)
_PositionLoader.add_constructor("tag:yaml.org,2002:seq", _PositionLoader.construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; raise :class:`InputErrors` with the position of any syntax problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputErrors.single(path, f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_YAML_BYTES:
        raise InputErrors.single(path, f"file is {len(raw)} bytes; YAML files are limited to {MAX_YAML_BYTES}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputErrors.single(path, f"not UTF-8 text (byte {exc.start}: {raw[exc.start:exc.start+1]!r})")
    try:
        return yaml.load(text, Loader=_PositionLoader)  # noqa: S506 - _PositionLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML: {exc.problem or exc.context}"
        if mark is not None:
            raise InputErrors([ConfigError(str(path), message, mark.line + 1, mark.column + 1)])
        raise InputErrors.single(path, message)
    except yaml.YAMLError as exc:
        raise InputErrors.single(path, f"YAML: {exc}")


def position_of(container: Any, key: Any) -> tuple[int | None, int | None]:
    """Best known (line, col) of ``container[key]``, falling back to the container itself."""
    positions = getattr(container, "positions", None)
    if isinstance(container, PosDict) and positions and key in positions:
        return positions[key]
    if isinstance(container, PosList) and positions and isinstance(key, int) and key < len(positions):
        return positions[key]
    start = getattr(container, "start", None)
    return start if start else (None, None)
