"""Email: right away for those who asked, else one digest a day or a week, never more than one a day.

Every message is in the person's language, carries a one-click unsubscribe link (`List-Unsubscribe` and
`List-Unsubscribe-Post`) and lists only what the person may still see when it is sent."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import format_date
from sqlalchemy import select

from ...auth.models import User
from ...db import utcnow
from ...extensions import db
from ...i18n import LANGS, LOCALES, force_locale
from ...jobs import claim
from ...mail import link_lang, mail_lang, marked, queue_mail
from ..access import event_ref
from ..models import FollowSettings, Notification, kind_label
from .tokens import unsubscribe_token

LOCAL = ZoneInfo("America/Toronto")


@dataclass
class MailItem:
    kind: str
    title: str
    url: str
    on: str


def _items(user: User, notes: list[Notification], lang: str) -> list[MailItem]:
    items = []
    for n in notes:
        ref = event_ref(user, n.event)
        if ref is None:  # no longer visible to this person: never mailed
            continue
        args = {k: v for k, v in ref.url_args.items() if not k.startswith("_")}
        url = url_for(ref.endpoint, lang=lang, _external=True, **args)
        items.append(MailItem(kind_label(n.event.kind), marked(ref.title), url,
                              format_date(n.event.on, "long") if n.event.on else ""))
    return items


def _in(user: User, notes: list[Notification], lang: str) -> dict:
    """The items and links of the mail, labelled and linked in `lang`."""
    base = current_app.config["SERVER_BASE_URL"]
    with current_app.test_request_context(f"/{lang}/", base_url=base), force_locale(LOCALES[lang]):
        return {"items": _items(user, notes, lang),
                "unsubscribe_url": url_for("follows.unsubscribe", token=unsubscribe_token(user.id), lang=lang,
                                           _external=True),
                "settings_url": url_for("follows.settings", lang=lang, _external=True)}


def _send(user: User, notes: list[Notification], template: str, now: datetime) -> bool:
    """In the person's mail language; in both (each half labelled and linked in its own) when unknown."""
    first = link_lang(user.preferred_lang)
    per_lang = {lang: _in(user, notes, lang) for lang in ((first,) if mail_lang(user.preferred_lang) else LANGS)}
    for n in notes:
        n.emailed_at = now
    if not per_lang[first]["items"]:
        return False
    unsubscribe = per_lang[first]["unsubscribe_url"]
    queue_mail(user.email, f"follows/{template}", user.preferred_lang, user=user, per_lang=per_lang,
               headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    return True


def _pending(rhythm: str) -> dict[User, list[Notification]]:
    """Active people with this rhythm and notifications not yet mailed (no settings row = weekly)."""
    stmt = (select(Notification, User).join(User, User.id == Notification.user_id)
            .outerjoin(FollowSettings, FollowSettings.user_id == User.id)
            .where(Notification.emailed_at.is_(None), User.active.is_(True))
            .order_by(Notification.user_id, Notification.created_at, Notification.id))
    if rhythm == "weekly":
        stmt = stmt.where((FollowSettings.rhythm == "weekly") | FollowSettings.user_id.is_(None))
    else:
        stmt = stmt.where(FollowSettings.rhythm == rhythm)
    out: dict[User, list[Notification]] = {}
    for note, user in db.session.execute(stmt):
        out.setdefault(user, []).append(note)
    return out


def send_immediate(now: datetime | None = None) -> int:
    """One message per person per run, with what happened since the last run."""
    now = now or utcnow()
    return sum(_send(user, notes, "notifications", now) for user, notes in _pending("immediately").items())


def _local_day(now: datetime) -> date:
    return now.astimezone(LOCAL).date()


def send_digests(now: datetime | None = None) -> int:
    """Daily digests every day, weekly ones on Mondays (Toronto time); one digest a day at most, whatever runs."""
    now = now or utcnow()
    day = _local_day(now)
    sent = 0
    for rhythm in ("daily", "weekly"):
        if rhythm == "weekly" and day.weekday() != 0:
            continue
        for user, notes in _pending(rhythm).items():
            if not claim(f"follows:digest:{user.id}:{day.isoformat()}"):
                continue
            if _send(user, notes, "digest", now):
                sent += 1
            settings = db.session.get(FollowSettings, user.id)
            if settings is not None:
                settings.last_digest_at = now
    db.session.flush()
    return sent
