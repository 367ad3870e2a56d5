"""A database outage: every request gets the bilingual 503 page within the timeouts, and the portal recovers by
itself when the database answers again."""
from __future__ import annotations

import socket

import pytest
from sqlalchemy import event

from portal import create_app
from portal.extensions import db


@pytest.fixture
def refusing(app):
    """The database refuses every new connection while `down` is set (as a stopped server does)."""
    state = {"down": True}

    def connect(dialect, _record, _cargs, _cparams):
        if state["down"]:
            raise dialect.dbapi.OperationalError("connection refused (simulated outage)")
        return None  # connect as usual

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "do_connect", connect)
    yield state
    db.session.remove()  # the requests shared the test's app context and its session's connection
    event.remove(db.engine, "do_connect", connect)
    db.engine.dispose()


def test_pages_during_an_outage_get_the_bilingual_503_then_recover(app, refusing, make):
    client = app.test_client()
    page = client.get("/fr/engagements/")
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Temporairement indisponible" in html and "Réessayer" in html and "Temporarily unavailable" in html
    assert 'lang="en"' in html and "Traceback" not in html
    assert 'href="/fr/engagements/"' in html  # try again: the same page
    api = client.get("/api/v1/health")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == 503
    posted = client.post("/en/login", data={"email": "a@example.test", "password": "x" * 12})
    assert posted.status_code == 503 and "Temporarily unavailable" in posted.get_data(as_text=True)

    refusing["down"] = False
    assert client.get("/fr/engagements/").status_code == 200
    assert client.get("/api/v1/health").status_code == 200


def test_a_signed_in_person_gets_the_503_not_a_traceback(app, make, login_as, refusing):
    refusing["down"] = False
    client = login_as(make.user("secretariat"))
    db.session.remove()
    db.engine.dispose()
    refusing["down"] = True
    page = client.get("/en/commitments/")
    assert page.status_code == 503 and "Temporarily unavailable" in page.get_data(as_text=True)


def test_an_unreachable_postgresql_answers_503_within_the_connect_timeout(tmp_path, monkeypatch):
    """Nothing listens on the port: the request gets the page (connect_timeout bounds a silent network)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connections to it are refused
    monkeypatch.setenv("CONCERTO_DB_CONNECT_TIMEOUT", "2")
    down = create_app({"TESTING": True, "SECRET_KEY": "x", "CONCERTO_DATA_DIR": str(tmp_path),
                       "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://concerto@127.0.0.1:{port}/concerto"})
    assert down.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["connect_timeout"] == 2
    page = down.test_client().get("/en/commitments/")
    assert page.status_code == 503 and "Temporarily unavailable" in page.get_data(as_text=True)
    with down.app_context():
        db.engine.dispose()
