"""A re-plan always ends with a plan (the earlier plan, less what no longer holds, is its
floor), and a big cohort is re-planned in parts without breaking a frozen session."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.planner.plan.result import Outcome  # noqa: E402
from competency.planner.plan.validation import check_plan  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.replan.floor import previous_floor  # noqa: E402
from competency.planner.replan.parts import split_linked  # noqa: E402
from competency.planner.replan.setup import replan_setup  # noqa: E402
from competency.planner.solve import SolverConfig, solve  # noqa: E402

START = dt.date(2026, 9, 7)
CONFIG = SolverConfig(time_limit=120, work=2, part_size=None)


@pytest.fixture(scope="module")
def cycle():
    """30 generated agents in 3 teams, a 6-week plan, and its re-plan setup one week on
    (nothing reported done: week 1's bookings are missed, the rest are the earlier plan)."""
    catalog = make_catalog(24, seed=0)
    learners = tuple(learners_from_profiles(catalog, make_agents(catalog, 30, seed=0, teams=3)))
    instance = Instance(catalog, learners, PlanningOptions(weeks=6, start_date=START))
    plan = solve(instance, CONFIG, catalog_id="gen")
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    return catalog, plan, replan_setup(plan, instance, {}, START + dt.timedelta(weeks=1), None, 2)


def frozen_kept(setup, plan) -> list[str]:
    held = {(a.agent_id, m.module_id): m for a in plan.agents for m in a.modules}
    return [f"{p.agent_id} {p.module_id}" for p in setup.previous if p.frozen and (
        held.get((p.agent_id, p.module_id)) is None or held[p.agent_id, p.module_id].week != p.week
        or (p.trainer and held[p.agent_id, p.module_id].trainer != p.trainer))]


def test_the_floor_keeps_the_earlier_plan_in_the_new_horizon_and_breaks_no_rule(cycle):
    catalog, _, setup = cycle
    floor = previous_floor(setup.instance, "gen")
    assert floor is not None and not check_plan(floor, catalog, setup.instance.learners)
    kept = {(a.agent_id, m.module_id, m.week) for a in floor.agents for m in a.modules}
    earlier = {(p.agent_id, p.module_id, p.week) for p in setup.previous}
    assert len(kept & earlier) > len(earlier) / 2
    # A frozen booking goes only where the agent's earlier bookings, as they are, now break a
    # rule (here: week 1 was missed, so a share of hours no longer holds without it).
    dropped = {f.split()[0] for f in frozen_kept(setup, floor)}
    assert dropped <= _broken_alone(catalog, setup)
    assert len(dropped) < len({p.agent_id for p in setup.previous if p.frozen})


def test_the_floor_drops_a_booking_whose_prerequisite_can_no_longer_come_first(cycle):
    catalog, _, setup = cycle
    previous = setup.instance.options.previous
    # Book, in week 1, a module whose entry level the agent does not hold by then.
    learner = setup.instance.learners[0]
    later = next(m for m in catalog.modules.values()
                 if any(learner.levels.get(c, 0) < t for c, t in _entry(catalog, m).items()))
    broken = replace(setup.instance, options=replace(setup.instance.options, previous=previous + (
        type(previous[0])(learner.agent_id, later.id, 1),)))
    floor = previous_floor(broken, "gen")
    assert floor is not None and not check_plan(floor, catalog, broken.learners)
    assert (learner.agent_id, later.id) not in {(a.agent_id, m.module_id) for a in floor.agents for m in a.modules}


def test_a_replan_whose_search_finds_nothing_returns_the_floor_not_an_empty_answer(cycle, monkeypatch):
    import competency.planner.solve as front

    monkeypatch.setattr(front, "solve_model", lambda *a, **k: ([], Outcome(status="UNKNOWN", solver="cp-sat")))
    catalog, _, setup = cycle
    plan = solve(setup.instance, CONFIG, catalog_id="gen")
    assert plan.status == "FEASIBLE" and "earlier plan kept" in plan.solver
    floor = previous_floor(setup.instance, "gen")
    assert plan.objective == floor.objective > 0
    assert [a.modules for a in plan.agents] == [a.modules for a in floor.agents]
    assert not check_plan(plan, catalog, setup.instance.learners)
    # Floors are built without naming limits; the one kept names them, like any plan shown.
    open_gaps = [line for a in plan.agents for line in a.gaps if line.planned < line.target]
    assert open_gaps and all(line.limits and line.reason for line in open_gaps)


def test_a_replan_in_parts_keeps_every_frozen_session_whole_and_its_trainer(cycle):
    catalog, _, setup = cycle
    parts = split_linked(setup.instance, 10)
    assert len(parts) >= 2
    assert any(p.frozen and catalog.modules[p.module_id].is_group for p in setup.previous)
    for p in (p for p in setup.previous if p.frozen and catalog.modules[p.module_id].is_group):
        mates = {q.agent_id for q in setup.previous if q.frozen and (q.module_id, q.week) == (p.module_id, p.week)}
        assert sum(bool(mates & {a.agent_id for a in part}) for part in parts) == 1
    plan = solve(setup.instance, replace(CONFIG, part_size=10), catalog_id="gen")
    assert "parts" in plan.solver.split("(")[0]
    assert not frozen_kept(setup, plan)
    assert not [v for v in check_plan(plan, catalog, setup.instance.learners) if v.rule != "mandatory"]


def _entry(catalog, module):
    from competency.model.graph import entry_levels

    return entry_levels(catalog, module)


def _broken_alone(catalog, setup) -> set[str]:
    """Agents whose earlier bookings in the new horizon, unchanged, break one of their own rules."""
    from competency.planner.plan.validation import Rules, check_schedule

    options = setup.instance.options
    rules = Rules(options.weeks, options.budget, options.personal, options.recorded(), options.start_date)
    people = {a.agent_id: a for a in setup.instance.learners}
    kept = {a: [f.module_id for f in options.fixed if f.agent_id == a] for a in people}
    out = set()
    for a, learner in people.items():
        rows = [(p.module_id, p.week, p.mentor) for p in options.previous if p.agent_id == a]
        broken = check_schedule(catalog, [learner], rules, {a: rows}, kept, people)
        if any(v.agent_id == a and v.rule not in ("class_min", "mandatory") for v in broken):
            out.add(a)
    return out
