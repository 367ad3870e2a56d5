"""The two-node proof: two gunicorn nodes, each with its own empty data directory, one PostgreSQL, one scheduler.

    .venv/bin/python bench/two_nodes.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]
                                        [--db-name concerto_two_nodes] [--keep]

Proves, against real processes: a sign-in on node A works on node B; a file uploaded on A downloads from B; a
page node B keeps in memory for a visitor (portal/pagecache.py) shows a commitment edited on A at the visitor's
next read on B (the stamp is in the database); the commitment edited on A is found by a visitor's search on B
within one second (PostgreSQL's search engine, the
default on PostgreSQL; only when CONCERTO_SEARCH_ENGINE=whoosh forces the embedded engine, whose index each
node keeps for itself, does the step say so and skip); the sign-in rate limit is counted across both nodes (Redis, when one answers); a second scheduler
refuses to start. Exits 1 on the first broken promise. `.ci/run` runs it when PostgreSQL answers.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import secrets
import string
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import Client, Cluster, csrf, form_with  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n% two-node proof " + secrets.token_hex(8).encode() + b"\ntrailer<<>>\n%%EOF\n"


class Broken(AssertionError):
    pass


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Broken(what)
    print(f"  ok  {what}")


def search_engine(cluster: Cluster) -> str:
    """The engine the nodes are configured with ('postgresql' or 'whoosh')."""
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": cluster.base_env["DATABASE_URL"],
                      "SECRET_KEY": "probe", "CONCERTO_DATA_DIR": str(cluster.tmp / "probe")})
    try:
        from portal.search import pg
    except ImportError:
        return "whoosh"
    return "postgresql" if pg.active(app) else "whoosh"


def sign_in(c: Client, cluster: Cluster, node: int, email: str, password: str) -> None:
    page = c.get(cluster.url(node, "/en/login"))
    form = form_with(page.text, field="password")
    form["fields"].update(email=email, password=password)
    r = c.post(cluster.url(node, "/en/login"), form["fields"])
    check(r.status == 303, f"password accepted on node A (port {cluster.ports[node]})")
    if urlsplit(r.headers.get("Location", "")).path.endswith("/account/two-step"):
        # Secretariat accounts enrol a second factor at their first sign-in, as a person would with an app.
        import pyotp

        page = c.get(cluster.url(node, "/en/account/two-step"))
        secret = re.search(r'id="totp-secret">([^<]+)<', page.text).group(1).replace(" ", "")
        fields = form_with(page.text, field="code")["fields"]
        fields.update(code=pyotp.TOTP(secret).now())
        r = c.post(cluster.url(node, "/en/account/two-step"), fields)
        check(r.status == 200 and "recovery" in r.text.lower(), "second factor enrolled (two-step sign-in)")


def session_on_b(cluster: Cluster, email: str, password: str) -> Client:
    person = Client()
    sign_in(person, cluster, 0, email, password)
    account = person.get(cluster.url(1, "/en/account"))
    check(account.status == 200 and email in account.text, "the same session works on node B (/en/account)")
    return person


def file_from_a_on_b(cluster: Cluster, person: Client, db) -> None:
    rt_id = db.exec_driver_sql("SELECT min(id) FROM roundtables").scalar()
    page = person.get(cluster.url(0, f"/en/consultations/roundtables/{rt_id}"))
    token = csrf(page.text)
    r = person.post(cluster.url(0, f"/en/consultations/roundtables/{rt_id}/attachments"), {"csrf_token": token},
                    files={"file": ("two-nodes.pdf", PDF)})
    check(r.status == 303, "a file uploaded on node A")
    page_b = person.get(cluster.url(1, f"/en/consultations/roundtables/{rt_id}"))
    att = max(int(x) for x in re.findall(r"/consultations/attachments/(\d+)", page_b.text))
    got = person.get(cluster.url(1, f"/en/consultations/attachments/{att}"))
    check(got.status == 200 and hashlib.sha256(got.body).digest() == hashlib.sha256(PDF).digest(),
          f"downloads from node B, byte for byte ({len(PDF)} bytes)")


def the_commitment(db) -> tuple[int, str, str]:
    """(id, reference, plan code) of the commitment the proof edits: the first of the active plan."""
    return tuple(db.exec_driver_sql(
        "SELECT c.id, c.ref, p.code FROM cm_commitments c JOIN cm_plans p ON p.id = c.plan_id "
        "WHERE p.status = 'active' ORDER BY c.id LIMIT 1").one())


def visitor_page(cluster: Cluster, visitor: Client, path: str, reads: int) -> list[str]:
    answers = [visitor.get(cluster.url(1, path)) for _ in range(reads)]
    if any(r.status != 200 for r in answers):
        raise Broken(f"a visitor's read of {path} on node B: {[r.status for r in answers]}")
    return [r.text for r in answers]


def kept_on_b(cluster: Cluster, db) -> tuple[Client, str]:
    """A visitor's page kept in node B's memory (portal/pagecache.py): proved by a change written around the
    portal (psql-like, no new stamp), which B's kept page does not show."""
    cid, ref, code = the_commitment(db)
    path = f"/en/commitments/plans/{code}/commitments?q={ref}"
    visitor = Client()
    visitor_page(cluster, visitor, path, 4)  # rendered, and kept by each worker of B that answered
    probe = "keptprobe" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(6))
    db.exec_driver_sql("UPDATE cm_commitments SET title_en = coalesce(title_en, '') || ' ' || %(p)s WHERE id = %(id)s",
                       {"p": probe, "id": cid})
    db.commit()
    pages = visitor_page(cluster, visitor, path, 6)
    kept = sum(1 for html in pages if probe not in html)
    check(kept > 0, f"node B keeps the visitor's page: {kept} of 6 reads answered from memory (a change written "
                    f"around the portal, with no new stamp, not shown)")
    return visitor, path


