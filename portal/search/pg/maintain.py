"""`concerto search rebuild | check | apply` and the tools' direct writes, for the PostgreSQL engine."""
from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable

from sqlalchemy import bindparam, text

from ...extensions import db
from ..documents import SearchDocument, iter_all_documents
from .store import (TEXT_OF, TSV_OF, WORD_OK, WORDS_OF, WORDS_OF_KEYS, apply_pending, documents_for, prune_words,
                    row, write)
from .table import TRIGGER_SQL, SearchEntry, SearchWord

log = logging.getLogger(__name__)

BATCH = 500
SESSIONS = 2          # loading and index-building sessions of a from-scratch build (the machine has 2 cores)


def apply_outbox() -> int:
    """Take what the outbox still holds (rows left by a crash or by the other engine) and commit."""
    try:
        applied = apply_pending(db.session)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return applied


def index_documents(docs: list[SearchDocument], remove_keys=()) -> None:
    conn = db.session.connection()
    if docs:
        conn.execute(text("DELETE FROM search_entries WHERE doc_id IN :ids").bindparams(
            bindparam("ids", expanding=True)), {"ids": [d.doc_id for d in docs]})
    write(conn, docs, remove_keys=remove_keys, by_object=False)
    db.session.commit()


def remove(doc_id: str) -> None:
    db.session.execute(text("DELETE FROM search_entries WHERE doc_id = :id"), {"id": doc_id})
    db.session.commit()


def rebuild(out=None, sessions: int = SESSIONS) -> tuple[int, float]:
    """Every provider's documents afresh, built into new tables and swapped in (see `build`): searches see
    the old rows until the swap. Dates of indexing of unchanged documents are kept."""
    started = time.perf_counter()
    db.session.commit()     # the caller's reads must not hold the tables the swap replaces
    count = build(iter_all_documents(), sessions=sessions, replay=_documents_now)
    db.session.commit()
    seconds = time.perf_counter() - started
    if out:
        out(f"indexed {count} documents in {seconds:.1f} s")
    return count, seconds


def _documents_now(keys: list[str]) -> list[SearchDocument]:
    db.session.expire_all()     # the build loaded these records; read them as committed now
    docs = []
    for key in keys:
        doc_type, _, obj_id = key.rpartition(":")
        docs.extend(documents_for(db.session, doc_type, int(obj_id)))
    return docs


# --- Building from scratch -------------------------------------------------------------------------------
# Row by row, a document costs two parses for the tsvectors, the pairs trigger, an `INSERT ... ON CONFLICT`
# of its words and four GIN indexes updated in place. From scratch instead: new tables without indexes
# (`search_entries_build`, `search_words_build`), filled by SESSIONS sessions in parallel (a batch is
# COPYed into a session's temporary staging table, then analysed in one INSERT ... SELECT: tsvectors, pairs,
# and the batch's distinct words into an unindexed list), the words made distinct once at the end, the
# indexes built after loading (GIN from sorted entries, with a larger maintenance_work_mem), then swapped in
# by renaming in one short transaction.
#
# Changes committed meanwhile: from the start, a trigger on the live table notes the key of every row
# written or deleted (search_rebuild_log). The swap locks the live tables in EXCLUSIVE mode (searches go
# on; writers wait at their first write to the index, in their before_commit), swaps, and re-writes the
# noted keys' documents as the database holds them now, pruning the words only their old text held. A
# writer that was waiting then writes into the new table (PostgreSQL looks the name up again once it has the
# lock). Writers wait for the swap only: the renames, the replay of what changed during the build (a few
# documents), dropping the old tables.

LOAD_BATCH = 250
MAINTENANCE_MEM = "256MB"
REBUILD_LOCK = 0x5ea2c4   # advisory lock: one rebuild at a time
COLUMNS = ("doc_id", "key", "doc_type", "obj_id", "endpoint", "url_args", "title_fr", "title_en", "body_fr",
           "body_en", "langs", "pillar", "jurisdictions", "year", "date", "stakeholder", "visibility",
           "owner_orgs", "indexed_at", "hash")
