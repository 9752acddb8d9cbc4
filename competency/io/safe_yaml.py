"""``load``: PyYAML's safe loader, with the same results, ~2.5x as fast on profiles.

libyaml parses in C, but CSafeLoader then builds a node object for every value and
resolves and constructs each one through several Python calls; the 46 sample profiles
(~70,000 nodes) take ~0.5 s, most of a cold ``competency gaps``. ``load`` builds the
Python objects straight from the C parser's events instead (~0.2 s, of which creating the
events is ~85%). Plain scalars are resolved with the loader's own implicit-resolver table
and converted by the loader's own constructor functions, so ``yes``, ``0x1F``, ``1_000``,
``.inf`` and dates come out as ``yaml.load(text, Loader=CSafeLoader)`` gives them.

Whatever the event walk does not handle itself (anchors and aliases, explicit tags, merge
keys, collections as keys, several documents) and every error is left to
``yaml.load(text, Loader=CSafeLoader)`` on the same text: results and error messages stay
exactly the safe loader's, and only safe YAML is ever constructed.

Files are untrusted (docs/security.md), so both ways refuse what the safe loader accepts
but the rest of the program cannot survive, with the line: a key given twice in one
mapping (the safe loader keeps the last one silently), nesting deeper than ``MAX_DEPTH``
(recursion errors later, in caches and exports), and aliases that expand to more than
``MAX_ALIAS_NODES`` nodes ("billion laughs": a few KB that every JSON dump or export
would expand into gigabytes). The checks live in ``yaml_guard``.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from .yaml_guard import MAX_DEPTH, LimitError, check_size, checked_loader, duplicate

try:
    from yaml.cyaml import CParser as _CParser, CSafeLoader as Loader
except ImportError:  # PyYAML built without libyaml: its pure-Python events are no faster
    _CParser, Loader = None, yaml.SafeLoader  # type: ignore[assignment,misc]
# Resolved plain scalars are converted by the loader's constructor for their tag; these
# give immutable values (None, bool, int, float, date, datetime), so one text can share
# them. Other implicit tags (merge "<<", value "=", "!", "&", "*") go to the full loader.
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))


_NO_KEY, _LIST = object(), object()


class _Unsupported(Exception):
    """The event walk cannot build this document; the full safe loader will."""


def load(text: str) -> Any:
    """``yaml.load(text, Loader=CSafeLoader)``, built faster when the text allows it."""
    if _CParser is None or Loader.yaml_path_resolvers:
        check_size(text, _CParser)
        return yaml.load(text, Loader=checked_loader(Loader))
    try:
        return _from_events(text)
    except LimitError:
        raise
    except Exception:  # noqa: BLE001 - any failure: the reference loader decides, and raises its own error
        pass
    check_size(text, _CParser)  # outside the handler: errors come without ours attached
    return yaml.load(text, Loader=checked_loader(Loader))


def _from_events(text: str) -> Any:
    parser = _CParser(text)
    get = parser.get_event
    resolvers = Loader.yaml_implicit_resolvers
    wildcard = resolvers.get(None, [])
    constructors = Loader.yaml_constructors
    constructor = SafeConstructor()
    # A profile repeats a few hundred distinct plain scalars ("formal", "basic", 64.0)
    # tens of thousands of times; every one resolves to an immutable value.
    resolved: dict[str, Any] = {}

    def plain(value: str) -> Any:
        for tag, regexp in resolvers.get(value[:1], []) + wildcard:
            if regexp.match(value):
                break
        else:
            resolved[value] = value
            return value
        if tag not in _SCALAR_TAGS:
            raise _Unsupported(tag)
        result = resolved[value] = constructors[tag](constructor, ScalarNode(tag, value))
        return result

    if type(get()) is not StreamStartEvent:
        raise _Unsupported("stream start")
    event = get()
    if type(event) is StreamEndEvent:
        return None
    if type(event) is not DocumentStartEvent:
        raise _Unsupported("document start")
    # The open collection is ``top``: a list (``key`` is _LIST) or a dict with ``key``
    # pending (_NO_KEY while its next scalar is a key); enclosing ones wait on ``stack``.
    stack: list[tuple[Any, Any]] = []
    top: Any = None
    key: Any = _NO_KEY
    root: Any = None

    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None or event.anchor is not None:
                raise _Unsupported("anchor or tag")
            value = event.value
            if event.implicit[0]:
                value = resolved[value] if value in resolved else plain(value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None or event.anchor is not None:
                raise _Unsupported("anchor or tag")
            if len(stack) >= MAX_DEPTH:
                raise LimitError(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            stack.append((top, key))
            top, key = ({}, _NO_KEY) if kind is MappingStartEvent else ([], _LIST)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = top
            top, key = stack.pop()
            if top is None:
                root = value
                continue
            if key is _NO_KEY:
                raise _Unsupported("collection as a mapping key")
        elif kind is DocumentEndEvent:
            break
        else:
            raise _Unsupported(kind.__name__)
        if top is None:
            root = value
        elif key is _LIST:
            top.append(value)
        elif key is _NO_KEY:
            key = value
            if key in top and any(k == key and type(k) is type(key) for k in top):  # 1 and true differ
                raise duplicate(key, event.start_mark, None)
        else:
            top[key] = value
            key = _NO_KEY
    if type(get()) is not StreamEndEvent:
        raise _Unsupported("more than one document")
    return root
