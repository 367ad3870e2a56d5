"""Atom feeds and iCalendar files. Public ones need no account; the private calendar is reached through
its revocable address (a wrong or revoked token gets 404, never someone else's dates)."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, request, url_for
from sqlalchemy import select

from ...auth.models import JURISDICTIONS, User, jurisdiction_name
from ...extensions import db
from ...i18n import _, localized
from .. import calendars, feeds, queries
from ..access import target_ref
from ..blueprint import bp
from ..models import FollowSettings
from ..services.tokens import hash_token
from .pages import change_filters

ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"


def _atom(title: str, items, page_url: str) -> Response:
    return Response(feeds.render(title, items, page_url), mimetype=ATOM)


@bp.get("/activity.atom")
def activity_feed():
    filters = change_filters(request.args)
    return _atom(_("What changed in Concerto"), queries.public_changes(filters),
                 url_for("follows.activity", _external=True, **request.args))


@bp.get("/feeds/plans/<code>.atom")
def plan_feed(code: str):
    from ...commitments.models import Plan

    plan = db.session.scalar(select(Plan).where(Plan.code == code))
    if plan is None or target_ref(None, f"plan:{plan.id}") is None:
        abort(404)
    items = queries.public_changes(queries.ChangeFilters(plan=plan.id))
    return _atom(_("Changes to %(title)s", title=localized(plan, "title")), items,
                 url_for("commitments.plan", code=plan.code, _external=True))


@bp.get("/feeds/consultations.atom")
def consultations_feed():
    items = queries.public_changes(queries.ChangeFilters(), keys=["consultation:all"])
    return _atom(_("Consultations in Concerto"), items, url_for("consultations.index", _external=True))


@bp.get("/feeds/provinces/<code>.atom")
def province_feed(code: str):
    code = code.upper()
    if code not in JURISDICTIONS:
        abort(404)
    items = queries.public_changes(queries.ChangeFilters(province=code))
    return _atom(_("Changes in %(name)s", name=jurisdiction_name(code)), items,
                 url_for("coalitions.province", code=code, _external=True))


def _host() -> str:
    return request.host.split(":")[0]


@bp.get("/calendar.ics")
def public_calendar():
    body = calendars.render(calendars.public_entries(_host()), _("Concerto: consultations and roundtables"))
    return Response(body, mimetype=ICS)


@bp.get("/calendar/<token>.ics")
def private_calendar(token: str):
    settings = db.session.scalar(select(FollowSettings).where(FollowSettings.calendar_token_hash == hash_token(token)))
    user = db.session.get(User, settings.user_id) if settings is not None else None
    if user is None or not user.active:
        abort(404)
    entries = calendars.private_entries(user, _host(), date.today())
    resp = Response(calendars.render(entries, _("Concerto: my due dates")), mimetype=ICS)
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["Referrer-Policy"] = "no-referrer"
    return resp
