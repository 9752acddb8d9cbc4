"""When each session and booking of a plan meets: a day and a time inside its plan week.

Each delivery mode has a slot (weekday, start time, longest block a day; catalog
``slots`` or the defaults in model/slots.py). A module longer than the block continues at
the same time on the next working days. When the trainer, a participant or the mentor is
already busy then, the booking moves to the next day of the week where everyone is free
(after the slot day first, then before it); when no day is, it keeps its slot. Group sessions
are placed before individual bookings, each in a fixed order, so a session gets the same
time in the cohort file and in every agent's file.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..model.catalog import Catalog, Mode
from ..model.slots import DEFAULT_SLOTS, Slot
from ..planner.plan.schema import Plan
from .cohort import session_hours


@dataclass(frozen=True)
class Timing:
    start: dt.datetime  # first day, with the catalog's time zone
    days: int  # consecutive working days (weekends only when the slot is on one)
    hours: float  # each day
    weekend: bool

    def blocks(self) -> list[tuple[dt.datetime, dt.datetime]]:
        first = self.start.date()
        return [(dt.datetime.combine(day, self.start.timetz()),
                 dt.datetime.combine(day, self.start.timetz()) + dt.timedelta(hours=self.hours))
                for day in _run(first, self.days, self.weekend)]


def plan_timings(plan: Plan, catalog: Catalog) -> tuple[dict[int, Timing], dict[tuple[str, str, int], Timing]]:
    """(timing per index of ``plan.sessions``, timing per (agent, module, week) booking
    that is not in a session)."""
    zone = ZoneInfo(catalog.info.timezone)
    busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    sessions: dict[int, Timing] = {}
    order = sorted(range(len(plan.sessions)), key=lambda i: (plan.sessions[i].week, plan.sessions[i].module_id,
                                                             plan.sessions[i].participants))
    seated: set[tuple[str, str, int]] = set()
    for i in order:
        s = plan.sessions[i]
        people = [f"agent:{p}" for p in s.participants] + ([f"trainer:{s.trainer}"] if s.trainer else [])
        hours = session_hours(plan, catalog, s.module_id, s.participants) or 1.0
        sessions[i] = _place(plan.week_start(s.week), _slot(catalog, s.module_id), hours, zone, people, busy)
        seated |= {(p, s.module_id, s.week) for p in s.participants}
    bookings: dict[tuple[str, str, int], Timing] = {}
    for agent in sorted(plan.agents, key=lambda a: a.agent_id):
        for m in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
            key = (agent.agent_id, m.module_id, m.week)
            if key in seated:
                continue
            people = [f"agent:{agent.agent_id}"] + ([f"agent:{m.mentor}"] if m.mentor else [])
            bookings[key] = _place(plan.week_start(m.week), _slot(catalog, m.module_id), m.hours or 1.0, zone, people,
                                   busy)
    return sessions, bookings


def _slot(catalog: Catalog, module_id: str) -> Slot:
    module = catalog.modules.get(module_id)
    return catalog.info.slot(module.mode) if module is not None else DEFAULT_SLOTS[Mode.E_LEARNING.value]


def _place(week_start: dt.date, slot: Slot, hours: float, zone: ZoneInfo, people: list[str],
           busy: dict[str, list[tuple[dt.datetime, dt.datetime]]]) -> Timing:
    days = max(1, math.ceil(hours / slot.hours - 1e-9))
    weekend = slot.day >= 5
    week = [week_start + dt.timedelta(days=n) for n in range(7)]
    slot_day = next(d for d in week if d.weekday() == slot.day)
    later = [d for d in week if d > slot_day]
    earlier = [d for d in reversed(week) if d < slot_day]
    start = slot.time.replace(tzinfo=zone)
    chosen = None
    for day in [slot_day, *later, *earlier]:
        if not weekend and day.weekday() >= 5:
            continue
        timing = Timing(dt.datetime.combine(day, start), days, hours / days, weekend)
        blocks = timing.blocks()
        if blocks[-1][0].date() > week[-1]:
            continue  # would run into the next plan week
        if not any(_overlap(b, taken) for p in people for b in blocks for taken in busy.get(p, ())):
            chosen = timing
            break
    chosen = chosen or Timing(dt.datetime.combine(slot_day, start), days, hours / days, weekend)
    for p in people:
        busy.setdefault(p, []).extend(chosen.blocks())
    return chosen


def _run(first: dt.date, days: int, weekend: bool) -> list[dt.date]:
    found, day = [], first
    while len(found) < days:
        if weekend or day.weekday() < 5:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def _overlap(a: tuple[dt.datetime, dt.datetime], b: tuple[dt.datetime, dt.datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
