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


SEARCH_ENGINES = ("auto", "whoosh", "postgresql")


def _search_engine(env) -> str:
    """auto (the default): PostgreSQL's engine when the database is PostgreSQL, Whoosh on SQLite."""
    choice = (env.get("CONCERTO_SEARCH_ENGINE") or "auto").strip().lower()
    if choice not in SEARCH_ENGINES:
        raise ConfigError(f"CONCERTO_SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)} (got {choice!r})")
    return choice


def _database_url(env, instance: Path) -> str:
    url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'concerto.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _engine_options(env, url: str, statement_ms: int) -> dict:
    """Bounded waits, so a request during a database outage gets the 503 page in seconds, never hangs; dead
    pooled connections are replaced by themselves (pre-ping) when the database is back."""
    options: dict = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["pool_timeout"] = int(env.get("CONCERTO_DB_POOL_TIMEOUT", "10"))
        options["connect_args"] = {
            "connect_timeout": int(env.get("CONCERTO_DB_CONNECT_TIMEOUT", "5")),
            # A connection whose server vanished (no FIN) is noticed within ~20 s instead of the kernel's hours.
            "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 2,
            **({"options": f"-c statement_timeout={statement_ms}"} if statement_ms else {}),
        }
    return options


def base_url(env) -> str:
    """PORTAL_BASE_URL (or CONCERTO_BASE_URL) when set; otherwise http://HOST:PORT from CONCERTO_HOST and
    CONCERTO_PORT, which `make run HOST=... PORT=...` sets for the web server and the job process alike."""
    explicit = env.get("PORTAL_BASE_URL") or env.get("CONCERTO_BASE_URL")
    if explicit:
        return explicit.rstrip("/")
    host = env.get("CONCERTO_HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::", ""):   # listening everywhere: this machine is reached as localhost
        host = "localhost"
    return f"http://{host}:{env.get('CONCERTO_PORT') or '5000'}"


def _session_settings(env, production: bool) -> dict:
    return {
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
        # Where the portal is reached: the links in mail sent by jobs (no request to take it from).
        "PORTAL_BASE_URL": base_url(env),
        "SERVER_BASE_URL": base_url(env),   # the same, under its former name
    }


def _security_settings(env, production: bool) -> dict:
    max_request = int(env.get("CONCERTO_MAX_UPLOAD_MB", "12")) * 1024 * 1024
    return {
        "MAX_CONTENT_LENGTH": max_request,
        # A long text (Werkzeug's default is 500 kB a field) reaches the form, which refuses it with a
        # translated error and the text kept, instead of a bare 413.
        "MAX_FORM_MEMORY_SIZE": max_request,
        "WTF_CSRF_TIME_LIMIT": None,
        # Growing delays after wrong passwords, per account and client (portal/auth/services/throttle.py).
        "LOGIN_THROTTLE_AFTER": int(env.get("CONCERTO_LOGIN_THROTTLE_AFTER", "5")),
        "LOGIN_THROTTLE_FIRST_SECONDS": int(env.get("CONCERTO_LOGIN_THROTTLE_FIRST_SECONDS", "30")),
        "LOGIN_THROTTLE_MAX_SECONDS": int(env.get("CONCERTO_LOGIN_THROTTLE_MAX_SECONDS", "3600")),
        "LOGIN_RATE_LIMIT": env.get("CONCERTO_LOGIN_RATE_LIMIT", "10 per minute"),
        # "Forgot your password?" requests per client (each address also gets at most 3 links an hour).
        "PASSWORD_RESET_RATE_LIMIT": env.get("CONCERTO_PASSWORD_RESET_RATE_LIMIT", "5 per 15 minutes"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX", ""),  # deployments sharing one Redis
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        "HSTS": production,
        "QUICK_EXIT_URL": env.get("CONCERTO_QUICK_EXIT_URL", "https://weather.gc.ca/"),
        # Shown in every page's footer and in the accessibility statement: set the secretariat's real address.
        "CONTACT_EMAIL": env.get("CONCERTO_CONTACT_EMAIL", "traite-trafficking@ps-sp.gc.ca"),
        "INVITATION_DAYS": 7,
    }


def _mail_settings(env) -> dict:
    return {
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "file"),  # file | console | smtp
        "MAIL_FROM": env.get("MAIL_FROM", "concerto@localhost"),
        "SMTP_HOST": env.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(env.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": env.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _bool(env.get("SMTP_STARTTLS")),
        "MAIL_MAX_ATTEMPTS": 8,
        # Retry n waits this times 2**n (60: 2, 4, 8... minutes). Shortened by the fault script.
        "MAIL_RETRY_SECONDS": int(env.get("CONCERTO_MAIL_RETRY_SECONDS", "60")),
        # A message still marked "sending" this long after it was handed over was interrupted (portal/mail.py).
        "MAIL_SENDING_TIMEOUT_SECONDS": int(env.get("CONCERTO_MAIL_SENDING_TIMEOUT", "120")),
    }


def load_config(overrides: dict | None = None) -> dict:
    env = os.environ
    instance = Path(env.get("CONCERTO_INSTANCE_DIR", ROOT / "instance")).resolve()
    production = env.get("CONCERTO_ENV", "development") == "production"
    overrides = dict(overrides or {})
    data_dir = Path(overrides.get("CONCERTO_DATA_DIR") or env.get("CONCERTO_DATA_DIR", instance)).resolve()
    config = {
        "CONCERTO_ENV": "production" if production else "development",
        "INSTANCE_DIR": str(instance),
        "CONCERTO_DATA_DIR": str(data_dir),
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance, production),
        "SQLALCHEMY_DATABASE_URI": _database_url(env, instance),
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("fr", "en"),
        "BABEL_DEFAULT_TIMEZONE": "America/Toronto",
        "SEARCH_APPLY_AFTER_COMMIT": _bool(env.get("CONCERTO_SEARCH_INLINE"), default=not production),
        "CONCERTO_SEARCH_ENGINE": _search_engine(env),   # auto | whoosh | postgresql
        "TESTING": False,
        # Web requests: a statement running longer is cancelled. The command line passes 0 (no limit) for
        # migrations, rebuilds and backups.
        "DB_STATEMENT_TIMEOUT_MS": int(env.get("CONCERTO_DB_STATEMENT_TIMEOUT_MS", "30000")),
        # Pages kept in each web process for signed-out visitors, checked against the database (portal/pagecache.py).
        "PAGE_CACHE": _bool(env.get("CONCERTO_PAGE_CACHE"), default=True),
        **_session_settings(env, production),
        **_security_settings(env, production),
        **_mail_settings(env),
    }
    config.update(overrides)
    if config["CONCERTO_SEARCH_ENGINE"] == "postgresql" and not str(config["SQLALCHEMY_DATABASE_URI"]).startswith(
            "postgresql"):
        raise ConfigError("CONCERTO_SEARCH_ENGINE=postgresql needs a PostgreSQL database (DATABASE_URL)")
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(env, config["SQLALCHEMY_DATABASE_URI"],
                                                              config["DB_STATEMENT_TIMEOUT_MS"])
    return config
