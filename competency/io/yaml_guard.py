"""Limits on untrusted YAML (docs/security.md), for ``safe_yaml.load``.

The safe loader constructs only plain data, but accepts three things the rest of the
program cannot survive: a key given twice in one mapping (it keeps the last one silently),
nesting thousands deep (recursion errors later, in caches and exports), and aliases that
expand a few KB into gigabytes ("billion laughs"). Each is refused as a ``LimitError``
with the line, so the loaders' usual YAML error handling reports it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode

MAX_DEPTH = 100  # nested mappings and lists; the deepest real catalog or profile has 8
MAX_ALIAS_NODES = 100_000  # nodes that aliases may add in total; YAML written by hand adds a few hundred


class LimitError(yaml.MarkedYAMLError):
    """The text is valid YAML that the program refuses to expand or keep (see the module doc)."""

    def __init__(self, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)


def duplicate(key: Any, mark: Any, first: Any) -> LimitError:
    where = f" (first on line {first.line + 1})" if first is not None else ""
    return LimitError(f"duplicate key {key!r}{where}; a key may appear once in a mapping", mark)


_SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


@lru_cache(maxsize=None)
def checked_loader(base: type) -> type:
    """``base`` (a safe loader class), refusing a key given twice in one mapping."""

    class CheckedLoader(base):  # type: ignore[misc,valid-type]
        def construct_mapping(self, node, deep=False):
            if isinstance(node, MappingNode):
                _no_duplicates(self, node)
            return super().construct_mapping(node, deep)

    return CheckedLoader


def _no_duplicates(loader: Any, node: MappingNode) -> None:
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag in _SPECIAL_KEYS:
            continue  # "<<" may repeat; "=" and collection keys are the safe loader's business
        try:
            # Typed: YAML's 1 and true are different keys, though equal in Python.
            key = (type(key := loader.construct_object(key_node, deep=True)), key)
            first = seen.setdefault(key, key_node.start_mark)
        except Exception:  # noqa: BLE001 - unhashable or unconstructible: the safe loader reports it
            continue
        if first is not key_node.start_mark:
            raise duplicate(key[1], key_node.start_mark, first)


def check_size(text: str, c_parser: Any = None) -> None:
    """Walk the events once, before anything is built: depth and what aliases would add."""
    get = (c_parser or yaml.SafeLoader)(text).get_event
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, expanded
    stack: list[list[Any]] = []  # per open collection: [nodes so far, its anchor]
    added = 0
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is StreamEndEvent:
                return
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise LimitError(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
                stack.append([1, event.anchor])
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                size, anchor = stack.pop()
            elif kind is ScalarEvent:
                size, anchor = 1, event.anchor
            elif kind is AliasEvent:
                size, anchor = sizes.get(event.anchor, 1), None
                added += size
                if added > MAX_ALIAS_NODES:
                    raise LimitError(f"aliases expand to more than {MAX_ALIAS_NODES:,} values (a YAML bomb?); "
                                     "write the values out instead of repeating them with *aliases",
                                     event.start_mark)
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            if stack:
                stack[-1][0] += size
    except yaml.YAMLError as exc:
        if isinstance(exc, LimitError):
            raise
        return  # malformed: the loader reports it with its own message


