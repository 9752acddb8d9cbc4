"""Small inline SVG charts for the progress page: done/overdue/upcoming bars, pass rate
against its target, and one KPI line per team. Drawn as text (no JS, no network); every
label goes through ``markupsafe.escape`` and numbers are formatted, never pasted raw."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

DONE, OVERDUE, UPCOMING, TARGET = "#2566a8", "#c0392b", "#cfd8e3", "#444444"


def _f(value: float) -> str:
    return f"{value:.1f}"


def progress_bars(rows: Sequence[tuple[str, int, int, int]], width: int = 520) -> Markup:
    """One stacked bar per (label, done, overdue, upcoming), scaled to the longest bar."""
    label_w, bar_h, gap = 170, 16, 8
    height = len(rows) * (bar_h + gap) + gap
    most = max((d + o + u for _, d, o, u in rows), default=0) or 1
    scale = (width - label_w - 60) / most
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" class="chart progress">']
    for i, (label, done, overdue, upcoming) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + 12}" font-size="11" text-anchor="end">{escape(label)}</text>')
        x = float(label_w)
        for count, color in ((done, DONE), (overdue, OVERDUE), (upcoming, UPCOMING)):
            if count:
                parts.append(f'<rect x="{_f(x)}" y="{y}" width="{_f(count * scale)}" height="{bar_h}" fill="{color}"/>')
                x += count * scale
        parts.append(f'<text x="{_f(x + 4)}" y="{y + 12}" font-size="10">{done}/{done + overdue + upcoming}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def pass_rate_bar(rate: float | None, target: float, width: int = 260) -> Markup:
    """A bar for the pass rate with a line at the target; grey when nobody was assessed."""
    height, left, right = 26, 4, 4
    span = width - left - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" class="chart passrate">',
             f'<rect x="{left}" y="6" width="{span}" height="12" fill="#eeeeee"/>']
    if rate is not None:
        color = DONE if rate >= target else OVERDUE
        parts.append(f'<rect x="{left}" y="6" width="{_f(span * rate)}" height="12" fill="{color}"/>')
    tx = left + span * target
    parts.append(f'<line x1="{_f(tx)}" y1="2" x2="{_f(tx)}" y2="22" stroke="{TARGET}" stroke-width="2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(points: Sequence[tuple[int, float]], better_up: bool, width: int = 180, height: int = 40) -> Markup:
    """A KPI's mean per cycle; the last point is coloured by whether it moved the right way."""
    if not points:
        return Markup("")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    lo, hi = min(ys), max(ys)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    x_span = (max(xs) - min(xs)) or 1

    def sx(x: float) -> float:
        return 6 + (width - 12) * (x - min(xs)) / x_span

    def sy(y: float) -> float:
        return height - 6 - (height - 12) * (y - lo) / (hi - lo)

    last_good = len(ys) < 2 or ys[-1] == ys[0] or ((ys[-1] > ys[0]) == better_up)
    line = " ".join(f"{_f(sx(x))},{_f(sy(y))}" for x, y in points)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
                  f'height="{height}" role="img" class="chart spark"><polyline points="{line}" fill="none" '
                  f'stroke="{TARGET}" stroke-width="1.5"/><circle cx="{_f(sx(xs[-1]))}" cy="{_f(sy(ys[-1]))}" r="3" '
                  f'fill="{DONE if last_good else OVERDUE}"/></svg>')
