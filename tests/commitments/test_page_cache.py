"""Pages kept for signed-out visitors (portal/pagecache.py): served from memory with one SQL statement, never
stale after a commit (any node: the stamp is in the database), never a signed-in person's page, never another
visitor's CSRF token or message."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, insert, text, update

from portal.auth.models import Organisation
from portal.commitments.models import Commitment
from portal.extensions import db
from portal.pagecache import CACHE, ContentStamp

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache(app):
    CACHE.clear()
    app.config["PAGE_CACHE"] = True
    yield
    CACHE.clear()


def statements(client, url) -> tuple[int, str]:
    counter = {"n": 0}

    def before(*_a):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        resp = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert resp.status_code == 200, (url, resp.status_code)
    return counter["n"], resp.get_data(as_text=True)


def _dashboard(people):
    return f"/en/commitments/plans/{people.plan.code}"


def test_a_visitor_gets_the_kept_page_until_a_commit_changes_it(people, make, app):
    c = make.commitment(people.plan, "1", people.rcmp, title_en="Train border officers")
    url = f"/en/commitments/plans/{people.plan.code}/commitments"
    cold, page = statements(app.test_client(), url)
    kept, again = statements(app.test_client(), url)
    assert "Train border officers" in page and again == page.replace(TOKEN.search(page).group(1),
                                                                      TOKEN.search(again).group(1))
    assert cold > 3 and kept == 1
    # A change committed (here through the ORM, as a service does) is on the very next page.
    c.title_en = "Train every border officer"
    db.session.commit()
    n, page = statements(app.test_client(), url)
    assert "Train every border officer" in page and n > 3


def test_an_organisation_renamed_changes_the_kept_list(people, make, app):
    make.commitment(people.plan, "1", people.rcmp, status="at_risk", due="2012-2013")
    url = f"/en/commitments/plans/{people.plan.code}/commitments"
    assert ">RCMP<" in statements(app.test_client(), url)[1]
    people.rcmp.short_name = "GRC-RCMP"
    db.session.commit()
    assert ">GRC-RCMP<" in statements(app.test_client(), url)[1]


def test_writes_around_the_unit_of_work_change_the_stamp_too(people, make, app):
    c = make.commitment(people.plan, "1", people.rcmp, title_en="Before")
    url = _dashboard(people)
    statements(app.test_client(), url)
    db.session.execute(update(Commitment).where(Commitment.id == c.id).values(status="completed"))
    db.session.commit()
    assert "100" in statements(app.test_client(), url)[1]  # 100 % complete
    before = db.session.get(ContentStamp, "auth").stamp
    db.session.execute(text("UPDATE organisations SET name_en = 'Royal Mounted' WHERE id = :i"), {"i": people.rcmp.id})
    db.session.commit()
    assert db.session.get(ContentStamp, "auth", populate_existing=True).stamp != before
    db.session.execute(insert(Organisation).values(short_name="NEW", org_type="federal", name_en="New", name_fr="Nouv"))
    stamp = db.session.get(ContentStamp, "auth", populate_existing=True).stamp
    db.session.commit()
    assert db.session.get(ContentStamp, "auth", populate_existing=True).stamp != stamp


def test_a_signed_in_person_is_never_served_a_kept_page(people, make, app, login_as):
    make.commitment(people.plan, "1", people.rcmp)
    url = _dashboard(people)
    statements(app.test_client(), url)
    statements(app.test_client(), url)       # kept for visitors
    staff = login_as(people.secretariat, app.test_client())
    staff.get(url)
    n, page = statements(staff, url)
    assert n > 3 and people.secretariat.name in page and "Sign out" in page


def test_each_visitor_gets_their_own_csrf_token(people, make, app):
    from flask import g
    from itsdangerous import URLSafeTimedSerializer

    make.commitment(people.plan, "1", people.rcmp)
    first, second = app.test_client(), app.test_client()
    a = TOKEN.search(statements(first, _dashboard(people))[1]).group(1)
    g.pop("csrf_token", None)  # the tests' requests share one app context; in production g is per request
    n, page = statements(second, _dashboard(people))
    b = TOKEN.search(page).group(1)
    assert n == 1 and a != b and "\x00" not in page
    signed = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    with first.session_transaction() as s1, second.session_transaction() as s2:
        assert signed.loads(a) == s1["csrf_token"] and signed.loads(b) == s2["csrf_token"] != s1["csrf_token"]


def test_a_visitor_with_a_message_gets_it(people, make, app):
    make.commitment(people.plan, "1", people.rcmp)
    statements(app.test_client(), _dashboard(people))
    visitor = app.test_client()
    with visitor.session_transaction() as s:
        s["_flashes"] = [("success", "You are signed out.")]
    n, page = statements(visitor, _dashboard(people))
    assert "You are signed out." in page and n > 1
    assert "You are signed out." not in statements(app.test_client(), _dashboard(people))[1]


def test_the_plans_api_is_kept_per_language(people, app):
    client = app.test_client()
    fr = client.get("/api/v1/plans?lang=fr").get_json()
    en = client.get("/api/v1/plans?lang=en").get_json()
    assert fr["plans"][0]["title"] == "Plan d'action" and en["plans"][0]["title"] == "Action plan"
    assert statements(client, "/api/v1/plans?lang=fr")[0] == 1


def test_nothing_is_kept_when_the_cache_is_off(people, make, app):
    make.commitment(people.plan, "1", people.rcmp)
    app.config["PAGE_CACHE"] = False
    statements(app.test_client(), _dashboard(people))
    assert statements(app.test_client(), _dashboard(people))[0] > 3


def test_the_cache_is_bounded_in_entries_and_bytes():
    from portal.pagecache import MAX_BODY, Entry, PageCache

    cache = PageCache(max_entries=3)
    for i in range(5):
        cache.put(("k", i), Entry(b"x" * 10, 200, [], False, 0.0 + 10**9))
    assert len(cache._entries) == 3 and cache.bytes == 30 and cache.get(("k", 0)) is None
    cache.put(("big",), Entry(b"x" * (MAX_BODY + 1), 200, [], False, 10**9))
    assert ("big",) not in cache._entries and cache.bytes == 30


def test_the_stamping_hook_runs_after_every_other_commit_hook(app):
    """The search index's hook flushes and writes before the commit: the stamps must come after it."""
    from sqlalchemy.orm import Session

    hooks = [getattr(f, "__name__", "") for f in Session().dispatch.before_commit]
    assert hooks[-1] == "_stamp_before_commit" and hooks.count("_stamp_before_commit") == 1, hooks


def test_a_kept_page_is_not_served_while_the_database_is_down(people, make, app):
    """Whether a kept page is still current is known only from the stamps in the database: while it is
    unreachable the visitor gets the bilingual 503 page, not the kept page, and the kept page again after."""
    make.commitment(people.plan, "1", people.rcmp, title_en="Train border officers")
    url = f"/en/commitments/plans/{people.plan.code}/commitments"
    cold, _page = statements(app.test_client(), url)
    kept, _page = statements(app.test_client(), url)
    assert kept == 1 < cold  # kept in this process's memory
    down = {"on": True}

    def connect(dialect, _record, _cargs, _cparams):
        if down["on"]:
            raise dialect.dbapi.OperationalError("connection refused (simulated outage)")
        return None

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "do_connect", connect)
    try:
        during = app.test_client().get(url)
        html = during.get_data(as_text=True)
        assert during.status_code == 503 and "Train border officers" not in html
        assert "Temporarily unavailable" in html and "Temporairement indisponible" in html
        down["on"] = False
        after, page = statements(app.test_client(), url)
        assert after < cold and "Train border officers" in page  # the same stamps: the kept page, once more
    finally:
        db.session.remove()
        event.remove(db.engine, "do_connect", connect)
        db.engine.dispose()
