"""Plan sessions as an iCalendar file (RFC 5545) for Outlook, Google Calendar and the like.

The plan fixes the week of a module, not the day or hour, so every event is an all-day
event starting on the first day of its plan week and lasting one day per 8 training hours;
trainers move it to the real slot. For the cohort, one event per group session. For one
agent, their sessions (same UIDs as in the cohort file, so both can be imported) plus
their individual modules, marked free/busy "transparent" because they are self-paced.
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import quote

from icalendar import Calendar, Event, vCalAddress, vText

from ..model.catalog import Catalog
from ..planner.plan.schema import Plan
from .cohort import session_hours
from .names import mode_name, module_title
from .reasons import site_name, trainer_name

HOURS_PER_DAY = 8
_MANDATORY = {"en": "mandatory", "zh": "强制"}
_WEEK = {"en": "plan week", "zh": "计划周次"}
_TRAINER = {"en": "trainer", "zh": "讲师"}
_COLON = {"en": ": ", "zh": "："}
_HOURS = {"en": "h", "zh": "小时"}


def plan_to_ics(plan: Plan, catalog: Catalog, lang: str = "en", agent_id: str | None = None,
                mail_domain: str | None = None) -> bytes:
    names = {a.agent_id: a.name or a.agent_id for a in plan.agents}
    cal = Calendar()
    cal.add("prodid", "-//competency//training plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{plan.catalog or 'training'} {plan.start_date.isoformat()}"
            + (f" {agent_id}" if agent_id else ""))
    prefix = f"{plan.catalog or 'plan'}-{plan.start_date:%Y%m%d}"
    in_session: set[tuple[str, str, int]] = set()
    counts: dict[tuple[str, int], int] = {}
    for session in sorted(plan.sessions, key=lambda s: (s.week, s.module_id, s.participants)):
        key = (session.module_id, session.week)
        counts[key] = counts.get(key, 0) + 1
        in_session |= {(p, session.module_id, session.week) for p in session.participants}
        if agent_id is not None and agent_id not in session.participants:
            continue
        hours = session_hours(plan, catalog, session.module_id, session.participants) or 1.0
        where = site_name(catalog, session.site, session.online, lang)
        teacher = trainer_name(catalog, session.trainer, lang)
        event = _event(plan, catalog, lang, session.module_id, session.week, hours,
                       f"{prefix}-{session.module_id}-w{session.week}-{counts[key]}@competency",
                       who=", ".join(names.get(p, p) for p in session.participants),
                       extra=[where, f"{_TRAINER[lang]}{_COLON[lang]}{teacher}" if teacher else ""])
        if where:
            event.add("location", _text(where))
        if session.trainer:
            event.add("organizer", _organizer(catalog, session.trainer, teacher), encode=0)
        for participant in session.participants:
            event.add("attendee", _attendee(participant, names.get(participant, participant), mail_domain),
                      encode=0)
        cal.add_component(event)
    if agent_id is not None:
        agent = plan.agent(agent_id)
        for planned in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
            if (agent_id, planned.module_id, planned.week) in in_session:
                continue
            event = _event(plan, catalog, lang, planned.module_id, planned.week, planned.hours,
                           f"{prefix}-{agent_id}-{planned.module_id}-w{planned.week}@competency",
                           mandatory=planned.mandatory)
            event.add("transp", "TRANSPARENT")
            event.add("attendee", _attendee(agent_id, names[agent_id], mail_domain), encode=0)
            cal.add_component(event)
    return cal.to_ical()


def _event(plan: Plan, catalog: Catalog, lang: str, module_id: str, week: int, hours: float, uid: str,
           mandatory: bool = False, who: str = "", extra: list[str] | None = None) -> Event:
    start = plan.week_start(week)
    event = Event()
    event.add("uid", uid)
    # DTSTAMP must be present; the plan's own date keeps the file identical run to run.
    event.add("dtstamp", dt.datetime.combine(plan.start_date, dt.time(), tzinfo=dt.timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(days=max(1, math.ceil(hours / HOURS_PER_DAY))))
    title = module_title(catalog, module_id, lang)
    event.add("summary", f"{title} ({_MANDATORY[lang]})" if mandatory else title)
    mode = mode_name(catalog, module_id, lang) or module_id
    event.add("categories", [mode])
    event.add("description", " · ".join(filter(None, [mode, f"{hours:g} {_HOURS[lang]}", f"{_WEEK[lang]} {week}", *(extra or []),
                                                        who])))
    event.add("x-competency-week", str(week))
    event.add("x-competency-hours", f"{hours:g}")
    return event


def _text(value: str) -> str:
    # Control characters (line breaks included) have no place in a one-line property.
    return " ".join("".join(ch if ch >= " " and ch != "\x7f" else " " for ch in value).split())


def _param(value: str) -> vText:
    # A parameter value (CN=...) may not hold quotes or control characters (RFC 5545 3.2).
    return vText(_text(value).replace('"', ""))


def _organizer(catalog: Catalog, trainer_id: str, name: str) -> vCalAddress:
    """The session's trainer: mailto: with the catalog e-mail (percent-encoded), else a URN."""
    trainer = catalog.trainers.get(trainer_id)
    email = trainer.email if trainer is not None else None
    if email:
        local, _, domain = email.rpartition("@")
        uri = f"mailto:{quote(local, safe='.+-_~!$&*=^`{|}')}@{quote(domain, safe='.-')}"
    else:
        uri = f"urn:competency:trainer:{quote(trainer_id, safe='._-')}"
    address = vCalAddress(uri)
    address.params["cn"] = _param(name or trainer_id)
    return address


def _attendee(agent_id: str, name: str, mail_domain: str | None) -> vCalAddress:
    # Profiles hold no e-mail addresses; without a mail domain the agent id is a URN.
    uri = f"mailto:{agent_id}@{mail_domain}" if mail_domain else f"urn:competency:agent:{agent_id}"
    address = vCalAddress(uri)
    address.params["cn"] = _param(name)
    address.params["role"] = vText("REQ-PARTICIPANT")
    address.params["cutype"] = vText("INDIVIDUAL")
    return address
