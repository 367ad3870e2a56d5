"""Role x route rules of the follows feature (see tests/access.py)."""
from __future__ import annotations

from portal.extensions import db

from ..access import ANYONE, EVERYONE, SIGNED_IN, Rule


def rules(ctx):
    from portal.follows import services
    from portal.follows.models import Notification
    from portal.follows.services.tokens import unsubscribe_token

    make = ctx.make
    reader = ctx.users["ngo_member"]
    plan = make.plan("FOLLOW-PLAN")
    make.follow(reader, f"plan:{plan.id}")
    services.set_rhythm(reader, "never")
    make.commitment(plan, "1.1", ctx.orgs["department_lead"])
    make.follows_job()
    note = db.session.query(Notification).filter_by(user_id=reader.id).first()
    token = unsubscribe_token(reader.id)
    db.session.commit()  # end the read transaction before the clients write
    return [
        Rule("follows.activity", EVERYONE),
        Rule("follows.activity_feed", EVERYONE),
        Rule("follows.plan_feed", EVERYONE, args={"code": plan.code}),
        Rule("follows.consultations_feed", EVERYONE),
        Rule("follows.province_feed", EVERYONE, args={"code": "ON"}),
        Rule("follows.public_calendar", EVERYONE),
        Rule("follows.private_calendar", set(), args={"token": "not-a-real-token"},
             note="404 for a wrong or revoked token, whoever asks"),
        Rule("follows.notifications", SIGNED_IN),
        Rule("follows.mark_read", {"ngo_member"}, method="POST", args={"notification_id": note.id},
             note="only its owner; 404 for anyone else"),
        Rule("follows.mark_all_read", SIGNED_IN, method="POST"),
        Rule("follows.follow", SIGNED_IN, method="POST"),
        Rule("follows.unfollow", SIGNED_IN, method="POST"),
        Rule("follows.settings", SIGNED_IN),
        Rule("follows.settings", SIGNED_IN, method="POST"),
        Rule("follows.follow_organisation", SIGNED_IN, method="POST"),
        Rule("follows.calendar_address", SIGNED_IN, method="POST"),
        Rule("follows.revoke_calendar", SIGNED_IN, method="POST"),
        Rule("follows.unsubscribe", EVERYONE, args={"token": token}, note="the signed token is the proof"),
        Rule("follows.unsubscribe", ANYONE, method="POST", args={"token": token}),
    ]
