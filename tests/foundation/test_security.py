"""Security baseline: headers, CSRF on every POST, no open redirect, sessions that really end, sign-in delays,
rate limit, size limit, error pages, password policy, autoescape."""
from __future__ import annotations

import re
import statistics
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select

from portal.auth import services
from portal.auth.models import Organisation, User, UserSession
from portal.auth.passwords import password_problems
from portal.db import utcnow
from portal.extensions import db, limiter
from tests.twofactor import sign_in

PASSWORD = "correct horse battery staple"


def _login(client, email, password=PASSWORD, lang="en", **kw):
    """The sign-in form, then the code step for an account with two-step sign-in (tests/twofactor.py)."""
    return sign_in(client, email, password, lang, **kw)


def _signed_in(client) -> bool:
    r = client.get("/en/account")
    return r.status_code == 200


# --- headers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/en/", "/fr/confidentialite", "/en/login", "/fr/nope", "/api/v1/health",
                                  "/static/css/portal.css", "/"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    r.close()
    csp = r.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    assert "Strict-Transport-Security" not in r.headers  # development


def test_hsts_in_production(app, client):
    app.config["HSTS"] = True
    try:
        r = client.get("/en/")
    finally:
        app.config["HSTS"] = False
    assert r.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_config_is_strict(monkeypatch, tmp_path):
    from portal.config import ConfigError, load_config

    monkeypatch.setenv("CONCERTO_ENV", "production")
    monkeypatch.setenv("CONCERTO_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        load_config()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    cfg = load_config()
    assert cfg["SESSION_COOKIE_SECURE"] and cfg["REMEMBER_COOKIE_SECURE"] and cfg["HSTS"]
    assert cfg["SESSION_COOKIE_HTTPONLY"] and cfg["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    from portal.config import load_config

    monkeypatch.setenv("CONCERTO_ENV", "development")
    monkeypatch.setenv("CONCERTO_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config()["SECRET_KEY"]
    assert len(first) >= 40 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert load_config()["SECRET_KEY"] == first


def test_session_cookie_flags(client, make):
    user = make.user("secretariat", password=PASSWORD)
    r = _login(client, user.email)
    cookie = next(h for h in r.headers.getlist("Set-Cookie") if h.startswith("concerto_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --- CSRF ----------------------------------------------------------------------------------------

def _dummy(converter) -> object:
    from werkzeug.routing import IntegerConverter

    name = type(converter).__name__
    if isinstance(converter, IntegerConverter):     # IntegerConverter and the bounded IdConverter
        return 1
    if name == "AnyConverter":
        return sorted(converter.items)[0] if hasattr(converter, "items") else "en"
    return "x"


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


# One-click unsubscribe (RFC 8058): mail programs POST without a CSRF token; the signed token in the address
# is the proof, and all it can do is turn email off.
SIGNED_TOKEN_POSTS = {"follows.unsubscribe"}


def test_every_post_route_refuses_a_request_without_csrf_token(app, make, login_as):
    admin = make.user("admin", password=PASSWORD)
    client = login_as(admin, app.test_client())
    before = _row_counts()
    app.config["WTF_CSRF_ENABLED"] = True
    failures, checked = [], 0
    try:
        for rule in app.url_map.iter_rules():
            if "POST" not in (rule.methods or ()):
                continue
            if (rule.defaults or {}).get("lang") == "fr":
                continue  # the French addresses reach the same views as the English ones
            values = {arg: _dummy(conv) for arg, conv in rule._converters.items()}
            if "lang" in rule.arguments:
                values["lang"] = "en"
            with app.test_request_context():
                url = url_for(rule.endpoint, **values)
            r = client.post(url, data={"email": admin.email, "password": PASSWORD, "title_en": "x"})
            checked += 1
            if rule.endpoint in SIGNED_TOKEN_POSTS:
                if r.status_code != 404:  # the dummy token is no proof
                    failures.append(f"{rule.endpoint} {url}: {r.status_code} for a bad token")
                continue
            if r.status_code != 400:
                failures.append(f"{rule.endpoint} {url}: {r.status_code}")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert checked >= 8
    assert not failures, "POST routes that accept a request without a CSRF token:\n" + "\n".join(failures)
    db.session.expire_all()
    assert _row_counts() == before


def test_csrf_failure_page_is_translated(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/fr/connexion", data={"email": "a@b.c", "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert r.status_code == 400
    assert "formulaire a expiré" in r.get_data(as_text=True)


def test_a_form_with_its_token_passes(app, client, make):
    user = make.user("ngo_member", password=PASSWORD)  # one form: no second step
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        html = client.get("/en/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        r = _login(client, user.email, csrf_token=token)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert r.status_code == 303


# --- open redirects ------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example", " //evil.example", "/\t/evil.example",
                                    "\t//evil.example"])
def test_next_never_leaves_the_site(client, make, target):
    user = make.user("secretariat", password=PASSWORD)
    r = _login(client, user.email, next=target)
    assert r.status_code == 303
    parts = urlsplit(r.location)
    assert not parts.netloc and not parts.scheme, r.location
    assert r.location.startswith("/") and not r.location.startswith(("//", "/\\"))
    # and the login form does not carry it in its hidden field either
    client.post("/en/logout")
    html = client.get("/en/login", query_string={"next": target}).get_data(as_text=True)
    hidden = re.search(r'<input id="next" name="next" type="hidden" value="([^"]*)"', html)
    assert hidden and hidden.group(1) == ""


def test_next_to_a_local_page_is_followed(client, make):
    user = make.user("secretariat", password=PASSWORD)
    r = _login(client, user.email, next="/en/privacy?x=1")
    assert r.location == "/en/privacy?x=1"


def test_a_protected_page_sends_visitors_to_login_and_back(client, make):
    user = make.user("admin", password=PASSWORD)
    r = client.get("/fr/admin/utilisateurs?q=ps")
    assert r.status_code == 302 and urlsplit(r.location).path == "/fr/connexion"
    assert "Veuillez vous connecter" in client.get(r.location).get_data(as_text=True)
    nxt = re.search(r"next=([^&]+)", r.location).group(1)
    r = _login(client, user.email, lang="fr", next=__import__("urllib.parse").parse.unquote(nxt))
    assert r.location == "/fr/admin/utilisateurs?q=ps"


# --- sessions end on the server -----------------------------------------------------------------

def _session_cookie(client) -> str:
    return client.get_cookie("concerto_session").value


def test_cookie_copied_before_logout_no_longer_works(app, client, make):
    user = make.user("secretariat", password=PASSWORD)
    assert _login(client, user.email).status_code == 303
    copied = _session_cookie(client)
    assert client.post("/en/logout").status_code == 303
    thief = app.test_client()
    thief.set_cookie("concerto_session", copied)
    r = thief.get("/en/account")
    assert r.status_code == 302 and "/login" in r.location
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_password_change_ends_the_other_sessions(app, make):
    user = make.user("secretariat", password=PASSWORD)
    here, elsewhere = app.test_client(), app.test_client()
    _login(here, user.email)
    _login(elsewhere, user.email)
    assert _signed_in(here) and _signed_in(elsewhere)
    new = "a new passphrase for the test"
    r = here.post("/en/account", data={"current": PASSWORD, "password": new, "confirm": new})
    assert r.status_code == 303
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    assert _login(app.test_client(), user.email, new).status_code == 303


def test_wrong_current_password_changes_nothing(client, make):
    user = make.user("secretariat", password=PASSWORD)
    _login(client, user.email)
    new = "a new passphrase for the test"
    r = client.post("/en/account", data={"current": "not it at all!!", "password": new, "confirm": new})
    assert r.status_code == 422 and "current password is not right" in r.get_data(as_text=True)
    assert _signed_in(client)


def test_disabling_an_account_ends_its_sessions(app, make, login_as):
    admin = make.user("admin")
    user = make.user("ngo_member", password=PASSWORD)
    theirs = app.test_client()
    _login(theirs, user.email)
    assert _signed_in(theirs)
    r = login_as(admin, app.test_client()).post(f"/en/admin/users/{user.id}/active", data={"active": "0"})
    assert r.status_code == 303
    assert not _signed_in(theirs)
    assert _login(app.test_client(), user.email).status_code == 422  # cannot sign in again


def test_idle_timeout_ends_the_session(app, client, make):
    user = make.user("secretariat", password=PASSWORD)
    _login(client, user.email)
    assert _signed_in(client)
    copied = _session_cookie(client)
    minutes = app.config["IDLE_TIMEOUT_MINUTES"]
    db.session.execute(UserSession.__table__.update().values(last_seen_at=utcnow() - timedelta(minutes=minutes + 1)))
    db.session.commit()
    r = client.get("/fr/compte")
    assert r.status_code == 302 and "/fr/connexion" in r.location
    html = client.get(r.location).get_data(as_text=True)
    assert "inactivité" in html
    again = app.test_client()
    again.set_cookie("concerto_session", copied)
    assert not _signed_in(again)


def test_activity_keeps_the_session_alive(app, client, make):
    user = make.user("secretariat", password=PASSWORD)
    _login(client, user.email)
    minutes = app.config["IDLE_TIMEOUT_MINUTES"]
    db.session.execute(UserSession.__table__.update().values(last_seen_at=utcnow() - timedelta(minutes=minutes - 2)))
    db.session.commit()
    assert _signed_in(client)
    db.session.commit()  # the test shares the request's session: end its read transaction
    seen = db.session.scalar(select(UserSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)


def test_a_form_sent_after_a_quiet_minute_is_saved(app, client, make):
    """Sending a form also marks the session as seen; on SQLite that must not wait on the request's own lock."""
    user = make.user("secretariat", password=PASSWORD)
    _login(client, user.email)
    db.session.execute(UserSession.__table__.update().values(last_seen_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    new = "a new passphrase for the test"
    started = time.monotonic()
    r = client.post("/en/account", data={"current": PASSWORD, "password": new, "confirm": new})
    assert r.status_code == 303 and time.monotonic() - started < 5
    assert _login(app.test_client(), user.email, new).status_code == 303


# --- sign-in delays and rate limit --------------------------------------------------------------------

def _answer(r) -> str:
    html = r.get_data(as_text=True)
    html = re.sub(r'name="csrf_token"[^>]*>', "", html)
    return re.sub(r'value="[^"]*@[^"]*"', 'value=""', html)


def test_repeated_failures_get_one_answer_whether_or_not_the_account_exists(app, client, make):
    """Wrong passwords, then the delay: the same answers for a real account and an unknown address
    (growing delays per account and client are tested in tests/auth/test_throttle.py)."""
    user = make.user("secretariat", password=PASSWORD)
    n = app.config["LOGIN_THROTTLE_AFTER"]
    wrong = [_login(client, user.email, "wrong password here") for _ in range(n)]
    unknown = [_login(client, "nobody@example.test", "wrong password here") for _ in range(n)]
    assert len({_answer(r) for r in wrong + unknown}) == 1
    waiting = _login(client, user.email)  # right password, but this client must wait
    waiting_unknown = _login(client, "nobody@example.test", "wrong password here")
    same = re.compile(r"Try again in [0-9]+ seconds")
    assert same.sub("", _answer(waiting)) == same.sub("", _answer(waiting_unknown))
    assert same.search(_answer(waiting))
    assert {r.status_code for r in wrong + unknown + [waiting, waiting_unknown]} == {422}
    assert not _signed_in(client)


def test_unknown_accounts_cost_a_password_check_too(app, client, make, monkeypatch):
    """The same argon2 work whether or not the account exists (a dummy hash is verified)."""
    from portal.auth import passwords

    user = make.user("secretariat", password=PASSWORD)
    calls = []
    real = passwords._hasher

    class Counting:
        def verify(self, stored, password):
            calls.append(stored)
            return real.verify(stored, password)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(passwords, "_hasher", Counting())
    _login(client, user.email, "wrong password here")
    _login(client, "nobody@example.test", "wrong password here")
    assert len(calls) == 2 and calls[1] == passwords._DUMMY_HASH


def test_failure_timing_does_not_tell_whether_the_account_exists(app, client, make):
    user = make.user("secretariat", password=PASSWORD)
    app.config["LOGIN_THROTTLE_AFTER"] = 1000
    try:
        def timed(email):
            start = time.perf_counter()
            _login(client, email, "wrong password here")
            return time.perf_counter() - start

        timed(user.email)
        known, unknown = [], []
        for _ in range(7):  # interleaved, so both see the same machine load
            known.append(timed(user.email))
            unknown.append(timed("nobody@example.test"))
        known_t, unknown_t = statistics.median(known), statistics.median(unknown)
    finally:
        app.config["LOGIN_THROTTLE_AFTER"] = 5
    assert abs(known_t - unknown_t) < 0.05 + 0.25 * max(known_t, unknown_t), (known_t, unknown_t)


def test_login_rate_limit_answers_429_in_both_languages(app, make):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        c = app.test_client()
        env = {"REMOTE_ADDR": "198.51.100.9"}
        answers = [c.post("/fr/connexion", data={"email": "x@example.test", "password": "nope nope nope"},
                          environ_base=env) for _ in range(4)]
        en = c.post("/en/login", data={"email": "x@example.test", "password": "nope"}, environ_base=env)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    assert [r.status_code for r in answers] == [422, 422, 422, 429]
    assert "Trop de requêtes" in answers[-1].get_data(as_text=True)
    assert en.status_code == 429 and "Too many requests" in en.get_data(as_text=True)
    assert "Traceback" not in en.get_data(as_text=True)


# --- size limit and error pages -----------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [("fr", "Votre texte compte"), ("en", "Your text is")])
def test_oversize_body_is_refused_with_413(app, client, lang, text):
    limit = app.config["MAX_CONTENT_LENGTH"]
    r = client.post(("/fr/connexion" if lang == "fr" else "/en/login"), data={"email": "a@b.c", "password": "x" * (limit + 10)})
    assert r.status_code == 413
    assert text in r.get_data(as_text=True)


@pytest.mark.parametrize("lang, words", [("fr", ("Page introuvable", "Accès refusé", "Un problème est survenu")),
                                         ("en", ("Page not found", "Access denied", "Something went wrong"))])
def test_error_pages_in_both_languages_without_traceback(app, client, make, login_as, lang, words):
    login_as(make.user("ngo_member"))
    not_found = client.get(f"/{lang}/nothing-here")
    forbidden = client.get("/fr/admin/utilisateurs" if lang == "fr" else "/en/admin/users")
    original = app.view_functions["core.privacy"]

    def boom():
        raise RuntimeError("secret internal detail")

    app.view_functions["core.privacy"] = boom
    try:
        error = client.get("/fr/confidentialite" if lang == "fr" else "/en/privacy")
    finally:
        app.view_functions["core.privacy"] = original
    for r, code, word in zip((not_found, forbidden, error), (404, 403, 500), words):
        html = r.get_data(as_text=True)
        assert r.status_code == code
        assert word in html and f'<html lang="{lang}">' in html
        assert "Traceback" not in html and "secret internal detail" not in html and "RuntimeError" not in html


def test_api_errors_are_json(client):
    r = client.get("/api/v1/nothing")
    assert r.status_code == 404 and r.is_json and r.json["error"]["code"] == 404


# --- passwords and escaping ---------------------------------------------------------------------

def test_password_policy():
    assert password_problems("short pass")  # under 12
    assert password_problems("1qaz2wsx3edc")  # 12 characters but on the common list
    assert password_problems("Someone@Example.test", "someone@example.test")  # the email itself
    assert password_problems("aaaaaaaaaaaa")  # long enough, but guessed at once (zxcvbn)
    assert password_problems("four unrelated words") == []
    assert password_problems("orange piano seventeen") == []  # no composition rules


def test_passwords_are_stored_as_argon2id(make):
    user = make.user("secretariat", password=PASSWORD)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_weak_password_is_refused_in_the_form(client, make):
    user = make.user("secretariat", password=PASSWORD)
    _login(client, user.email, lang="fr")
    r = client.post("/fr/compte", data={"current": PASSWORD, "password": "court", "confirm": "court"})
    assert r.status_code == 422 and "au moins 12 caractères" in r.get_data(as_text=True)


def test_templates_escape_user_text(client, make, login_as):
    org = make.org("XSS", name_en='<script>alert("x")</script>', name_fr="<img src=x onerror=alert(1)>")
    admin = make.user("admin", org=org)
    admin.display_name = "<b>bold</b>"
    db.session.commit()
    login_as(admin)
    for lang in ("en", "fr"):
        html = client.get(f"/{lang}/admin/organisations").get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html
    assert "<b>bold</b>" not in client.get("/en/").get_data(as_text=True)


def test_no_inline_script_or_style_in_pages(client, make, login_as):
    login_as(make.user("admin"))
    for path in ("/en/", "/fr/connexion", "/en/account", "/en/admin/users", "/en/admin/invite", "/en/admin/organisations",
                 "/en/admin/audit", "/fr/nope"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_behind_a_proxy_the_rate_limit_counts_per_client(tmp_path):
    from portal import create_app

    proxied = create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False, "PROXY_COUNT": 1,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
                          "CONCERTO_DATA_DIR": str(tmp_path), "LOGIN_RATE_LIMIT": "2 per minute"})
    with proxied.app_context():
        db.create_all()
    try:
        c = proxied.test_client()

        def attempt(client_address):
            return c.post("/en/login", data={"email": "a@example.test", "password": "nope nope nope"},
                          headers={"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"}).status_code

        assert [attempt("192.0.2.1") for _ in range(3)] == [422, 422, 429]
        assert attempt("192.0.2.2") == 422  # another person behind the same proxy is not blocked
    finally:
        limiter.reset()
        with proxied.app_context():
            db.session.remove()
            db.engine.dispose()


def test_quick_exit_ends_the_session_and_leaves_no_referrer(app, client, make):
    user = make.user("secretariat", password=PASSWORD)
    _login(client, user.email)
    r = client.get("/fr/sortie-rapide")
    assert r.status_code == 303 and r.location == app.config["QUICK_EXIT_URL"]
    assert r.headers["Referrer-Policy"] == "no-referrer" and "cookies" in r.headers["Clear-Site-Data"]
    assert not _signed_in(client)
