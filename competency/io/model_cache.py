"""What the catalog and profile caches share: where they live, what invalidates them, and
how a cached model is written and rebuilt without validating it again.

A cache file only holds models that passed full validation, written by this code. Reading
one back through pydantic would cost, on every run, the validator build (~25 ms for the
catalog and profile models, ~20 ms more for pydantic's plugin scan on the first one) and
the validation itself, which is what the cache is there to save; so ``rebuild`` constructs
the models directly from the JSON.
That is only sound while the JSON really is what this code wrote from validated models, so:

* every cache file carries ``code_key()``: a hash of the package version, the source of
  every module that decides what a valid catalog or profile is, and the installed pydantic
  and PyYAML. Any edit or upgrade makes old cache files misses;
* ``dump`` declines a model that JSON would not give back exactly: an infinite or NaN
  float (pydantic writes null), or free-form data (``Any`` fields: the catalog's
  ``extras`` and ``external``) holding anything but strings, finite numbers, booleans,
  null, lists and string-keyed mappings (a date would come back as its text);
* callers ignore a cache file that cannot be read, parsed or rebuilt and parse the YAML.

User files are never rebuilt this way: they are always validated.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import importlib.util
import json
import math
import os
import types
import typing
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

from .. import __version__

FORMAT = 2
_PACKAGE = Path(__file__).resolve().parents[1]
# Modules whose code decides what a cached catalog or profile contains.
_SOURCES = ("__init__.py", "model", "io/safe_yaml.py", "io/yaml_guard.py", "io/profiles.py",
            "io/model_cache.py", "io/profile_cache.py", "io/catalog_cache.py")
_LIBRARIES = ("pydantic", "pydantic_core", "yaml")
_code_key: str | None = None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "competency"


def caching_enabled() -> bool:
    return not os.environ.get("COMPETENCY_NO_CACHE")


def code_key() -> str:
    global _code_key
    if _code_key is None:
        digest = hashlib.sha1(f"{FORMAT} {__version__}".encode())
        for name in _SOURCES:
            path = _PACKAGE / name
            for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
                digest.update(file.name.encode() + b"\0" + file.read_bytes())
        for library in _LIBRARIES:
            # The installed file's size and mtime change with every install, without importing it.
            spec = importlib.util.find_spec(library)
            origin = spec.origin if spec is not None else None
            stat = os.stat(origin) if origin else None
            digest.update(f"{library} {origin} {stat and stat.st_size} {stat and stat.st_mtime_ns}".encode())
        _code_key = digest.hexdigest()
    return _code_key


class Unsupported(TypeError):
    """A field type ``rebuild`` does not restore exactly; models of that class are not cached."""


def dump(model: BaseModel) -> str | None:
    """JSON of the fields that were set (``rebuild`` restores the defaults), or None when
    the JSON would not give the model back exactly (see the module doc)."""
    try:
        if not _builder(type(model)).lossless(model):
            return None
        return model.model_dump_json(exclude_unset=True)
    except (Unsupported, ValueError):  # ValueError: pydantic cannot serialise it (lone surrogates)
        return None


def rebuild(cls: type[BaseModel], data: Any) -> BaseModel:
    """The model ``dump`` was written from; only for data this module wrote (see module doc).

    Raises ValueError, TypeError, KeyError or AttributeError on data of another shape.
    """
    return _builder(cls).build(data)


def read_cache(file: Path, key: str) -> Any:
    """The JSON body of a cache file whose first line is ``key``; None when absent or stale."""
    try:
        with open(file, encoding="utf-8") as handle:
            if handle.readline().rstrip("\n") != key:
                return None
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def write_cache(file: Path, data: bytes) -> None:
    """Atomically; any failure only costs speed. No fsync: a torn file is ignored on reading."""
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, file)
    except OSError:
        tmp.unlink(missing_ok=True)


_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
_setattr = object.__setattr__
_REQUIRED = object()
_IMMUTABLE = (type(None), bool, int, float, str, bytes, enum.Enum, dt.date)


class _Builder:
    """How to rebuild one model class from its JSON, and to check that JSON loses nothing."""

    def __init__(self, cls: type[BaseModel]):
        self.cls = cls
        # (name, JSON value -> field value or None, default maker or None, shared default)
        self.fields: list[tuple[str, Callable[[Any], Any] | None, Callable[[], Any] | None, Any]] = []
        # (name, field value -> JSON gives it back) for the fields where that can fail
        self.checks: list[tuple[str, Callable[[Any], bool]]] = []
        self.compiled = False
        # The common case is filled in directly; anything model_construct treats specially
        # (private attributes, extra fields, post-init hooks, another pydantic layout) uses it.
        self.direct = (not cls.__private_attributes__ and cls.model_config.get("extra") != "allow"
                       and not getattr(cls, "__pydantic_root_model__", False)
                       and getattr(cls, "__pydantic_post_init__", None) is None
                       and getattr(BaseModel, "__slots__", None) == _SLOTS)

    def compile(self) -> None:
        for name, info in self.cls.model_fields.items():
            if info.alias is not None or info.validation_alias is not None or info.serialization_alias is not None:
                raise Unsupported(f"{self.cls.__name__}.{name} has an alias")
            if info.default_factory is not None and getattr(info, "default_factory_takes_validated_data", False):
                raise Unsupported(f"{self.cls.__name__}.{name} has a default factory taking data")
            self.fields.append((name, _converter(info.annotation), *_default(info)))
            check = _checker(info.annotation)
            if check is not None:
                self.checks.append((name, check))
        self.compiled = True

    def lossless(self, model: BaseModel) -> bool:
        values = model.__dict__
        return all(check(values[name]) for name, check in self.checks)

    def build(self, data: Any) -> BaseModel:
        if type(data) is not dict:
            raise TypeError(f"expected an object for {self.cls.__name__}")
        values: dict[str, Any] = {}
        get = data.get
        defaults = 0
        for name, convert, make_default, default in self.fields:
            raw = get(name, _REQUIRED)
            if raw is not _REQUIRED:
                values[name] = raw if convert is None else convert(raw)
                continue
            defaults += 1
            if make_default is not None:
                values[name] = make_default()
            elif default is _REQUIRED:
                raise KeyError(f"{self.cls.__name__}.{name}")
            else:
                values[name] = default
        if len(values) - defaults != len(data):
            raise KeyError(f"unknown field in {self.cls.__name__}")
        fields_set = set(data)
        if not self.direct:
            return self.cls.model_construct(_fields_set=fields_set, **values)
        # What model_construct does for such a class, in a third of the time (no alias lookups).
        model = self.cls.__new__(self.cls)
        _setattr(model, "__dict__", values)
        _setattr(model, "__pydantic_fields_set__", fields_set)
        _setattr(model, "__pydantic_extra__", None)
        _setattr(model, "__pydantic_private__", None)
        return model


_BUILDERS: dict[type, _Builder] = {}


def _builder(cls: type[BaseModel]) -> _Builder:
    builder = _BUILDERS.get(cls)
    if builder is None:
        builder = _BUILDERS[cls] = _Builder(cls)
        try:
            builder.compile()
        except Unsupported:
            del _BUILDERS[cls]
            raise
    elif not builder.compiled:
        raise Unsupported(f"{cls.__name__} refers to itself")
    return builder


def _default(info: Any) -> tuple[Callable[[], Any] | None, Any]:
    """(maker, value) for a field missing from the data, as model_construct fills it in.

    Immutable defaults are shared; pydantic's get_default copies the others (and is
    ~6 µs a call, too slow for thousands of assessments to call for None).
    """
    if info.is_required():
        return None, _REQUIRED
    if info.default_factory is None and isinstance(info.default, _IMMUTABLE):
        return None, info.default
    if info.default_factory is None and type(info.default) in (list, dict, set) and not info.default:
        return type(info.default), None  # a fresh empty one, as get_default gives
    return (lambda: info.get_default(call_default_factory=True)), None


def _converter(tp: Any) -> Callable[[Any], Any] | None:
    """JSON value (as pydantic's JSON mode writes it) -> field value; None: the same value."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _converter(args[0])
    if tp in (Any, object, str, int, float, bool):
        return None
    if origin is typing.Literal and all(type(a) in (str, int, bool) for a in args):
        return None
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise Unsupported(f"union {tp}")
        if _is_enum(options[0]):
            return {None: None, **_members(options[0])}.__getitem__
        inner = _converter(options[0])
        return None if inner is None else (lambda value: None if value is None else inner(value))
    if origin is list:
        inner = _converter(args[0])
        return None if inner is None else (lambda value: [inner(item) for item in value])
    if origin is dict:
        key, inner = _key_converter(args[0]), _converter(args[1])
        if key is None and inner is None:
            return None
        key, inner = key or _unchanged, inner or _unchanged
        return lambda value: {key(k): inner(v) for k, v in value.items()}
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return _builder(tp).build
        if _is_enum(tp):
            return _members(tp).__getitem__
        if tp is dt.datetime:
            return dt.datetime.fromisoformat
        if tp is dt.date:
            return dt.date.fromisoformat
    raise Unsupported(f"field type {tp}")


def _key_converter(tp: Any) -> Callable[[Any], Any] | None:
    """JSON object keys are strings; the field's keys may be str, int or an enum."""
    if typing.get_origin(tp) is typing.Annotated:
        return _key_converter(typing.get_args(tp)[0])
    if tp in (str, Any, object):
        return None  # Any: _checker makes sure the keys were strings
    if _is_enum(tp):
        return {str(value): member for value, member in _members(tp).items()}.__getitem__
    if tp is int:
        return int
    raise Unsupported(f"dict key type {tp}")


def _checker(tp: Any) -> Callable[[Any], bool] | None:
    """Field value -> its JSON comes back exactly; None when it always does."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _checker(args[0])
    if tp is Any or tp is object:
        return _plain_json
    if tp is float:
        return math.isfinite
    if origin in (typing.Union, types.UnionType):
        inner = _checker(next(a for a in args if a is not type(None)))
        return None if inner is None else (lambda value: value is None or inner(value))
    if origin is list:
        inner = _checker(args[0])
        return None if inner is None else (lambda value: all(map(inner, value)))
    if origin is dict:
        key = args[0] if typing.get_origin(args[0]) is not typing.Annotated else typing.get_args(args[0])[0]
        inner = _checker(args[1])
        if key in (Any, object):
            return lambda value: all(type(k) is str for k in value) and (inner is None or all(map(inner, value.values())))
        return None if inner is None else (lambda value: all(map(inner, value.values())))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        builder = _builder(tp)
        return builder.lossless if builder.checks else None
    return None  # str, int, bool, Literal, enums, dates: exact by construction


def _plain_json(value: Any) -> bool:
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(map(_plain_json, value))
    if kind is dict:
        return all(type(k) is str and _plain_json(v) for k, v in value.items())
    return False


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _members(tp: type[enum.Enum]) -> dict[Any, enum.Enum]:
    """Member by JSON value; a dict lookup is ~10x faster than calling the enum."""
    members = {member.value: member for member in tp}
    if not all(type(value) in (str, int) for value in members):
        raise Unsupported(f"enum {tp.__name__} has values JSON does not keep")
    return members


def _unchanged(value: Any) -> Any:
    return value
