"""The greedy baseline's bookkeeping (used by ``greedy.py``), kept up to date per booking.

Checking one (agent, module) must cost a few lookups, not a pass over every booking, or a
1,000-agent cohort takes minutes. So each agent keeps the tiers held before every week,
hours per week, spend and share hours; the cohort keeps open sessions, sessions per week,
busy agents per team and week, mentor load and spend. Running sums add in booking order,
exactly as a sum over the bookings would, so every comparison sees the same floats as a
recount from scratch (``Agent.recount``, which the clean-up after removals uses).
"""

from __future__ import annotations

from collections import Counter

from ...model.catalog import Mode, Module
from ...model.graph import apply
from ...model.tiers import Tier
from ..problem.candidates import CatalogIndex, candidate_table, mandatory_modules, start_levels
from ..problem.instance import Instance, Learner
from ..problem.staffing import Staffing, venue

MANDATORY_BONUS = 1e6  # mandatory retraining goes first, whatever its value
EPS = 1e-9


class Agent:
    """One learner's bookings, ``rows`` (module -> (week, mentor), in booking order), and
    what follows from them."""

    def __init__(self, instance: Instance, learner: Learner, candidates: list[Module]):
        self.learner = learner
        self.candidates = candidates
        self.weeks = instance.options.weeks
        self.options = instance.options
        self.modules = instance.catalog.modules
        self.start = start_levels(instance, learner)
        self.mandatory = mandatory_modules(instance.catalog, learner)
        self.must = {mid for mids in self.mandatory.values() for mid in mids}
        self.rows: dict[str, tuple[int, str | None]] = {}
        self.version = 0  # bumped on every booking; queue entries of older versions are stale
        self._terms: dict[str, list[tuple[float, int, int, str]]] = {}
        self.recount()

    def seat(self, module: Module) -> float:
        return self.options.seat(self.learner, module)

    def recount(self) -> None:
        """Rebuild every derived figure from ``rows``."""
        self.levels = [self.start] * (self.weeks + 2)  # levels[w]: tiers held before week w
        self.spend, self.hours, self.week_hours = 0, 0, {}
        self.tagged = [0] * len(self.learner.shares)
        self.steps: set[tuple[str, int, int]] = set()  # (competency, tier, week) a booking raises
        self.done_must: set[tuple[str, int]] = set()
        for mid, (week, _) in self.rows.items():
            self._count(self.modules[mid], week)

    def add(self, module: Module, week: int, mentor: str | None) -> None:
        self.rows[module.id] = (week, mentor)
        self._count(module, week)
        self.version += 1

    def _count(self, module: Module, week: int) -> None:
        for w in range(week + 1, self.weeks + 2):
            self.levels[w] = apply(module, self.levels[w])
        self.spend += self.seat(module)
        self.hours += module.hours
        self.week_hours[week] = self.week_hours.get(week, 0) + module.hours
        self.steps |= {(r.competency, int(r.tier), week) for r in module.raises}
        for k, rule in enumerate(self.learner.shares):
            if rule.tag in module.tags:
                self.tagged[k] += module.hours
        self.done_must |= {node for node, mids in self.mandatory.items() if module.id in mids}

    def clashes(self, module: Module, week: int) -> bool:
        """Another booking of ``week`` raises a tier ``module`` raises: one module per tier
        and week (rules/reasons.py). Practice for a share can meet a gap module there."""
        return any((r.competency, int(r.tier), week) in self.steps for r in module.raises)

    def shares_hold(self, extra: Module | None = None) -> bool:
        """Shares hold for the bookings plus ``extra``."""
        return not self.short_of(*([extra] if extra else []))

    def short_of(self, *extra: Module) -> set[str]:
        """Tags of the share rules that fail for the bookings plus ``extra``."""
        total = self.hours + sum(m.hours for m in extra)
        return {rule.tag for k, rule in enumerate(self.learner.shares)
                if self.tagged[k] + sum(m.hours for m in extra if rule.tag in m.tags) < rule.min * total - EPS}

    def gain(self, module: Module) -> float:
        """Weighted target steps the module adds to the end-of-plan tiers (plus the bonus
        for mandatory retraining not yet booked); only raised competencies can count."""
        end = self.levels[-1]
        gain = sum(weight * (min(max(int(end.get(c, 0)), raised), target) - min(int(end.get(c, 0)), target))
                   for weight, target, raised, c in self._targets(module))
        if module.id in self.must and not any((r.competency, int(r.tier)) in self.done_must for r in module.raises):
            gain += MANDATORY_BONUS
        return gain

    def _targets(self, module: Module) -> list[tuple[float, int, int, str]]:
        """(weight, target, tier raised, competency) per targeted competency the module
        raises, in the learner's target order so sums add up in a fixed order."""
        if module.id not in self._terms:
            raised: dict[str, int] = {}
            for r in module.raises:
                raised[r.competency] = max(raised.get(r.competency, 0), int(r.tier))
            self._terms[module.id] = [(self.learner.weight(c), int(t), raised[c], c)
                                      for c, t in self.learner.targets.items() if c in raised]
        return self._terms[module.id]


