"""No secret reaches a log: invitation, reset, unsubscribe and private-feed links carry tokens, and request lines
(development server, gunicorn access log) would print them."""
from __future__ import annotations

import logging
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from werkzeug.serving import make_server

from portal.logs import TOKEN_REDACTED, scrub


@pytest.mark.parametrize("line,secret", [
    ('- - - [30/Nov/2026:10:00:00 +0000] "GET /fr/invitation/{t} HTTP/1.1" 200 512 3ms', None),
    ('"GET /en/unsubscribe/eyJ1IjoxMn0.ZyXw9a.Abc123DefGhiJklMnoPqr HTTP/1.1" 200 -', "eyJ1IjoxMn0.ZyXw9a.Abc123DefGhiJklMnoPqr"),
    ('"GET /en/follows/calendar.ics?token=s3cr3t-value HTTP/1.1" 200 -', "s3cr3t-value"),
    ('"POST /fr/reset-password/{t}?next=/fr/ HTTP/1.1" 303 -', None),
    ('"GET /fr/connexion/nouveau-mot-de-passe/{t} HTTP/1.1" 200 -', None),
    ('"GET /en/login/reset-password/abcdefghij HTTP/1.1" 404 -', "abcdefghij"),  # lower case: still a token here
])
def test_tokens_in_request_lines_are_replaced(line, secret):
    token = secrets.token_urlsafe(32)
    line = line.replace("{t}", token)
    clean = scrub(line)
    assert (secret or token) not in clean and TOKEN_REDACTED in clean


@pytest.mark.parametrize("line", [
    '"GET /fr/consultations/consultation-nationale-2018/repondre HTTP/1.1" 200 -',
    '"GET /en/commitments/plans/NAP-2012/report/2012-2013 HTTP/1.1" 200 -',
    "scheduler started with 10 jobs",
])
def test_ordinary_addresses_stay_readable(line):
    assert scrub(line) == line


def test_an_invitation_link_followed_through_the_server_leaves_no_token_in_the_log(app, make, caplog):
    from portal.auth import services

    user = make.user("ngo_member")
    token = services.invite(user)
    from portal.extensions import db

    db.session.commit()
    caplog.set_level(logging.INFO)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/fr/invitation/{token}", timeout=10)
        except urllib.error.HTTPError:
            pass
    finally:
        server.shutdown()
        thread.join()
    assert "/fr/invitation/" in caplog.text          # the request line was logged...
    assert token not in caplog.text                  # ...without its token
    assert all(token not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_password_reset_link_followed_through_the_server_leaves_no_token_in_the_log(app, make, caplog, lang):
    """The link as mailed (services/reset.py), opened and then sent with a new password."""
    import re

    from portal.auth import services
    from portal.extensions import db
    from portal.mail import OutgoingMail

    user = make.user("ngo_member", lang=lang)
    services.request_reset(services.ResetRequest(email=user.email))
    db.session.commit()
    body = db.session.scalars(__import__("sqlalchemy").select(OutgoingMail.body_text)).one()
    path = re.search(r"https?://[^/\s]+(/\S+)", body).group(1)
    token = path.rstrip("/").rsplit("/", 1)[1]
    caplog.set_level(logging.INFO)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        urllib.request.urlopen(base + path, timeout=10).read()
        data = urllib.parse.urlencode({"password": "lantern orbit maple quietly",
                                       "confirm": "lantern orbit maple quietly"}).encode()
        try:
            urllib.request.urlopen(urllib.request.Request(base + path, data=data), timeout=10).read()
        except urllib.error.HTTPError:
            pass
    finally:
        server.shutdown()
        thread.join()
    assert path.rsplit("/", 1)[0] in caplog.text      # the request lines were logged...
    assert token not in caplog.text                   # ...without the token
    assert all(token not in r.getMessage() for r in caplog.records)
