"""Safe YAML loading that remembers where every key and item came from.

Validation errors must point at a line and column. :func:`load_located` builds mappings and
sequences as :class:`LocatedDict` and :class:`LocatedList`, which carry the position of each key
and item; :func:`parse` gives the same in a compact form (plain containers, positions in one
array, a :class:`Locator` to look them up), built several times faster and cheap to cache.
Only YAML's safe constructors are used (libyaml's C parser when it is installed): a tag such as
``!!python/object`` is refused, never run.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterator
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


# Deeper than any fact pack needs (six levels), shallow enough that neither libyaml's recursive
# composer nor Python's recursion limit is ever near.
MAX_DEPTH = 32

_KIND_OF_TAG = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:binary": "base64 data",
    "tag:yaml.org,2002:seq": "a list",
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:set": "a set",
    "tag:yaml.org,2002:omap": "an ordered mapping",
    "tag:yaml.org,2002:pairs": "a list of pairs",
}


class _LocatedLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML's constructors raise plain ValueError, TypeError and the like on a value their
        # tag cannot take ("!!int text", a 5,000-digit number, "!!int" on nothing, whose first
        # character it indexes): report those where they stand.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, LookupError, AttributeError, OverflowError) as error:
            raise _unconstructible(node, error) from None


def _unconstructible(node: Any, error: Exception) -> yaml.constructor.ConstructorError:
    tag = getattr(node, "tag", None)
    kind = _KIND_OF_TAG.get(tag or "", f"a {tag} value" if tag else "a value")
    if isinstance(error, IndexError) and not getattr(node, "value", None):
        detail = "there is nothing after the tag"  # PyYAML looked for a first character
    else:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if len(detail) > 120:
        detail = detail[:117] + "..."
    return yaml.constructor.ConstructorError(
        None,
        None,
        f"this cannot be read as {kind} ({detail}); quote text, and drop explicit tags such as "
        "!!int",
        getattr(node, "start_mark", None),
    )


def _expect(node: Any, kind: type, what: str) -> None:
    if not isinstance(node, kind):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"expected {what} here, found {type(node).__name__.removesuffix('Node').lower()}; "
            "drop the explicit tag",
            getattr(node, "start_mark", None),
        )


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode):  # type: ignore[no-untyped-def]
    _expect(node, yaml.MappingNode, "a mapping")
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
    _expect(node, yaml.SequenceNode, "a list")
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


def _screen(text: str) -> None:
    """Refuse, before anything is built, what could make building blow up.

    An alias repeats a value without repeating its text, so a few hundred bytes of nested aliases
    (or merge keys) can stand for gigabytes; a fact records what one article says and never needs
    one. Nesting deeper than :data:`MAX_DEPTH` would recurse in libyaml's composer until the C
    stack overflows. Events come from libyaml's parser, which does not recurse. Syntax errors
    are left to the real load, which words them.
    """
    loader = _LocatedLoader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.AliasEvent:
                raise YamlProblem(
                    f"YAML error: the alias *{event.anchor} is not allowed in a fact pack; "
                    "write the value out in full",
                    _position(event.start_mark),
                )
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        f"YAML error: nested more than {MAX_DEPTH} levels deep; a fact pack "
                        "needs six at most",
                        _position(event.start_mark),
                    )
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
            elif kind is yaml.StreamEndEvent:
                return
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _reader_problem(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    at = error.position
    if LIBYAML:  # libyaml counts UTF-8 bytes, PyYAML's own reader characters
        at = len(text.encode("utf-8", "surrogatepass")[: max(0, at)].decode("utf-8", "ignore"))
    at = max(0, min(at, len(text)))
    line, start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, at):  # YAML's line breaks, as its marks count them
        line, start = line + 1, found.end()
    column = at - start + 1
    character = error.character
    shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return YamlProblem(
        f"YAML error: the character {shown} is not allowed in YAML ({error.reason}); remove it",
        (line, column),
    )


def load_located(text: str) -> Any:
    """Parse one YAML document into located containers and plain scalars."""
    _screen(text)
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
    except yaml.reader.ReaderError as error:  # a control character, say
        raise _reader_problem(text, error) from None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else "invalid YAML"
        raise YamlProblem(f"YAML error: {first}", (1, 1)) from None


# --- the compact form: plain containers, positions kept apart ------------------------------------
#
# Building a LocatedDict per mapping is what makes a located parse slow and large. The loader
# therefore works on plain dicts and lists, and positions live in one flat array of ints beside
# them, looked up only when a problem has to be reported. Every dict and list of the document has a
# *record* in that array, records laid out in post-order (children before their parent, siblings
# in document order, a container met twice through an alias only once):
#
#   mapping:  line, column, then per key in dict order: key line, key column, value line, column
#   sequence: line, column, then per item: line, column
#
# The same walk (:func:`_walk`) finds a container's record again, so nothing but the document, the
# array, the (rare) duplicate keys and the (rare) containers without positions has to be stored.
# All of it is marshal-able, which is what the parse cache stores.

PARSER_VERSION = 2  # bump when what :func:`parse` returns for some text changes

_STR_TAG = "tag:yaml.org,2002:str"
_resolvers = _LocatedLoader.yaml_implicit_resolvers
# First characters for which an implicit tag (null, bool, int, float, timestamp, ...) may apply;
# None when a wildcard resolver means every plain scalar must be resolved.
_RESOLVABLE: frozenset[str] | None = (
    None if None in _resolvers else frozenset(key for key in _resolvers if key)
)
_MEMO_LENGTH = 64  # short strings (ids, topics, names) are shared, not repeated
_NO_KEY = object()


class ParsedYaml:
    """One parsed file: the document in plain containers, and where each part of it stands."""

    __slots__ = ("document", "duplicates", "positions", "unlocated")

    def __init__(
        self,
        document: Any,
        positions: array,
        duplicates: dict[int, tuple[tuple[Any, int, int], ...]] | None = None,
        unlocated: tuple[int, ...] = (),
    ) -> None:
        self.document = document
        self.positions = positions  # array("i"), the records described above
        self.duplicates = duplicates or {}  # walk ordinal of a mapping -> (key, line, column)s
        self.unlocated = unlocated  # walk ordinals of containers without a record


def _walk(root: Any) -> Iterator[dict | list]:
    """Every dict and list under ``root`` once, children before parents, in document order."""
    kind = type(root)
    if kind is not dict and kind is not list:
        return
    seen = {id(root)}
    stack = [(root, iter(root.values() if kind is dict else root))]
    while stack:
        node, children = stack[-1]
        for child in children:
            kind = type(child)
            if (kind is dict or kind is list) and id(child) not in seen:
                seen.add(id(child))
                stack.append((child, iter(child.values() if kind is dict else child)))
                break
        else:
            stack.pop()
            yield node


class _Fallback(Exception):
    """The fast path met something it leaves to the full loader (a tag, an anchor, ...)."""


def parse(text: str) -> ParsedYaml:
    """Parse one YAML document into plain containers with positions kept apart.

    The result is exactly what :func:`load_located` gives, in the compact form: the common case
    is built straight from libyaml's events, which is several times faster than composing nodes
    and constructing objects; anything out of the ordinary (explicit tags, anchors and aliases,
    duplicate or complex keys, several documents, any error) is left to :func:`load_located`, so
    every value, position and error message stays the same. Raises :class:`YamlProblem`.
    """
    try:
        return _parse_events(text)
    except Exception:  # the full loader gives the canonical result, or the canonical error
        pass
    return compact(load_located(text))


def _parse_events(text: str) -> ParsedYaml:
    loader = _LocatedLoader(text)
    try:
        get = loader.get_event
        resolve = loader.resolve
        constructors = loader.yaml_constructors
        resolvable = _RESOLVABLE
        intern = sys.intern
        memo: dict[str, str] = {}
        positions = array("i")
        if type(get()) is not yaml.StreamStartEvent:
            raise _Fallback
        event = get()
        if type(event) is yaml.StreamEndEvent:
            return ParsedYaml(None, positions)
        if type(event) is not yaml.DocumentStartEvent:
            raise _Fallback
        stack: list[tuple[Any, list[int] | None, Any, bool]] = []
        container: Any = None  # the dict or list being filled
        record: list[int] = []  # its record, pushed to ``positions`` when it ends
        key: Any = _NO_KEY  # in a mapping: the key whose value comes next
        mapping = False
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                value = event.value
                implicit = event.implicit
                if implicit[0] and (resolvable is None or not value or value[0] in resolvable):
                    tag = resolve(yaml.ScalarNode, value, implicit)
                    if tag != _STR_TAG:
                        construct = constructors.get(tag)
                        if construct is None:  # '<<', '=' and the like: the full loader decides
                            raise _Fallback
                        node = yaml.ScalarNode(
                            tag, value, event.start_mark, event.end_mark, event.style
                        )
                        value = construct(loader, node)
                if type(value) is str and len(value) <= _MEMO_LENGTH:
                    value = memo.setdefault(value, value)
                mark = event.start_mark
                if container is None:  # a document that is one scalar
                    root = value
                    break
                if mapping:
                    if key is _NO_KEY:
                        if value in container:  # a duplicate key: recorded by the full loader
                            raise _Fallback
                        key = intern(value) if type(value) is str else value
                        record.append(mark.line + 1)
                        record.append(mark.column + 1)
                        continue
                    container[key] = value
                    key = _NO_KEY
                else:
                    container.append(value)
                record.append(mark.line + 1)
                record.append(mark.column + 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                mark = event.start_mark
                new: dict | list = {} if kind is yaml.MappingStartEvent else []
                if container is not None:
                    if mapping:
                        if key is _NO_KEY:  # a mapping or list used as a key
                            raise _Fallback
                        container[key] = new
                    else:
                        container.append(new)
                    record.append(mark.line + 1)
                    record.append(mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    raise _Fallback  # the full loader's screen refuses it, located
                stack.append((container, record, _NO_KEY, mapping))
                container, record, key = new, [mark.line + 1, mark.column + 1], _NO_KEY
                mapping = kind is yaml.MappingStartEvent
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                positions.extend(record)
                done = container
                container, record, key, mapping = stack.pop()
                if container is None:
                    root = done
                    break
            else:  # an alias, or anything unexpected
                raise _Fallback
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            raise _Fallback  # a second document: the full loader words the error
        return ParsedYaml(root, positions)
    finally:
        loader.dispose()


def compact(tree: Any) -> ParsedYaml:
    """The compact form of what :func:`load_located` returned."""
    plain_of: dict[int, Any] = {}  # id of a located container -> its plain copy
    source: dict[int, Any] = {}  # id of a plain copy -> the container it copies

    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            found = plain_of.get(id(node))
            if found is None:
                found = plain_of[id(node)] = {}
                source[id(found)] = node
                for item_key, value in node.items():
                    found[item_key] = plain(value)
            return found
        if isinstance(node, list):
            found = plain_of.get(id(node))
            if found is None:
                found = plain_of[id(node)] = []
                source[id(found)] = node
                found.extend(plain(item) for item in node)
            return found
        if isinstance(node, tuple):  # !!omap and !!pairs give lists of pairs
            return tuple(plain(item) for item in node)
        return node

    document = plain(tree)
    positions = array("i")
    duplicates: dict[int, tuple[tuple[Any, int, int], ...]] = {}
    unlocated: list[int] = []
    for ordinal, container in enumerate(_walk(document)):
        node = source[id(container)]
        if isinstance(node, LocatedDict):
            positions.extend(node.position)
            for item_key in container:
                positions.extend(node.key_positions[item_key])
                positions.extend(node.value_positions[item_key])
            if node.duplicate_keys:
                duplicates[ordinal] = tuple(
                    (item_key, line, column) for item_key, (line, column) in node.duplicate_keys
                )
        elif isinstance(node, LocatedList):
            positions.extend(node.position)
            for where in node.item_positions:
                positions.extend(where)
        else:
            unlocated.append(ordinal)
    return ParsedYaml(document, positions, duplicates, tuple(unlocated))


class Locator:
    """Answers where a container, key or item of one parsed file stands; cheap until first asked.

    The first question walks the document once to find each container's record; a pack without
    problems never asks.
    """

    __slots__ = ("_index", "_parsed", "_stand_ins", "has_duplicates")

    def __init__(self, parsed: ParsedYaml) -> None:
        self._parsed = parsed
        self._index: dict[int, tuple[int, int]] | None = None  # id -> (offset or -1, ordinal)
        self._stand_ins: dict[int, tuple[Any, list, int]] = {}
        self.has_duplicates = bool(parsed.duplicates)

    def _record(self, container: Any) -> tuple[int, int]:
        if self._index is None:
            index: dict[int, tuple[int, int]] = {}
            unlocated = set(self._parsed.unlocated)
            offset = 0
            for ordinal, node in enumerate(_walk(self._parsed.document)):
                if ordinal in unlocated:
                    index[id(node)] = (-1, ordinal)
                else:
                    index[id(node)] = (offset, ordinal)
                    offset += 2 + (4 if type(node) is dict else 2) * len(node)
            self._index = index
        return self._index.get(id(container), (-1, -1))

    def _pair(self, offset: int) -> Position:
        positions = self._parsed.positions
        if 0 <= offset < len(positions) - 1:
            return (positions[offset], positions[offset + 1])
        return (1, 1)

    def stand_in(self, wrapper: Any, sequence: list, index: int) -> None:
        """Place ``wrapper`` (a mapping the loader made up) wholly at item ``index``."""
        self._stand_ins[id(wrapper)] = (wrapper, sequence, index)

    def _stand_in(self, container: Any) -> Position | None:
        found = self._stand_ins.get(id(container)) if self._stand_ins else None
        if found is None or found[0] is not container:
            return None
        return self.item(found[1], found[2])

    def position(self, container: Any) -> Position:
        """Where a mapping or sequence starts ((1, 1) when unknown)."""
        stand_in = self._stand_in(container)
        if stand_in is not None:
            return stand_in
        offset = self._record(container)[0]
        return (1, 1) if offset < 0 else self._pair(offset)

    def _key_index(self, mapping: dict, key: Any) -> int:
        for index, item_key in enumerate(mapping):
            if item_key is key or item_key == key:
                return index
        return -1

    def _entry(self, mapping: dict, key: Any, part: int) -> Position:
        # A mapping's record: its own position, then per key (key line, column, value line,
        # column); ``part`` 0 picks the key's pair, 2 the value's.
        stand_in = self._stand_in(mapping)
        if stand_in is not None:
            return stand_in
        offset, index = self._record(mapping)[0], self._key_index(mapping, key)
        if offset < 0:
            return (1, 1)
        return self._pair(offset + 2 + part + 4 * index) if index >= 0 else self._pair(offset)

    def key_position(self, mapping: dict, key: Any) -> Position:
        """Where ``key`` is written, or where the mapping starts when it has no such key."""
        return self._entry(mapping, key, 0)

    def where(self, mapping: dict, key: Any) -> Position:
        """Where the value of ``key`` is written, or where the mapping starts without one."""
        return self._entry(mapping, key, 2)

    def item(self, sequence: list, index: int) -> Position:
        """Where item ``index`` is written, or where the sequence starts."""
        offset = self._record(sequence)[0]
        if offset < 0:
            return (1, 1)
        if 0 <= index < len(sequence):
            return self._pair(offset + 2 + 2 * index)
        return self._pair(offset)

    def duplicates(self, mapping: dict) -> list[tuple[Any, Position]]:
        """The keys written more than once in ``mapping``, each where it is repeated."""
        if not self.has_duplicates:
            return []
        ordinal = self._record(mapping)[1]
        found = self._parsed.duplicates.get(ordinal, ()) if ordinal >= 0 else ()
        return [(key, (line, column)) for key, line, column in found]

    def is_located(self, container: Any) -> bool:
        """False only for the rare list that has no positions (``!!omap``, ``!!pairs``)."""
        if not self._parsed.unlocated or self._stand_in(container) is not None:
            return True
        return self._record(container)[0] >= 0
