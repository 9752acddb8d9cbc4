"""Strict equality for tests: equal values of equal types all the way down."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def same(a: Any, b: Any) -> bool:
    """``Tier.BASIC`` is not ``1``, a date is not its text, and models agree on the fields
    that were set and on field order too (``==`` checks none of these)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return (a.model_fields_set == b.model_fields_set and list(a.__dict__) == list(b.__dict__)
                and all(same(value, b.__dict__[name]) for name, value in a.__dict__.items()))
    if isinstance(a, dict):
        return (len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
                and all(same(a[key], b[key]) for key in a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b  # NaN
    return a == b
