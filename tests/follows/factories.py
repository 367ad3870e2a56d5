"""Follows factories: they call the services (and the job's own functions), so rules and audit run too."""
from __future__ import annotations

from portal.extensions import db


class Mixin:
    def follow(self, user, key: str):
        from portal.follows import services

        row = services.follow(user, key)
        db.session.commit()
        return row

    def follows_job(self, now=None) -> int:
        """What the scheduler's follows.events job does, committed."""
        from portal.follows import jobs

        count = jobs.events(now)
        db.session.commit()
        return count
