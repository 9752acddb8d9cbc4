import os
import sys
from pathlib import Path

import pytest

# Test helpers (catalog_factory, ...) are imported as plain modules.
sys.path.insert(0, str(Path(__file__).parent))
# Every plan the suite makes, in this process or a CLI subprocess, is re-verified by the
# independent checker before it is returned (planner/solve.py).
os.environ["COMPETENCY_SELF_CHECK"] = "1"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory):
    """The catalog and profile caches of a test run live in a temp folder, never in ~/.cache."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved
