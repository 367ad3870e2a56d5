"""Settings from the environment. Everything has a safe default for the embedded SQLite set-up."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance: Path, production: bool) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when CONCERTO_ENV=production")
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_config(overrides: dict | None = None) -> dict:
    env = os.environ
    instance = Path(env.get("CONCERTO_INSTANCE_DIR", ROOT / "instance")).resolve()
    production = env.get("CONCERTO_ENV", "development") == "production"
    data_dir = Path(env.get("CONCERTO_DATA_DIR", instance)).resolve()
    overrides = dict(overrides or {})
    if "CONCERTO_DATA_DIR" in overrides:
        data_dir = Path(overrides["CONCERTO_DATA_DIR"]).resolve()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'concerto.sqlite3'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://"):]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]

    config = {
        "CONCERTO_ENV": "production" if production else "development",
        "INSTANCE_DIR": str(instance),
        "CONCERTO_DATA_DIR": str(data_dir),
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Sessions
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production or _bool(env.get("SESSION_COOKIE_SECURE")),
        "SESSION_COOKIE_NAME": "concerto_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "IDLE_TIMEOUT_MINUTES": int(env.get("CONCERTO_IDLE_TIMEOUT_MINUTES", "30")),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are trusted.
        "PROXY_COUNT": int(env.get("CONCERTO_PROXY_COUNT", "0")),
        "SERVER_BASE_URL": env.get("CONCERTO_BASE_URL", "http://127.0.0.1:5000"),
        # Requests
        "MAX_CONTENT_LENGTH": int(env.get("CONCERTO_MAX_UPLOAD_MB", "12")) * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        # Languages
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("fr", "en"),
        "BABEL_DEFAULT_TIMEZONE": "America/Toronto",
        # Security
        "LOGIN_MAX_FAILURES": int(env.get("CONCERTO_LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCKOUT_MINUTES": int(env.get("CONCERTO_LOGIN_LOCKOUT_MINUTES", "15")),
        "LOGIN_RATE_LIMIT": env.get("CONCERTO_LOGIN_RATE_LIMIT", "10 per minute"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        "HSTS": production,
        "QUICK_EXIT_URL": env.get("CONCERTO_QUICK_EXIT_URL", "https://weather.gc.ca/"),
        "INVITATION_DAYS": 7,
        # Mail
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "file"),  # file | console | smtp
        "MAIL_FROM": env.get("MAIL_FROM", "concerto@localhost"),
        "SMTP_HOST": env.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(env.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": env.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _bool(env.get("SMTP_STARTTLS")),
        "MAIL_MAX_ATTEMPTS": 8,
        # Search
        "SEARCH_APPLY_AFTER_COMMIT": _bool(env.get("CONCERTO_SEARCH_INLINE"), default=not production),
        "TESTING": False,
    }
    config.update(overrides)
    return config
