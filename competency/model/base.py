"""What every domain type shares: strict pydantic models and the id pattern."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

MAX_ID = 80
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=MAX_ID)]


class Strict(BaseModel):
    # Validators are built on first validation, not at import: a command that reads the
    # catalog and profiles from the cache (io/model_cache.py) never builds them.
    # NaN and infinity are refused in every number: they pass comparisons silently and crash later.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, allow_inf_nan=False)
