"""A multi-node Concerto on this machine, for bench/two_nodes.py and bench/faults.py.

One PostgreSQL database of its own (created here, dropped at the end), gunicorn nodes on their own ports, each
with its own empty data and instance directories (what a container platform gives a node), one scheduler,
Redis for the rate-limit counters when one answers. The nodes share nothing else: sessions, files, outboxes and
the scheduler's lock live in PostgreSQL.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_answers(host="127.0.0.1", port=6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Cluster:
    def __init__(self, admin_url: str, db_name: str, nodes: int = 2, workers: int = 2, threads: int = 1,
                 extra_env: dict | None = None, db_port: int | None = None):
        """db_port: where the nodes reach PostgreSQL (a proxy in front of it, for faults.py)."""
        self.admin_url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.db_name = db_name
        self.tmp = Path(tempfile.mkdtemp(prefix="concerto-cluster-"))
        direct = self.admin_url.set(database=db_name)
        self.direct_url = direct.render_as_string(hide_password=False)
        node_url = direct.set(port=db_port) if db_port else direct
        self.database_url = node_url.render_as_string(hide_password=False)
        self.ports = [free_port() for _ in range(nodes)]
        self.workers, self.threads = workers, threads
        self.procs: dict[str, subprocess.Popen] = {}
        self.prefix = "concerto-bench-" + secrets.token_hex(4)
        self.base_env = {**os.environ, "DATABASE_URL": self.database_url, "SECRET_KEY": secrets.token_urlsafe(32),
                         "CONCERTO_ENV": "development", "CONCERTO_SEARCH_INLINE": "0", "MAIL_BACKEND": "file",
                         "PYTHONUNBUFFERED": "1", "GUNICORN_ACCESS_LOG": "/dev/null", "GUNICORN_LOG_LEVEL": "warning",
                         "RATELIMIT_KEY_PREFIX": self.prefix, **(extra_env or {})}
        if redis_answers() and "RATELIMIT_STORAGE_URI" not in self.base_env:
            self.base_env["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/0"

    @staticmethod
    def port_of(url: str) -> int:
        return make_url(url).port or 5432

    # --- processes -------------------------------------------------------------------------------------
    def env(self, name: str) -> dict:
        """A process's environment: its own empty data and instance directories."""
        data, instance = self.tmp / name / "data", self.tmp / name / "instance"
        data.mkdir(parents=True, exist_ok=True)
        instance.mkdir(parents=True, exist_ok=True)
        return {**self.base_env, "CONCERTO_DATA_DIR": str(data), "CONCERTO_INSTANCE_DIR": str(instance)}

    def concerto(self, name: str, *args, input: str | None = None, timeout: float = 600):
        return subprocess.run([str(BIN / "concerto"), *args], env=self.env(name), cwd=ROOT, input=input,
                              capture_output=True, text=True, timeout=timeout)

    def create_database(self) -> None:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{self.db_name}"')
        admin.dispose()
        for step in (("db", "upgrade"), ("demo", "load")):
            done = self.concerto("setup", *step)
            if done.returncode != 0:
                raise RuntimeError(f"concerto {' '.join(step)} failed:\n{done.stderr[-3000:]}")

    def accounts(self) -> dict[str, tuple[str, str]]:
        """role -> (email, password) of the demo accounts."""
        rows = (self.tmp / "setup" / "instance" / "demo-accounts.txt").read_text().splitlines()
        return {role: (email, pw) for role, email, pw in (r.split(None, 2) for r in rows if r.strip())}

    def start_node(self, i: int) -> None:
        env = {**self.env(f"node{i}"), "GUNICORN_BIND": f"127.0.0.1:{self.ports[i]}",
               "GUNICORN_WORKERS": str(self.workers), "GUNICORN_THREADS": str(self.threads)}
        log = open(self.tmp / f"node{i}.log", "w")
        self.procs[f"node{i}"] = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "portal:create_app()"], env=env, cwd=ROOT,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def start_scheduler(self, name: str = "scheduler") -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")
        proc = subprocess.Popen([str(BIN / "concerto"), "jobs", "run"], env=self.env(name), cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        for port in self.ports:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as r:
                        if r.status == 200:
                            break
                except (OSError, urllib.error.URLError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"node on port {port} did not answer; see {self.tmp}")
                time.sleep(0.5)

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def close(self, keep: bool = False) -> None:
        for name in list(self.procs):
            self.stop(name)
        if not keep:
            admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            admin.dispose()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, i: int, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[i]}{path}"


# --- a browser-like client -----------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """Cookies (sent to every node of 127.0.0.1, whatever the port, as a browser does), no redirects followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None,
                timeout: float = 30) -> Response:
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def get(self, url: str, **kw) -> Response:
        return self.request(url, **kw)

    def post(self, url: str, fields: dict, files: dict | None = None, **kw) -> Response:
        if not files:
            return self.request(url, urllib.parse.urlencode(fields, doseq=True).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"}, **kw)
        boundary = "----concerto" + secrets.token_hex(8)
        parts = []
        for k, v in fields.items():
            for item in (v if isinstance(v, list) else [v]):
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{item}\r\n'.encode())
        for k, (filename, content) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{filename}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, **kw)


class _Forms(HTMLParser):
    """Every form's action and current field values (what a browser would send unchanged)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    fields.setdefault(name, []).append(a.get("value", "on"))
            else:
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select:
            if fields[self._select] is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_with(html: str, field: str | None = None, action: str | None = None) -> dict:
    """The first form that has `field` (or whose action contains `action`): {'action', 'fields'}."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if (field and field in form["fields"]) or (action and action in form["action"]):
            form["fields"] = {k: ("" if v is None else v) for k, v in form["fields"].items()}
            return form
    raise LookupError(f"no form with {field or action!r}")


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
