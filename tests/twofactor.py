"""Two-step sign-in in tests.

Factory accounts whose roles require it have it on already (`turn_on`: the secret is set directly, as the
factories set other rows, with no recovery codes; enrolment itself, recovery codes and the reset are tested
in tests/foundation/test_two_factor.py). Sign-in helpers answer the code step as an authenticator app would,
with pyotp and the account's secret: `sign_in(client, email, password)` for the test client,
`finish_in_browser(page, email)` after a browser has sent the password."""
from __future__ import annotations

import secrets
import time
from urllib.parse import urlsplit

import pyotp
from flask import url_for
from sqlalchemy import insert, select

from portal.auth.models import RecoveryCode, User
from portal.auth.passwords import hash_password
from portal.auth.services import twofactor
from portal.db import utcnow
from portal.extensions import db


def turn_on(user: User) -> None:
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = utcnow()
    db.session.commit()


def code_for(email: str, now: float | None = None) -> str:
    """The code the app shows now, or the next step's when this one was used already (a code works once;
    the server accepts one step either side for clocks a little off). A third sign-in within the same 30
    seconds has no fresh code left: it gets a recovery code, as a person in that spot would use."""
    with db.engine.connect() as conn:  # its own connection: sees what the server committed
        row = conn.execute(select(User.id, User.totp_secret, User.totp_last_step)
                           .where(User.email == email.strip().lower())).one()
    now_step = int((time.time() if now is None else now) // twofactor.STEP)
    step = now_step
    if row.totp_last_step is not None and row.totp_last_step >= step:
        step = row.totp_last_step + 1
    if step > now_step + twofactor.DRIFT:
        return _recovery_code(row.id)
    return pyotp.TOTP(row.totp_secret, interval=twofactor.STEP).at(step * twofactor.STEP)


def _recovery_code(user_id: int) -> str:
    code = "-".join(secrets.token_hex(2) for _ in range(3))
    with db.engine.begin() as conn:
        conn.execute(insert(RecoveryCode).values(user_id=user_id, code_hash=hash_password(code.replace("-", "")),
                                                 created_at=utcnow()))
    return code


def sign_in(client, email: str, password: str, lang: str = "en", **data):
    """Post the sign-in form, then the code when the account asks for one; the last answer."""
    r = client.post(url_for("auth.login", lang=lang), data={"email": email, "password": password, **data})
    if r.status_code == 303 and urlsplit(r.location).path == url_for("auth.login_code", lang=lang):
        r = client.post(url_for("auth.login_code", lang=lang), data={"code": code_for(email)})
    return r


CODE_STEP = ("/login/code", "/connexion/code")  # the code page, in English and in French


def finish_in_browser(pg, email: str) -> None:
    """After the password was sent in a browser: enter the code when the code page shows."""
    pg.wait_for_load_state()
    if urlsplit(pg.url).path.endswith(CODE_STEP):
        pg.fill("main input[name=code]", code_for(email))
        pg.click("main form button[type=submit]")
        pg.wait_for_url(lambda url: not urlsplit(url).path.endswith(CODE_STEP))
