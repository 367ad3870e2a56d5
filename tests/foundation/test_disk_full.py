"""A full disk while a person sends a form: a clear message in their language on the form, everything typed
kept, nothing half-written; the same form goes through once there is room again. The full disk is a test
double at the database-writing layer (the statement that would grow the file fails as SQLite fails when its
disk is full); bench/faults.py runs the real thing on a small tmpfs."""
from __future__ import annotations

import errno
import sqlite3

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.outage import is_disk_full

from ..consultations.helpers import answer_fields, count_submissions, form_token, receipt_code

MESSAGE = {"en": "its storage is full. Nothing was saved and what you typed is still here",
           "fr": "son espace de stockage est plein. Rien n’a été enregistré et ce que vous avez tapé est toujours là"}


@pytest.fixture
def disk_full():
    """While on, every INSERT fails as SQLite does when the disk is full."""
    state = {"on": False}

    def before(conn, cursor, statement, params, context, executemany):
        if state["on"] and statement.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(db.engine, "before_cursor_execute", before)
    yield state
    event.remove(db.engine, "before_cursor_execute", before)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_form_sent_on_a_full_disk_is_refused_clearly_and_keeps_what_was_typed(client, make, disk_full, lang):
    c = make.consultation()
    html = client.get(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    text = "Il faut plus de refuges dans le Nord."
    data = {"token": form_token(html), "consent": "publish_anonymous", "language": lang,
            **answer_fields(c, text=text)}
    disk_full["on"] = True
    resp = client.post((f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond"), data=data)
    page = resp.get_data(as_text=True).replace("&#39;", "’").replace("'", "’")
    assert resp.status_code == 422
    assert MESSAGE[lang] in page and text in page and "<code data-receipt-code>" not in page
    assert count_submissions() == 0

    disk_full["on"] = False      # room again: the same form, sent again, is stored once
    resp = client.post((f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond"), data=data)
    assert resp.status_code == 200 and receipt_code(resp.get_data(as_text=True))
    assert count_submissions() == 1


def test_what_counts_as_a_full_disk():
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")))
    wrapped = RuntimeError("write failed")
    wrapped.__cause__ = psycopg.errors.DiskFull("could not extend file")
    assert is_disk_full(wrapped)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked")))
