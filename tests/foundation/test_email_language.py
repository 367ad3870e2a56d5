"""Email language: an account setting (French, English, or both when unknown) shown and changed on the account
page, set at the first sign-in when unknown, and used by every mail; every mail template is translated."""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from portal.auth.models import Invitation, User
from portal.extensions import db
from portal.mail import OutgoingMail

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"


def _invite(client, org, lang):
    return client.post("/en/admin/users/invite", data={"email": "new.person@example.test", "display_name": "New",
                                                        "organisation_id": org.id, "roles": ["ngo_member"],
                                                        "preferred_lang": lang})


def _invitation_mail():
    return db.session.scalar(select(OutgoingMail).where(OutgoingMail.to_address == "new.person@example.test"))


def test_a_french_invitee_gets_the_invitation_in_french_only(app, make, login_as):
    admin = login_as(make.user("admin"), app.test_client())
    assert _invite(admin, make.org("NGOF", "ngo"), "fr").status_code == 200
    mail = _invitation_mail()
    assert mail.subject == "Votre compte Concerto" and "English" not in mail.body_text
    assert "/fr/invitation/" in mail.body_text and "Bonjour" in mail.body_text and "Hello" not in mail.body_text


def test_an_invitee_of_unknown_language_gets_both_then_their_page_language_at_first_sign_in(app, make, login_as):
    admin = login_as(make.user("admin"), app.test_client())
    assert _invite(admin, make.org("NGOU", "ngo"), "").status_code == 200
    mail = _invitation_mail()
    assert "Votre compte Concerto" in mail.subject and "Your Concerto account" in mail.subject
    assert "[Français]" in mail.body_text and "[English]" in mail.body_text
    assert "Bonjour" in mail.body_text and "Hello" in mail.body_text
    user = db.session.scalar(select(User).where(User.email == "new.person@example.test"))
    assert user.preferred_lang is None
    shown = admin.get(f"/en/admin/users/{user.id}").get_data(as_text=True)
    assert re.search(r"Language for email</dt><dd>Both \(French and English\)</dd>", shown)
    # The person accepts the invitation on the English page: their mail is in English from now on.
    from portal.auth import services
    token = services.invite(user, actor=None)
    db.session.commit()
    visitor = app.test_client()
    assert visitor.get(f"/en/invitation/{token}").status_code == 200
    r = visitor.post(f"/en/invitation/{token}", data={"password": "a long enough passphrase",
                                                      "confirm": "a long enough passphrase"})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_lang == "en"
    assert db.session.scalar(select(Invitation).where(Invitation.user_id == user.id,
                                                      Invitation.used_at.is_not(None))) is not None


def test_the_account_page_shows_and_changes_the_email_language(app, make, login_as):
    user = make.user("ngo_member", lang="fr")
    client = login_as(user)
    page = client.get("/en/account").get_data(as_text=True)
    assert "Email language" in page and re.search(r"reach you in: (<span lang=\"fr\">)?Français", page)
    assert re.search(r'<input checked id="email_lang-0"[^>]*value="fr"', page)
    r = client.post("/en/account/email-language", data={"email_lang": ""})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_lang is None
    page = client.get("/fr/compte").get_data(as_text=True)
    assert "Langue des courriels" in page and "Les deux (français et anglais)" in page
    r = client.post("/en/account/email-language", data={"email_lang": "de"})
    assert r.status_code == 422 and "Choose French, English or both." in r.get_data(as_text=True)
    # The page shown again is named for what it is (its title), once, with the way back to the account.
    shown = r.get_data(as_text=True)
    assert re.search(r"<h1>\s*Email language\s*</h1>", shown) and shown.count(">Email language</h") == 1
    assert 'href="/en/account">Back to your account</a>' in shown
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_lang is None


def test_every_mail_template_is_translated_text_only():
    """Each template exists once for both languages: every sentence goes through _() (the French catalogue
    test then proves it is translated); the only bare words allowed are the portal's name."""
    bare = []
    for path in sorted(TEMPLATES.rglob("*.txt")):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        words = [w for w in re.findall(r"[A-Za-zÀ-ÿ]{2,}", text) if w != "Concerto"]
        if words:
            bare.append(f"{path.relative_to(TEMPLATES)}: {' '.join(words[:8])}")
    assert not bare, "untranslated text in mail templates:\n" + "\n".join(bare)
    assert len(list(TEMPLATES.rglob("*.txt"))) >= 10
