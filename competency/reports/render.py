"""Turn view models into Markdown or self-contained HTML with jinja2.

Two environments: HTML with autoescape always on (``*.html.j2`` is not matched by
``select_autoescape(["html"])``, so it is forced), and Markdown where every ``{{ }}``
output is Markdown-escaped by ``finalize`` so no template can forget it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .fonts import FONT_FAMILY
from .labels import money, number, percent

FORMATS = ("md", "html")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(value: object) -> str:
    """Text that Markdown shows literally: no markup, no raw HTML, no broken table cells."""
    if value is None:
        return ""
    # Line breaks would end a table row; other spacing is the template's business.
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value))
    return _MD_SPECIAL.sub(r"\\\1", text)


_CSS_SAFE_ASCII = frozenset(" .,/+-_#%!?*=~^|[]$")


def _css_plain(ch: str) -> bool:
    # Printable non-ASCII (CJK, dashes, full-width colons) cannot end a CSS string; of
    # ASCII only letters, digits and punctuation with no meaning in CSS or HTML stay.
    return ch.isprintable() and (not ch.isascii() or ch.isalnum() or ch in _CSS_SAFE_ASCII)


def css_string(value: object) -> Markup:
    """``value`` as the inside of a double-quoted CSS string that no data can leave.

    Plan files are user input, and the page footer puts the agent id into a ``<style>``
    block, where HTML escaping does nothing: a newline or quote would end the string and
    let the rest run as CSS (``url(file:///...)``). Quotes, backslashes, brackets, ``<``,
    ``@``, ``:``, ``;`` and every unprintable character become CSS hex escapes (``\\a ``).
    """
    text = "" if value is None else str(value)
    return Markup("".join(ch if _css_plain(ch) else f"\\{ord(ch):x} " for ch in text))


def heat_style(value: float | None) -> str:
    """Cell colours for coverage 0..1: light for open gaps, dark blue for targets held."""
    if value is None:
        return "background:#f2f2f2"
    lightness = round(96 - 46 * max(0.0, min(1.0, value)))
    text = "#ffffff" if lightness < 66 else "#1a1a1a"
    return f"background:hsl(210,55%,{lightness}%);color:{text}"


def _filters(env: Environment) -> Environment:
    env.filters.update(num=number, money=money, pct=percent, heat=heat_style, pct0=lambda v: f"{round(v * 100)}%",
                       tier=lambda v: f"{v:.1f}", md=md_escape, css_string=css_string)
    env.globals["font_family"] = Markup(FONT_FAMILY)  # a constant: CSS needs its quotes unescaped
    return env


@lru_cache(maxsize=None)
def environment(fmt: str) -> Environment:
    loader = PackageLoader("competency.reports", "templates")
    common = dict(loader=loader, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                  keep_trailing_newline=True)
    if fmt == "html":
        return _filters(Environment(autoescape=True, **common))
    if fmt == "md":
        return _filters(Environment(autoescape=False, finalize=md_escape, **common))
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render(kind: str, context: dict, fmt: str) -> str:
    """kind: 'idp' or 'cohort'; fmt: 'md' or 'html'."""
    return environment(fmt).get_template(f"{kind}.{fmt}.j2").render(**context)
