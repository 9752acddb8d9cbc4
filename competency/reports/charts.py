"""Inline SVG charts (radar, budget sweep) drawn as text so reports need no network or JS.

Every label passes through ``markupsafe.escape``; the result is ``Markup`` so the HTML
templates embed it as-is while user text inside stays inert.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from .fonts import FONT_FAMILY

COLORS = {"current": "#d9772b", "target": "#444444", "planned": "#2566a8"}
MAX_TIER = 3


def _f(value: float) -> str:
    return f"{value:.1f}"


def _wrap(text: str, width: int = 14) -> list[str]:
    # Long English domain names would run off the canvas; Chinese names are short enough.
    words, lines = text.split(" "), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def radar_svg(axes: Sequence[tuple[str, float, float, float]], legend: dict[str, str]) -> Markup:
    """axes: (label, current, target, planned) per domain, tiers 0..3."""
    width, height, cx, cy, radius = 560, 360, 280, 170, 115
    n = max(len(axes), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / MAX_TIER
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" class="chart radar" font-family="{FONT_FAMILY}">']
    for ring in range(1, MAX_TIER + 1):
        ring_pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{ring_pts}" fill="none" stroke="#cccccc" stroke-width="0.8"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{_f(x + 4)}" y="{_f(y + 4)}" font-size="9" fill="#888888">{ring}</text>')
    for i, (label, *_rest) in enumerate(axes):
        x, y = point(i, MAX_TIER)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{_f(x)}" y2="{_f(y)}" stroke="#cccccc" stroke-width="0.8"/>')
        lx, ly = point(i, MAX_TIER * 1.12)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = _wrap(str(label))
        # Multi-line labels grow away from the chart: upwards at the top, centred at the sides.
        if ly < cy - radius * 0.5:
            ly -= 12 * (len(lines) - 1)
        elif ly <= cy + radius * 0.5:
            ly -= 6 * (len(lines) - 1)
        for k, line in enumerate(lines):
            parts.append(f'<text x="{_f(lx)}" y="{_f(ly + 4 + 12 * k)}" font-size="11" '
                         f'text-anchor="{anchor}">{escape(line)}</text>')
    for key, index, dash, opacity in (("target", 2, ' stroke-dasharray="5,3"', "0"),
                                      ("current", 1, "", "0.25"), ("planned", 3, "", "0.15")):
        pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(i, a[index]) for i, a in enumerate(axes)))
        parts.append(f'<polygon points="{pts}" fill="{COLORS[key]}" fill-opacity="{opacity}" '
                     f'stroke="{COLORS[key]}" stroke-width="2"{dash}/>')
    for k, key in enumerate(("current", "target", "planned")):
        x = 150 + 110 * k
        parts.append(f'<rect x="{x}" y="{height - 16}" width="12" height="12" fill="{COLORS[key]}"/>'
                     f'<text x="{x + 16}" y="{height - 6}" font-size="11">{escape(legend[key])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sweep_svg(points: Sequence[tuple[float, float]], budget: float | None, x_label: str, y_label: str) -> Markup:
    """A line of (budget, value) points; a dashed vertical line marks the plan's budget."""
    width, height, left, right, top, bottom = 560, 260, 60, 20, 20, 40
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x_min, x_max = min(xs + [budget or xs[0]]), max(xs + [budget or xs[0]])
    y_max = (max(ys) or 1.0) * 1.1
    # Pad the budget axis so the first and last points do not sit on the frame.
    pad = (x_max - x_min) * 0.06 or 1.0
    x_min, span = x_min - pad, (x_max - x_min) + 2 * pad

    def sx(x: float) -> float:
        return left + (width - left - right) * (x - x_min) / span

    def sy(y: float) -> float:
        return height - bottom - (height - top - bottom) * y / y_max

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" class="chart sweep" font-family="{FONT_FAMILY}">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#888888"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#888888"/>']
    if budget is not None:
        parts.append(f'<line x1="{_f(sx(budget))}" y1="{top}" x2="{_f(sx(budget))}" y2="{height - bottom}" '
                     f'stroke="{COLORS["current"]}" stroke-dasharray="4,3"/>')
    line = " ".join(f"{_f(sx(x))},{_f(sy(y))}" for x, y in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{COLORS["planned"]}" stroke-width="2"/>')
    for x, y in points:
        parts.append(f'<circle cx="{_f(sx(x))}" cy="{_f(sy(y))}" r="3.5" fill="{COLORS["planned"]}"/>'
                     f'<text x="{_f(sx(x))}" y="{_f(height - bottom + 14)}" font-size="10" '
                     f'text-anchor="middle">{x:,.0f}</text>'
                     f'<text x="{_f(sx(x))}" y="{_f(sy(y) - 7)}" font-size="10" text-anchor="middle">{y:g}</text>')
    parts.append(f'<text x="{(width + left) // 2}" y="{height - 6}" font-size="11" '
                 f'text-anchor="middle">{escape(x_label)}</text>'
                 f'<text x="14" y="{(height - bottom + top) // 2}" font-size="11" text-anchor="middle" '
                 f'transform="rotate(-90 14 {(height - bottom + top) // 2})">{escape(y_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
