"""The checker's view of sites and trainers, written apart from ``staffing.py`` and the
rules: audiences, one site per in-person session, and a qualified, available trainer within
capacity for every group session (docs/planning.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from ...model.catalog import Catalog, Mode

ONLINE_VENUE = "online"
Key = tuple[str, str, int]  # (module, venue, week)


def venue_of(catalog: Catalog, site: str, mid: str) -> str:
    return ONLINE_VENUE if catalog.modules[mid].mode == Mode.LIVE_ONLINE else site


def can_teach(catalog: Catalog, tid: str, key: Key, start: dt.date) -> str | None:
    """Why trainer ``tid`` may not teach the session ``key`` (None: they may)."""
    trainer = catalog.trainers.get(tid)
    if trainer is None:
        return f"unknown trainer {tid}"
    mid, where, week = key
    module = catalog.modules[mid]
    listed = mid in trainer.modules
    covers = bool(trainer.teaches) and all(any(t.competency == r.competency and t.tier >= r.tier
                                               for t in trainer.teaches) for r in module.raises)
    if not (listed or covers):
        return f"{tid} may not teach {mid}"
    if (where == ONLINE_VENUE and not trainer.online) or (where != ONLINE_VENUE and where not in trainer.sites):
        return f"{tid} does not teach at {where or 'an unnamed site'}"
    first = start + dt.timedelta(weeks=week - 1)
    last = first + dt.timedelta(days=6)
    if any(a.start <= last and (a.end or a.start) >= first for a in trainer.away):
        return f"{tid} is away in week {week}"
    return None


def over_capacity(catalog: Catalog, taught: Mapping[Key, str]) -> list[str]:
    """Trainer-weeks with more sessions or hours than the trainer gives."""
    sessions, hours = Counter(), Counter()
    for (mid, _, week), tid in taught.items():
        sessions[tid, week] += 1
        hours[tid, week] += catalog.modules[mid].hours
    out = []
    for (tid, week), n in sorted(sessions.items()):
        trainer = catalog.trainers.get(tid)
        if trainer is None:
            continue
        if trainer.sessions_per_week is not None and n > trainer.sessions_per_week:
            out.append(f"trainer {tid} week {week}: {n} sessions, at most {trainer.sessions_per_week}")
        if trainer.hours_per_week is not None and hours[tid, week] > trainer.hours_per_week + 1e-6:
            out.append(f"trainer {tid} week {week}: {hours[tid, week]:g} h, at most {trainer.hours_per_week:g} h")
    return out


def staffable(catalog: Catalog, keys: list[Key], start: dt.date) -> list[str]:
    """Weeks whose sessions no assignment of trainers can cover (exhaustive per week)."""
    out = []
    for week in sorted({k[2] for k in keys}):
        todo = sorted(k for k in keys if k[2] == week)
        options = {k: [t for t in sorted(catalog.trainers) if can_teach(catalog, t, k, start) is None] for k in todo}
        if not _assign(catalog, sorted(todo, key=lambda k: len(options[k])), options, {}):
            out.append(f"week {week}: no trainer assignment covers its {len(todo)} group sessions")
    return out


def _assign(catalog: Catalog, todo: list[Key], options: dict, chosen: dict) -> bool:
    if not todo:
        return True
    key, rest = todo[0], todo[1:]
    for tid in options[key]:
        chosen[key] = tid
        if not over_capacity(catalog, chosen) and _assign(catalog, rest, options, chosen):
            return True
        del chosen[key]
    return False


def reported_sessions(plan, catalog: Catalog, people: Mapping, start: dt.date) -> list[tuple[str, str]]:
    """(rule, problem) for sessions that mix sites, lack a trainer who may teach them, or
    overload a trainer."""
    out, taught = [], {}
    for s in plan.sessions:
        where = ONLINE_VENUE if s.online else (s.site or "")
        sites = {people[p].site for p in s.participants if p in people}
        if not s.online and sites != {where}:
            out.append(("sites", f"{s.module_id} week {s.week} at {where or '-'} seats agents of "
                                 f"{', '.join(sorted(x or '-' for x in sites))}"))
        if not catalog.trainers:
            continue
        key = (s.module_id, where, s.week)
        problem = "no trainer" if s.trainer is None else can_teach(catalog, s.trainer, key, start)
        if problem:
            out.append(("trainer", f"{s.module_id} week {s.week} at {where or '-'}: {problem}"))
        else:
            taught[key] = s.trainer
    return out + [("trainer", text) for text in over_capacity(catalog, taught)]
