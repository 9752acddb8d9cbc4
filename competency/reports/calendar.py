"""Plan sessions as an iCalendar file (RFC 5545) for Outlook, Google Calendar and the like.

The plan fixes the week of a module; ``timing.py`` gives it a day and a time from the
slot of its mode, in the catalog's time zone (a VTIMEZONE is included). For the cohort, one
event per group session: the site as LOCATION, the trainer as ORGANIZER, the participants
as ATTENDEEs (mailto: their profile e-mail when they have one). For one agent, their
sessions (same UIDs and times as in the cohort file, so both can be imported) plus their
individual modules, marked free/busy "transparent" because they are self-paced.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from ..model.catalog import Catalog
from ..model.profile import AgentProfile
from ..planner.plan.schema import Plan
from .names import mode_name, module_title
from .reasons import site_name, trainer_name
from .timing import Timing, plan_timings

_MANDATORY = {"en": "mandatory", "zh": "强制"}
_WEEK = {"en": "plan week", "zh": "计划周次"}
_TRAINER = {"en": "trainer", "zh": "讲师"}
_COLON = {"en": ": ", "zh": "："}
_HOURS = {"en": "h", "zh": "小时"}
_WORKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def plan_to_ics(plan: Plan, catalog: Catalog, lang: str = "en", agent_id: str | None = None,
                mail_domain: str | None = None, profiles: dict[str, AgentProfile] | None = None) -> bytes:
    names = {a.agent_id: a.name or a.agent_id for a in plan.agents}
    emails = {aid: p.email for aid, p in (profiles or {}).items() if p.email}
    cal = Calendar()
    cal.add("prodid", "-//competency//training plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{plan.catalog or 'training'} {plan.start_date.isoformat()}"
            + (f" {agent_id}" if agent_id else ""))
    cal.add("x-wr-timezone", catalog.info.timezone)
    # Only the transitions of the plan's months: a short VTIMEZONE every client reads.
    cal.add_component(Timezone.from_tzid(catalog.info.timezone, first_date=plan.start_date - dt.timedelta(days=7),
                                         last_date=plan.week_start(plan.weeks + 2)))
    prefix = f"{plan.catalog or 'plan'}-{plan.start_date:%Y%m%d}"
    session_times, booking_times = plan_timings(plan, catalog)
    counts: dict[tuple[str, int], int] = {}
    for index in sorted(range(len(plan.sessions)), key=lambda i: (plan.sessions[i].week, plan.sessions[i].module_id,
                                                                  plan.sessions[i].participants)):
        session = plan.sessions[index]
        key = (session.module_id, session.week)
        counts[key] = counts.get(key, 0) + 1
        if agent_id is not None and agent_id not in session.participants:
            continue
        timing = session_times[index]
        where = site_name(catalog, session.site, session.online, lang)
        teacher = trainer_name(catalog, session.trainer, lang)
        event = _event(catalog, lang, session.module_id, session.week, timing, plan.start_date,
                       f"{prefix}-{session.module_id}-w{session.week}-{counts[key]}@competency",
                       who=", ".join(names.get(p, p) for p in session.participants),
                       extra=[where, f"{_TRAINER[lang]}{_COLON[lang]}{teacher}" if teacher else ""])
        if where:
            event.add("location", _text(where))
        trainer = catalog.trainers.get(session.trainer) if session.trainer else None
        event.add("organizer", _organizer(f"trainer:{session.trainer}", teacher or session.trainer,
                                          trainer.email if trainer else None) if session.trainer
                  else _catalog_organizer(catalog, lang), encode=0)
        for participant in session.participants:
            event.add("attendee", _attendee(participant, names.get(participant, participant),
                                            emails.get(participant), mail_domain), encode=0)
        cal.add_component(event)
    if agent_id is not None:
        agent = plan.agent(agent_id)
        for planned in sorted(agent.modules, key=lambda m: (m.week, m.module_id)):
            timing = booking_times.get((agent_id, planned.module_id, planned.week))
            if timing is None:
                continue  # in a group session above
            event = _event(catalog, lang, planned.module_id, planned.week, timing, plan.start_date,
                           f"{prefix}-{agent_id}-{planned.module_id}-w{planned.week}@competency",
                           mandatory=planned.mandatory)
            event.add("transp", "TRANSPARENT")
            # A mentor organises their mentee's hours; other self-paced modules come from L&D.
            event.add("organizer", _organizer(f"agent:{planned.mentor}", names.get(planned.mentor, planned.mentor),
                                              emails.get(planned.mentor)) if planned.mentor
                      else _catalog_organizer(catalog, lang), encode=0)
            event.add("attendee", _attendee(agent_id, names[agent_id], emails.get(agent_id), mail_domain), encode=0)
            cal.add_component(event)
    return cal.to_ical()


def _event(catalog: Catalog, lang: str, module_id: str, week: int, timing: Timing, stamp: dt.date, uid: str,
           mandatory: bool = False, who: str = "", extra: list[str] | None = None) -> Event:
    event = Event()
    event.add("uid", uid)
    # DTSTAMP must be present; the plan's own date keeps the file identical run to run.
    event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), tzinfo=dt.timezone.utc))
    event.add("dtstart", timing.start)
    event.add("dtend", timing.start + dt.timedelta(hours=timing.hours))
    if timing.days > 1:  # a long module goes on at the same time on the next (working) days
        rule = {"freq": "daily", "count": timing.days}
        event.add("rrule", rule if timing.weekend else {**rule, "byday": _WORKDAYS})
    title = module_title(catalog, module_id, lang)
    event.add("summary", f"{title} ({_MANDATORY[lang]})" if mandatory else title)
    mode = mode_name(catalog, module_id, lang) or module_id
    event.add("categories", [mode])
    hours = timing.hours * timing.days
    event.add("description", " · ".join(filter(None, [mode, f"{hours:g} {_HOURS[lang]}", f"{_WEEK[lang]} {week}",
                                                        *(extra or []), who])))
    event.add("x-competency-week", str(week))
    event.add("x-competency-hours", f"{hours:g}")
    return event


def _text(value: str) -> str:
    # Control characters (line breaks included) have no place in a one-line property.
    return " ".join("".join(ch if ch >= " " and ch != "\x7f" else " " for ch in value).split())


def _param(value: str) -> vText:
    # A parameter value (CN=...) may not hold quotes or control characters (RFC 5545 3.2).
    return vText(_text(value).replace('"', ""))


def _address(email: str | None, urn: str) -> str:
    """mailto: with the e-mail percent-encoded (no catalog or profile text can add a
    parameter or a property), else a URN naming the person."""
    if not email:
        return urn
    local, _, domain = email.rpartition("@")
    return f"mailto:{quote(local, safe='.+-_~!$&*=^`{|}')}@{quote(domain, safe='.-')}"


def _organizer(who: str, name: str, email: str | None) -> vCalAddress:
    kind, _, person = who.partition(":")
    address = vCalAddress(_address(email, f"urn:competency:{kind}:{quote(person, safe='._-')}"))
    address.params["cn"] = _param(name or person)
    return address


def _catalog_organizer(catalog: Catalog, lang: str) -> vCalAddress:
    # RFC 5545 wants an ORGANIZER wherever there are ATTENDEEs; without a trainer or mentor
    # the training department that owns the catalog organises.
    address = vCalAddress(f"urn:competency:catalog:{quote(catalog.info.id, safe='._-')}")
    address.params["cn"] = _param(catalog.info.name.get(lang))
    return address


def _attendee(agent_id: str, name: str, email: str | None, mail_domain: str | None) -> vCalAddress:
    # The profile's e-mail first, then AGENT_ID@--mail-domain, else a URN naming the agent.
    fallback = (f"mailto:{quote(agent_id, safe='.-_')}@{mail_domain}" if mail_domain
                else f"urn:competency:agent:{quote(agent_id, safe='._-')}")
    address = vCalAddress(_address(email, fallback))
    address.params["cn"] = _param(name)
    address.params["role"] = vText("REQ-PARTICIPANT")
    address.params["cutype"] = vText("INDIVIDUAL")
    return address
