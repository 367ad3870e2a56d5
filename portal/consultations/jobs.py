"""Scheduled work: notices (opening; closing in 3 days) and retention. States follow from dates, so no job
opens or closes anything. Each notice is claimed once (portal.jobs.claim), so reruns send nothing twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from ..auth.models import User
from ..db import utcnow
from ..extensions import db
from ..jobs import claim, job
from ..mail import queue_mail
from . import services
from .models import DRAFT, WITHDRAWN, Consultation, Roundtable, Submission

log = logging.getLogger(__name__)


def audience_users(c: Consultation) -> list[User]:
    users = [u for u in db.session.scalars(select(User)) if u.active]
    if c.audience == "committee":
        return [u for u in users if "committee_member" in u.roles or "secretariat" in u.roles]
    if c.audience == "invited":
        invited = {o.id for o in c.invited_orgs}
        return [u for u in users if u.organisation_id in invited or "secretariat" in u.roles]
    return users


@job("consultations.notices", "interval", minutes=30, description="Consultation opening and closing notices")
def send_notices(now=None) -> int:
    now = now or utcnow()
    sent = 0
    for c in db.session.scalars(select(Consultation).where(Consultation.opens_at.is_not(None))):
        if c.closes_at is None:
            continue
        notices = []
        if c.opens_at <= now < c.closes_at and now - c.opens_at < timedelta(days=2):
            notices.append("opening")
        if now < c.closes_at <= now + timedelta(days=3):
            notices.append("closing")
        for kind in notices:
            if not claim(f"consultation:{c.id}:{kind}"):
                continue
            with current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"]):
                for user in audience_users(c):  # links from url_for need the portal's own address
                    queue_mail(user.email, f"consultations/{kind}", user.preferred_lang, consultation=c,
                               user=user)
                    sent += 1
    return sent


def _anonymise(s: Submission, now) -> bool:
    """What the privacy notice promises for one submission. False when the row was deleted instead."""
    services.erase_traces(s)   # no copy left in free pages, the write-ahead log or the index
    for att in list(s.attachments):
        s.attachments.remove(att)  # its stored file goes with it
    if s.status in (DRAFT, WITHDRAWN):
        db.session.delete(s)
        return False
    s.user_id, s.receipt_hash, s.token_hash = None, None, None
    if s.consent in ("do_not_publish", "secretariat_only") or s.moderation != "published":
        s.body = ""
        for a in s.answers:
            a.text = ""
        for t in s.tags:
            t.excerpt = ""
        s.redactions.clear()
    s.anonymised_at = now
    return True


@job("consultations.retention", "cron", hour=3, minute=15, description="Consultation input retention")
def apply_retention(now=None) -> int:
    """Once the retention period after closing has passed: consultations (and their roundtables) by their
    closing time; roundtables outside any consultation by their date, once they no longer take input."""
    now = now or utcnow()
    done = 0
    for c in db.session.scalars(select(Consultation).where(Consultation.retention_done_at.is_(None),
                                                           Consultation.closes_at.is_not(None))):
        if c.closes_at + timedelta(days=c.retention_days) > now:
            continue
        rt_ids = select(Roundtable.id).where(Roundtable.consultation_id == c.id)
        for s in list(db.session.scalars(select(Submission).where(
                or_(Submission.consultation_id == c.id, Submission.roundtable_id.in_(rt_ids))))):
            done += _anonymise(s, now)
        c.retention_done_at = now
        log.info("retention applied to consultation %s", c.id)
    days = int(current_app.config.get("CONSULTATION_RETENTION_DAYS", 730))
    for rt in db.session.scalars(select(Roundtable).where(Roundtable.consultation_id.is_(None),
                                                          Roundtable.submissions_open.is_(False),
                                                          Roundtable.held_on.is_not(None))):
        if rt.held_on + timedelta(days=days) > now.date():
            continue
        for s in list(db.session.scalars(select(Submission).where(Submission.roundtable_id == rt.id,
                                                                  Submission.anonymised_at.is_(None)))):
            done += _anonymise(s, now)
    return done
