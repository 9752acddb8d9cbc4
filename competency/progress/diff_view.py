"""A plan diff as a terminal table, JSON or a self-contained HTML page."""

from __future__ import annotations

import json

from jinja2 import Environment, PackageLoader, StrictUndefined

from .diff import PlanDiff
from .view import fit


def diff_table(diff: PlanDiff) -> str:
    lines = [f"plan from {diff.old_start} -> plan from {diff.new_start}: {diff.unchanged} bookings unchanged, "
             f"{diff.count('added')} added, {diff.count('moved')} moved, {diff.count('dropped')} dropped"]
    if diff.changes:
        head = f"{'agent':<10} {'change':<8} {'module':<40} {'old week':<10} {'new week':<10} reason"
        lines += ["", head, "-" * len(head)]
        for c in diff.changes:
            lines.append(f"{fit(c.agent_id, 10)} {c.change:<8} {fit(c.module_id, 40)} {str(c.old_week or '-'):<10} "
                         f"{str(c.new_week or '-'):<10} {c.reason}: {c.detail}")
    if diff.sessions:
        lines += ["", "sessions:"]
        for s in diff.sessions:
            who = "; ".join(p for p in (f"+{', '.join(s.joined)}" if s.joined else "",
                                        f"-{', '.join(s.left)}" if s.left else "",
                                        f"trainer {s.old_trainer} -> {s.new_trainer}"
                                        if s.change == "changed" and s.old_trainer != s.new_trainer else "") if p)
            lines.append(f"  {s.week} {s.module_id} @ {s.venue or '-'}: {s.change} {who}".rstrip())
    return "\n".join(lines) + "\n"


def diff_json(diff: PlanDiff) -> str:
    return json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n"


def diff_html(diff: PlanDiff) -> str:
    env = Environment(loader=PackageLoader("competency.progress", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    agents = sorted({c.agent_id for c in diff.changes})
    return env.get_template("diff.html.j2").render(diff=diff, agents=agents)
