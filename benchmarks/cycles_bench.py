"""Evaluation cycles, simulated: re-plan after each assessment round vs planning from scratch.

Each cycle (quarterly by default) runs the current plan for the cycle's weeks, then
simulates what HR and the LMS report (seeded):

- each booking of those weeks is completed with probability ``--complete`` (some are missed);
- every competency trained in the cycle is assessed at the tier the training aimed for; the
  agent passes with probability ``--pass-trained`` when the training was completed, else
  ``--pass-untrained``; a failure is recorded (``passed: false``) and means mandatory
  retraining within the next cycle;
- ``--churn`` of the agents leave (profile inactive) and as many join.

Then the next plan is made twice from the same state: a re-plan (``replan.py``: freeze
window, fewest changed bookings after value) and a from-scratch plan of the same instance.
Both are compared with the current plan (``plan diff``: bookings added, moved or dropped)
and with each other (value). The re-plan becomes the current plan. Printed per cycle:
changed bookings, value, the value ratio, freeze violations (must be 0), failed
assessments without retraining booked within the cycle (must be 0, or explained), the
simulated pass rate, and seconds per plan.

    python benchmarks/cycles_bench.py                       # sample cohort, 4 quarterly cycles
    python benchmarks/cycles_bench.py --generated 1000      # a generated 1,000-agent cohort (whole: its models are small)
    python benchmarks/cycles_bench.py --quick               # 4-week cycles, short solves
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generator import make_agents, make_catalog  # noqa: E402
from competency.io.profiles import load_profiles  # noqa: E402
from competency.model import load_catalog  # noqa: E402
from competency.model.profile import AgentProfile, Assessment, CompletedModule  # noqa: E402
from competency.model.tiers import Tier  # noqa: E402
from competency.planner.problem.instance import Instance, PlanningOptions, learners_from_profiles  # noqa: E402
from competency.planner.plan.schema import Plan  # noqa: E402
from competency.planner.replan.setup import CYCLE_WEEKS, failures, replan_setup  # noqa: E402
from competency.planner.replan.notes import kept_notes, mandatory_notes  # noqa: E402
from competency.planner.plan.result import Booking  # noqa: E402
from competency.planner.solve import SolverConfig, solve  # noqa: E402
from competency.progress.diff import diff_plans  # noqa: E402



@dataclass
class Row:
    cycle: int
    as_of: dt.date
    agents: int
    left: int
    joined: int
    assessed: int
    passed: int
    replan_changes: int
    scratch_changes: int
    replan_value: float
    scratch_value: float
    frozen: int
    freeze_broken: int
    freeze_stage: str  # the freeze stage's optimum and how it ended: "0 optimal" = all kept, proven
    retraining_missing: int  # failed assessments without retraining booked in the cycle, unexplained
    retraining_excused: int  # ... named by the re-plan with the reason (no module can run for the agent)
    replan_seconds: float
    scratch_seconds: float
    replan_moved: int = 0  # of the changed bookings, moved ones
    scratch_moved: int = 0
    unfrozen_value: float | None = None  # --freeze-price: the re-plan's value with no freeze window
    unfrozen_changes: int | None = None
    replan_forced: int = 0  # of the changed bookings, those the new state forces (``changed``)
    scratch_forced: int = 0
    replan_stayers: int = 0  # of the changed bookings, those of agents planned before and still here
    scratch_stayers: int = 0


FORCED = ("failed_assessment", "completed_early", "left", "joined")  # plan diff's reasons no plan can avoid


def changed(old: Plan, new: Plan, profiles: dict[str, AgentProfile]) -> tuple[int, int, int, int]:
    """Changed bookings; how many of them were moved (a moved booking counts once, like an
    added or a dropped one); and how many the new state forces on any plan (a failed
    assessment, a module done early, a leaver, a joiner), as against ones a plan chooses; and
    how many are on the calendars of agents who stay (a joiner had none, a leaver's is gone)."""
    diff = diff_plans(old, new, profiles)
    # Missed bookings must be re-booked by either plan; they are history, not calendar churn.
    # Bookings in the rolling horizon's new weeks change no calendar either (nobody was told
    # anything about those weeks): both plans' counts leave them out.
    counted = [c for c in diff.changes if c.reason not in ("missed", "new_weeks")]
    return (len(counted), sum(c.change == "moved" for c in counted), sum(c.reason in FORCED for c in counted),
            sum(c.reason not in ("joined", "left") for c in counted))


def simulate(plan: Plan, profiles: dict[str, AgentProfile], weeks: int, rng: random.Random, args,
             catalog) -> tuple[int, int]:
    """Completions and assessments for the first ``weeks`` of ``plan``; returns (assessed, passed)."""
    end = plan.week_start(weeks + 1) - dt.timedelta(days=1)
    assessed = passed = 0
    for agent in plan.agents:
        profile = profiles.get(agent.agent_id)
        if profile is None or not profile.active:
            continue
        done, trained = list(profile.completed), {}
        have = {c.module for c in done}
        for m in agent.modules:
            if m.week > weeks or m.module_id in have:
                continue
            ok = rng.random() < args.complete
            if ok:
                day = plan.week_start(m.week) + dt.timedelta(days=rng.randrange(5))
                done.append(CompletedModule(module=m.module_id, date=day, source="LMS sim", passed=True))
            for cid, tier in m.raises.items():
                trained[cid] = (max(tier, trained.get(cid, (0, False))[0]), ok or trained.get(cid, (0, False))[1])
        history = {cid: list(h) for cid, h in profile.assessments.items()}
        for cid, (tier, completed) in sorted(trained.items()):
            ok = rng.random() < (args.pass_trained if completed else args.pass_untrained)
            reached = Tier(tier) if ok else Tier(max(0, tier - 1))
            history.setdefault(cid, []).append(Assessment(
                date=end, source=f"assessment {end}", raw="pass" if ok else "fail", tier=reached, passed=ok,
                level=Tier(tier)))
            assessed += 1
            passed += ok
        profiles[agent.agent_id] = profile.model_copy(update={"completed": done, "assessments": history})
    return assessed, passed


def churn(profiles: dict[str, AgentProfile], rng: random.Random, share: float, day: dt.date, cycle: int,
          catalog) -> tuple[int, int]:
    active = sorted(p for p, v in profiles.items() if v.active)
    leaving = rng.sample(active, int(len(active) * share)) if share else []
    for aid in leaving:
        profiles[aid] = profiles[aid].model_copy(update={"active": False, "left": day})
    for k, aid in enumerate(leaving):
        # A joiner takes over a leaver's seat: same team, role, industry and site, no history.
        old = profiles[aid]
        new_id = f"J{cycle}{k:03d}"
        profiles[new_id] = AgentProfile(id=new_id, name=f"Joiner {cycle}-{k}", team=old.team, site=old.site,
                                        role=old.role, industry=old.industry, hours_per_week=old.hours_per_week,
                                        budget=old.budget, joined=day)
    return len(leaving), len(leaving)


def frozen_broken(setup, plan: Plan) -> int:
    held = {(a.agent_id, m.module_id): m for a in plan.agents for m in a.modules}
    sessions = {(s.module_id, "online" if s.online else (s.site or ""), s.week): s for s in plan.sessions}
    broken = 0
    for p in setup.previous:
        if not p.frozen:
            continue
        m = held.get((p.agent_id, p.module_id))
        ok = m is not None and m.week == p.week
        if ok and p.venue:
            s = sessions.get((p.module_id, p.venue, p.week))
            ok = s is not None and s.trainer == p.trainer and p.agent_id in s.participants
        broken += not ok
    return broken


def _freeze_stage(plan: Plan) -> str:
    stage = next((s for s in plan.stages if s.name == "freeze"), None)
    return "-" if stage is None else f"{stage.value:g} {stage.ended}"


def run(catalog, profiles: dict[str, AgentProfile], args, label: str) -> list[Row]:
    rng = random.Random(args.seed)
    cycle_weeks = CYCLE_WEEKS[args.cycle]
    config = SolverConfig(time_limit=args.time_limit, work=args.work, seed=args.seed, part_size=args.part_size,
                          method=args.method)
    options = PlanningOptions(weeks=args.horizon or 2 * cycle_weeks, start_date=args.start)
    learners = learners_from_profiles(catalog, profiles.values())
    started = time.perf_counter()
    current = solve(Instance(catalog, tuple(learners), options), config, catalog_id=catalog.info.id)
    print(f"[{label}] cycle 0: {len(learners)} agents, {options.weeks} weeks, {current.status}, value {current.objective:.2f}, "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows = []
    for cycle in range(1, args.cycles + 1):
        assessed, passed = simulate(current, profiles, cycle_weeks, rng, args, catalog)
        as_of = current.week_start(cycle_weeks + 1)
        left, joined = churn(profiles, rng, args.churn, as_of - dt.timedelta(days=3), cycle, catalog)
        learners = learners_from_profiles(catalog, profiles.values())
        completed = {p.id: {c.module: c.date for c in p.completed if c.passed is not False}
                     for p in profiles.values()}
        base = Instance(catalog, tuple(learners), replace(options, mandatory_within=None))
        setup = replan_setup(current, base, completed, as_of, args.cycle, args.freeze, weeks=options.weeks,
                             failed={p.id: failures(p) for p in profiles.values()})
        t0 = time.perf_counter()
        hint = [Booking(agent_id=p.agent_id, week=p.week, module_id=p.module_id) for p in setup.previous]
        replan = setup.instance.with_options(value_tolerance=args.value_tolerance)
        again = solve(replan, config, hint=hint, catalog_id=catalog.info.id)
        t1 = time.perf_counter()
        scratch = solve(setup.instance.with_options(previous=()), config, catalog_id=catalog.info.id)
        t2 = time.perf_counter()
        if args.freeze_price:
            # The same re-plan with the freeze window off: what keeping the announced sessions costs.
            thawed = tuple(replace(p, frozen=False) for p in setup.previous)
            free = solve(replan.with_options(previous=thawed), config, hint=hint, catalog_id=catalog.info.id)
        (re_changes, re_moved, re_forced, re_stay), (sc_changes, sc_moved, sc_forced, sc_stay) = (
            changed(current, again, profiles), changed(current, scratch, profiles))
        row = Row(cycle, as_of, len(learners), left, joined, assessed, passed, re_changes, sc_changes,
                  again.objective, scratch.objective,
                  sum(p.frozen for p in setup.previous), frozen_broken(setup, again), _freeze_stage(again),
                  len(mandatory_notes(again)), len(setup.excused),
                  t1 - t0, t2 - t1, re_moved, sc_moved,
                  free.objective if args.freeze_price else None,
                  changed(current, free, profiles)[0] if args.freeze_price else None,
                  re_forced, sc_forced, re_stay, sc_stay)
        rows.append(row)
        print(f"[{label}] cycle {cycle}: {row}", file=sys.stderr)
        for note in kept_notes(setup, again)[:8]:
            print(f"  note: {note}", file=sys.stderr)
        for plan, name in ((again, "re-plan"), (scratch, "from scratch")):
            if plan.status not in ("OPTIMAL", "FEASIBLE"):
                print(f"  {name}: {plan.status}: " + " | ".join(r[:300] for r in plan.infeasibility[:3]),
                      file=sys.stderr)
        current = again
    return rows


def table(label: str, rows: list[Row]) -> str:
    head = ("| cycle | as of | agents | left/joined | pass rate | changed: re-plan | changed: from scratch | "
            "ratio | value: re-plan | value: scratch | value ratio | frozen (broken) | freeze stage | "
            "retraining missing (explained) | s re-plan | s scratch |")
    lines = [f"**{label}**", "", head, "|" + "---|" * 16]
    for r in rows:
        ratio = r.replan_changes / r.scratch_changes if r.scratch_changes else 0.0
        value = r.replan_value / r.scratch_value if r.scratch_value else 1.0
        rate = f"{r.passed / r.assessed:.1%}" if r.assessed else "-"
        lines.append(f"| {r.cycle} | {r.as_of} | {r.agents} | {r.left}/{r.joined} | {rate} | {r.replan_changes} | "
                     f"{r.scratch_changes} | {ratio:.2f} | {r.replan_value:.2f} | {r.scratch_value:.2f} | "
                     f"{value:.3f} | {r.frozen} ({r.freeze_broken}) | {r.freeze_stage} | {r.retraining_missing} ({r.retraining_excused}) | "
                     f"{r.replan_seconds:.1f} | {r.scratch_seconds:.1f} |")
    total_re, total_sc = sum(r.replan_changes for r in rows), sum(r.scratch_changes for r in rows)
    value = sum(r.replan_value for r in rows) / max(1e-9, sum(r.scratch_value for r in rows))
    if all(r.unfrozen_value is not None for r in rows):
        lines += ["", "without the freeze window (--freeze-price): value "
                  + ", ".join(f"{r.unfrozen_value:.2f}" for r in rows) + "; changed "
                  + ", ".join(str(r.unfrozen_changes) for r in rows) + "; value of the re-plan over it "
                  + f"{sum(r.replan_value for r in rows) / max(1e-9, sum(r.unfrozen_value for r in rows)):.3f}, "
                  + "of it over from scratch "
                  + f"{sum(r.unfrozen_value for r in rows) / max(1e-9, sum(r.scratch_value for r in rows)):.3f}"]
    lines += ["", f"over {len(rows)} cycles: {total_re} changed bookings re-planning vs {total_sc} from scratch "
              f"({total_re / max(1, total_sc):.2f}); value {value:.3f} of from scratch; freeze broken "
              f"{sum(r.freeze_broken for r in rows)} times; moved (of the changed): "
              f"{sum(r.replan_moved for r in rows)} re-planning, {sum(r.scratch_moved for r in rows)} from scratch; "
              f"forced by the new state (failed assessment, done early, leaver, joiner): "
              f"{sum(r.replan_forced for r in rows)} re-planning, {sum(r.scratch_forced for r in rows)} from scratch; "
              f"on the calendars of agents who stay (no joiner's, no leaver's): "
              f"{sum(r.replan_stayers for r in rows)} re-planning vs {sum(r.scratch_stayers for r in rows)} from "
              f"scratch ({sum(r.replan_stayers for r in rows) / max(1, sum(r.scratch_stayers for r in rows)):.2f})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=0, help="a generated cohort of N agents instead of the sample")
    parser.add_argument("--modules", type=int, default=60, help="modules of the generated catalog")
    parser.add_argument("--cycle", choices=sorted(CYCLE_WEEKS), default="quarterly")
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--horizon", type=int, help="weeks each plan looks ahead (default: two cycles)")
    parser.add_argument("--freeze", type=int, default=2, help="freeze window in weeks")
    parser.add_argument("--value-tolerance", type=float, default=0.005,
                        help="share of the best value a re-plan may give up to change fewer bookings, as `plan "
                             "--value-tolerance` (default 0.005 = 0.5 %%)")
    parser.add_argument("--complete", type=float, default=0.85, help="chance a booking is completed")
    parser.add_argument("--pass-trained", type=float, default=0.95)
    parser.add_argument("--pass-untrained", type=float, default=0.5)
    parser.add_argument("--churn", type=float, default=0.04, help="share of agents who leave each cycle")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--work", type=float, help="deterministic seconds per plan (default 0.1 x time limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=lambda text: [int(x) for x in text.split(",")],
                        help="several simulated worlds, e.g. 0,1,2: each seed's table, then the figures over "
                             "all of them (one seed's figures move by more than the lines they are held to)")
    parser.add_argument("--freeze-price", action="store_true",
                        help="also re-plan each cycle with the freeze window off, to price the freeze")
    parser.add_argument("--part-size", type=lambda text: text if text == "auto" else int(text), default="auto",
                        help="cohorts with more agents are planned in parts, as `plan --part-size` (auto: 150 "
                             "agents or more where models are small; 0: whole)")
    parser.add_argument("--team", help="sample cohort: one team only (e.g. 杭州全渠道零售组)")
    parser.add_argument("--method", choices=["auto", "compact", "decomposition"], default="auto",
                        help="cohort solver of every plan, as `plan --method` (auto: compact for re-plans)")
    parser.add_argument("--quick", action="store_true", help="monthly cycles, 8-week plans, 20 s solves")
    args = parser.parse_args(argv)
    if args.quick:
        args.cycle, args.horizon, args.time_limit = "monthly", args.horizon or 8, min(args.time_limit, 20.0)
    seeds = args.seeds or [args.seed]
    runs = []
    for seed in seeds:
        args.seed = seed
        catalog, profiles, label = _case(args)
        rows = run(catalog, profiles, args, label)
        print(table(label, rows))
        runs.append((seed, rows))
    if len(runs) > 1:
        print("\n" + pooled(runs))
    return 0


def _case(args):
    """The catalog, profiles and label of one run (a generated cohort depends on the seed)."""
    if args.generated:
        catalog = make_catalog(args.modules, seed=args.seed)
        profiles = {p.id: p for p in make_agents(catalog, args.generated, seed=args.seed)}
        args.start = dt.date(2026, 9, 7)
        label = f"generated {args.generated} agents x {args.modules} modules"
    else:
        catalog = load_catalog(None)
        profiles = {p.id: p for p in load_profiles(ROOT / "profiles") if not args.team or p.team == args.team}
        args.start = dt.date(2026, 11, 2)
        label = f"sample {'team ' + args.team if args.team else 'cohort'} ({len(profiles)} agents)"
    label += f", {args.cycles} {args.cycle} cycles, {args.freeze}-week freeze"
    if args.method != "auto":
        label += f", method {args.method}"
    if args.part_size != "auto":
        label += f", --part-size {args.part_size}"
    if args.seeds:
        label += f", seed {args.seed}"
    return catalog, profiles, label


def pooled(runs: list[tuple[int, list[Row]]]) -> str:
    """The figures over every seed's cycles together, and each seed's, so one lucky or unlucky
    simulated world does not decide them."""
    def figures(rows: list[Row]) -> str:
        re, sc = sum(r.replan_changes for r in rows), sum(r.scratch_changes for r in rows)
        value = sum(r.replan_value for r in rows) / max(1e-9, sum(r.scratch_value for r in rows))
        stay = sum(r.replan_stayers for r in rows) / max(1, sum(r.scratch_stayers for r in rows))
        return f"{re} vs {sc} ({re / max(1, sc):.3f}), value {value:.3f}, agents who stay {stay:.2f}"

    every = [r for _, rows in runs for r in rows]
    lines = [f"**over {len(runs)} seeds x {len(runs[0][1])} cycles**: changed bookings re-planning vs from scratch "
             f"{figures(every)}"]
    lines += [f"- seed {seed}: {figures(rows)}" for seed, rows in runs]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
