"""Tokens: the signed one-click unsubscribe token (no sign-in needed; it can only turn email off) and the
private calendar address's token (random, stored only as its SHA-256, revocable)."""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

UNSUBSCRIBE_SALT = "concerto.follows.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int) -> str:
    return _serializer().dumps({"u": user_id})


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    return data.get("u") if isinstance(data, dict) and isinstance(data.get("u"), int) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
