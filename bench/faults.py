"""Faults on the two-node set-up (run by hand; figures in docs/operations.md).

    .venv/bin/python bench/faults.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]
        [--db-name concerto_faults] [--only outage,load,pages,smtp,kill,disk] [--submissions 500] [--clients 20]

The nodes reach PostgreSQL through a TCP proxy this script controls (bench/tcpproxy.py): "PostgreSQL stopped"
is the proxy refusing connections and cutting open ones, so the machine's shared PostgreSQL is never stopped.

- outage: anonymous submissions (20 clients, every 10th form sent twice at once) and page reads on both nodes;
  PostgreSQL goes away for OUTAGE seconds, then comes back. Every answer during the outage must be the bilingual
  503 page, the nodes must recover by themselves, and every receipt code acknowledged must be stored exactly
  once; forms refused during the outage are sent again (as a person would) and are then stored once. The
  readers include pages kept for visitors (portal/pagecache.py), read on both nodes before the outage: while
  PostgreSQL is away a kept page must not be served (whether it is still current cannot be known without the
  stamps in the database), so no request may get a 200 that was answered before PostgreSQL came back.
- load: 500 anonymous submissions from 20 clients across both nodes: acknowledged == stored, no duplicates.
- pages: public pages under 8 concurrent clients across both nodes: throughput and p50/p95 per page.
- smtp: the SMTP server down while mail is queued: it waits in the outbox, then goes out once, once it is back.
- kill: the scheduler killed (SIGKILL) in the middle of the mail job; disk: a full disk under the embedded set-up
  (bench/faults_kill_disk.py).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import hmac
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import Client, Cluster  # noqa: E402
from faults_kill_disk import disk_full, scheduler_kill  # noqa: E402
from tcpproxy import Proxy  # noqa: E402

TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')
QUESTION = re.compile(r'<textarea[^>]*name="(q_\d+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CODE = re.compile(r"<code data-receipt-code>([A-Z2-7-]{19})</code>")
PAPER = "# Consultation de charge\n\nPour mesurer.\n\n## Section\n\n### Questions\n\n- Une question ouverte?\n"
SLUG = "charge"


def bilingual_503(r) -> bool:
    """The 503 page in both languages, or the API's JSON 503."""
    if r.status != 503:
        return False
    if r.headers.get("Content-Type", "").startswith("application/json"):
        return '"code": 503' in r.text or '"code":503' in r.text
    return "Temporarily unavailable" in r.text and "Temporairement indisponible" in r.text


