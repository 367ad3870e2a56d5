""""Forgot your password?": the same answer whatever the address, a single-use link valid one hour mailed in
the person's language, only its hash stored, every session ended by the reset, the second factor still asked,
limited per address and per client."""
from __future__ import annotations

import re
import statistics
import time
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select, update

from portal.audit import AuditEntry
from portal.auth.models import PasswordReset, UserSession
from portal.db import utcnow
from portal.extensions import db, limiter
from portal.mail import OutgoingMail

from ..twofactor import sign_in

PASSWORD = "correct horse battery staple"
NEW = "lantern orbit maple quietly"
LINK = re.compile(r"(https?://\S+?)/(?:en|fr)/(?:reset-password|nouveau-mot-de-passe)/([A-Za-z0-9_\-]+)")


def _mails(to=None):
    stmt = select(OutgoingMail).order_by(OutgoingMail.id)
    if to:
        stmt = stmt.where(OutgoingMail.to_address == to)
    return db.session.scalars(stmt).all()


def _ask(client, email, lang="en", **kw):
    return client.post(url_for("auth.forgot_password", lang=lang), data={"email": email}, **kw)


def _link(mail) -> tuple[str, str]:
    m = LINK.search(mail.body_text)
    assert m, mail.body_text
    return m.group(0), m.group(2)


def _path(link: str) -> str:
    return link[link.index("/", link.index("//") + 2):]


@pytest.mark.parametrize("lang,label", [("en", "Forgot your password?"), ("fr", "Mot de passe oublié ?")])
def test_the_sign_in_page_offers_the_link(client, lang, label):
    html = client.get(url_for("auth.login", lang=lang)).get_data(as_text=True)
    assert label in html.replace("\u202f", " ").replace("\u00a0", " ")
    assert url_for("auth.forgot_password", lang=lang) in html
    assert client.get(url_for("auth.forgot_password", lang=lang)).status_code == 200


def test_the_same_answer_whether_or_not_the_address_has_an_account(client, make):
    user = make.user("ngo_member", password=PASSWORD, lang="en")
    known = _ask(client, user.email)
    page_known = client.get(known.location).get_data(as_text=True)
    unknown = _ask(client, "nobody@example.test")
    page_unknown = client.get(unknown.location).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 303 and known.location == unknown.location
    assert page_known == page_unknown and "If an account uses this address" in page_known
    assert [m.to_address for m in _mails()] == [user.email]


@pytest.mark.parametrize("lang,subject", [("en", "Choose a new Concerto password"),
                                          ("fr", "Choisir un nouveau mot de passe Concerto")])
def test_the_link_is_mailed_in_the_persons_language_and_only_its_hash_is_kept(client, make, lang, subject):
    user = make.user("ngo_member", password=PASSWORD, lang=lang)
    _ask(client, user.email, "fr" if lang == "en" else "en")  # the page's language does not matter
    (mail,) = _mails(user.email)
    link, token = _link(mail)
    assert mail.subject == subject and f"/{lang}/" in link
    rows = db.session.execute(select(PasswordReset.__table__)).all()
    assert len(rows) == 1 and all(token not in str(value) for value in rows[0])
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.password_reset_requested"))
    assert entry is not None and token not in str(entry.summary) + str(entry.changes)


def test_the_link_points_at_the_portal_whatever_host_the_request_named(app, client, make):
    user = make.user("ngo_member", password=PASSWORD, lang="en")
    _ask(client, user.email, headers={"Host": "evil.example"})
    link, _token = _link(_mails(user.email)[0])
    assert link.startswith(app.config["PORTAL_BASE_URL"] + "/") and "evil.example" not in link


def test_a_reset_ends_every_session_spends_every_link_and_still_asks_the_second_factor(app, client, make, login_as):
    user = make.user("secretariat", password=PASSWORD, lang="en")  # two-step sign-in on
    elsewhere = login_as(user, app.test_client())
    _ask(client, user.email)
    _ask(client, user.email)
    (first, second) = [_path(_link(m)[0]) for m in _mails(user.email)]
    assert client.get(first).status_code == 200
    weak = client.post(first, data={"password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"})
    assert weak.status_code == 422 and "too easy to guess" in weak.get_data(as_text=True)
    r = client.post(first, data={"password": NEW, "confirm": NEW})
    assert r.status_code == 303 and r.location.endswith(url_for("auth.login", lang="en"))
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == user.id)) is None
    assert elsewhere.get("/en/account").status_code in (302, 303)
    assert client.get(first).status_code == 404 and client.get(second).status_code == 404
    r = client.post(url_for("auth.login", lang="en"), data={"email": user.email, "password": NEW})
    assert r.status_code == 303 and r.location.endswith(url_for("auth.login_code", lang="en"))
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.password_reset")) is not None
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 422  # the old password is gone


def test_a_link_works_for_one_hour(client, make):
    user = make.user("ngo_member", password=PASSWORD, lang="fr")
    _ask(client, user.email, "fr")
    path = _path(_link(_mails(user.email)[0])[0])
    assert client.get(path).status_code == 200
    db.session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.post(path, data={"password": NEW, "confirm": NEW}).status_code == 404


def test_one_address_gets_at_most_three_links_an_hour(client, make):
    user = make.user("ngo_member", password=PASSWORD)
    answers = {_ask(client, user.email).status_code for _ in range(6)}
    assert answers == {303} and len(_mails(user.email)) == 3


def test_one_client_is_rate_limited(app, make):
    app.config["PASSWORD_RESET_RATE_LIMIT"] = "2 per minute"
    try:
        c = app.test_client()
        codes = [_ask(c, f"someone{i}@example.test", "fr").status_code for i in range(3)]
        assert codes == [303, 303, 429]
        assert "Trop" in _ask(c, "other@example.test", "fr").get_data(as_text=True)
    finally:
        app.config["PASSWORD_RESET_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()


def test_a_bad_address_is_refused_and_kept(client):
    r = _ask(client, "not an address", "fr")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and 'value="not an address"' in html


def test_asking_takes_the_same_time_whether_or_not_the_address_has_an_account(client, make):
    user = make.user("ngo_member", password=PASSWORD)

    def timed(email):
        start = time.perf_counter()
        _ask(client, email)
        return time.perf_counter() - start

    known, unknown = [], []
    for i in range(6):  # interleaved, so both see the same machine load; past the 3 links an hour too
        known.append(timed(user.email))
        unknown.append(timed(f"nobody{i}@example.test"))
    known_t, unknown_t = statistics.median(known), statistics.median(unknown)
    assert abs(known_t - unknown_t) < 0.05 + 0.25 * max(known_t, unknown_t), (known_t, unknown_t)


def test_once_sent_the_outbox_keeps_no_usable_link(app, client, make):
    """The outbox is a table every backup holds: a reset or invitation link is kept only until it is sent."""
    from portal.mail import send_pending

    user = make.user("ngo_member", password=PASSWORD, lang="en")
    _ask(client, user.email)
    mail = _mails(user.email)[-1]
    link, token = _link(mail)
    assert send_pending()[0] >= 1
    db.session.expire_all()
    sent = db.session.get(OutgoingMail, mail.id)
    assert sent.sent_at is not None and token not in sent.body_text and "reset" not in sent.body_text
    assert client.get(_path(link)).status_code == 200          # the person's own copy still works
