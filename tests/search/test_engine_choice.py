"""Which engine searches: CONCERTO_SEARCH_ENGINE=auto (the default) is PostgreSQL's engine on PostgreSQL and
Whoosh on SQLite; `whoosh` and `postgresql` force one; anything else stops the portal with a clear message."""
from __future__ import annotations

import pytest

from portal.config import ConfigError, load_config
from portal.search import pg

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/concerto"
SQLITE_URL = "sqlite:///concerto.sqlite3"


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("CONCERTO_ENV", "development")
    monkeypatch.setenv("CONCERTO_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("CONCERTO_SEARCH_ENGINE", raising=False)
    return monkeypatch


class _App:
    def __init__(self, config):
        self.config = config


def _engine(url: str) -> str:
    cfg = load_config({"SQLALCHEMY_DATABASE_URI": url})
    return "postgresql" if pg.active(_App(cfg)) else "whoosh"


def test_by_default_postgresql_searches_itself_and_sqlite_uses_whoosh(env):
    assert load_config({"SQLALCHEMY_DATABASE_URI": SQLITE_URL})["CONCERTO_SEARCH_ENGINE"] == "auto"
    assert _engine(PG_URL) == "postgresql"
    assert _engine(SQLITE_URL) == "whoosh"


def test_a_setting_forces_either_engine(env):
    env.setenv("CONCERTO_SEARCH_ENGINE", "whoosh")
    assert _engine(PG_URL) == "whoosh"
    env.setenv("CONCERTO_SEARCH_ENGINE", "PostgreSQL")
    assert _engine(PG_URL) == "postgresql"


def test_an_impossible_or_unknown_engine_stops_the_portal_with_a_clear_message(env):
    env.setenv("CONCERTO_SEARCH_ENGINE", "postgresql")
    with pytest.raises(ConfigError, match="needs a PostgreSQL database"):
        load_config({"SQLALCHEMY_DATABASE_URI": SQLITE_URL})
    env.setenv("CONCERTO_SEARCH_ENGINE", "elastic")
    with pytest.raises(ConfigError, match="auto, whoosh, postgresql"):
        load_config({"SQLALCHEMY_DATABASE_URI": PG_URL})