_COLS = ", ".join(COLUMNS)
LOG_SETUP = [
    "CREATE TABLE search_rebuild_log (key varchar(120) NOT NULL)",
    """CREATE OR REPLACE FUNCTION concerto_search_rebuild_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN INSERT INTO search_rebuild_log VALUES (OLD.key); END IF;
        IF TG_OP <> 'DELETE' THEN INSERT INTO search_rebuild_log VALUES (NEW.key); END IF;
        RETURN NULL;
      END $$""",
    "CREATE TRIGGER search_entries_rebuild_log AFTER INSERT OR UPDATE OR DELETE ON search_entries"
    " FOR EACH ROW EXECUTE FUNCTION concerto_search_rebuild_log()",
]
CLEANUP = [
    "DROP TRIGGER IF EXISTS search_entries_rebuild_log ON search_entries",
    "DROP TABLE IF EXISTS search_rebuild_log",
    "DROP TABLE IF EXISTS search_entries_build",
    "DROP TABLE IF EXISTS search_words_build",
    "DROP TABLE IF EXISTS search_words_load",
]
STAGE = f"CREATE TEMP TABLE search_stage (LIKE search_entries_build INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
LOAD = text(
    f"INSERT INTO search_entries_build ({_COLS}, tsv_fr, tsv_en, pairs_fr, pairs_en)"
    f" SELECT {_COLS}, tsv_fr, tsv_en, concerto_pairs(tsv_fr), concerto_pairs(tsv_en) FROM ("
    f"SELECT {', '.join('s.' + c for c in COLUMNS)}, {TSV_OF.format(l='fr', p='s.')} AS tsv_fr,"
    f" {TSV_OF.format(l='en', p='s.')} AS tsv_en FROM search_stage s OFFSET 0) AS t")   # OFFSET 0: parse once
# A maintenance job: its long statements (index builds) must not be cut by the web's statement timeout.
NO_TIMEOUT = "SET LOCAL statement_timeout = 0"
LZ4 = text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
LOAD_WORDS = text(
    f"INSERT INTO search_words_load (level, word) SELECT DISTINCT s.visibility, w FROM search_stage s,"
    f" {WORDS_OF.format(text=TEXT_OF.format(t='s'))} WHERE {WORD_OK}")


BUILD_TABLES = {"search_entries": "search_entries_build", "search_words": "search_words_build"}
FINISH = [*(f"ALTER TABLE {b} ADD CONSTRAINT {b}_pkey PRIMARY KEY USING INDEX {b}_pkey" for b in BUILD_TABLES.values()),
          TRIGGER_SQL.replace(" ON search_entries ", " ON search_entries_build "),
          *(f"ANALYZE {b}" for b in BUILD_TABLES.values())]


