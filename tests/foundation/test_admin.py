"""Administration: invitations, roles, disabling, organisations, the audit log."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.auth.models import Invitation, Organisation, User
from portal.db import utcnow
from portal.extensions import db
from portal.mail import OutgoingMail

PASSWORD = "a long enough passphrase"


def _invite(client, org, email="new.person@example.test", roles=("ngo_member",), lang="fr"):
    return client.post("/en/admin/users/invite", data={"email": email, "display_name": "New Person",
                                                        "organisation_id": org.id, "roles": list(roles),
                                                        "preferred_lang": lang})


def _link(html: str) -> str:
    m = re.search(r"<code>(https?://[^<]+/invitation/[^<]+)</code>", html)
    assert m, "no invitation link shown"
    return urlsplit(m.group(1)).path


def test_invite_then_accept_then_signed_in(app, make, login_as):
    org = make.org("NGOX", "ngo")
    admin_client = login_as(make.user("admin"), app.test_client())
    r = _invite(admin_client, org)
    assert r.status_code == 200
    path = _link(r.get_data(as_text=True))
    assert path.startswith("/fr/invitation/")
    user = db.session.scalar(select(User).where(User.email == "new.person@example.test"))
    assert user.roles == {"ngo_member"} and user.organisation_id == org.id and user.password_hash is None

    # The invitation mail is in the outbox, in the language chosen for the person (both when unknown:
    # tests/foundation/test_email_language.py).
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.to_address == user.email))
    assert mail.subject == "Votre compte Concerto"
    assert "Bonjour" in mail.body_text and "Hello" not in mail.body_text
    assert path in mail.body_text

    invited = app.test_client()
    page = invited.get(path)
    assert page.status_code == 200 and "new.person@example.test" in page.get_data(as_text=True)
    r = invited.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 303
    assert invited.get("/fr/compte").status_code == 200
    # Single use: the link is dead now.
    assert app.test_client().get(path).status_code == 404
    assert invited.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 404
    # and the password works at the login form
    r = app.test_client().post("/fr/connexion", data={"email": user.email, "password": PASSWORD})
    assert r.status_code == 303


def test_invitation_keeps_values_and_refuses_weak_passwords(app, make, login_as):
    org = make.org("NGOY", "ngo")
    admin_client = login_as(make.user("admin"), app.test_client())
    path = _link(_invite(admin_client, org, email="weak@example.test", lang="en").get_data(as_text=True))
    r = app.test_client().post(path, data={"password": "password", "confirm": "password"})
    assert r.status_code == 422 and "at least 12 characters" in r.get_data(as_text=True)
    assert app.test_client().get(path).status_code == 200  # still usable


def test_invitation_expires_after_seven_days(app, make, login_as):
    org = make.org("NGOZ", "ngo")
    admin_client = login_as(make.user("admin"), app.test_client())
    path = _link(_invite(admin_client, org, email="late@example.test").get_data(as_text=True))
    inv = db.session.scalar(select(Invitation))
    assert timedelta(days=6, hours=23) < inv.expires_at - inv.created_at <= timedelta(days=7)
    inv.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_a_new_invitation_replaces_the_old_one(app, make, login_as):
    org = make.org("NGOW", "ngo")
    admin_client = login_as(make.user("admin"), app.test_client())
    first = _link(_invite(admin_client, org, email="again@example.test").get_data(as_text=True))
    user = db.session.scalar(select(User).where(User.email == "again@example.test"))
    second = _link(admin_client.post(f"/en/admin/users/{user.id}/invite").get_data(as_text=True))
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200


def test_invite_form_errors_keep_what_was_typed(app, make, login_as):
    org = make.org("NGOV", "ngo")
    existing = make.user("ngo_member", org=org)
    admin_client = login_as(make.user("admin"), app.test_client())
    r = _invite(admin_client, org, email=existing.email)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "already exists" in html and existing.email in html
    r = admin_client.post("/fr/admin/utilisateurs/inviter", data={"email": "x@example.test", "organisation_id": org.id,
                                                          "preferred_lang": "fr"})
    assert "Choisissez au moins un rôle" in r.get_data(as_text=True)
    assert 'value="x@example.test"' in r.get_data(as_text=True)


def test_change_roles(app, make, login_as):
    admin = make.user("admin")
    target = make.user("ngo_member")
    c = login_as(admin, app.test_client())
    r = c.post(f"/en/admin/users/{target.id}", data={"roles": ["ngo_member", "committee_member"]})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, target.id).roles == {"ngo_member", "committee_member"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.roles_changed"))
    assert entry.actor_user_id == admin.id and entry.changes["roles"][1] == ["committee_member", "ngo_member"]


def test_admin_cannot_lock_themselves_out(app, make, login_as):
    admin = make.user("admin")
    c = login_as(admin, app.test_client())
    r = c.post(f"/en/admin/users/{admin.id}", data={"roles": ["secretariat"]})
    assert r.status_code == 422 and "own administrator role" in r.get_data(as_text=True)
    r = c.post(f"/en/admin/users/{admin.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).active and db.session.get(User, admin.id).roles == {"admin"}


def test_disable_and_enable(app, make, login_as):
    admin = make.user("admin")
    target = make.user("ngo_member", password=PASSWORD)
    c = login_as(admin, app.test_client())
    assert c.post(f"/en/admin/users/{target.id}/active", data={"active": "0"}).status_code == 303
    db.session.expire_all()
    assert not db.session.get(User, target.id).active
    assert "Disabled" in c.get("/en/admin/users").get_data(as_text=True)
    assert app.test_client().post("/en/login", data={"email": target.email, "password": PASSWORD}).status_code == 422
    c.post(f"/en/admin/users/{target.id}/active", data={"active": "1"})
    assert app.test_client().post("/en/login", data={"email": target.email, "password": PASSWORD}).status_code == 303


def test_audit_log_screen_shows_entries(app, make, login_as):
    admin = make.user("admin")
    target = make.user("ngo_member")
    c = login_as(admin, app.test_client())
    c.post(f"/en/admin/users/{target.id}", data={"roles": ["committee_member"]})
    html = c.get("/fr/admin/journal").get_data(as_text=True)
    assert "user.roles_changed" in html and admin.email in html and "Journal d'audit" in html
    html = c.get("/en/admin/audit?action=user.roles").get_data(as_text=True)
    assert "user.roles_changed" in html and "user.created" not in html
    # secretariat reads it too
    assert login_as(make.user("secretariat"), app.test_client()).get("/en/admin/audit").status_code == 200


def test_audit_log_is_append_only(make):
    make.user("admin")
    entry = db.session.scalar(select(AuditEntry))
    entry.summary = "tampered"
    try:
        db.session.flush()
    except PermissionError:
        db.session.rollback()
    else:
        raise AssertionError("an audit entry was changed")


def test_add_and_edit_an_organisation(app, make, login_as):
    admin = make.user("admin")
    c = login_as(admin, app.test_client())
    data = {"short_name": "SPVM", "name_fr": "Service de police de la Ville de Montréal",
            "name_en": "Montreal Police Service", "org_type": "police", "jurisdiction_code": "QC", "website": ""}
    assert c.post("/en/admin/organisations", data=data).status_code == 303
    org = Organisation.by_short_name("SPVM")
    assert org.org_type == "police" and org.jurisdiction_code == "QC"
    # duplicate short name refused, values kept
    r = c.post("/fr/admin/organisations", data=data)
    assert r.status_code == 422 and "déjà utilisé" in r.get_data(as_text=True)
    # a province or territory government needs its code
    r = c.post("/en/admin/organisations", data={**data, "short_name": "GOVX", "org_type": "jurisdiction",
                                                 "jurisdiction_code": ""})
    assert "Choose the province or territory" in r.get_data(as_text=True)
    # edit
    page = c.get(f"/fr/admin/organisations/{org.id}")
    assert page.status_code == 200 and "Service de police de la Ville de Montréal" in page.get_data(as_text=True)
    r = c.post(f"/en/admin/organisations/{org.id}", data={**data, "website": "https://spvm.qc.ca", "active": ""})
    assert r.status_code == 303
    db.session.expire_all()
    org = db.session.get(Organisation, org.id)
    assert org.website == "https://spvm.qc.ca" and org.active is False
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organisation.updated"))
    assert set(entry.changes) == {"website", "active"}
    # an inactive organisation is not offered for new invitations
    assert "SPVM" not in c.get("/en/admin/users/invite").get_data(as_text=True)
    r = c.post(f"/en/admin/organisations/{org.id}", data={**data, "website": "not a url", "active": "y"})
    assert r.status_code == 422 and "starts with http:// or https://" in r.get_data(as_text=True)
