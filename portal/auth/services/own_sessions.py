"""A person's own sessions, as the account page lists them: when each started and was last used, which one is
this one. No network address or browser string is kept (the portal stores none), so "this session" is the
only device named. Ending them: all but this one, or one."""
from __future__ import annotations

from flask import session
from sqlalchemy import delete, select

from ... import audit
from ...extensions import db
from ...i18n import _l
from ..models import User, UserSession, hash_token


def current_token_hash() -> str | None:
    token = session.get("sid")
    return hash_token(token) if token else None


def sessions_of(user: User) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                                   .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())))


def end_other_sessions(user: User) -> int:
    """End every session of the person but this one; how many ended."""
    mine = current_token_hash()
    ended = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                         UserSession.token_hash != (mine or ""))).rowcount
    audit.record("account.other_sessions_ended", user, actor=user, changes={"sessions": [ended, 0]})
    return ended


def end_one_session(user: User, row: UserSession) -> None:
    db.session.delete(row)
    audit.record("account.session_ended", user, actor=user, summary=_l("session %(id)s", id=str(row.id)))