def _indexes() -> list[tuple[str, str]]:
    """(final name, CREATE INDEX on the build table under a temporary name), from the model."""
    out = []
    for table, build in ((SearchEntry.__table__, "search_entries_build"), (SearchWord.__table__, "search_words_build")):
        pk = table.primary_key
        # the primary key's index like the others (ADD PRIMARY KEY would lock out the other builds), made
        # the constraint in FINISH
        out.append((table.name, f"CREATE UNIQUE INDEX {build}_pkey ON {build} USING btree"
                                f" ({', '.join(c.name for c in pk.columns)})"))
        for index in sorted(table.indexes, key=lambda i: i.name):
            using = index.dialect_options["postgresql"].get("using") or "btree"
            cols = ", ".join(c.name for c in index.columns)
            out.append((index.name, f"CREATE INDEX {index.name}_build ON {build} USING {using} ({cols})"))
    # GIN first, the longest
    return sorted(out, key=lambda x: "USING gin" not in x[1])


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a local server process has used (the benchmark's figures: what an idle core would take)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class _Cpu:
    """Server CPU seconds used by sessions, added up in `timings[name]` when the server runs here."""

    def __init__(self, timings: dict, name: str):
        self.timings, self.name, self.lock = timings, name, threading.Lock()

    def start(self, conn) -> tuple[int, float | None]:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        return pid, _cpu_seconds(pid)

    def stop(self, started: tuple[int, float | None]) -> None:
        pid, before = started
        after = _cpu_seconds(pid)
        if before is not None and after is not None:
            with self.lock:
                self.timings[self.name] = round(self.timings.get(self.name, 0.0) + after - before, 1)


def _execute_all(conn, statements) -> None:
    for sql in statements:
        conn.execute(text(sql))


def build(documents: Iterable[SearchDocument], sessions: int = SESSIONS, now: float | None = None,
          replay: Callable[[list[str]], list[SearchDocument]] | None = None, timings: dict | None = None) -> int:
    """Build search_entries and search_words afresh from `documents` beside the live tables and swap them
    in; `replay(keys)` gives the documents, now, of the keys changed meanwhile (None: nothing replayed, for
    the benchmark). Returns the number of documents built."""
    engine = db.engine
    now = time.time() if now is None else now
    timings = {} if timings is None else timings
    t0, cpu0 = time.perf_counter(), time.process_time()
    control = engine.connect()
    try:
        if not control.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": REBUILD_LOCK}).scalar():
            control.rollback()
            raise RuntimeError("another search rebuild is running")
        control.commit()
        control.exec_driver_sql("SET statement_timeout = 0")    # reset in `finally`
        _execute_all(control, CLEANUP)
        _execute_all(control, LOG_SETUP)
        previous = {r.doc_id: (r.hash, r.indexed_at) for r in control.execute(
            text("SELECT doc_id, hash, indexed_at FROM search_entries"))}
        control.execute(text("CREATE TABLE search_entries_build (LIKE search_entries INCLUDING DEFAULTS)"))
        control.execute(text("CREATE TABLE search_words_build (LIKE search_words INCLUDING DEFAULTS)"))
        control.execute(text("CREATE UNLOGGED TABLE search_words_load (level text, word text)"))
        control.commit()       # from here every change to the live table is noted

        count = _load(engine, documents, previous, now, sessions, timings)
        t = time.perf_counter()
        control.execute(text("INSERT INTO search_words_build (level, word)"
                             " SELECT DISTINCT level, word FROM search_words_load"))
        control.execute(text("DROP TABLE search_words_load"))
        control.commit()
        timings["words_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        _build_indexes(engine, sessions, timings)
        _execute_all(control, FINISH)
        control.commit()
        timings["indexes_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        timings["replayed"] = _swap(control, replay)
        timings["swap_s"] = round(time.perf_counter() - t, 2)
        timings["total_s"] = round(time.perf_counter() - t0, 1)
        timings["client_cpu_s"] = round(time.process_time() - cpu0, 1)   # documents, rows, COPY
        return count
    except BaseException:
        control.rollback()
        try:
            _execute_all(control, CLEANUP)
            control.commit()
        except Exception:   # noqa: BLE001 - the original error matters more
            log.exception("search rebuild: could not clean up")
        raise
    finally:
        try:
            control.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": REBUILD_LOCK})
            control.exec_driver_sql("RESET statement_timeout")
            control.commit()
        finally:
            control.close()


def _rows(documents, previous: dict, now: float):
    """The documents as COPY rows; an unchanged document keeps its date of indexing."""
    seen = set()
    for doc in documents:
        if doc.doc_id in seen:
            continue
        seen.add(doc.doc_id)
        r = row(doc, now)
        old = previous.get(doc.doc_id)
        if old and old[0] == r["hash"] and old[1]:
            r["indexed_at"] = old[1]
        yield tuple(r[c] for c in COLUMNS)


def _loader(engine, work: queue.Queue, errors: list, busy: list, n: int, cpu: _Cpu) -> None:
    """One loading session: each batch COPYed into its staging table, then analysed into the build tables."""
    try:
        with engine.connect() as conn:
            conn.execute(text(STAGE))
            # lz4: 3 times faster than pglz for the bodies and vectors, about as small
            settings = NO_TIMEOUT + (";SET LOCAL default_toast_compression = 'lz4'"
                                     if conn.execute(LZ4).scalar() else "")
            conn.commit()
            cpu_started = cpu.start(conn)
            cursor = conn.connection.driver_connection.cursor()
            while (rows := work.get()) is not None:
                if errors:
                    continue
                t = time.perf_counter()
                conn.exec_driver_sql(settings)
                with cursor.copy(f"COPY search_stage ({_COLS}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
                conn.execute(LOAD)
                conn.execute(LOAD_WORDS)
                conn.commit()           # ON COMMIT DELETE ROWS empties the staging table
                busy[n] += time.perf_counter() - t
            conn.execute(text("DROP TABLE search_stage"))
            conn.commit()
            cpu.stop(cpu_started)
    except BaseException as exc:  # noqa: BLE001 - raised again by the producer
        errors.append(exc)
        while work.get() is not None:
            pass


def _load(engine, documents, previous, now, sessions, timings) -> int:
    """The producer (this thread: the documents, as rows) feeds `sessions` loading threads."""
    work: queue.Queue = queue.Queue(maxsize=sessions * 2)
    errors: list[BaseException] = []
    busy = [0.0] * sessions
    cpu = _Cpu(timings, "load_server_cpu_s")
    threads = [threading.Thread(target=_loader, args=(engine, work, errors, busy, n, cpu), daemon=True)
               for n in range(sessions)]
    for th in threads:
        th.start()
    count, batch = 0, []
    t = time.perf_counter()
    try:
        for r in _rows(documents, previous, now):
            if errors:
                break
            batch.append(r)
            if len(batch) >= LOAD_BATCH:
                work.put(batch)
                count += len(batch)
                batch = []
        if batch and not errors:
            work.put(batch)
            count += len(batch)
    finally:
        for _ in threads:
            work.put(None)
        for th in threads:
            th.join()
    if errors:
        raise errors[0]
    timings["load_s"] = round(time.perf_counter() - t, 1)
    timings["load_session_busy_s"] = [round(b, 1) for b in busy]
    return count


def _build_indexes(engine, sessions, timings) -> None:
    todo: queue.Queue = queue.Queue()      # each session takes the next index when it is free
    for _name, sql in _indexes():
        todo.put(sql)
    errors: list[BaseException] = []
    cpu = _Cpu(timings, "indexes_server_cpu_s")

    def builder() -> None:
        try:
            with engine.connect() as conn:
                cpu_started = cpu.start(conn)
                conn.exec_driver_sql(f"{NO_TIMEOUT}; SET LOCAL maintenance_work_mem = '{MAINTENANCE_MEM}'")
                while not errors:
                    try:
                        sql = todo.get_nowait()
                    except queue.Empty:
                        break
                    conn.execute(text(sql))
                conn.commit()
                cpu.stop(cpu_started)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=builder, daemon=True) for _ in range(max(1, sessions))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]


def _swap(control, replay) -> int:
    """One transaction: writers wait from the lock to the commit, searches from the drop to the commit."""
    control.execute(text("LOCK TABLE search_entries, search_words IN EXCLUSIVE MODE"))
    keys = sorted(control.execute(text("SELECT DISTINCT key FROM search_rebuild_log")).scalars())
    pk_names = dict(control.execute(text(       # the live names (the metadata's naming convention)
        "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'p'"
        " AND conrelid IN ('search_entries'::regclass, 'search_words'::regclass)")).all())
    _execute_all(control, ["DROP TABLE search_entries", "DROP TABLE search_words", "DROP TABLE search_rebuild_log",
                           "ALTER TABLE search_entries_build RENAME TO search_entries",
                           "ALTER TABLE search_words_build RENAME TO search_words"])
    for name, sql in _indexes():
        if name in BUILD_TABLES:              # the primary key: name is the table's
            control.execute(text(f"ALTER TABLE {name} RENAME CONSTRAINT {name}_build_pkey TO {pk_names[name]}"))
        else:
            control.execute(text(f"ALTER INDEX {name}_build RENAME TO {name}"))
    if keys and replay is not None:
        gone = control.execute(WORDS_OF_KEYS, {"keys": keys}).all()
        write(control, replay(keys), remove_keys=keys)
        prune_words(control, gone)
    control.commit()
    return len(keys)


def actual() -> dict[str, tuple[str, str]]:
    """doc_id -> (key, hash) of what the table holds (for `search check`)."""
    return {r.doc_id: (r.key, r.hash) for r in db.session.execute(text("SELECT doc_id, key, hash FROM search_entries"))}
