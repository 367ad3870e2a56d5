"""gunicorn with threads on Python 3.11: the cycle collector runs at the end of each request, not in the middle of C
code in whichever thread allocates (workers died of SIGSEGV otherwise: docs/operations.md)."""
from __future__ import annotations

import gc
import sys
import weakref
from types import SimpleNamespace

import pytest

from .test_jobs import ROOT


@pytest.fixture
def conf(monkeypatch):
    monkeypatch.setattr("faulthandler.enable", lambda **_kw: None)
    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    thresholds = gc.get_threshold()
    yield namespace
    gc.enable()
    gc.set_threshold(*thresholds)


def worker(threads: int):
    return SimpleNamespace(cfg=SimpleNamespace(threads=threads))


def cycle_with_witness() -> weakref.ref:
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 collects only between bytecodes")
def test_threaded_worker_collects_cycles_at_the_end_of_a_request_not_on_allocation(conf):
    conf["post_worker_init"](worker(2))
    assert not gc.isenabled()
    gc.collect()
    gc.set_threshold(50, 10, 10)
    witness = cycle_with_witness()
    junk = [[] for _ in range(200)]  # allocations past the threshold: no collection happens during the "request"
    assert witness() is not None
    del junk
    junk = [[] for _ in range(200)]
    conf["post_request"](worker(2), None, {}, None)
    assert witness() is None  # collected at the request's end


def test_collect_due_follows_the_thresholds(conf):
    gc.disable()
    gc.collect()
    gc.set_threshold(50, 10, 10)
    assert conf["collect_due"]() is None  # below the first threshold: nothing to do
    witness = cycle_with_witness()
    keep = [[] for _ in range(200)]
    assert conf["collect_due"]() == 0
    assert witness() is None
    assert keep


def test_single_threaded_worker_keeps_pythons_own_collector(conf):
    conf["post_worker_init"](worker(1))
    assert gc.isenabled()
    conf["post_request"](worker(1), None, {}, None)
    assert gc.isenabled()


def test_the_collector_can_be_left_to_python(monkeypatch):
    monkeypatch.setenv("GUNICORN_GC_AT_REQUEST_END", "0")
    monkeypatch.setattr("faulthandler.enable", lambda **_kw: None)
    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    try:
        namespace["post_worker_init"](worker(2))
        assert gc.isenabled()
    finally:
        gc.enable()
