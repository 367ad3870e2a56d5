"""Scheduled work: notices (opening; closing in 3 days) and retention. States follow from dates, so no job
opens or closes anything. Each notice is claimed once (portal.jobs.claim), so reruns send nothing twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from ..auth.models import User
from ..db import utcnow
from ..extensions import db
from ..jobs import claim, job
from ..mail import queue_mail
from . import files
from .models import DRAFT, SUBMITTED, WITHDRAWN, Consultation, Submission

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
            for user in audience_users(c):
                queue_mail(user.email, f"consultations/{kind}", user.preferred_lang or "fr", consultation=c,
                           user=user)
                sent += 1
    return sent


@job("consultations.retention", "cron", hour=3, minute=15, description="Consultation input retention")
def apply_retention(now=None) -> int:
    """What the privacy notice promises, once the retention period after closing has passed."""
    now = now or utcnow()
    done = 0
    for c in db.session.scalars(select(Consultation).where(Consultation.retention_done_at.is_(None),
                                                           Consultation.closes_at.is_not(None))):
        if c.closes_at + timedelta(days=c.retention_days) > now:
            continue
        from .queries import consultation_inputs

        all_subs = list(db.session.scalars(select(Submission).where(Submission.consultation_id == c.id)))
        all_subs += [s for s in consultation_inputs(c) if s.consultation_id != c.id]
        for s in all_subs:
            for att in list(s.attachments):
                files.remove(att.stored_name)
                s.attachments.remove(att)
            if s.status in (DRAFT, WITHDRAWN):
                db.session.delete(s)
                continue
            s.user_id, s.receipt_hash, s.token_hash = None, None, None
            if s.consent in ("do_not_publish", "secretariat_only") or s.moderation != "published":
                s.body = ""
                for a in s.answers:
                    a.text = ""
                for t in s.tags:
                    t.excerpt = ""
                s.redactions.clear()
            s.anonymised_at = now
            done += 1
        c.retention_done_at = now
        log.info("retention applied to consultation %s: %s submissions anonymised", c.id, done)
    return done
