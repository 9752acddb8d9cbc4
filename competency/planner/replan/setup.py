"""Re-plan from an earlier plan: the next plan of an evaluation cycle, built from the current one.

``replan_setup`` turns the earlier plan, the current profiles and an as-of date into a
planning instance:

- the new horizon starts at the first week of the earlier plan that begins on or after the
  as-of date, and runs to the end of the earlier plan, or for one cycle (weekly 1, monthly
  4, quarterly 13 weeks);
- done work counts: a module the LMS reports completed (and not failed) since the earlier
  plan started is held from the start (like ``--fix``) and never booked again;
- failed assessments are mandatory retraining within the next cycle (``--cycle``), else
  within the horizon (or ``--mandatory-within``);
- the earlier plan's bookings in the new horizon become ``Previous`` entries: frozen inside
  the freeze window (rules/stability.py), otherwise kept where that costs no value.

``replan_notes.py`` says, after the solve, which frozen bookings could not be kept and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ...model.catalog import ONLINE
from ...model.graph import apply, entry_levels
from ...model.tiers import Tier
from ..plan.schema import Plan
from ..problem.candidates import candidate_table, mandatory_modules, start_levels
from ..problem.instance import FixedModule, Instance
from ..problem.previous import Previous

CYCLE_WEEKS = {"weekly": 1, "monthly": 4, "quarterly": 13}


@dataclass(frozen=True)
class Replan:
    instance: Instance
    skipped_weeks: int  # weeks of the earlier plan before the new start
    previous: tuple[Previous, ...]
    missed: tuple[tuple[str, str], ...]  # (agent, module) booked in a week already over, not completed
    thawed: tuple[str, ...] = ()  # frozen bookings that cannot stay, with the reason
    excused: tuple[str, ...] = ()  # mandatory retraining no module can give this agent, with the reason


def new_start(old: Plan, as_of: dt.date) -> tuple[dt.date, int]:
    """The first week start of the earlier plan on or after ``as_of``, and the weeks before it."""
    days = (as_of - old.start_date).days
    weeks = max(0, -(-days // 7))
    return old.start_date + dt.timedelta(weeks=weeks), weeks


def failures(profile) -> dict[str, dt.date]:
    """Competency -> date of the agent's latest failed formal assessment."""
    out = {}
    for cid, history in profile.assessments.items():
        dates = [a.date for a in history if a.kind == "formal" and not a.passed]
        if dates:
            out[cid] = max(dates)
    return out


def replan_setup(old: Plan, instance: Instance, completed: dict[str, dict[str, dt.date | None]],
                 as_of: dt.date, cycle: str | None, freeze_weeks: int, weeks: int | None = None,
                 failed: dict[str, dict[str, dt.date]] | None = None) -> Replan:
    """``instance``: the learners to plan (active agents only) and the run's options;
    ``completed``: per agent, modules the LMS reports done (passed or without a test) and when;
    ``weeks``: a horizon longer than the cycle (rolling plans look further ahead);
    ``failed``: per agent, ``failures`` of the profile (a module done before a failed
    assessment of what it trains did not hold: it is retaken, not counted)."""
    start, skipped = new_start(old, as_of)
    weeks = weeks or (CYCLE_WEEKS[cycle] if cycle else old.weeks - skipped)
    if weeks < 1:
        raise ValueError(f"the plan ended on {old.week_start(old.weeks) + dt.timedelta(days=6)}; "
                         "give --cycle weekly|monthly|quarterly to plan the next cycle")
    options = instance.options
    # Failed assessments are retrained within the next cycle; without one, within the horizon.
    within = options.mandatory_within or (min(weeks, CYCLE_WEEKS[cycle]) if cycle else None)
    old_agents = {a.agent_id: a for a in old.agents}
    fixed, previous, missed, learners = [], [], [], []
    for learner in instance.learners:
        a = learner.agent_id
        before = old_agents.get(a)
        booked = {m.module_id for m in before.modules} if before else set()
        done = {mid for mid, day in completed.get(a, {}).items()
                if mid in booked or (day is not None and old.start_date <= day <= as_of)}
        undone = _failed_after(instance, completed.get(a, {}), (failed or {}).get(a, {}))
        done -= undone
        kept = set(before.kept) if before else set()
        fixed += [FixedModule(a, mid, start) for mid in sorted(done | kept)]
        learner = replace(learner, completed=frozenset(learner.completed - undone))
        learners.append(_retrained(instance, learner, done))
        for m in before.modules if before else []:
            if m.module_id in done:
                continue
            week = m.week - skipped
            if week < 1:
                missed.append((a, m.module_id))
            elif week <= weeks:
                venue = ONLINE if m.online else (m.site or "")
                previous.append(Previous(a, m.module_id, week, week <= freeze_weeks, venue, m.trainer, m.mentor))
    options = replace(options, start_date=start, weeks=weeks, mandatory_within=within,
                      covered_weeks=min(weeks, max(0, old.weeks - skipped)),
                      fixed=tuple(sorted(set(fixed), key=lambda f: (f.agent_id, f.module_id))))
    draft, excused = _excuse_unbookable(replace(instance, learners=tuple(learners), options=options))
    previous, thawed = _thaw_unready(draft, previous)
    previous, thawed = _thaw_small_classes(draft, previous, thawed)
    final = replace(draft, options=replace(options, previous=tuple(sorted(previous)), missed=tuple(sorted(missed)),
                                           retraining_stage=True))
    return Replan(final, skipped, tuple(sorted(previous)), tuple(sorted(missed)), tuple(thawed), tuple(excused))


