"""The "what changed" page, the notifications list, and the template helpers (header count, follow button)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from ...auth.models import JURISDICTIONS, jurisdiction_name
from ...guards import parse_int
from ...i18n import _
from ..access import target_ref
from ..blueprint import bp
from ..models import KINDS, kind_label
from ..models.event import PERSONAL_KINDS

PUBLIC_KINDS = {k: v for k, v in KINDS.items() if k not in PERSONAL_KINDS}
from .. import queries


@bp.app_context_processor
def follows_helpers():
    def unread():
        if not current_user.is_authenticated:
            return 0
        return queries.unread_count(current_user)

    def is_following(key: str) -> bool:
        return key in queries.follow_keys(current_user)

    def follow_label(key: str) -> str:
        """A follow without a page of its own: a province or territory, an organisation, all consultations."""
        from ...auth.models import Organisation
        from ...extensions import db

        kind, _sep, ident = key.partition(":")
        if kind == "province":
            return _("Province or territory: %(name)s", name=jurisdiction_name(ident) if ident in JURISDICTIONS
                     else _("national"))
        if kind == "organisation" and parse_int(ident) is not None:
            org = db.session.get(Organisation, parse_int(ident))
            return _("Organisation: %(name)s", name=org.name if org else "—")
        if key == "consultation:all":
            return _("All consultations")
        return _("Something you may no longer see")

    return {"follows_unread": unread, "is_following": is_following, "follow_label": follow_label,
            "public_feeds": public_feeds}


ATOM, ICALENDAR = "application/atom+xml", "text/calendar"


def public_feeds(key: str) -> list[tuple[str, str, str]]:
    """The public feeds and calendars of what a follow key points at, as (type, title, address): a page
    advertises them in its head (<link rel="alternate">) and shows them (follows/_feeds.html). A draft plan
    has none (its feed is refused to visitors)."""
    kind, _sep, ident = key.partition(":")
    if kind == "plan":
        ref = target_ref(None, key)
        return [(ATOM, _("Atom feed of this plan's changes"), url_for("follows.plan_feed", code=ref.url_args["code"]))] \
            if ref is not None else []
    if key == "consultation:all":
        return [(ATOM, _("Atom feed of consultations"), url_for("follows.consultations_feed")),
                (ICALENDAR, _("Calendar of consultations and roundtables (iCalendar)"),
                 url_for("follows.public_calendar"))]
    if kind == "province" and ident in JURISDICTIONS:
        return [(ATOM, _("Atom feed of changes in %(name)s", name=jurisdiction_name(ident)),
                 url_for("follows.province_feed", code=ident))]
    return []


@bp.app_template_filter("follows_kind")
def follows_kind(kind: str) -> str:
    return kind_label(kind)


def _plans():
    from ...commitments.queries import visible_plans

    return [p for p in visible_plans(None)]


def change_filters(args) -> queries.ChangeFilters:
    plan = args.get("plan", "")
    province = args.get("province", "").upper()
    kind = args.get("kind", "")
    return queries.ChangeFilters(plan=parse_int(plan),
                                 province=province if province in JURISDICTIONS else None,
                                 kind=kind if kind in PUBLIC_KINDS else None)


def _week_arg(args) -> date:
    try:
        return date.fromisoformat(args.get("week", ""))
    except ValueError:
        return date.today()


@bp.get("/activity")
def activity():
    filters = change_filters(request.args)
    last_week = min(_week_arg(request.args), date.today())
    weeks = queries.changes_by_week(filters, last_week)
    older = queries.monday(last_week) - timedelta(days=7 * queries.WEEKS_PER_PAGE)
    newer = queries.monday(last_week) + timedelta(days=7 * queries.WEEKS_PER_PAGE)
    return render_template("follows/activity.html", weeks=weeks, filters=filters, plans=_plans(),
                           provinces=[(c, jurisdiction_name(c)) for c in JURISDICTIONS], kinds=PUBLIC_KINDS,
                           older=older, newer=newer if newer <= date.today() + timedelta(days=6) else None,
                           title=_("What changed"))


@bp.get("/notifications")
@login_required
def notifications():
    return render_template("follows/notifications.html", rows=queries.notifications_for(current_user),
                           unread=queries.unread_count(current_user))
