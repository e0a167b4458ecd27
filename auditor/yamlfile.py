"""Safe YAML loading that remembers where every value came from.

Rule files and waivers are edited by hand, so every error must point at ``file:line:col``.
The loader builds plain dicts and lists (subclasses carrying a ``positions`` map) from
PyYAML's *safe* constructor: no object-construction tags, and of the safe tags only plain
data (strings, numbers, booleans, null, dates, mappings, lists: no ``!!binary``, ``!!set``,
``!!omap``, ``!!pairs``). Anchors and aliases are refused outright: configuration never needs
them and they are how "billion laughs" documents blow up. Nesting deeper than
:data:`MAX_DEPTH` is refused too (PyYAML composes recursively; a document of ten thousand
``[`` would otherwise end in a RecursionError instead of a placed error), and so are files
over :data:`MAX_YAML_BYTES` or with more than :data:`MAX_NODES` values.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import ConfigError, InputErrors, byte_position, short_repr
from .paths import read_limited

# PyYAML's pure-Python parser (the only one that lets us see every node) reads about 75 KB/s
# of dense YAML: 5 MB of "[1,1,1,…]" took 70 s. Auditor files are a few KB; these limits keep a
# hostile or runaway file to a few seconds of parsing while leaving hundreds of times the room.
MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

# Safe-loader tags that build plain data; everything else (including the safe loader's
# bytes, sets and ordered pairs, which no auditor file uses) is an unknown tag.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("null", "bool", "int", "float", "str", "timestamp", "map", "seq")}


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


class _PositionMixin:
    """Positions kept and every limit of the module docstring enforced (mixed into a loader)."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed in auditor files",
                problem_mark=event.start_mark,
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            # Refused before the anchored subtree is composed: nothing is built for it.
            raise yaml.MarkedYAMLError(
                problem="anchors (&name) are not allowed in auditor files",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        self._nodes += 1
        try:
            if self._nodes > MAX_NODES:
                raise yaml.MarkedYAMLError(
                    problem=f"more than {MAX_NODES} values in one file",
                    problem_mark=event.start_mark,
                )
            if self._depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"nested more than {MAX_DEPTH} levels deep",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            # PyYAML's scalar constructors raise plain exceptions on a bad explicit tag
            # ("!!int x") or an impossible implicit date ("2001-13-45"); place them instead.
            kind = {"timestamp": "date", "bool": "boolean", "int": "integer", "float": "number"}.get(
                str(node.tag).rsplit(":", 1)[-1], str(node.tag))
            shown = short_repr(node.value) if isinstance(node, yaml.ScalarNode) else repr(node.id)
            hints = {"date": "expected YYYY-MM-DD", "boolean": "expected true or false"}
            reason = str(exc) if isinstance(exc, ValueError) else hints.get(kind, type(exc).__name__)
            raise yaml.MarkedYAMLError(problem=f"cannot read {shown} as {kind}: {reason}",
                                       problem_mark=node.start_mark) from None

    def construct_undefined(self, node):
        raise yaml.MarkedYAMLError(
            problem=f"the tag {node.tag!r} is not allowed: auditor files hold plain data only",
            problem_mark=node.start_mark,
        )

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
                raise yaml.MarkedYAMLError(problem=f"duplicate key {short_repr(key)}",
                                           problem_mark=key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.positions[key] = _pos(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        if not isinstance(node, yaml.SequenceNode):
            raise yaml.MarkedYAMLError(problem=f"expected a sequence, found a {node.id}",
                                       problem_mark=node.start_mark)
        result = PosList(self.construct_object(child, deep=True) for child in node.value)
        result.positions = [_pos(child) for child in node.value]
        result.start = _pos(node)
        return result


class _PositionLoader(_PositionMixin, yaml.SafeLoader):
    """The pure-Python safe loader with positions and limits."""


_LOADERS: list[type] = [_PositionLoader]
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _FastPositionLoader(_PositionMixin, yaml.composer.Composer, CParser,
                              yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml scans and parses (10x faster); composing stays in Python so that every node,
        alias and depth passes through :meth:`_PositionMixin.compose_node`."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)

    _LOADERS.insert(0, _FastPositionLoader)

# YAML 1.1 (PyYAML) reads a float only with a dot: 1e3 and 2E-5 would be strings, and a rule
# saying "factor: 1e3" would be refused as not a number. Read exponent forms as numbers too.
_EXPONENT_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")

for _loader in _LOADERS:
    # A copy of the resolver table and its lists: PyYAML's add_implicit_resolver would append
    # to the lists it shares with yaml.SafeLoader, changing YAML for every other user of it.
    _loader.yaml_implicit_resolvers = {first: list(resolvers) for first, resolvers
                                       in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    _loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+0123456789"))
    _loader.yaml_constructors = {
        tag: constructor for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
        if tag in _PLAIN_TAGS
    }
    _loader.add_constructor(None, _PositionMixin.construct_undefined)
    _loader.add_constructor("tag:yaml.org,2002:map", _PositionMixin.construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _PositionMixin.construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; raise :class:`InputErrors` with the position of any syntax problem."""
    raw = read_limited(path, MAX_YAML_BYTES, "file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_position(raw, exc.start)
        raise InputErrors.single(path, f"not UTF-8 text: invalid byte {raw[exc.start:exc.start + 1]!r}", line, col)
    if len(_LOADERS) > 1:
        try:
            return yaml.load(text, Loader=_LOADERS[0])  # noqa: S506 - a safe loader with plain tags only
        except yaml.YAMLError:
            pass  # libyaml's messages are terser ("found character that cannot start any token"):
            # read the broken file again with the pure-Python parser, which names the character.
    try:
        return yaml.load(text, Loader=_LOADERS[-1])  # noqa: S506 - a safe loader with plain tags only
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML: {exc.problem or exc.context}"
        if mark is not None:
            raise InputErrors([ConfigError(str(path), message, mark.line + 1, mark.column + 1)])
        raise InputErrors.single(path, message)
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (a NUL, most control characters): placed by its index.
        line, col = _text_position(text, exc.position)
        raise InputErrors.single(path, f"YAML: character {chr(exc.character)!r} is not allowed in YAML", line, col)
    except yaml.YAMLError as exc:
        raise InputErrors.single(path, f"YAML: {exc}")


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, col) of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def position_of(container: Any, key: Any) -> tuple[int | None, int | None]:
    """Best known (line, col) of ``container[key]``, falling back to the container itself."""
    positions = getattr(container, "positions", None)
    if isinstance(container, PosDict) and positions and key in positions:
        return positions[key]
    if isinstance(container, PosList) and positions and isinstance(key, int) and key < len(positions):
        return positions[key]
    start = getattr(container, "start", None)
    return start if start else (None, None)
