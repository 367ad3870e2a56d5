"""The account page lists the person's sessions (when each started and was last used, which one is this one;
no address or browser is kept) and ends the others, all at once or one by one; audited."""
from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import func, inspect, select

from portal.audit import AuditEntry
from portal.auth.models import UserSession
from portal.extensions import db

from ..twofactor import sign_in

PASSWORD = "correct horse battery staple"


def _signed_in(client, lang="en") -> bool:
    return client.get(url_for("auth.account", lang=lang)).status_code == 200


def _clients(app, user, n):
    clients = []
    for _ in range(n):
        c = app.test_client()
        assert sign_in(c, user.email, PASSWORD).status_code == 303
        clients.append(c)
    return clients


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("lang,words", [("en", ("Where you are signed in", "This session", "Sign out other sessions")),
                                        ("fr", ("Vos sessions ouvertes", "Cette session",
                                                "Déconnecter les autres sessions"))])
def test_the_account_page_lists_the_sessions_and_names_this_one(app, make, lang, words):
    user = make.user("ngo_member", password=PASSWORD)
    me, _other, _third = _clients(app, user, 3)
    html = _plain(me.get(url_for("auth.account", lang=lang)).get_data(as_text=True))
    for word in words:
        assert word in html
    assert html.count(url_for("auth.end_one_session", session_id=1, lang=lang).rsplit("/", 2)[0]) >= 3


def test_sessions_keep_no_address_or_browser(app):
    columns = {c["name"] for c in inspect(db.engine).get_columns("user_sessions")}
    assert columns == {"id", "token_hash", "user_id", "created_at", "last_seen_at"}


def test_sign_out_other_sessions_keeps_this_one(app, make):
    user = make.user("ngo_member", password=PASSWORD)
    me, other, third = _clients(app, user, 3)
    r = me.post(url_for("auth.end_other_sessions", lang="en"))
    assert r.status_code == 303
    assert _signed_in(me) and not _signed_in(other) and not _signed_in(third)
    assert db.session.scalar(select(func.count(UserSession.id))) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.other_sessions_ended"))


def test_one_session_can_be_ended(app, make):
    user = make.user("ngo_member", password=PASSWORD)
    me, other, third = _clients(app, user, 3)
    target = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()[1]
    r = me.post(url_for("auth.end_one_session", session_id=target.id, lang="fr"))
    assert r.status_code == 303
    assert _signed_in(me) and not _signed_in(other) and _signed_in(third)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.session_ended"))


def test_nobody_ends_someone_elses_session(app, make):
    owner, stranger = make.user("ngo_member", password=PASSWORD), make.user("ngo_member", password=PASSWORD)
    (victim,) = _clients(app, owner, 1)
    (attacker,) = _clients(app, stranger, 1)
    target = db.session.scalar(select(UserSession).where(UserSession.user_id == owner.id))
    assert attacker.post(url_for("auth.end_one_session", session_id=target.id, lang="en")).status_code == 404
    assert _signed_in(victim)


def test_ending_this_session_signs_out(app, make):
    user = make.user("ngo_member", password=PASSWORD)
    (me,) = _clients(app, user, 1)
    mine = db.session.scalar(select(UserSession))
    r = me.post(url_for("auth.end_one_session", session_id=mine.id, lang="en"))
    assert r.status_code == 303 and not _signed_in(me)


def test_csrf_is_required(app, make):
    user = make.user("ngo_member", password=PASSWORD)
    me, other = _clients(app, user, 2)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert me.post(url_for("auth.end_other_sessions", lang="en")).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _signed_in(other)
