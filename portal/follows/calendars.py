"""iCalendar files: the public calendar (consultations' closing dates, roundtables) and a person's private
one (their reporting cycles' due dates and protocol reviews), built with `icalendar`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import url_for
from icalendar import Calendar
from icalendar import Event as VEvent
from sqlalchemy import select

from ..db import utcnow
from ..extensions import db
from ..i18n import _, localized
from ..links import resolve
from ..permissions import can, can_some, may_see


@dataclass
class CalendarEntry:
    uid: str
    start: date | datetime
    summary: str
    url: str
    description: str = ""


def _visible(user: Any, object_type: str, object_id: int) -> bool:
    ref = resolve(object_type, object_id)
    return ref is not None and may_see(user, ref.visibility, ref.owner_org_ids)


def public_entries(host: str) -> list[CalendarEntry]:
    from ..consultations.models import Consultation, Roundtable

    out = []
    for c in db.session.scalars(select(Consultation).where(Consultation.closes_at.is_not(None))):
        if not _visible(None, "consultation", c.id):
            continue
        out.append(CalendarEntry(f"consultation-{c.id}-closes@{host}", c.closes_at,
                                 _("Consultation closes: %(title)s", title=localized(c, "title")),
                                 url_for("consultations.view", slug=c.slug, _external=True)))
    for r in db.session.scalars(select(Roundtable).where(Roundtable.held_on.is_not(None))):
        if not _visible(None, "roundtable", r.id):
            continue
        out.append(CalendarEntry(f"roundtable-{r.id}@{host}", r.held_on,
                                 _("Roundtable: %(title)s", title=localized(r, "title")),
                                 url_for("consultations.roundtable", rt_id=r.id, _external=True), r.city or ""))
    return out


def private_entries(user: Any, host: str, today: date) -> list[CalendarEntry]:
    """The person's reporting cycles (if they report or manage them) and protocols they look after."""
    from ..coalitions.queries import due_protocols
    from ..commitments.models import ReportingCycle

    out = []
    if can_some(user, "update.submit") or can(user, "cycle.manage"):
        for cy in db.session.scalars(select(ReportingCycle).where(ReportingCycle.status == "open")):
            if _visible(user, "reporting_cycle", cy.id):
                out.append(CalendarEntry(f"cycle-{cy.id}-due@{host}", cy.due_date,
                                         _("Progress reports due: %(name)s", name=cy.name),
                                         url_for("commitments.plan", code=cy.plan.code, _external=True)))
    for due in due_protocols(user, today=today, days=366):
        protocol = due.protocol
        if not can(user, "directory.edit", protocol):
            continue
        summary = _("Protocol review: %(title)s", title=protocol.title) if due.reason == "review" else \
            _("Protocol expires: %(title)s", title=protocol.title)
        out.append(CalendarEntry(f"protocol-{protocol.id}-{due.reason}@{host}", due.when, summary,
                                 url_for("coalitions.protocol", protocol_id=protocol.id, _external=True)))
    return out


def render(entries: list[CalendarEntry], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Concerto//follows//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = utcnow()
    for e in sorted(entries, key=lambda e: (str(e.start), e.uid)):
        ev = VEvent()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.start)
        if not isinstance(e.start, datetime):
            ev.add("dtend", e.start + timedelta(days=1))
        ev.add("summary", e.summary)
        ev.add("url", e.url)
        if e.description:
            ev.add("description", e.description)
        cal.add_component(ev)
    return cal.to_ical()
