"""Commitments factories: they call the services, so rules, history, audit and roll-up run in tests too."""
from __future__ import annotations

import itertools
from datetime import date

from portal.extensions import db

_seq = itertools.count(1)

PILLARS_2012 = [("prevention", "Prévention", "Prevention"), ("protection", "Protection", "Protection"),
                ("prosecution", "Poursuites", "Prosecution"), ("partnerships", "Partenariats", "Partnerships")]


class Mixin:
    def plan(self, code: str | None = None, status: str = "active", **kw):
        from portal.commitments import services

        plan = services.create_plan(code or f"PLAN-{next(_seq)}", kw.pop("title_fr", "Plan d'action"),
                                    kw.pop("title_en", "Action plan"), period_start=kw.pop("period_start", date(2012, 4, 1)),
                                    period_end=kw.pop("period_end", date(2016, 3, 31)), pillars=kw.pop("pillars", PILLARS_2012))
        plan.status = status
        db.session.commit()
        return plan

    def commitment(self, plan, ref: str | None = None, lead=None, *, commit: bool = True, actor=None, **kw):
        from portal.commitments import services

        lead = lead or self.org()
        data = services.CommitmentInput(ref=ref or f"9.{next(_seq)}", title_fr=kw.pop("title_fr", "Engagement"),
                                        title_en=kw.pop("title_en", "Commitment"), lead=lead.short_name,
                                        pillar_key=kw.pop("pillar_key", "prevention"), **kw)
        c = services.create_commitment(plan, data, actor)
        if commit:
            db.session.commit()
        return c

    def progress_update(self, commitment, author, state: str = "draft", *, secretariat=None, **kw):
        from portal.commitments import services

        data = services.UpdateInput(as_of=kw.pop("as_of", date.today()), status=kw.pop("status", "on_track"),
                                    progress=str(kw.pop("progress", 40)), narrative_en=kw.pop("narrative_en", "Work done."),
                                    **kw)
        upd = services.create_update(commitment, data, author)
        if state in ("submitted", "published"):
            services.submit_update(upd, author)
        if state == "published":
            services.publish_update(upd, secretariat or author)
        db.session.commit()
        return upd
