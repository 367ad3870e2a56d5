"""Deleted means gone: after a withdrawal and after the retention purge, the text is in no database file,
no write-ahead log and no search segment (SQLite's secure_delete and a WAL checkpoint, Whoosh segments with a
deleted document rewritten). On PostgreSQL the files are the server's: the rows and index entries are gone
and the tables were vacuumed (SECURITY.md says what that does and does not do)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from portal.consultations import services
from portal.consultations.jobs import apply_retention
from portal.db import utcnow
from portal.erasure import scrub
from portal.extensions import db
from portal.search import pg

WITHDRAWN_WORD = "Zorglubophone"    # each word once, in one submission: where it is, it came from there
PURGED_WORD = "Quintessenciaux"


def _files(app) -> dict[str, bytes]:
    """Every file of the data directory (the search index included), and the SQLite database with its logs."""
    out = {str(p): p.read_bytes() for p in Path(app.config["CONCERTO_DATA_DIR"]).rglob("*") if p.is_file()}
    if db.engine.dialect.name == "sqlite":
        path = Path(db.engine.url.database)
        for f in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
            if f.exists():
                out[str(f)] = f.read_bytes()
    return out


def _where(files: dict[str, bytes], word: str) -> list[str]:
    needles = {word.encode(), word.lower().encode(), word[:8].lower().encode(), word.encode("utf-16-le")}
    return sorted(name for name, data in files.items() if any(n in data for n in needles))


def test_withdrawn_and_purged_input_is_in_no_file(app, make, tmp_path, caplog):
    from portal.search.index import ensure_index
    from portal.search.writer import apply_outbox

    old_data = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    try:
        ensure_index()
        c = make.consultation()
        closing = make.consultation()
        withdrawn, _ = make.submission(c, "publish_anonymous", text=f"Le {WITHDRAWN_WORD} de la rue.", publish=True)
        purged, _ = make.submission(closing, "do_not_publish", text=f"Des {PURGED_WORD} au refuge.")
        make.submission(c, "publish_anonymous", text="Une autre réponse, qui reste.", publish=True)
        apply_outbox()
        before = _files(app)
        if not pg.active(app):
            assert any("search" in f for f in _where(before, WITHDRAWN_WORD))    # indexed: the test can fail
            assert _where(before, PURGED_WORD)
        if db.engine.dialect.name == "sqlite":
            scrub()    # into the database file itself, as any checkpoint would have put it by now
            assert any(f.endswith("sqlite3") for f in _where(_files(app), WITHDRAWN_WORD))

        services.withdraw(withdrawn)
        db.session.commit()
        closing.closes_at = utcnow() - timedelta(days=closing.retention_days + 1)
        closing.opens_at = closing.closes_at - timedelta(days=30)
        db.session.commit()
        assert apply_retention() == 1
        db.session.commit()
        apply_outbox()
        db.session.commit()

        assert "could not scrub" not in caplog.text        # the checkpoint or VACUUM ran
        after = _files(app)
        assert _where(after, WITHDRAWN_WORD) == [] and _where(after, PURGED_WORD) == []
        for word in (WITHDRAWN_WORD, PURGED_WORD):   # and no row holds it (PostgreSQL's files are the server's)
            for table in ("consultation_answers", "consultation_submissions", "search_entries"):
                n = db.session.scalar(text(f"SELECT count(*) FROM {table} WHERE CAST({table}.* AS TEXT) LIKE :w")
                                      if db.engine.dialect.name == "postgresql" else
                                      text("SELECT 0"), {"w": f"%{word}%"})
                assert n == 0, (word, table)
        if db.engine.dialect.name == "sqlite":
            wal = Path(f"{db.engine.url.database}-wal")
            assert not wal.exists() or wal.stat().st_size == 0 or not _where({"wal": wal.read_bytes()}, PURGED_WORD)
    finally:
        app.config["CONCERTO_DATA_DIR"] = old_data