class Form:
    """One person's form: fetched once, sent until acknowledged (a double click sends it twice at once)."""

    def __init__(self, n: int):
        self.n, self.client, self.data, self.page, self.codes = n, Client(), None, None, []

    def fetch(self, cluster: Cluster, node: int):
        self.page = cluster.url(node, f"/fr/consultations/{SLUG}/repondre")
        r = self.client.get(self.page, timeout=60)
        if r.status != 200:
            return r
        html = r.text
        self.data = {"token": TOKEN.search(html).group(1), "consent": "secretariat_only", "language": "fr",
                     QUESTION.search(html).group(1): f"Contribution numéro {self.n}."}
        if CSRF.search(html):
            self.data["csrf_token"] = CSRF.search(html).group(1)
        return r

    def send(self, twice: bool = False) -> list:
        def post():
            started = time.monotonic()
            r = self.client.post(self.page, self.data, timeout=120)
            code = CODE.search(r.text) if r.status == 200 else None
            return r, (code.group(1) if code else None), time.monotonic() - started

        if not twice:
            out = [post()]
        else:
            out = []
            threads = [threading.Thread(target=lambda: out.append(post())) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.codes += [c for _r, c, _t in out if c]
        return out


def stored_receipts(cluster: Cluster) -> dict[str, int]:
    """receipt hash -> rows, for the load consultation."""
    from sqlalchemy import create_engine

    engine = create_engine(cluster.direct_url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s.receipt_hash, count(*) FROM consultation_submissions s JOIN consultations c "
            "ON c.id = s.consultation_id WHERE c.slug = %(slug)s GROUP BY s.receipt_hash", {"slug": SLUG}).all()
    engine.dispose()
    return {h: n for h, n in rows}


def receipt_hash(cluster: Cluster, code: str) -> str:
    """The digest the portal stores for a receipt code (an HMAC with the deployment's SECRET_KEY)."""
    key = cluster.base_env["SECRET_KEY"].encode()
    return hmac.new(key, f"code:{code}".encode(), hashlib.sha256).hexdigest()


def verify_receipts(cluster: Cluster, forms: list[Form]) -> dict:
    stored = stored_receipts(cluster)
    acked = [f for f in forms if f.codes]
    once = sum(1 for f in acked if stored.get(receipt_hash(cluster, f.codes[0])) == 1)
    consistent = all(len(set(f.codes)) == 1 for f in acked)
    return {"forms acknowledged": len(acked), "stored rows": sum(stored.values()),
            "acknowledged and stored exactly once": once, "double sends with one receipt": consistent,
            "duplicates": sum(n - 1 for n in stored.values() if n > 1)}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --- scenarios -----------------------------------------------------------------------------------------

def outage(cluster: Cluster, proxy: Proxy, clients: int, before: float, down: float, after: float) -> bool:
    forms: list[Form] = []
    answers: list[tuple[float, str, int, bool, float]] = []  # (t, kind, status, bilingual 503, seconds)
    lock = threading.Lock()
    kept = kept_pages(cluster)
    for path in kept:  # each page rendered once and kept, on each node (each worker that answers keeps its own)
        for node in range(len(cluster.ports)):
            for _ in range(3):
                Client().get(cluster.url(node, path), timeout=60)
    t0 = time.monotonic()
    stop_at = t0 + before + down + after
    window = (t0 + before, t0 + before + down)
    back_at = [float("inf")]  # when the proxy let PostgreSQL through again (t0-relative)

    def note(kind, r, took):  # t: when the request started
        with lock:
            answers.append((time.monotonic() - took - t0, kind, r.status, bilingual_503(r), took))

    def submitter(k):
        i = 0
        while time.monotonic() < stop_at:
            f = Form(k * 100000 + i)
            started = time.monotonic()
            r = f.fetch(cluster, i % 2)
            note("form page", r, time.monotonic() - started)
            if f.data:
                with lock:
                    forms.append(f)
                for resp, _code, took in f.send(twice=(i % 10 == 0)):
                    note("submission", resp, took)
            i += 1

    def reader(k):
        paths = ["/fr/consultations/", "/api/v1/health", *kept]
        i = k
        while time.monotonic() < stop_at:
            started = time.monotonic()
            path = paths[i % len(paths)]
            r = Client().get(cluster.url(i % 2, path), timeout=60)
            note("kept page" if path in kept else "page read", r, time.monotonic() - started)
            i += 1

    def fault():
        time.sleep(before)
        proxy.down()
        time.sleep(down)
        back_at[0] = time.monotonic() - t0
        proxy.up()

    with concurrent.futures.ThreadPoolExecutor(clients + 5) as pool:
        jobs = [pool.submit(submitter, k) for k in range(clients)] + [pool.submit(reader, k) for k in range(4)]
        jobs.append(pool.submit(fault))
        for j in jobs:
            j.result()
    # Forms refused during the outage: the person goes back and sends again (the same form, the same token).
    resent = 0
    for f in forms:
        if not f.codes:
            f.send()
            resent += 1
    during = [a for a in answers if window[0] - t0 + 1 <= a[0] <= window[1] - t0]
    bad_during = [a for a in during if a[2] not in (200, 303) and not a[3]]
    after_up = [a for a in answers if a[0] > window[1] - t0 and a[2] == 200]
    recovered = min((a[0] for a in after_up), default=None)
    result = verify_receipts(cluster, forms)
    statuses: dict = {}
    for a in during:
        statuses[a[2]] = statuses.get(a[2], 0) + 1
    print(f"  requests started during the outage, by status: {statuses}")
    ok_while_away = [a for a in during if a[2] in (200, 303) and a[0] + a[4] < back_at[0]]
    print(f"  requests: {len(answers)}; started during the outage ({down:.0f} s): {len(during)}, "
          f"of which 503 (bilingual page, or JSON for the API): {sum(1 for a in during if a[3])}, "
          f"200/303: {sum(1 for a in during if a[2] in (200, 303))} (answered before PostgreSQL was back: "
          f"{len(ok_while_away)} {sorted({a[1] for a in ok_while_away})}), other errors: {len(bad_during)} "
          f"{sorted({(a[1], a[2]) for a in bad_during})[:5]}")
    print(f"  slowest answer during the outage: {max((a[4] for a in during), default=0):.2f} s; "
          f"first 200 after PostgreSQL came back: {recovered - (window[1] - t0) if recovered else float('nan'):.2f} s")
    # A kept page answered 200 before PostgreSQL was back was served from memory without its stamps: stale.
    kept_during = [a for a in during if a[1] == "kept page"]
    kept_stale = [a for a in answers if a[1] == "kept page" and a[2] == 200
                  and window[0] - t0 + 1 <= a[0] and a[0] + a[4] < back_at[0]]
    kept_after = [a for a in answers if a[1] == "kept page" and a[0] > back_at[0]]
    print(f"  pages kept for visitors ({', '.join(kept)}), read during the outage: {len(kept_during)}, "
          f"answered 503: {sum(1 for a in kept_during if a[3])}, answered 200 from memory while PostgreSQL was "
          f"away: {len(kept_stale)}; after it came back: {sum(1 for a in kept_after if a[2] == 200)} of "
          f"{len(kept_after)} answered 200")
    print(f"  forms sent again after the outage: {resent}")
    for k, v in result.items():
        print(f"  {k}: {v}")
    ok = (not bad_during and recovered is not None and result["duplicates"] == 0 and not kept_stale
          and kept_during and all(a[2] == 200 for a in kept_after if a[0] > back_at[0] + 5)
          and result["forms acknowledged"] == result["acknowledged and stored exactly once"] == len(forms)
          == result["stored rows"] and result["double sends with one receipt"])
    print("  RESULT:", "OK" if ok else "FAILED")
    return ok


def kept_pages(cluster: Cluster) -> list[str]:
    """Pages a signed-out visitor gets from a node's memory (portal/pagecache.py): the plans index, the active
    plan's dashboard and the plans API."""
    from sqlalchemy import create_engine

    engine = create_engine(cluster.direct_url)
    with engine.connect() as conn:
        code = conn.exec_driver_sql("SELECT code FROM cm_plans WHERE status = 'active' ORDER BY id").scalar()
    engine.dispose()
    return ["/en/commitments/", f"/fr/engagements/plans/{code}", "/api/v1/plans"]


def load(cluster: Cluster, submissions: int, clients: int) -> bool:
    forms = [Form(10_000_000 + n) for n in range(submissions)]

    def one(f: Form):
        f.fetch(cluster, f.n % 2)
        f.send(twice=(f.n % 10 == 0))

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, forms))
    elapsed = time.monotonic() - started
    before = stored_receipts(cluster)
    result = verify_receipts(cluster, forms)
    mine = sum(1 for f in forms if f.codes and before.get(receipt_hash(cluster, f.codes[0])) == 1)
    print(f"  {submissions} forms ({submissions // 10} sent twice at once) from {clients} clients over both nodes "
          f"in {elapsed:.1f} s ({submissions / elapsed:.1f} forms/s)")
    for k, v in result.items():
        print(f"  {k}: {v}")
    ok = result["forms acknowledged"] == mine == submissions and result["duplicates"] == 0 \
        and result["double sends with one receipt"]
    print("  RESULT:", "OK (acknowledged == stored, no duplicates)" if ok else "FAILED")
    return ok


