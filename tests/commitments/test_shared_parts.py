"""The heavy part of a plan page, rendered once per audience and reused (portal/fragments.py): never given to a
reader who may see something else (another role set, another organisation, a visitor), never older than the last
commit, and really reused (fewer statements) for the same audience."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from portal.auth.models import UserRole
from portal.extensions import db
from portal.fragments import STORE
from portal.pagecache import CACHE


@pytest.fixture(autouse=True)
def _empty_stores(app):
    STORE.clear()
    CACHE.clear()
    app.config["PAGE_CACHE"] = True
    yield
    STORE.clear()
    CACHE.clear()


def statements(client, url, **kw) -> tuple[int, str]:
    counter = {"n": 0}

    def before(*_a):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        resp = client.get(url, **kw)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert resp.status_code == 200, (url, resp.status_code)
    return counter["n"], resp.get_data(as_text=True)


def signed_in(app, login_as, user):
    c = app.test_client()
    login_as(user, c)
    c.get("/en/")  # the session's first touch is not the page's
    return c


def test_a_department_lead_never_gets_the_part_rendered_for_the_secretariat(people, make, app, login_as):
    make.commitment(people.plan, "1", people.rcmp, title_en="Train border officers", status="at_risk")
    url = f"/en/commitments/plans/{people.plan.code}"
    manage = f'href="/en/commitments/plans/{people.plan.code}/indicators"'   # the secretariat's link only
    secretariat, lead = signed_in(app, login_as, people.secretariat), signed_in(app, login_as, people.lead)

    first, page = statements(secretariat, url)
    kept, again = statements(secretariat, url)
    assert manage in page and manage in again and "Train border officers" in again
    assert kept < first, (first, kept)           # the secretariat's part is reused...

    rendered, lead_page = statements(lead, url)
    assert "Train border officers" in lead_page and manage not in lead_page   # ...but never given to the lead
    n, lead_again = statements(lead, url)
    assert manage not in lead_again and n < rendered, (rendered, n)   # the lead's own part, reused in turn
    # Their own parts of the page stay theirs: each sees their own name.
    assert people.lead.name in lead_again and people.secretariat.name not in lead_again
    assert people.secretariat.name in statements(secretariat, url)[1]


def test_internal_commitments_follow_the_readers_organisation_and_roles(people, make, app, login_as):
    """Same roles, other organisation: other part. An NGO member sees the internal commitments their
    organisation leads, not another's; a visitor sees none; a role added shows more at once."""
    make.commitment(people.plan, "1", people.rcmp, title_en="Public training")
    make.commitment(people.plan, "2", people.rcmp, title_en="Confidential operation", visibility="internal")
    ours, theirs = make.user("ngo_member", org=people.rcmp), make.user("ngo_member", org=people.cbsa)
    for url in (f"/en/commitments/plans/{people.plan.code}/commitments",
                f"/api/v1/plans/{people.plan.code}/commitments?lang=en"):
        STORE.clear()
        CACHE.clear()
        ours_client, theirs_client = signed_in(app, login_as, ours), signed_in(app, login_as, theirs)
        for _ in range(2):  # rendered, then kept
            assert "Confidential operation" in statements(ours_client, url)[1]
        for _ in range(2):
            page = statements(theirs_client, url)[1]
            assert "Public training" in page and "Confidential operation" not in page
        page = statements(app.test_client(), url)[1]
        assert "Public training" in page and "Confidential operation" not in page

    url = f"/en/commitments/plans/{people.plan.code}/commitments"
    db.session.add(UserRole(user_id=theirs.id, role="department_lead"))   # internal.read: every organisation's
    db.session.commit()
    assert "Confidential operation" in statements(theirs_client, url)[1]


def test_a_change_is_on_every_readers_next_page(people, make, app, login_as):
    c = make.commitment(people.plan, "1", people.rcmp, title_en="Train border officers", status="at_risk")
    lead, other = signed_in(app, login_as, people.lead), signed_in(app, login_as, people.other_lead)
    urls = [f"/en/commitments/plans/{people.plan.code}", f"/en/commitments/plans/{people.plan.code}/commitments",
            f"/api/v1/plans/{people.plan.code}/commitments?lang=en"]
    for url in urls:
        for client in (lead, other, lead):
            assert "Train border officers" in statements(client, url)[1]
    c.title_en = "Train every border officer"
    db.session.commit()
    for url in urls:
        for client in (other, lead):
            page = statements(client, url)[1]
            assert "Train every border officer" in page and "Train border officers" not in page, url


def test_the_list_and_its_htmx_results_are_kept_apart_and_per_filter(people, make, app, login_as):
    make.commitment(people.plan, "1", people.rcmp, title_en="Train border officers")
    make.commitment(people.plan, "2", people.cbsa, title_en="Inspect ports")
    lead = signed_in(app, login_as, people.lead)
    url = f"/en/commitments/plans/{people.plan.code}/commitments"
    full = statements(lead, url)[1]
    partial = statements(lead, url, headers={"HX-Request": "true", "HX-Target": "commitment-results"})[1]
    assert "<html" in full and "<html" not in partial and "Inspect ports" in partial
    filtered = statements(lead, url + "?org=RCMP")[1]
    assert "Train border officers" in filtered and "Inspect ports" not in filtered
    assert "Inspect ports" in statements(lead, url)[1]


def test_absolute_links_follow_the_host_asked(people, app, login_as):
    lead = signed_in(app, login_as, people.lead)
    for c in (lead, app.test_client()):
        a = statements(c, "/api/v1/plans", base_url="http://a.example.test")[1]
        b = statements(c, "/api/v1/plans", base_url="http://b.example.test")[1]
        assert "a.example.test" in a and "b.example.test" in b and "a.example.test" not in b


def test_nothing_is_kept_with_the_cache_off(people, make, app, login_as):
    make.commitment(people.plan, "1", people.rcmp)
    app.config["PAGE_CACHE"] = False
    lead = signed_in(app, login_as, people.lead)
    url = f"/en/commitments/plans/{people.plan.code}"
    statements(lead, url)
    n = statements(lead, url)[0]
    assert statements(lead, url)[0] == n and n > 8 and STORE.size == 0, n


def test_a_form_token_in_a_kept_part_is_each_readers_own(people, app):
    from flask import g
    from flask_wtf.csrf import generate_csrf

    from portal import fragments

    tokens = []
    for _reader in range(2):
        with app.test_request_context("/en/commitments/"):
            g.pop("csrf_token", None)   # the test's app context serves both requests: each has its own session
            own = generate_csrf()
            value = fragments.shared("test.form", ("commitments", "auth"), 1,
                                     lambda: f'<input value="{generate_csrf()}">')
            tokens.append(own)
            assert value == f'<input value="{own}">'
    assert tokens[0] != tokens[1] and STORE.hits == 1