class State:
    """Every agent plus what couples them: sessions, cohort spend, team and mentor load."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.options = instance.options
        self.index = CatalogIndex(instance.catalog)
        table = candidate_table(instance, self.index)
        self.agents = {a.agent_id: Agent(instance, a, table[a.agent_id]) for a in instance.learners}
        self.seats: dict[tuple[str, str, int], list[str]] = {}  # (module, venue, week) -> agents
        self.open_weeks: dict[tuple[str, str], list[int]] = {}  # (module, venue) -> weeks with a session
        self.staffing = Staffing(instance)
        self.teaching = Counter()  # (trainer, week) -> sessions
        self.teaching_hours = Counter()  # (trainer, week) -> hours
        self.sessions = Counter()  # week -> sessions running
        self.busy = Counter()  # (team, week) -> agents training
        self.team_limit = {team: self.options.team_limit(n) for team, n in instance.team_sizes().items()}
        self.mentees = Counter()
        self.spent = 0.0
        self._pool = instance.mentor_pool()
        self._experts: dict[str, list[str]] = {}

    @property
    def grouped(self) -> bool:
        """Group modules run as shared sessions (a personal plan books each seat alone)."""
        return not self.options.personal

    def slot(self, agent: Agent, module: Module) -> tuple[int, str | None] | None:
        """Earliest week the module fits; a week with a session of it already running wins."""
        learner, options = agent.learner, self.options
        if not agent.shares_hold(module):
            return None
        seat = agent.seat(module)
        if learner.budget is not None and agent.spend + seat > learner.budget + EPS:
            return None
        group = module.is_group and self.grouped
        where = venue(learner, module)
        running = self.open_weeks.get((module.id, where), []) if group else []
        limit = options.hours_for(learner) + EPS
        for week in running + [w for w in range(1, options.weeks + 1) if w not in running]:
            if not self.index.startable(module.id, agent.levels[week]):
                continue
            if group and not options.may_run(module.id, week):
                continue
            if agent.week_hours.get(week, 0) + module.hours > limit:
                continue
            if agent.clashes(module, week):
                continue
            extra = seat
            if group and week not in running:
                extra += module.session_cost
                if options.sessions_per_week is not None and self.sessions[week] >= options.sessions_per_week:
                    continue
                if self.staffing.active and self.trainer_for(module, where, week) is None:
                    continue
            if group and len(self.seats.get((module.id, where, week), [])) >= module.seats.max:
                continue
            if options.budget is not None and self.spent + extra > options.budget + EPS:
                continue
            if not self._team_ok(agent, week):
                continue
            mentor = self._mentor(learner, module, week)
            if module.mode == Mode.MENTORING and mentor is None:
                continue
            return week, mentor
        return None

    def trainer_for(self, module: Module, where: str, week: int) -> str | None:
        """The first trainer (by id) who could take a new session within their capacity."""
        for t in self.staffing.available(module, where, week):
            if t.sessions_per_week is not None and self.teaching[t.id, week] >= t.sessions_per_week:
                continue
            if t.hours_per_week is not None and self.teaching_hours[t.id, week] + module.hours > t.hours_per_week + EPS:
                continue
            return t.id
        return None

    def _team_ok(self, agent: Agent, week: int) -> bool:
        limit = self.team_limit[agent.learner.team] if self.grouped else None
        return limit is None or week in agent.week_hours or self.busy[agent.learner.team, week] < limit

    def _mentor(self, learner: Learner, module: Module, week: int) -> str | None:
        if module.mode != Mode.MENTORING:
            return None
        cap = self.options.mentor_max_mentees
        return next((b for b in self._expert_mentors(module)
                     if b != learner.agent_id and self.mentees[b, week] < cap), None)

    def _expert_mentors(self, module: Module) -> list[str]:
        """Who may mentor the module (``candidates.mentors_for`` before excluding the mentee),
        worked out once per module instead of once per check."""
        if module.id not in self._experts:
            self._experts[module.id] = sorted(
                b for b, levels in self._pool.items()
                if all(levels.get(r.competency, Tier.NONE) >= Tier.EXPERT for r in module.raises))
        return self._experts[module.id]

    def book(self, agent: Agent, module: Module, week: int, mentor: str | None) -> bool:
        """Book; True when this opened a new session of the module."""
        team = agent.learner.team
        if week not in agent.week_hours:
            self.busy[team, week] += 1
        agent.add(module, week, mentor)
        self.spent += agent.seat(module)
        opened = False
        if module.is_group and self.grouped:
            where = venue(agent.learner, module)
            if (module.id, where, week) not in self.seats:
                self.spent += module.session_cost
                self.sessions[week] += 1
                self.open_weeks[module.id, where] = sorted(self.open_weeks.get((module.id, where), []) + [week])
                opened = True
                trainer = self.trainer_for(module, where, week) if self.staffing.active else None
                if trainer is not None:
                    self.teaching[trainer, week] += 1
                    self.teaching_hours[trainer, week] += module.hours
            self.seats.setdefault((module.id, where, week), []).append(agent.learner.agent_id)
        if mentor is not None:
            self.mentees[mentor, week] += 1
        return opened

    def cancel(self, agent: Agent, mid: str) -> None:
        """Take a booking back during the clean-up; cohort counters are not needed by then."""
        week = agent.rows.pop(mid)[0]
        key = (mid, venue(agent.learner, self.instance.catalog.modules[mid]), week)
        if agent.learner.agent_id in self.seats.get(key, []):
            self.seats[key].remove(agent.learner.agent_id)
        agent.recount()
