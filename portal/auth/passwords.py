"""Password hashing (argon2id) and the password policy: at least 12 characters, not a common password,
no composition rules, no forced rotation (NIST SP 800-63B)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..i18n import _

MIN_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory defaults
# Verified when no account matches, so a login takes the same time whether or not the account exists.
_DUMMY_HASH = _hasher.hash("concerto-dummy-password-for-timing")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "common-passwords.txt"
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def password_problems(password: str, email: str | None = None) -> list[str]:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Use at least %(n)d characters.", n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == email.lower()):
        problems.append(_("This password is too common. Choose another one, such as a few unrelated words."))
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
