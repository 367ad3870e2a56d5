"""No identifying trace of an anonymous submitter anywhere: database (file bytes and every table's text),
logs (the app's and the development server's), the search index and the uploads in the data dir."""
from __future__ import annotations

import io
import logging
import threading
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import select, text
from werkzeug.serving import make_server

from portal.consultations.models import Submission
from portal.extensions import db
from portal.files import StoredFile

from .access import PDF
from .helpers import answer_fields, form_token, receipt_code

ADDRESS = "203.0.113.77"
AGENT = "ConcertoTraceProbe/7.1 (X11; Secret-Browser-String)"
MARKER = "Témoin-unique-de-contenu-4242"


def _live_submit(app, c) -> str:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    headers = {"User-Agent": AGENT, "X-Forwarded-For": ADDRESS, "X-Real-IP": ADDRESS}
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{base}/fr/consultations/{c.slug}/repondre",
                                                           headers=headers)) as resp:
            token = form_token(resp.read().decode())
        body = urllib.parse.urlencode({"token": token, "consent": "publish_anonymous", "language": "fr",
                                       **answer_fields(c, text=MARKER + " en direct")}).encode()
        req = urllib.request.Request(f"{base}/fr/consultations/{c.slug}/repondre", data=body, headers=headers)
        with urllib.request.urlopen(req) as resp:
            return receipt_code(resp.read().decode())
    finally:
        server.shutdown()
        thread.join(5)


def test_an_anonymous_submitter_leaves_no_address_or_browser_string_anywhere(app, make, caplog, tmp_path):
    from portal.search.index import ensure_index
    from portal.search.writer import apply_outbox

    caplog.set_level(logging.DEBUG)
    old_data = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    try:
        ensure_index()
        c = make.consultation()
        env = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": ADDRESS}
        client = app.test_client()
        token = form_token(client.get(f"/en/consultations/{c.slug}/respond", environ_base=env).get_data(as_text=True))
        data = {"token": token, "consent": "publish_named", "attribution_name": "", "language": "en",
                **answer_fields(c, text=MARKER), "attachment": (io.BytesIO(PDF), "note.pdf")}
        data["consent"] = "publish_anonymous"
        resp = client.post(f"/en/consultations/{c.slug}/respond", data=data, environ_base=env,
                           content_type="multipart/form-data")
        code = receipt_code(resp.get_data(as_text=True))
        client.post("/en/consultations/receipt", data={"code": code}, environ_base=env)
        client.post("/en/consultations/receipt/amend", environ_base=env, data={
            "code": code, "consent": "publish_anonymous", "language": "en", **answer_fields(c, text=MARKER + " v2")})
        client.get(f"/en/consultations/{c.slug}/nowhere", environ_base=env)       # a 404, logged or not
        _live_submit(app, c)
        db.session.rollback()   # see what the server thread committed
        subs = list(db.session.scalars(select(Submission)))
        assert len(subs) == 2 and all(s.user_id is None for s in subs)
        from portal.consultations import services

        for s in subs:
            services.moderate(s, services.ModerationInput("publish"), None)
        db.session.commit()
        applied = apply_outbox()
        from portal.search import pg

        if pg.active(app):   # indexed in the transaction of the change: nothing left for the writer
            assert db.session.scalar(text("SELECT count(*) FROM search_entries WHERE doc_type = 'submission'")) >= 2
        else:
            assert applied >= 2

        haystacks: dict[str, bytes] = {}
        # every table's text
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(table.select()).all()
            haystacks[f"table {table.name}"] = repr(rows).encode()
        assert MARKER.encode() in haystacks["table consultation_answers"]   # the search can find things
        # the database file itself (SQLite; its write-ahead log too)
        if db.engine.dialect.name == "sqlite":
            db.session.commit()
            path = Path(db.engine.url.database)
            for f in (path, Path(str(path) + "-wal"), Path(str(path) + "-journal")):
                if f.exists():
                    haystacks[str(f)] = f.read_bytes()
            assert MARKER.encode() in haystacks[str(path)] + haystacks.get(str(path) + "-wal", b"")
        # the attachment's bytes, kept in the database (portal.files)
        assert any(b"%PDF" in bytes(row.content) for row in db.session.scalars(select(StoredFile)))
        # the data dir: search index, mail
        files = [f for f in tmp_path.rglob("*") if f.is_file()]
        assert any("search" in str(f) or "index" in str(f) for f in files)
        for f in files:
            haystacks[str(f)] = f.read_bytes()
        # logs: the app's, the development server's request lines
        haystacks["logs"] = (caplog.text + "\n".join(r.getMessage() for r in caplog.records)).encode()
        assert "GET /fr/consultations/" in caplog.text or "POST /fr/consultations/" in caplog.text

        for where, blob in haystacks.items():
            for needle in (ADDRESS, AGENT, "ConcertoTraceProbe", "Secret-Browser-String"):
                for encoded in (needle.encode(), needle.encode("utf-16-le")):
                    assert encoded not in blob, f"{needle!r} found in {where}"
    finally:
        app.config["CONCERTO_DATA_DIR"] = old_data
