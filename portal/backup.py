"""`concerto backup FILE` and `concerto restore FILE`: one archive holds the whole portal.

Everything that matters lives in the database (records, accounts, the outboxes, and every uploaded file in
`stored_files`); the data directory holds only what a node may lose (the embedded search index, locks,
development mail files), so it is not archived. The archive is a gzip'd tar with `manifest.json` and the
database: SQLite through its online backup API (a consistent copy while the portal writes), PostgreSQL
through `pg_dump` run inside the same snapshot as the manifest's counts (`pg_export_snapshot`), so the
counts describe exactly what was dumped. The manifest holds every table's row count and content checksum
and every stored file's SHA-256; a restore is refused unless the restored database matches it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine

from . import sealed

FORMAT = 1
MANIFEST = "manifest.json"
MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SKIP_EMPTY_CHECK = {"alembic_version"}  # a database freshly built by `concerto db upgrade` counts as empty


class BackupError(RuntimeError):
    """Something the operator must act on; the message says what."""


# --- what the database holds ---------------------------------------------------------------------------

def _normal(value):
    """A value's stable text, the same after a dump and a restore on the same kind of database."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return repr(value)


def _table_digest(conn: Connection, table: str) -> tuple[int, str]:
    insp = inspect(conn)
    order = insp.get_pk_constraint(table).get("constrained_columns") or \
        [c["name"] for c in insp.get_columns(table)]
    q = conn.dialect.identifier_preparer.quote
    sql = f"SELECT * FROM {q(table)} ORDER BY " + ", ".join(q(c) for c in order)
    digest, rows = hashlib.sha256(), 0
    result = conn.execution_options(stream_results=True, yield_per=500).exec_driver_sql(sql)
    for row in result:
        digest.update(("\x1e".join(_normal(v) for v in row) + "\n").encode("utf-8"))
        rows += 1
    return rows, digest.hexdigest()


def _tables(conn: Connection) -> list[str]:
    return sorted(inspect(conn).get_table_names())