def pages(cluster: Cluster, clients: int = 8, per_page: int = 80) -> bool:
    from sqlalchemy import create_engine

    engine = create_engine(cluster.direct_url)
    with engine.connect() as conn:
        code = conn.exec_driver_sql("SELECT code FROM cm_plans WHERE status = 'active' ORDER BY id").scalar()
    engine.dispose()
    paths = ["/api/v1/health", "/fr/", f"/fr/engagements/plans/{code}", f"/fr/engagements/plans/{code}/engagements",
             "/api/v1/plans", "/fr/consultations/", "/fr/coalitions/", "/fr/recherche?q=traite+de+personnes"]
    print(f"  {'page':48} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}  errors")
    ok = True
    for path in paths:
        times, errors = [], 0

        def hit(i):
            started = time.monotonic()
            r = Client().get(cluster.url(i % 2, path), timeout=60)
            return r.status, time.monotonic() - started

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            for status, took in pool.map(hit, range(per_page)):
                times.append(took)
                errors += status != 200
        elapsed = time.monotonic() - started
        print(f"  {path:48} {per_page / elapsed:7.1f} {statistics.median(times) * 1000:7.0f} "
              f"{percentile(times, 95) * 1000:7.0f}  {errors}")
        ok = ok and errors == 0
    return ok


