"""Shared checks of the bad-input suite (tests/test_hostile_*.py, issue 14).

Every hostile case must end in a message, never a traceback or an "internal error", with
the documented exit code, within its time limit, and must leave every file outside the
target as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from competency.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
REPORTS = DATA / "reports"
REPORT_ARGS = ["--catalog", str(REPORTS / "catalog"), "--profiles", str(REPORTS / "profiles")]
SUBPROCESS_LIMIT = 30  # seconds: the acceptance's "no hang past 30 s"


def invoke(args: list[str], input: bytes | str | None = None) -> Result:
    """Run the CLI in this process (fast; lets tests fake faults with monkeypatch)."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def assert_clean(result: Result, code: int | tuple[int, ...] = 1) -> str:
    """No traceback, the expected exit code; returns the combined output for more checks."""
    text = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("".join(traceback.format_exception(*result.exc_info)))
    assert "Traceback" not in text and "internal error" not in text, text
    codes = code if isinstance(code, tuple) else (code,)
    assert result.exit_code in codes, f"exit {result.exit_code}, expected {codes}:\n{text}"
    return text


def run_subprocess(args: list[str], cwd: Path, timeout: float = SUBPROCESS_LIMIT) -> subprocess.CompletedProcess:
    """Run ``python -m competency`` in a child with a hard time limit (for hangs and memory)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "competency", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, timeout=timeout)


def snapshot(folder: Path) -> dict[str, str]:
    """Path -> content hash (or link target) of everything under ``folder``, but the empty
    lock file an import takes on a profile folder (io/store.py: it holds no data)."""
    from competency.io.store import FOLDER_LOCK

    state = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if key == FOLDER_LOCK and path.stat().st_size == 0:
            continue
        if path.is_symlink():
            state[key] = "-> " + os.readlink(path)
        elif path.is_file():
            state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


_FETCHING = re.compile(r"url\(|@import|expression\(", re.I)
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
# What our templates use; anything else in a report came from the data.
_TAGS = {"html", "head", "meta", "title", "style", "body", "section", "div", "span", "p", "h1", "h2", "h3", "h4",
         "table", "thead", "tbody", "tfoot", "tr", "th", "td", "ul", "ol", "li", "b", "strong", "em", "i", "small",
         "br", "hr", "svg", "g", "text", "tspan", "line", "polyline", "polygon", "circle", "rect", "path", "col",
         "colgroup", "caption", "sup", "sub", "abbr", "figure", "figcaption", "header", "footer", "details",
         "summary", "dl", "dt", "dd", "code", "a"}


def assert_inert(data: bytes, where: str = "output") -> None:
    """HTML with no script, no element or attribute from the data, nothing a browser or
    PDF engine would fetch (no url(), @import, external href/src, event handler)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Check(HTMLParser):
        in_style = False

        def handle_starttag(self, tag, attrs):
            if tag not in _TAGS:
                found.append(f"element <{tag}>")
            self.in_style = tag == "style"
            for name, value in attrs:
                value = value or ""
                if name.startswith("on") or name in ("src", "srcset", "action", "formaction", "background"):
                    found.append(f"attribute {name}={value!r}")
                if name in ("href", "xlink:href") and _EXTERNAL.match(value) and not value.startswith("#"):
                    found.append(f"link {value!r}")
                if name == "style" and _FETCHING.search(value):
                    found.append(f"style {value!r}")

        def handle_endtag(self, tag):
            self.in_style = False

        def handle_data(self, text):
            if self.in_style and _FETCHING.search(text):
                found.append(f"CSS {text[max(0, _FETCHING.search(text).start() - 40):][:120]!r}")

    Check(convert_charrefs=True).feed(data.decode("utf-8"))
    assert not found, f"{where} carries live content: {found[:5]}"
