"""What every report reads: the plan file, the catalog it was made from, and the profiles.

Loading problems become ``InputError`` naming the file and field, so the CLI can show them
as user mistakes rather than tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..model import InputError, Problem
from ..model.catalog import Catalog
from ..model.profile import AgentProfile
from ..planner.plan.schema import Plan


@dataclass(frozen=True)
class ReportInputs:
    plan: Plan
    catalog: Catalog
    profiles: dict[str, AgentProfile] = field(default_factory=dict)
    since: object | None = None  # progress.diff.PlanDiff from an earlier plan (report idp --since)


def load_plan(path: str | Path) -> Plan:
    from ..io.limits import MAX_PLAN, read_bounded

    source = Path(path)
    if not source.exists():
        raise InputError([Problem(str(source), "", "no such file; write one with `competency plan --out plan.json`")],
                         "plan file missing")
    try:
        text = read_bounded(source, MAX_PLAN, "plan file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(source), "", f"not UTF-8 text ({exc.reason})")], "plan file unreadable") from None
    try:
        return Plan.model_validate_json(text)
    except ValidationError as exc:
        problems = [
            Problem(str(source), ".".join(str(p) for p in err["loc"]) or "(top level)",
                    f"{err['msg']}; see docs/plan-format.md")
            for err in exc.errors()
        ]
        raise InputError(problems, f"{source} is not a valid plan file") from None


def load_agent_profiles(folder: str | Path | None, agents: set[str] | None = None) -> dict[str, AgentProfile]:
    """Profiles by id (of ``agents`` only, when given: a store may hold 100,000 agents and the
    plan 20); a missing folder gives none, since a plan alone is enough to render."""
    if folder is None or not Path(folder).exists():
        return {}
    try:
        from ..io.profiles import load_profiles
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__.rsplit('.', 1)[0]}.io.profiles":
            raise
        return _read_profiles(Path(folder))
    loaded = load_profiles(folder, None if agents is None else (lambda aid, _: aid in agents))
    items = loaded.values() if isinstance(loaded, dict) else loaded
    return {profile.id: profile for profile in items}


def _read_profiles(folder: Path) -> dict[str, AgentProfile]:
    # Fallback used until competency.io.profiles exists: one AgentProfile mapping per file.
    profiles: dict[str, AgentProfile] = {}
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.y*ml")):
        try:
            profile = AgentProfile.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            problems.append(Problem(str(file), "", f"not a valid agent profile: {exc}".splitlines()[0]))
            continue
        profiles[profile.id] = profile
    if problems:
        raise InputError(problems, f"profiles in {folder} are invalid")
    return profiles


def load_inputs(plan_path: str | Path, catalog: Catalog, profiles_dir: str | Path | None) -> ReportInputs:
    plan = load_plan(plan_path)
    return ReportInputs(plan, catalog, load_agent_profiles(profiles_dir, {a.agent_id for a in plan.agents}))


def unknown_modules(inputs: ReportInputs) -> list[str]:
    """Module ids the plan uses that the catalog lacks: a sign of the wrong --catalog."""
    used = {m.module_id for a in inputs.plan.agents for m in a.modules} | {s.module_id for s in inputs.plan.sessions}
    return sorted(used - set(inputs.catalog.modules))
