"""Two-step sign-in: time-based codes (RFC 6238, any authenticator app) and one-time recovery codes.

Required for the roles that read "do not publish" input (REQUIRED_ROLES), offered to everyone. The secret is
kept on the account; a code is accepted once (the time step it belongs to is remembered, so a code seen over
someone's shoulder cannot be used again within its window). Recovery codes are stored as argon2 hashes, like
passwords, and each works once."""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import pyotp
import segno
from sqlalchemy import delete, select

from ... import audit
from ...db import utcnow
from ...extensions import db
from ...i18n import _
from ...rules import RuleError
from ..models import RecoveryCode, User
from ..passwords import hash_password, verify_password
from .signin import end_all_sessions

REQUIRED_ROLES = frozenset({"admin", "secretariat", "committee_member"})
ISSUER = "Concerto"
RECOVERY_CODES = 10
STEP = 30  # seconds (RFC 6238 default)
DRIFT = 1  # steps accepted either side of now, for clocks a little off


@dataclass
class CodeInput:
    code: str


def required_for(user: User) -> bool:
    return bool(user.roles & REQUIRED_ROLES)


def enrolled(user: User) -> bool:
    return user.totp_enabled_at is not None


def must_enrol(user: User) -> bool:
    return required_for(user) and not enrolled(user)


def start_enrolment(user: User) -> str:
    """A new secret for the account, not yet in force (the person proves their app has it first)."""
    if enrolled(user):
        raise RuleError(message=_("Two-step sign-in is already set up."))
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(user: User) -> str:
    """The enrolment address as an inline SVG QR code, drawn on the server (no script, no third party)."""
    return segno.make(provisioning_uri(user), error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff",
                                                                    omitsize=False)


def grouped_secret(user: User) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    secret = user.totp_secret or ""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _totp_step(user: User, code: str, now: float) -> int | None:
    """The time step whose code this is (now, or one step either side), or None."""
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(user.totp_secret, interval=STEP)
    current = int(now // STEP)
    for step in range(current - DRIFT, current + DRIFT + 1):
        if secrets.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _take_totp(user: User, code: str, now: float) -> bool:
    step = _totp_step(user, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODES)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_password(_clean(code))))
    return codes


def confirm_enrolment(user: User, entry: CodeInput, *, now: float | None = None) -> list[str]:
    """The code from the app proves it holds the secret: two-step sign-in is on. Returns the recovery codes,
    shown once."""
    if not user.totp_secret or enrolled(user):
        raise RuleError(message=_("Start the set-up again."))
    if not _take_totp(user, _clean(entry.code), time.time() if now is None else now):
        raise RuleError(field="code", message=_("This code is not right. Enter the 6 digits your app shows now."))
    user.totp_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    audit.record("account.second_factor_enabled", user, actor=user)
    return codes


def verify(user: User, entry: CodeInput, *, now: float | None = None) -> bool:
    """A code from the app, or an unused recovery code (then spent)."""
    code = _clean(entry.code)
    if _take_totp(user, code, time.time() if now is None else now):
        return True
    if len(code) == 6 and code.isdigit():
        return False
    for row in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                             RecoveryCode.used_at.is_(None))):
        if verify_password(row.code_hash, code):
            row.used_at = utcnow()
            audit.record("account.recovery_code_used", user, actor=user)
            return True
    return False


def remaining_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user.id,
                                                                RecoveryCode.used_at.is_(None))).all())


def new_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record("account.recovery_codes_renewed", user, actor=user)
    return codes


def turn_off(user: User) -> None:
    """The person's own choice, for an account that does not require it."""
    if required_for(user):
        raise RuleError(message=_("Your roles require two-step sign-in; it cannot be turned off."))
    _clear(user)
    audit.record("account.second_factor_disabled", user, actor=user)


def reset(user: User, *, actor: User) -> None:
    """An administrator's reset for someone who lost their device and codes: they enrol again at their next
    sign-in; their sessions end."""
    _clear(user)
    end_all_sessions(user)
    audit.record("user.second_factor_reset", user, actor=actor, summary=user.email)


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