def _outbox(cluster: Cluster, email: str) -> tuple:
    from sqlalchemy import create_engine

    engine = create_engine(cluster.direct_url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT attempts, sent_at IS NOT NULL, last_error FROM mail_outbox "
                                   "WHERE to_address = %(e)s", {"e": email}).one()
    engine.dispose()
    return tuple(row)


def smtp(cluster: Cluster, down_for: float) -> bool:
    """The scheduler sends through an SMTP server that is down, then back (retries every 2, 4... seconds)."""
    from smtpsink import Sink

    sink = Sink()
    cluster.stop("scheduler")
    cluster.base_env.update({"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink.port),
                             "CONCERTO_MAIL_RETRY_SECONDS": "1"})
    cluster.start_scheduler()
    email = f"faults-{int(time.time())}@example.test"
    from sqlalchemy import create_engine

    engine = create_engine(cluster.direct_url)
    with engine.begin() as conn:  # a message in the outbox, as any change that mails someone writes it
        conn.exec_driver_sql(
            "INSERT INTO mail_outbox (to_address, subject, body_text, lang, created_at, next_attempt_at, attempts) "
            "VALUES (%(e)s, 'Fault test', 'Sent after the SMTP server came back.', 'fr', now(), now(), 0)",
            {"e": email})
    engine.dispose()
    queued = time.monotonic()
    print(f"  mail queued for {email}; SMTP server down for {down_for:.0f} s")
    time.sleep(down_for)
    attempts, sent, error = _outbox(cluster, email)
    print(f"  while down: {attempts} attempt(s), sent: {sent}, last error: {(error or '')[:60]!r}")
    sink.start()
    back = time.monotonic()
    while time.monotonic() - back < 120 and not any(email in m for m in sink.messages):
        time.sleep(1)
    took = time.monotonic() - back
    time.sleep(35)  # one more run of the mail job: it must not send it again
    sink.stop()
    delivered = sum(1 for m in sink.messages if email in m)
    attempts, sent, _error = _outbox(cluster, email)
    print(f"  delivered {delivered} time(s), {took:.0f} s after the server came back "
          f"({time.monotonic() - queued:.0f} s after it was queued); outbox: sent={sent}, attempts={attempts}")
    ok = delivered == 1 and sent
    print("  RESULT:", "OK (waited in the outbox, sent once)" if ok else "FAILED")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--db-name", default="concerto_faults")
    ap.add_argument("--only", default="outage,load,pages,smtp,kill,disk")
    ap.add_argument("--submissions", type=int, default=500)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--outage", type=float, default=15, help="seconds PostgreSQL is away")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING)
    proxy = Proxy(target=("127.0.0.1", int(Cluster.port_of(args.admin_url))))
    proxy.start()
    cluster = Cluster(args.admin_url, args.db_name, db_port=proxy.port)
    results = {}
    try:
        print(f"faults: database {args.db_name} through a proxy on port {proxy.port}; nodes {cluster.ports}; "
              f"load average {open('/proc/loadavg').read().split()[:3]}")
        cluster.create_database()
        paper = cluster.tmp / "paper.md"
        paper.write_text(PAPER, encoding="utf-8")
        cluster.concerto("setup", "consultations", "import-paper", str(paper), "--slug", SLUG,
                         "--opens", "2000-01-01T00:00", "--closes", "2100-01-01T00:00")
        cluster.start_scheduler()
        for i in range(len(cluster.ports)):
            cluster.start_node(i)
        cluster.wait_ready()
        for name in args.only.split(","):
            print(f"\n[{name}] load average {open('/proc/loadavg').read().split()[:3]}")
            if name == "outage":
                results[name] = outage(cluster, proxy, args.clients, 10, args.outage, 20)
            elif name == "load":
                results[name] = load(cluster, args.submissions, args.clients)
            elif name == "pages":
                results[name] = pages(cluster)
            elif name == "smtp":
                results[name] = smtp(cluster, 60)
            elif name == "kill":
                results[name] = scheduler_kill(cluster)
            elif name == "disk":
                results[name] = disk_full()
    finally:
        cluster.close(keep=args.keep)
        proxy.close()
    print("\nsummary:", ", ".join(f"{k}: {'OK' if v else 'FAILED'}" for k, v in results.items()))
    return 0 if results and all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
