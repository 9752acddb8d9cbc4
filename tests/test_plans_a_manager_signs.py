"""Plans a manager would sign: on the shipped sample and on a catalog a user wrote in another
field and currency, every booking is meant for the agent, seated at their site, taught by a
qualified trainer and has its reason; every open gap names limits that, lifted, let a
module for it in (checked by the independent checker, not by the code that found them)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.profiles import load_profiles
from competency.model.loader import load_catalog
from competency.model.catalog import Mode
from competency.planner.problem.candidates import experts
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles
from competency.planner.plan.schema import Plan
from competency.planner.solve import SolverConfig, solve
from competency.planner.plan.validation import Rules, check_schedule

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
START = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def sample():
    catalog = load_catalog()
    learners = learners_from_profiles(catalog, load_profiles(ROOT / "profiles"))
    instance = Instance(catalog, tuple(learners), PlanningOptions(start_date=START))
    return instance, solve(instance, SolverConfig(time_limit=120, work=6, workers=1))


def test_the_sample_plan_books_within_audiences_sites_trainers_and_with_reasons(sample):
    instance, plan = sample
    catalog, people = instance.catalog, {a.agent_id: a for a in instance.learners}
    bookings = [(a, m) for a in plan.agents for m in a.modules]
    assert plan.status in ("OPTIMAL", "FEASIBLE") and bookings
    assert all(catalog.admits(catalog.modules[m.module_id], people[a.agent_id].role, people[a.agent_id].industry)
               for a, m in bookings)
    assert all(m.reason is not None for _, m in bookings)
    for session in plan.sessions:
        assert session.trainer in catalog.trainers
        if not session.online:
            assert {people[p].site for p in session.participants} == {session.site}
    # Practice is named as practice, not as a step towards a tier already held.
    for a, m in bookings:
        if m.reason.kind == "practice":
            assert m.reason.share in {r.tag for r in people[a.agent_id].shares}


def _lifted(instance: Instance, agent_id: str, kinds: set[str], weeks: int):
    """Learners and rules with the named limits lifted, and the checker rules to ignore."""
    learners = list(instance.learners)
    k = next(i for i, a in enumerate(learners) if a.agent_id == agent_id)
    options = instance.options.recorded()
    if "hours" in kinds:
        learners[k] = replace(learners[k], hours_per_week=40.0)
        options = options | {"hours_per_week": None}
    if "personal_budget" in kinds:
        learners[k] = replace(learners[k], budget=None)
    budget = None if "cohort_budget" in kinds else instance.options.budget
    ignore = {kind for kind in ("class_min", "class_max", "trainer", "sessions_cap", "team_cap") if kind in kinds}
    # The rule still names what practice is for; only its minimum is lifted.
    ignore |= {"shares"} if "share" in kinds else set()
    ignore |= {"mentoring"} if "mentor" in kinds else set()
    ignore |= {"prerequisites", "useful"} if kinds & {"entry", "horizon"} else set()
    # After the horizon no session is planned yet: the class it would join is not known.
    ignore |= {"class_min", "trainer"} if kinds & {"horizon", "entry"} else set()
    rules = Rules(weeks, budget, False, options, instance.options.start_date)
    return learners, rules, ignore


def test_every_open_gap_names_limits_that_lifted_let_a_module_in(sample):
    instance, plan = sample
    catalog = instance.catalog
    schedule = {a.agent_id: [(m.module_id, m.week, m.mentor) for m in a.modules] for a in plan.agents}
    tried = 0
    for agent in plan.agents:
        for line in agent.gaps:
            if not line.limits or line.limits[0].kind in ("weight", "no_module", "audience", "completed"):
                continue
            kinds = {limit.kind for limit in line.limits}
            assert "unproven" not in kinds, (agent.agent_id, line)
            limit = line.limits[0]
            assert all(x.module_id == limit.module_id and x.week == limit.week for x in line.limits)
            drops = {mid for x in line.limits for key in ("drops", "replaces") if key in x.figures
                     for mid in str(x.figures[key]).split(", ")}
            # Before lifting, the module does not fit where the limits say; lifted, it does.
            # Lifting the horizon or a missing entry level: the module comes after what it needs.
            week = plan.weeks + 1 if kinds & {"horizon", "entry"} else limit.week
            mentor = next((b for b in experts(instance.mentor_pool(), catalog.modules[limit.module_id])
                           if b != agent.agent_id), None) if catalog.modules[limit.module_id].mode == Mode.MENTORING else None
            rows = [r for r in schedule[agent.agent_id] if r[0] not in drops] + [(limit.module_id, week, mentor)]
            trial = schedule | {agent.agent_id: rows}
            learners, rules, ignore = _lifted(instance, agent.agent_id, kinds, max(plan.weeks, week))
            as_planned = Rules(plan.weeks, instance.options.budget, False, instance.options.recorded(), START)
            strict = check_schedule(catalog, list(instance.learners), as_planned, trial, {},
                                    {a.agent_id: a for a in instance.learners})
            assert strict, (agent.agent_id, line.competency, "fits without lifting anything")
            broken = [v for v in check_schedule(catalog, learners, rules, trial, {}, {a.agent_id: a for a in learners})
                      if v.rule not in ignore]
            assert not broken, (agent.agent_id, line.competency, kinds, broken[:3])
            tried += 1
    assert tried >= 20


def test_a_catalog_in_another_field_and_currency_plans_renders_and_checks_clean(tmp_path):
    catalog_dir, profiles_dir = DATA / "utility_catalog", DATA / "utility_profiles"
    plan_path = tmp_path / "plan.json"
    runner = CliRunner()
    common = ["--catalog", str(catalog_dir)]
    made = runner.invoke(cli, ["plan", *common, "--profiles", str(profiles_dir), "--out", str(plan_path)])
    assert made.exit_code == 0, made.output
    plan = Plan.model_validate_json(plan_path.read_text(encoding="utf-8"))
    catalog = load_catalog(catalog_dir)
    assert plan.sessions and all(s.trainer in catalog.trainers for s in plan.sessions)
    assert {s.site for s in plan.sessions if not s.online} <= set(catalog.sites)
    cohort = runner.invoke(cli, ["report", "cohort", "--plan", str(plan_path), *common, "--profiles", str(profiles_dir)])
    assert cohort.exit_code == 0, cohort.output
    assert "EUR" in cohort.output and "CNY" not in cohort.output
    for s in plan.sessions:
        assert catalog.trainers[s.trainer].name.get("en") in cohort.output
    idps = runner.invoke(cli, ["report", "idp", "--all", "--plan", str(plan_path), *common,
                               "--profiles", str(profiles_dir), "--out", str(tmp_path / "idp")])
    assert idps.exit_code == 0, idps.output
    assert len(list((tmp_path / "idp").iterdir())) == len(plan.agents)
    check = json.loads(plan_path.read_text(encoding="utf-8"))
    assert all(m["reason"] for a in check["agents"] for m in a["modules"])