def inventory(conn: Connection) -> dict:
    """Every table's row count and checksum, and every stored file's SHA-256 (from its bytes)."""
    tables = {}
    for name in _tables(conn):
        rows, digest = _table_digest(conn, name)
        tables[name] = {"rows": rows, "sha256": digest}
    files, total = {}, 0
    if "stored_files" in tables:
        result = conn.execution_options(stream_results=True, yield_per=50).exec_driver_sql(
            "SELECT id, content FROM stored_files ORDER BY id")
        for file_id, content in result:
            files[str(file_id)] = hashlib.sha256(bytes(content)).hexdigest()
            total += len(content)
    revision = []
    if "alembic_version" in tables:
        revision = sorted(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    return {"tables": tables, "files": {"count": len(files), "bytes": total, "sha256": files},
            "schema_revision": revision}


def compare(expected: dict, found: dict) -> list[str]:
    """What differs between two inventories, in words (empty when they agree)."""
    problems = []
    for name in sorted(set(expected["tables"]) | set(found["tables"])):
        a, b = expected["tables"].get(name), found["tables"].get(name)
        if a is None or b is None:
            problems.append(f"table {name}: {'missing' if b is None else 'not in the backup'}")
        elif a["rows"] != b["rows"]:
            problems.append(f"table {name}: {b['rows']} rows instead of {a['rows']}")
        elif a["sha256"] != b["sha256"]:
            problems.append(f"table {name}: its content differs")
    for file_id, digest in expected["files"]["sha256"].items():
        if found["files"]["sha256"].get(file_id) != digest:
            problems.append(f"stored file {file_id}: missing or changed")
    return problems


# --- the database dump, per engine ---------------------------------------------------------------------

def _libpq(engine: Engine) -> tuple[str, dict]:
    """A libpq address without the password (which goes in the environment, never on a command line)."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    address = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return address, env


def _run(cmd: list[str], env: dict) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()[-2000:]}")


def _dump_postgresql(engine: Engine, out: Path) -> dict:
    address, env = _libpq(engine)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}",
                  "--file", str(out), "--dbname", address], env)
            return inventory(conn)


def _dump_sqlite(engine: Engine, out: Path) -> dict:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(out)
        try:
            raw.driver_connection.backup(target)  # one read transaction: a consistent copy
        finally:
            target.close()
    finally:
        raw.close()
    copy = create_engine(f"sqlite:///{out}")
    try:
        with copy.connect() as conn:
            return inventory(conn)
    finally:
        copy.dispose()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


# --- backup --------------------------------------------------------------------------------------------

def create_backup(engine: Engine, target: Path, passphrase: str | None = None) -> dict:
    """Write the archive to `target` (atomically: a failed backup leaves no file that looks whole)."""
    dialect = engine.dialect.name
    if dialect not in MEMBERS:
        raise BackupError(f"cannot back up a {dialect} database")
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".concerto-backup-") as tmp:
        work = Path(tmp)
        member = work / MEMBERS[dialect]
        found = (_dump_postgresql if dialect == "postgresql" else _dump_sqlite)(engine, member)
        manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "dialect": dialect, "database": {"member": member.name, "bytes": member.stat().st_size,
                                                     "sha256": _sha256_file(member)},
                    "data_directory": "not archived: it holds only what a node may lose", **found}
        archive = work / "archive.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            body = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(dt.datetime.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
            tar.add(member, arcname=member.name)
        partial = work / "final"
        if passphrase is not None:
            with open(archive, "rb") as src, open(partial, "wb") as dst:
                sealed.seal(src, dst, passphrase)
        else:
            archive.rename(partial)
        partial.chmod(0o600)  # it holds everything, password hashes included
        os.replace(partial, target)
    return manifest


# --- restore -------------------------------------------------------------------------------------------

def read_archive(path: Path, work: Path, passphrase: str | None) -> tuple[dict, Path]:
    """Open (and decrypt) an archive into `work`; check the database member against the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    if sealed.is_sealed(path):
        if passphrase is None:
            raise BackupError("this backup is encrypted: give its passphrase")
        plain = work / "archive.tar.gz"
        try:
            with open(path, "rb") as src, open(plain, "wb") as dst:
                sealed.unseal(src, dst, passphrase)
        except sealed.SealError as exc:
            raise BackupError(str(exc)) from None
        path = plain
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest = json.load(tar.extractfile(MANIFEST))
            member = manifest["database"]["member"]
            if member not in MEMBERS.values():
                raise BackupError("the manifest names an unexpected database file")
            tar.extract(member, work, filter="data")
    except (tarfile.TarError, KeyError, OSError, ValueError, TypeError) as exc:
        raise BackupError(f"not a Concerto backup, or a damaged one ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    dump = work / member
    if _sha256_file(dump) != manifest["database"]["sha256"]:
        raise BackupError("the database file in the archive does not match its checksum")
    return manifest, dump


def user_rows(conn: Connection) -> int:
    """Rows in the database besides the schema's own version row."""
    q = conn.dialect.identifier_preparer.quote
    return sum(conn.exec_driver_sql(f"SELECT count(*) FROM {q(t)}").scalar()
               for t in _tables(conn) if t not in SKIP_EMPTY_CHECK)


def _load_postgresql(engine: Engine, dump: Path) -> None:
    with engine.begin() as conn:
        if _tables(conn):  # an empty schema built by `db upgrade`, or --force: start from nothing
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    address, env = _libpq(engine)
    _run(["pg_restore", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error",
          "--dbname", address, str(dump)], env)


def _load_sqlite(engine: Engine, dump: Path) -> None:
    engine.dispose()
    source = sqlite3.connect(dump)
    raw = engine.raw_connection()
    try:
        source.backup(raw.driver_connection)  # replaces the whole target database, WAL included
    finally:
        raw.close()
        source.close()


def restore_backup(engine: Engine, path: Path, passphrase: str | None = None, *, force: bool = False,
                   out: Callable[[str], None] = lambda _m: None) -> dict:
    """Fill the database behind `engine` from the archive and prove it matches the manifest."""
    with tempfile.TemporaryDirectory(prefix="concerto-restore-") as tmp:
        manifest, dump = read_archive(path, Path(tmp), passphrase)
        dialect = engine.dialect.name
        if manifest["dialect"] != dialect:
            raise BackupError(f"this backup is of a {manifest['dialect']} database; the portal uses {dialect}")
        with engine.connect() as conn:
            existing = user_rows(conn)
        if existing and not force:
            raise BackupError(f"the database is not empty ({existing} rows); restore into an empty database, "
                              "or give --force to replace everything in it")
        out(f"restoring the {dialect} database from {manifest['created_at']} "
            f"({sum(t['rows'] for t in manifest['tables'].values())} rows, {manifest['files']['count']} files)")
        (_load_postgresql if dialect == "postgresql" else _load_sqlite)(engine, dump)
    engine.dispose()
    with engine.connect() as conn:
        problems = compare(manifest, inventory(conn))
    if problems:
        raise BackupError("the restored database does not match the backup's manifest:\n  " + "\n  ".join(problems))
    out("every table's row count and checksum and every file's checksum match the manifest")
    return manifest
