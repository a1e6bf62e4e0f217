"""Safe YAML loading that remembers where every key and item came from.

Validation errors must point at a line and column, so mappings and sequences are built as
:class:`LocatedDict` and :class:`LocatedList`, which carry the position of each key and item.
Only YAML's safe constructors are used (libyaml's C parser when it is installed): a tag such as
``!!python/object`` is refused, never run.
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Base: type = yaml.CSafeLoader
    LIBYAML = True
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader
    LIBYAML = False

Position = tuple[int, int]  # 1-based line and column


def _position(mark: yaml.Mark | None) -> Position:
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys and values stand in the file."""

    position: Position = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_positions: dict[Any, Position] = {}
        self.value_positions: dict[Any, Position] = {}
        self.duplicate_keys: list[tuple[Any, Position]] = []

    def where(self, key: Any) -> Position:
        return self.value_positions.get(key, self.key_positions.get(key, self.position))


class LocatedList(list):
    """A sequence that knows where it and each of its items stand in the file."""

    position: Position = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_positions: list[Position] = []

    def where(self, index: int) -> Position:
        if 0 <= index < len(self.item_positions):
            return self.item_positions[index]
        return self.position


class _LocatedLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode):  # type: ignore[no-untyped-def]
    data = LocatedDict()
    data.position = _position(node.start_mark)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            ) from None
        if key in data:
            data.duplicate_keys.append((key, _position(key_node.start_mark)))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_positions[key] = _position(key_node.start_mark)
        data.value_positions[key] = _position(value_node.start_mark)


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode):  # type: ignore[no-untyped-def]
    data = LocatedList()
    data.position = _position(node.start_mark)
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.item_positions.append(_position(item.start_mark))


_LocatedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LocatedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
# Dates and times stay text: a fact pack records what an article says, not a parsed datetime.
_LocatedLoader.add_constructor("tag:yaml.org,2002:timestamp", _LocatedLoader.construct_yaml_str)


class YamlProblem(Exception):
    """A file that is not well-formed YAML, or uses a tag the safe loader refuses."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def load_located(text: str) -> Any:
    """Parse one YAML document into located containers and plain scalars."""
    try:
        return yaml.load(text, Loader=_LocatedLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        if error.context and error.problem:
            started = ""
            if error.context_mark is not None and error.context_mark is not mark:
                line, column = _position(error.context_mark)
                started = f" that starts at line {line}, column {column}"
            message = f"{error.problem} ({error.context}{started})"
        if "could not determine a constructor" in message:
            message = (
                f"{message}: this tag is not allowed; fact packs use plain YAML only "
                "(strings, numbers, lists and mappings)"
            )
        raise YamlProblem(f"YAML error: {message}", _position(mark)) from None
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        raise YamlProblem(f"YAML error: {error}", (1, 1)) from None
