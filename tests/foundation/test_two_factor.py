"""Two-step sign-in (RFC 6238 codes, recovery codes): required for admin, secretariat and committee members,
offered to everyone; the password alone never opens a session for an account that has it."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.auth.models import RecoveryCode, User
from portal.extensions import db
from tests.twofactor import code_for

PASSWORD = "correct horse battery staple"


def _password(client, email, lang="en"):
    return client.post(("/fr/connexion" if lang == "fr" else "/en/login"), data={"email": email, "password": PASSWORD})


def _signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def _secret_on_page(html: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def _enrol_through_the_pages(client, lang="en"):
    page = client.get("/fr/compte/deux-etapes" if lang == "fr" else "/en/account/two-step")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html  # the QR code, drawn on the server
    secret = _secret_on_page(html)
    wrong = client.post(("/fr/compte/deux-etapes" if lang == "fr" else "/en/account/two-step"), data={"code": "000000"})
    assert wrong.status_code == 422
    done = client.post(("/fr/compte/deux-etapes" if lang == "fr" else "/en/account/two-step"), data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code></li>", done.get_data(as_text=True))
    return secret, codes


def test_a_secretariat_member_sets_it_up_at_the_first_sign_in(app, make):
    user = make.user("secretariat", password=PASSWORD, two_factor=False)
    client = app.test_client()
    r = _password(client, user.email)
    assert r.status_code == 303 and urlsplit(r.location).path == "/en/account/two-step"
    assert not _signed_in(client)  # the password alone opens no session
    secret, codes = _enrol_through_the_pages(client)
    assert _signed_in(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.expire_all()
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and all(h.startswith("$argon2id$") for h in stored)
    assert not any(c.replace("-", "") in h for h in stored for c in codes)
    assert db.session.get(User, user.id).totp_secret == secret
    # From now on: password, then a code.
    other = app.test_client()
    r = _password(other, user.email)
    assert urlsplit(r.location).path == "/en/login/code" and not _signed_in(other)
    assert other.post("/en/login/code", data={"code": code_for(user.email)}).status_code == 303
    assert _signed_in(other)


def test_a_code_works_once(app, make):
    user = make.user("committee_member", password=PASSWORD)
    first = app.test_client()
    _password(first, user.email)
    code = code_for(user.email)
    assert first.post("/en/login/code", data={"code": code}).status_code == 303
    second = app.test_client()
    _password(second, user.email)
    r = second.post("/en/login/code", data={"code": code})  # seen over a shoulder, replayed at once
    assert r.status_code == 422 and "used already" in r.get_data(as_text=True)
    assert not _signed_in(second)


def test_a_recovery_code_works_once_and_too_many_wrong_codes_start_over(app, make):
    user = make.user("ngo_member", password=PASSWORD)
    client = app.test_client()
    _password(client, user.email)
    _secret, codes = _enrol_through_the_pages(client)  # offered to everyone, from the account page
    client.post("/en/logout")
    _password(client, user.email)
    assert client.post("/en/login/code", data={"code": codes[0].upper()}).status_code == 303
    assert _signed_in(client)
    client.post("/en/logout")
    _password(client, user.email)
    assert client.post("/en/login/code", data={"code": codes[0]}).status_code == 422
    answers = [client.post("/en/login/code", data={"code": "123456"}) for _ in range(4)]
    assert answers[-1].status_code == 303 and urlsplit(answers[-1].location).path == "/en/login"
    assert client.post("/en/login/code", data={"code": code_for(user.email)}).status_code == 303
    assert not _signed_in(client)  # the password step must be done again
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == user.id)).all()
    assert "account.second_factor_enabled" in actions and "account.recovery_code_used" in actions


def test_an_open_session_without_it_reaches_nothing_else(app, make, login_as):
    user = make.user("admin", two_factor=False)  # e.g. a session opened before it was required
    client = login_as(user, app.test_client())
    for path in ("/en/", "/en/admin/users", "/fr/compte", "/api/v1/health"):
        r = client.get(path)
        assert r.status_code == 303 and urlsplit(r.location).path in ("/en/account/two-step", "/fr/compte/deux-etapes"), path
    assert client.get("/en/account/two-step").status_code == 200
    assert client.post("/en/logout").status_code == 303


def test_the_admin_resets_someone_s_second_factor(app, make, login_as):
    admin = make.user("admin")
    target = make.user("secretariat", password=PASSWORD)
    target_client = app.test_client()
    _password(target_client, target.email)
    target_client.post("/en/login/code", data={"code": code_for(target.email)})
    assert _signed_in(target_client)
    c = login_as(admin, app.test_client())
    assert "Reset two-step sign-in" in c.get(f"/en/admin/users/{target.id}").get_data(as_text=True)
    assert c.post(f"/en/admin/users/{target.id}/second-factor/reset").status_code == 303
    assert not _signed_in(target_client)  # their sessions ended
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.second_factor_reset"))
    assert entry.actor_user_id == admin.id and entry.object_id == target.id
    r = _password(app.test_client(), target.email)
    assert urlsplit(r.location).path == "/en/account/two-step"  # sets it up again


def test_required_roles_cannot_turn_it_off_others_can(app, make, login_as):
    staff = login_as(make.user("secretariat"), app.test_client())
    staff.post("/en/account/two-step/off")
    assert "cannot be turned off" in staff.get("/en/account").get_data(as_text=True)
    member = make.user("ngo_member", two_factor=True)
    c = login_as(member, app.test_client())
    assert c.post("/en/account/two-step/off").status_code == 303
    db.session.expire_all()
    assert db.session.get(User, member.id).totp_enabled_at is None
