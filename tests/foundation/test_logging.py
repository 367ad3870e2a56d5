"""No identifying trace in logs: neither the client's network address nor its browser string, whether the
request goes through the app, the development server (`concerto run`) or gunicorn with gunicorn.conf.py."""
from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from portal.extensions import limiter
from portal.logs import scrub

from .test_jobs import ROOT, _free_port, cli_env

ADDRESS = "203.0.113.77"
AGENT = "DistinctiveBrowser/9.9"
BIN = Path(sys.executable).parent


def test_scrub_removes_addresses_but_keeps_times():
    line = scrub('203.0.113.77 - - [22/Nov/2026 12:30:05] "GET /en/ HTTP/1.1" 200 -')
    assert ADDRESS not in line and "12:30:05" in line and '"GET /en/ HTTP/1.1" 200' in line
    assert scrub("key (2001:db8::7) and ::1") == "key (-) and -"


def test_requests_through_the_app_leave_no_trace(app, caplog, make):
    caplog.set_level(logging.DEBUG)
    env = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": ADDRESS}
    client = app.test_client()
    original = app.view_functions["core.privacy"]

    def boom():
        raise RuntimeError("failure for the log")

    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    app.view_functions["core.privacy"] = boom
    try:
        client.get("/en/", environ_base=env)
        client.get("/fr/nowhere", environ_base=env)
        client.get("/en/privacy", environ_base=env)  # 500, logged with its traceback
        for _ in range(3):  # the third is refused, and Flask-Limiter logs the breach with its key
            client.post("/en/login", data={"email": "a@example.test", "password": "wrong wrong wrong"},
                        environ_base=env)
    finally:
        app.view_functions["core.privacy"] = original
        app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "failure for the log" in caplog.text  # the capture works
    assert any(r.name == "flask-limiter" for r in caplog.records)
    assert ADDRESS not in text and ADDRESS not in caplog.text
    assert AGENT not in text and AGENT not in caplog.text


def _get(url: str, timeout: float = 10) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": AGENT, "X-Forwarded-For": ADDRESS})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # the development server colours its lines


class _ServerOutput:
    """A server's output, read line by line on a thread: `wait_for` returns as soon as a line matches (no
    fixed sleep), or fails once the injected clock passes the deadline or the process has ended."""

    def __init__(self, stream, clock=time.monotonic):
        self.lines: list[str] = []
        self.clock = clock
        self._changed = threading.Condition()
        self._ended = False
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream) -> None:
        with stream:
            for line in stream:
                with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_for(self, pattern: str, timeout: float = 60) -> None:
        deadline = self.clock() + timeout
        with self._changed:
            while not any(re.search(pattern, _plain(line)) for line in self.lines):
                remaining = deadline - self.clock()
                if remaining <= 0 or self._ended:
                    raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.lines)}")
                self._changed.wait(remaining)

    def text(self) -> str:
        self._reader.join(timeout=30)
        return _plain("".join(self.lines))


def _serve_and_read_logs(command: list[str], env: dict, port: int, ready: str) -> str:
    """Start the server, wait for the line saying it listens, send two requests, wait for both access lines."""
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    output = _ServerOutput(proc.stdout)
    try:
        output.wait_for(ready)
        assert _get(f"http://127.0.0.1:{port}/en/", timeout=60) == 200  # a worker may still be loading the app
        assert _get(f"http://127.0.0.1:{port}/fr/nowhere") == 404
        output.wait_for(r'"GET /fr/nowhere HTTP/1\.1" 404')
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return output.text()


def test_development_server_logs_no_address_or_browser(app):
    port = _free_port()
    output = _serve_and_read_logs([str(BIN / "concerto"), "run", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-reload", "--without-threads"], cli_env(app), port,
                                  ready=r"Running on http://127\.0\.0\.1")
    assert '"GET /en/ HTTP/1.1" 200' in output and '"GET /fr/nowhere HTTP/1.1" 404' in output, output
    request_lines = [line for line in output.splitlines() if '"GET ' in line]
    assert request_lines and not any("127.0.0.1" in line for line in request_lines), output
    assert ADDRESS not in output and AGENT not in output


def test_gunicorn_logs_no_address_or_browser(app):
    port = _free_port()
    env = cli_env(app) | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    output = _serve_and_read_logs([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "portal:create_app()"], env, port,
                                  ready=r"Booting worker")
    assert '"GET /en/ HTTP/1.1" 200' in output and '"GET /fr/nowhere HTTP/1.1" 404' in output, output
    request_lines = [line for line in output.splitlines() if '"GET ' in line]
    assert not any("127.0.0.1" in line for line in request_lines), output
    assert ADDRESS not in output and AGENT not in output


def test_gunicorn_access_format_has_no_identifying_atom():
    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    fmt = namespace["access_log_format"]
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%({"):
        assert atom not in fmt
    assert namespace["forwarded_allow_ips"]
