"""`concerto backup` and `concerto restore`: an archive restored into a fresh database gives back every table's
rows and every stored file's bytes, on SQLite and on PostgreSQL (which restores into a database of its own)."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portal import create_app, files
from portal.backup import BackupError, create_backup, restore_backup
from portal.extensions import db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def portal_data(app, make):
    """Accounts, a plan with a commitment and an update, a consultation with answers carrying files."""
    secretariat = make.user("secretariat")
    plan = make.plan()
    commitment = make.commitment(plan)
    make.progress_update(commitment, secretariat)
    consultation = make.consultation()
    for n in range(3):
        upload = files.check_bytes(PDF + f"% answer {n}\n".encode() * (n + 1), f"note-{n}.pdf",
                                   kinds=files.DOCUMENTS, max_bytes=1024 * 1024)
        make.submission(consultation, uploads=[upload])
    return secretariat


@pytest.fixture
def fresh_engine(app, tmp_path):
    """An empty database beside the test one: a SQLite file, or a new PostgreSQL database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        engine = create_engine(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        yield engine
        engine.dispose()
        return
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = create_engine(url.set(database=name))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _contents(engine) -> tuple[dict[str, int], dict[int, str]]:
    """Every table's row count and every stored file's SHA-256, read directly."""
    with engine.connect() as conn:
        counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
                  for t in inspect(conn).get_table_names()}
        stored = {i: hashlib.sha256(bytes(c)).hexdigest()
                  for i, c in conn.execute(text("SELECT id, content FROM stored_files"))}
    return counts, stored


def test_an_encrypted_backup_restores_every_row_and_file_into_a_fresh_database(app, portal_data, fresh_engine,
                                                                                 tmp_path):
    archive = tmp_path / "nightly.concerto"
    manifest = create_backup(db.engine, archive, PASSPHRASE)
    assert PDF not in archive.read_bytes()  # encrypted: no file content readable in the archive
    before_counts, before_files = _contents(db.engine)
    assert len(before_files) == 3 and before_counts["consultation_submissions"] == 3
    assert manifest["tables"]["stored_files"]["rows"] == 3

    restore_backup(fresh_engine, archive, PASSPHRASE)

    after_counts, after_files = _contents(fresh_engine)
    assert after_counts == before_counts
    assert after_files == before_files


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(app, portal_data, fresh_engine, tmp_path):
    archive = tmp_path / "plain.concerto"
    create_backup(db.engine, archive)
    restore_backup(fresh_engine, archive)
    with fresh_engine.begin() as conn:
        conn.execute(text("DELETE FROM consultation_submissions WHERE id = (SELECT min(id) FROM "
                          "consultation_submissions)"))
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(fresh_engine, archive)
    restore_backup(fresh_engine, archive, force=True)
    assert _contents(fresh_engine) == _contents(db.engine)


def test_a_wrong_passphrase_or_a_damaged_archive_is_refused_and_changes_nothing(app, portal_data, fresh_engine,
                                                                                tmp_path):
    archive = tmp_path / "sealed.concerto"
    create_backup(db.engine, archive, PASSPHRASE)
    with pytest.raises(BackupError, match="passphrase"):
        restore_backup(fresh_engine, archive, "not the passphrase")
    with pytest.raises(BackupError, match="encrypted"):
        restore_backup(fresh_engine, archive)
    damaged = bytearray(archive.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    (tmp_path / "damaged.concerto").write_bytes(bytes(damaged))
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(fresh_engine, tmp_path / "damaged.concerto", PASSPHRASE)
    (tmp_path / "cut.concerto").write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(BackupError):
        restore_backup(fresh_engine, tmp_path / "cut.concerto", PASSPHRASE)
    with fresh_engine.connect() as conn:
        assert inspect(conn).get_table_names() == []


def test_the_commands_back_up_and_restore_a_portal_that_then_works(tmp_path, make, monkeypatch):
    """`concerto backup FILE --encrypt` then `concerto restore FILE` on a new SQLite portal: pages and files
    answer, and the search index is rebuilt from the restored database."""
    def portal(name):
        return create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                           "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.sqlite3",
                           "CONCERTO_DATA_DIR": str(tmp_path / name), "SEARCH_APPLY_AFTER_COMMIT": False})

    source, target = portal("source"), portal("target")
    with source.app_context():
        db.create_all()
        upload = files.check_bytes(PDF, "evidence.pdf", kinds=files.DOCUMENTS, max_bytes=1024 * 1024)
        make.submission(make.consultation(), uploads=[upload])
        result = source.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.concerto"), "--encrypt"],
                                                 input=PASSPHRASE + "\n")
        assert result.exit_code == 0, result.output
        assert "1 files" in result.output and "encrypted" in result.output
        db.session.remove()
        db.engine.dispose()
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.concerto")],
                                                 input=PASSPHRASE + "\n")
        assert result.exit_code == 0, result.output
        assert "match the manifest" in result.output and "restore complete" in result.output
        assert (tmp_path / "target" / "search").exists()
        again = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.concerto")],
                                                input=PASSPHRASE + "\n")
        assert again.exit_code != 0 and "not empty" in again.output
        db.session.remove()
    client = target.test_client()
    assert client.get("/en/consultations/").status_code == 200
    with target.app_context():
        stored = db.session.execute(text("SELECT content FROM stored_files")).scalars().all()
        assert [bytes(c) for c in stored] == [PDF]
        db.session.remove()
        db.engine.dispose()