def change_on_a_shows_on_b(cluster: Cluster, visitor: Client, path: str, marker: str) -> None:
    pages = visitor_page(cluster, visitor, path, 6)
    shown = sum(1 for html in pages if marker in html)
    check(shown == len(pages), f"the visitor's next reads on node B show the edit made on node A at once "
                               f"({shown} of {len(pages)}): the new stamp, committed with the edit, reached B")


def edit_on_a(cluster: Cluster, person: Client, db) -> str:
    cid = the_commitment(db)[0]
    marker = "zorbulite" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(6))
    page = person.get(cluster.url(0, f"/en/commitments/{cid}/edit"))
    form = form_with(page.text, field="title_en")
    form["fields"]["title_en"] = f"{form['fields']['title_en']} {marker}"
    r = person.post(cluster.url(0, f"/en/commitments/{cid}/edit"), form["fields"])
    check(r.status == 303, f"commitment {cid} edited on node A (title now ends with {marker!r})")
    return marker


def search_on_b(cluster: Cluster, marker: str, engine: str) -> None:
    visitor = Client()
    started = time.monotonic()
    found = False
    while time.monotonic() - started < 1.0:
        r = visitor.get(cluster.url(1, f"/en/search?q={marker}"))
        if r.status == 200 and marker in r.text:
            found = True
            break
        time.sleep(0.05)
    waited = time.monotonic() - started
    if engine != "postgresql":
        print(f"  --  search on node B skipped: CONCERTO_SEARCH_ENGINE forces {engine} (each node keeps its own "
              f"index; found on B: {found}). The default on PostgreSQL searches in the database.")
        return
    check(found, f"a visitor's search on node B finds it after {waited * 1000:.0f} ms (limit 1 s)")


def shared_rate_limit(cluster: Cluster) -> None:
    if "RATELIMIT_STORAGE_URI" not in cluster.base_env:
        print("  --  rate limit across nodes skipped: no Redis on 127.0.0.1:6379 (counters stay per worker)")
        return
    c = Client()
    statuses = []
    for i in range(6):  # 6 per minute here, one used by the sign-in above; attempts alternate between nodes
        page = c.get(cluster.url(i % 2, "/en/login"))
        if page.status == 429:
            statuses.append(429)
            continue
        fields = form_with(page.text, field="password")["fields"]
        fields.update(email=f"nobody-{secrets.token_hex(3)}@example.test", password="wrong password 1")
        statuses.append(c.post(cluster.url(i % 2, "/en/login"), fields).status)
    check(statuses[-1] == 429 and 429 not in statuses[:5],
          f"sign-in attempts are counted across both nodes (Redis): {statuses}")


def second_scheduler(cluster: Cluster) -> None:
    done = cluster.concerto("scheduler2", "jobs", "run", timeout=120)
    check(done.returncode != 0 and "another scheduler" in done.stderr, "a second scheduler refuses to start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--db-name", default="concerto_two_nodes")
    ap.add_argument("--keep", action="store_true", help="keep the database and the directories")
    args = ap.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING)  # the app's INFO lines would drown the proof's own
    cluster = Cluster(args.admin_url, args.db_name, extra_env={"CONCERTO_LOGIN_RATE_LIMIT": "6 per minute"})
    started = time.monotonic()
    try:
        print(f"two-node proof: database {args.db_name}, nodes on ports {cluster.ports}, directories in {cluster.tmp}")
        cluster.create_database()
        engine = search_engine(cluster)
        print(f"  search engine: {engine}")
        cluster.start_scheduler()
        for i in range(2):
            cluster.start_node(i)
        cluster.wait_ready()
        email, password = cluster.accounts()["secretariat"]
        from sqlalchemy import create_engine

        db = create_engine(cluster.direct_url)
        with db.connect() as conn:
            person = session_on_b(cluster, email, password)
            file_from_a_on_b(cluster, person, conn)
            visitor, path = kept_on_b(cluster, conn)
            marker = edit_on_a(cluster, person, conn)
            change_on_a_shows_on_b(cluster, visitor, path, marker)
            search_on_b(cluster, marker, engine)
        db.dispose()
        shared_rate_limit(cluster)
        second_scheduler(cluster)
        data = [p for p in cluster.tmp.glob("node*/data/**/*") if p.is_file()]
        print(f"  (files in the nodes' data directories: {sorted(str(p.relative_to(cluster.tmp)) for p in data)})")
    except Broken as exc:
        print(f"  FAILED  {exc}\n  logs: {cluster.tmp}")
        cluster.close(keep=True)
        return 1
    except BaseException:
        print(f"  logs: {cluster.tmp}")
        cluster.close(keep=True)
        raise
    cluster.close(keep=args.keep)
    print(f"two-node proof passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
