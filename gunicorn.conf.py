"""gunicorn settings for Concerto in production: `gunicorn -c gunicorn.conf.py "portal:create_app()"`.

Privacy: no client address and no browser string is ever logged (anonymous consultation submitters are
promised that nothing identifying is kept anywhere, logs included). The access line therefore leaves out
%(h)s (remote address), %(a)s (User-Agent), %(f)s (Referer, which can name the page a person came from)
and every %({header}i)s; and a filter scrubs any address that reaches gunicorn's error log.

Behind a reverse proxy (nginx, Apache, a load balancer) that terminates HTTPS, list the proxy's address
in FORWARDED_ALLOW_IPS so gunicorn trusts its X-Forwarded-Proto header (secure cookies and https URLs).
Do not configure the proxy to log client addresses either, or keep its logs as briefly as your policy says.
"""
import gc
import multiprocessing
import os
import sys

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 8)))
# One thread per worker (gunicorn's sync worker) by default: two were not measured faster (docs/operations.md); with
# 2 threads on Python 3.11 workers died of SIGSEGV about once per 1,000 rendered pages until the cycle collector was
# moved to the end of each request (below; the cause and the experiments are in docs/operations.md).
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


# Python 3.11 runs the cycle collector in whichever thread allocates when a threshold is crossed, in the middle of
# C code (a dict resize, a join, an ORM row), and the finalizers and weakref callbacks it runs may hand the GIL
# to the other thread there; Python 3.12 collects only between bytecodes. With threads, a worker on 3.11 turns the
# automatic collector off and collects at the end of each request instead, at the generations the thresholds
# call for (GUNICORN_GC_AT_REQUEST_END=0 keeps Python's own collector).
GC_AT_REQUEST_END = sys.version_info < (3, 12) and os.environ.get("GUNICORN_GC_AT_REQUEST_END", "1") != "0"


def post_worker_init(worker):
    """A worker that dies of a fatal signal (SIGSEGV from a C extension) writes every thread's Python stack to
    the error log first, so the cause can be found (docs/operations.md: workers seen dying under load)."""
    import faulthandler

    faulthandler.enable(file=sys.stderr, all_threads=True)
    if worker.cfg.threads > 1 and GC_AT_REQUEST_END:
        gc.disable()


def collect_due() -> int | None:
    """Collect the oldest generation whose threshold is crossed, as the automatic collector would have; returns
    the generation collected (None when nothing is due)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if not thresholds[0] or counts[0] <= thresholds[0]:
        return None
    generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
    gc.collect(generation)
    return generation


def post_request(worker, req, environ, resp):
    """The cycle collector's turn, with threads on Python 3.11 (see GC_AT_REQUEST_END): between requests, where
    no C code of this thread is half-way through anything."""
    if worker.cfg.threads > 1 and GC_AT_REQUEST_END and not gc.isenabled():
        collect_due()
