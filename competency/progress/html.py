"""The progress page as self-contained HTML (autoescaped jinja2, inline SVG charts)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .charts import pass_rate_bar, progress_bars, sparkline
from .view import percent


@lru_cache(maxsize=None)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("competency.progress", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(pct=percent, money=lambda v: f"{v:,.0f}", hours=lambda v: f"{v:,.1f}")
    return env


def progress_html(context: dict) -> str:
    charts = {
        "teams": progress_bars([(r["label"], r["done"], r["overdue"], r["upcoming"]) for r in context["teams"]]),
        "pass": pass_rate_bar(context["total"]["pass_rate"], context["target"]),
        "trends": {(t["metric"], t["team"]): sparkline([(n, v) for n, v, _ in t["points"]], t["better_up"])
                   for t in context["trends"]},
    }
    return _environment().get_template("progress.html.j2").render(**context, charts=charts)
