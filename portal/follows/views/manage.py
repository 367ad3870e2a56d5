"""Following, notifications read state, email rhythm, one-click unsubscribe, the private calendar address."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ...auth.models import Organisation, User
from ...extensions import csrf, db
from ...flow import render_form, safe_next, see_other, transaction
from ...i18n import _
from .. import queries, services
from ..access import get_notification_or_404, target_ref
from ..blueprint import bp
from ..forms import FollowForm, OrganisationFollowForm, RhythmForm
from ..models import FollowSettings
from ..services.following import rhythm_of
from ..services.tokens import user_id_from_unsubscribe_token


def _back(form) -> str:
    return safe_next(form.next.data) or url_for("follows.settings")


def _partial_or_back(form, key: str, message: str):
    if request.headers.get("HX-Request"):
        return render_template("follows/_button.html", follow_key=key, follow_next=form.next.data)
    return see_other(_back(form), message)


@bp.post("/follow")
@login_required
def follow():
    form = FollowForm()
    key = (form.key.data or "").strip()
    with transaction() as tx:
        services.follow(current_user, key)
    if not tx.ok:
        return see_other(_back(form))
    return _partial_or_back(form, key, _("You are following this. You will hear of its changes."))


@bp.post("/unfollow")
@login_required
def unfollow():
    form = FollowForm()
    key = (form.key.data or "").strip()
    with transaction():
        services.unfollow(current_user, key)
    return _partial_or_back(form, key, _("You no longer follow this."))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    n = get_notification_or_404(notification_id)
    with transaction():
        services.mark_read(n)
    return see_other(url_for("follows.notifications"))


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    with transaction():
        count = services.mark_all_read(current_user)
    return see_other(url_for("follows.notifications"), _("%(n)s notification(s) marked as read.", n=count))


def _organisation_choices():
    rows = db.session.scalars(select(Organisation).where(Organisation.active.is_(True))
                              .order_by(Organisation.short_name)).all()
    return [(o.id, f"{o.acronym} — {o.name}") for o in rows]


def _settings_page(rhythm_form, org_form, *, new_calendar_url: str | None = None, status: int | None = None):
    settings = db.session.get(FollowSettings, current_user.id)
    follows = [(f, target_ref(current_user, f.key)) for f in queries.follows_of(current_user)]
    return render_form("follows/settings.html", rhythm_form, status=status, org_form=org_form, follows=follows,
                       calendar_active=bool(settings and settings.calendar_token_hash),
                       new_calendar_url=new_calendar_url)


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = RhythmForm(data={"rhythm": rhythm_of(current_user.id)} if request.method == "GET" else None)
    org_form = OrganisationFollowForm(prefix="org")
    org_form.organisation.choices = _organisation_choices()
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.set_rhythm(current_user, form.to_input())
        if tx.ok:
            return see_other(url_for("follows.settings"), _("Your email settings are saved."))
    return _settings_page(form, org_form)


@bp.post("/account/notifications/organisation")
@login_required
def follow_organisation():
    org_form = OrganisationFollowForm(prefix="org")
    org_form.organisation.choices = _organisation_choices()
    if org_form.validate_on_submit():
        with transaction(org_form) as tx:
            services.follow(current_user, org_form.to_input())
        if tx.ok:
            return see_other(url_for("follows.settings"), _("You are following this organisation."))
    return _settings_page(RhythmForm(data={"rhythm": rhythm_of(current_user.id)}), org_form, status=422)


@bp.post("/account/notifications/calendar")
@login_required
def calendar_address():
    with transaction():
        token = services.new_calendar_token(current_user)
    url = url_for("follows.private_calendar", token=token, _external=True)
    flash(_("Your private calendar address is ready. Copy it now: it is shown only once."), "success")
    return _settings_page(RhythmForm(data={"rhythm": rhythm_of(current_user.id)}),
                          _org_form(), new_calendar_url=url)


def _org_form():
    form = OrganisationFollowForm(prefix="org", formdata=None)
    form.organisation.choices = _organisation_choices()
    return form


@bp.post("/account/notifications/calendar/revoke")
@login_required
def revoke_calendar():
    with transaction():
        services.revoke_calendar_token(current_user)
    return see_other(url_for("follows.settings"), _("Your private calendar address no longer works."))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail programs post here (RFC 8058 one-click); the signed token is the proof
def unsubscribe(token: str):
    user_id = user_id_from_unsubscribe_token(token)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
    if request.method == "POST":
        with transaction():
            services.unsubscribe(user.id)
        return render_template("follows/unsubscribed.html")
    return render_template("follows/unsubscribe.html", token=token)