def _excuse_unbookable(instance: Instance) -> tuple[Instance, list[str]]:
    """Mandatory retraining that no module can give the agent (the only class for that tier
    cannot reach its minimum at their site, is meant for others, or is longer than their
    week) is named and left out, so the rest of the re-plan keeps its freeze and stability
    stages instead of failing as a whole."""
    table = candidate_table(instance)
    learners, excused = [], []
    for learner in instance.learners:
        offered = {m.id for m in table[learner.agent_id]}
        needs = mandatory_modules(instance.catalog, learner)
        dead = {cid for (cid, tier), mids in needs.items() if not offered & set(mids)}
        for cid in sorted(dead):
            tier = Tier(learner.mandatory[cid]).key
            excused.append(f"{learner.agent_id}: mandatory {cid} retraining ({tier}) cannot be booked: no module "
                           "for that tier can run for this agent (class minimum at their site, audience, hours "
                           "or budget); arrange it outside the plan")
        learners.append(replace(learner, mandatory={c: t for c, t in learner.mandatory.items() if c not in dead})
                        if dead else learner)
    return replace(instance, learners=tuple(learners)), excused


def _failed_after(instance: Instance, completed: dict[str, dt.date | None], failed: dict[str, dt.date]) -> set[str]:
    """Modules completed before (or not after) a failed assessment of a competency they train."""
    out = set()
    for mid, day in completed.items():
        module = instance.catalog.modules.get(mid)
        if module is not None and any(r.competency in failed and (day is None or day <= failed[r.competency])
                                      for r in module.raises):
            out.add(mid)
    return out


def _retrained(instance: Instance, learner, done: set[str]):
    """Mandatory retraining the LMS reports done is closed: it is not asked for again."""
    modules = [instance.catalog.modules[mid] for mid in done if mid in instance.catalog.modules]
    still = {cid: tier for cid, tier in learner.mandatory.items()
             if not any(r.competency == cid and r.tier >= tier for m in modules for r in m.raises)}
    return learner if len(still) == len(learner.mandatory) else replace(learner, mandatory=still)


def _thaw_small_classes(instance: Instance, previous: list[Previous], thawed: list[str]
                        ) -> tuple[list[Previous], list[str]]:
    """A frozen session that kept fewer people than its class minimum (leavers, early
    completions) cannot run as announced; its bookings are thawed and said so."""
    seated: dict[tuple[str, str, int], list[Previous]] = {}
    for p in previous:
        module = instance.catalog.modules[p.module_id]
        if p.frozen and module.is_group and not instance.options.personal:
            seated.setdefault((p.module_id, p.venue, p.week), []).append(p)
    small = {key for key, people in seated.items() if len(people) < instance.catalog.modules[key[0]].seats.min}
    for mid, venue, week in sorted(small):
        people = seated[mid, venue, week]
        thawed.append(f"frozen session {mid} at {venue or '-'} in week {week} cannot stay: {len(people)} of its "
                      f"people are left, the class minimum is {instance.catalog.modules[mid].seats.min}")
    return [replace(p, frozen=False) if (p.module_id, p.venue, p.week) in small else p for p in previous], thawed


def _thaw_unready(instance: Instance, previous: list[Previous]) -> tuple[list[Previous], list[str]]:
    """A frozen booking whose entry levels are not held when its week comes (its prerequisite
    was missed) cannot stay: it is kept only where that costs no value, and said so."""
    out, thawed = [], []
    for learner in instance.learners:
        mine = sorted((p for p in previous if p.agent_id == learner.agent_id), key=lambda p: (p.week, p.module_id))
        held = start_levels(instance, learner)
        for week in sorted({p.week for p in mine}):
            ready = dict(held)
            for p in (p for p in mine if p.week == week):
                module = instance.catalog.modules.get(p.module_id)
                need = entry_levels(instance.catalog, module) if module else {}
                short = sorted(c for c, t in need.items() if ready.get(c, Tier.NONE) < t)
                if p.frozen and (module is None or short):
                    why = "the module is no longer in the catalog" if module is None else (
                        f"it needs {', '.join(short)} first, which was missed")
                    thawed.append(f"frozen booking {p.agent_id} {p.module_id} in week {p.week} cannot stay: {why}")
                    p = replace(p, frozen=False)
                elif p.frozen:
                    held = apply(module, held)
                out.append(p)
    return out, thawed
