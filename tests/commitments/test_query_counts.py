"""The dashboard's and the list's SQL query counts do not grow with the number of commitments."""
from contextlib import contextmanager

from sqlalchemy import event

from portal.commitments import services
from portal.extensions import db


@contextmanager
def count_queries():
    counter = {"n": 0}

    def before(conn, cursor, statement, params, context, executemany):
        counter["n"] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _grow(make, people, start, n):
    orgs = [people.rcmp, people.cbsa, people.ps]
    for i in range(start, start + n):
        parent = make.commitment(people.plan, f"{i}", orgs[i % 3], commit=False, status="at_risk",
                                 due="2013-2014", jurisdictions=["ON"], partners=[("PS", "support")])
        make.commitment(people.plan, f"{i}.1", orgs[(i + 1) % 3], commit=False, parent_ref=f"{i}",
                        status="delayed", due="2012-2013", partners=[("RCMP", "co_lead")])
        services.save_spending(parent, services.SpendingInput("2012-2013", "1000", "1500", "dedicated", "Reason"), None)
    db.session.commit()


def _measure(client, people):
    counts = {}
    for name, url in (("dashboard", f"/en/commitments/plans/{people.plan.code}"),
                      ("list", f"/en/commitments/plans/{people.plan.code}/commitments"),
                      ("list_filtered", f"/en/commitments/plans/{people.plan.code}/commitments?org=RCMP&overdue=1")):
        client.get(url)  # warm-up (session row touch, etc.)
        with count_queries() as counter:
            resp = client.get(url)
        assert resp.status_code == 200
        counts[name] = counter["n"]
    return counts


def test_query_counts_do_not_grow(people, make, login_as, client, app):
    """Rendered (the shared parts of portal/fragments.py off), a signed-in page stays at a fixed number of
    statements; its shared part reused, fewer still."""
    login_as(people.secretariat)
    app.config["PAGE_CACHE"] = False
    try:
        _grow(make, people, 1, 5)          # 10 commitments
        small = _measure(client, people)
        _grow(make, people, 6, 25)         # 60 commitments
        large = _measure(client, people)
    finally:
        app.config["PAGE_CACHE"] = True
    assert small == large, (small, large)
    assert large["dashboard"] <= 13 and large["list"] <= 9, large
    _measure(client, people)
    kept = _measure(client, people)
    assert kept["dashboard"] <= 8 and kept["list"] <= 7 and kept["list_filtered"] <= 7, kept


def test_a_visitors_pages_do_not_grow_either_and_are_kept(people, make, app):
    """Rendered (page cache off) the visitor's pages stay at a fixed number of statements; kept, one."""
    app.config["PAGE_CACHE"] = False
    try:
        _grow(make, people, 1, 5)
        small = _measure(app.test_client(), people)
        _grow(make, people, 6, 25)
        large = _measure(app.test_client(), people)
    finally:
        app.config["PAGE_CACHE"] = True
    assert small == large, (small, large)
    assert large["dashboard"] <= 11 and large["list"] <= 7, large
    kept = _measure(app.test_client(), people)
    assert kept == {"dashboard": 1, "list": 1, "list_filtered": 1}, kept
