"""Scheduled work: reporting-cycle reminders and escalation, overdue alerts.

Each reminder is claimed (`claim(key)`) before it is queued, so a rerun on the same day, or the day
after a missed run, never sends it twice. Mail goes out in each recipient's preferred language."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..jobs import claim, job
from .models import Commitment, Plan, ReportingCycle
from .queries import cycle_completion, overdue_clause
from .services.notify import mail, org_leads, secretariat_users

REMIND_DAYS_BEFORE = 7


def _today() -> date:
    return datetime.now(ZoneInfo("America/Toronto")).date()


@job("commitments.cycle_reminders", "cron", hour=7, minute=15,
     description="Reporting cycles: reminders before and on the due date, escalation of what is overdue")
def cycle_reminders(today: date | None = None) -> dict:
    today = today or _today()
    sent = defaultdict(int)
    for cycle in db.session.scalars(select(ReportingCycle).where(ReportingCycle.status == "open")):
        if today < cycle.due_date - timedelta(days=REMIND_DAYS_BEFORE):
            continue
        stage = "before" if today < cycle.due_date else "due"
        late = []
        for row in cycle_completion(cycle):
            if not row.missing:
                continue
            org = row.organisation
            late.append(row)
            # "due" is claimed once: on the due date, or on the first run after it if that one was missed.
            if claim(f"commitments:cycle:{cycle.id}:org:{org.id}:{stage}"):
                for user in org_leads(org.id):
                    mail(user.email, f"commitments/cycle_{stage}", user.preferred_lang, cycle=cycle, plan=cycle.plan,
                         organisation=org, missing=row.missing, user=user, today=today)
                    sent[stage] += 1
        if today > cycle.due_date and late and claim(f"commitments:cycle:{cycle.id}:escalation"):
            for user in secretariat_users():
                mail(user.email, "commitments/cycle_escalation", user.preferred_lang, cycle=cycle, plan=cycle.plan,
                     rows=late, user=user)
                sent["escalation"] += 1
    return dict(sent)


@job("commitments.overdue_alerts", "cron", day_of_week="mon", hour=7, minute=30,
     description="Tell lead organisations about commitments that have just become overdue")
def overdue_alerts(today: date | None = None) -> dict:
    today = today or _today()
    by_org: dict[int, list[Commitment]] = defaultdict(list)
    for plan in db.session.scalars(select(Plan).where(Plan.status == "active")):
        for c in db.session.scalars(select(Commitment).where(Commitment.plan_id == plan.id, overdue_clause(plan, today))
                                    .options(selectinload(Commitment.lead_organisation))
                                    .order_by(Commitment.sort_key)):
            # One alert per commitment and due date: a new due date may be alerted again.
            if claim(f"commitments:overdue:{c.id}:{c.due_date.isoformat()}"):
                by_org[c.lead_organisation_id].append(c)
    sent = 0
    for org_id, items in by_org.items():
        for user in org_leads(org_id):
            mail(user.email, "commitments/overdue", user.preferred_lang, items=items, user=user,
                 organisation=items[0].lead_organisation)
            sent += 1
    return {"commitments": sum(len(v) for v in by_org.values()), "mails": sent}
