"""gunicorn settings for Concerto in production: `gunicorn -c gunicorn.conf.py "portal:create_app()"`.

Privacy: no client address and no browser string is ever logged (anonymous consultation submitters are
promised that nothing identifying is kept anywhere, logs included). The access line therefore leaves out
%(h)s (remote address), %(a)s (User-Agent), %(f)s (Referer, which can name the page a person came from)
and every %({header}i)s; and a filter scrubs any address that reaches gunicorn's error log.

Behind a reverse proxy (nginx, Apache, a load balancer) that terminates HTTPS, list the proxy's address
in FORWARDED_ALLOW_IPS so gunicorn trusts its X-Forwarded-Proto header (secure cookies and https URLs).
Do not configure the proxy to log client addresses either, or keep its logs as briefly as your policy says.
"""
import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 8)))
# One thread per worker (gunicorn's sync worker) by default: with 2 threads per worker (gthread), workers died of
# SIGSEGV about once per 1,000 rendered pages under 8 clients on PostgreSQL, in varying pure-Python frames
# (Jinja, SQLAlchemy), with either psycopg implementation; with one thread, 0 in 4,000 (docs/operations.md).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Request size limits at the server too (the app refuses bodies over CONCERTO_MAX_UPLOAD_MB with 413).
limit_request_line = 8190
limit_request_fields = 100

# The addresses allowed to set X-Forwarded-Proto / X-Forwarded-For: the reverse proxy only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# time, request line, status, bytes, duration: nothing that identifies who asked.
access_log_format = '- - - %(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class PrivateLogger(Logger):
    """gunicorn's logger with Concerto's scrubbing filter on the error and access logs."""

    def setup(self, cfg):
        super().setup(cfg)
        from portal.logs import NoClientTraceFilter

        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, NoClientTraceFilter) for f in log.filters):
                log.addFilter(NoClientTraceFilter())


logger_class = PrivateLogger


def post_worker_init(worker):
    """A worker that dies of a fatal signal (SIGSEGV from a C extension) writes every thread's Python stack to
    the error log first, so the cause can be found (docs/operations.md: workers seen dying under load)."""
    import faulthandler
    import sys

    faulthandler.enable(file=sys.stderr, all_threads=True)
