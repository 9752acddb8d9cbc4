"""Where group sessions run and who teaches them: venues, trainers' weeks, qualification.

An in-person session runs at one site and seats only agents who work there; a live online
session (virtual classroom) runs at the venue ``online`` and mixes sites. When the catalog
declares trainers, every group session of a cohort plan needs one trainer who may teach the
module, teaches at its venue and is not away that week, within their weekly sessions and
hours. A catalog without trainers needs none. A personal plan books seats in sessions the
centre runs anyway, so trainers belong to cohort plans only.
"""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model

from ...model.catalog import ONLINE, Mode, Module, Trainer
from .instance import Instance, Learner

SessionKey = tuple[str, str, int]  # (module, venue, week)


def venue(learner: Learner, module: Module) -> str:
    """Where the learner would sit this module's session: their site, or online."""
    return ONLINE if module.mode == Mode.LIVE_ONLINE else learner.site


class Staffing:
    """Trainer facts of one instance, computed once: who may teach what, where and when."""

    def __init__(self, instance: Instance):
        options = instance.options
        self.instance = instance
        self.active = bool(instance.catalog.trainers) and not options.personal
        self.trainers: list[Trainer] = [instance.catalog.trainers[t] for t in sorted(instance.catalog.trainers)]
        self.weeks: dict[str, frozenset[int]] = {}
        for t in self.trainers:
            weeks = {w for w in range(1, options.weeks + 1) if not t.away_between(*options.week_dates(w))}
            if options.trainer_weeks is not None and t.id in options.trainer_weeks:
                weeks &= options.trainer_weeks[t.id]
            self.weeks[t.id] = frozenset(weeks)
        self._who: dict[tuple[str, str], list[Trainer]] = {}

    def qualified(self, module: Module, where: str) -> list[Trainer]:
        key = (module.id, where)
        if key not in self._who:
            self._who[key] = [t for t in self.trainers if t.qualified(module) and t.teaches_at(where)]
        return self._who[key]

    def available(self, module: Module, where: str, week: int) -> list[Trainer]:
        """Qualified trainers at ``where`` who teach in ``week`` and have any capacity."""
        return [t for t in self.qualified(module, where) if week in self.weeks[t.id]
                and t.sessions_per_week != 0 and (t.hours_per_week is None or t.hours_per_week >= module.hours)]

    def can_run(self, module: Module, where: str) -> bool:
        """A session of the module at ``where`` could be staffed in some week."""
        if not self.active or not module.is_group:
            return True
        return any(self.available(module, where, w) for w in range(1, self.instance.options.weeks + 1))

    def unlimited(self, module: Module, where: str, week: int) -> bool:
        """Some available trainer has no weekly cap: the session is always staffed."""
        return any(t.sessions_per_week is None and t.hours_per_week is None
                   for t in self.available(module, where, week))


def assign_trainers(instance: Instance, sessions: Iterable[SessionKey]) -> dict[SessionKey, str | None]:
    """A qualified, available trainer for every session, within weekly capacity (None where
    no assignment exists). Weeks are independent; each is a small exact assignment, solved
    deterministically, spreading sessions over trainers before repeating one."""
    staffing = Staffing(instance)
    keys = sorted(set(sessions), key=lambda k: (k[2], k[0], k[1]))
    if not staffing.active:
        return {k: None for k in keys}
    out: dict[SessionKey, str | None] = {}
    # Re-plans: a session inside the freeze window keeps the trainer people were told about.
    pins = {(p.module_id, p.venue, p.week): p.trainer for p in instance.options.previous if p.frozen and p.trainer}
    for week in sorted({k[2] for k in keys}):
        out.update(_assign_week(instance, staffing, [k for k in keys if k[2] == week], pins))
    return out


def _assign_week(instance: Instance, staffing: Staffing, keys: list[SessionKey],
                 pins: dict[SessionKey, str] | None = None) -> dict[SessionKey, str | None]:
    modules = instance.catalog.modules
    model = cp_model.CpModel()
    y: dict[tuple[SessionKey, str], cp_model.IntVar] = {}
    for key in keys:
        for t in staffing.available(modules[key[0]], key[1], key[2]):
            y[key, t.id] = model.NewBoolVar(f"y[{key},{t.id}]")
        options = [v for (k, _), v in y.items() if k == key]
        if options:
            model.Add(sum(options) == 1)
        if pins and (key, pins.get(key)) in y:
            model.Add(y[key, pins[key]] == 1)
    load = {}
    for t in staffing.trainers:
        mine = [(k, v) for (k, tid), v in y.items() if tid == t.id]
        if not mine:
            continue
        if t.sessions_per_week is not None:
            model.Add(sum(v for _, v in mine) <= t.sessions_per_week)
        if t.hours_per_week is not None:
            model.Add(sum(round(modules[k[0]].hours * 100) * v for k, v in mine) <= round(t.hours_per_week * 100))
        load[t.id] = sum(v for _, v in mine)
    if load:
        peak = model.NewIntVar(0, len(keys), "peak")
        for expr in load.values():
            model.Add(expr <= peak)
        rank = {t.id: i for i, t in enumerate(staffing.trainers)}
        model.Minimize(len(staffing.trainers) * len(keys) * peak + sum(rank[tid] * v for (_, tid), v in y.items()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0  # safety net; these models solve in milliseconds
    code = solver.Solve(model)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {k: next((tid for (kk, tid), v in y.items() if kk == k and found and solver.Value(v)), None)
            for k in keys}
