"""Tools the tests need from the system: a missing one fails the test with the install command
(README, "Run the tests"), never skips it silently."""

from __future__ import annotations

import shutil

import pytest


def tool(name: str, package: str = "poppler-utils") -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is not installed; run `sudo apt-get install {package}` (see README)", pytrace=False)
    return path
