"""Atom feeds, iCalendar files (public and private), the "what changed" page and the follow button."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from icalendar import Calendar

from portal.extensions import db

from .conftest import MONDAY, change_status

ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(resp):
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    root = ET.fromstring(resp.data)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text, name
    entries = root.findall(f"{ATOM}entry")
    for e in entries:
        assert e.find(f"{ATOM}id").text.startswith("tag:")
        assert e.find(f"{ATOM}title").text and e.find(f"{ATOM}updated").text
        assert e.find(f"{ATOM}link").get("href").startswith("http")
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    return root, entries


def _events(resp):
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    cal = Calendar.from_ical(resp.data)
    events = cal.walk("VEVENT")
    for ev in events:
        assert ev.get("UID") and ev.get("SUMMARY") and ev.get("DTSTART") is not None
    return {str(ev.get("SUMMARY")): ev for ev in events}


def test_feeds_are_valid_atom_with_public_changes_only(world, client, make):
    change_status(world.public, "at_risk")
    change_status(world.internal, "delayed")
    make.follows_job(MONDAY)
    for url in ("/en/follows/activity.atom", f"/en/follows/feeds/plans/{world.plan.code}.atom",
                "/en/follows/feeds/provinces/QC.atom"):
        _root, entries = _atom(client.get(url))
        titles = [e.find(f"{ATOM}title").text for e in entries]
        assert any("Status changed: 1.1 Shelter beds" == t for t in titles), url
        assert not any("Secret" in t for t in titles), url
    _root, entries = _atom(client.get("/en/follows/feeds/provinces/ON.atom"))
    assert entries == []
    fr, _ = _atom(client.get("/fr/suivis/activite.atom?kind=status_changed"))
    assert "Statut modifié" in ET.tostring(fr, encoding="unicode")
    assert client.get("/en/follows/feeds/plans/NOPE.atom").status_code == 404


def test_a_draft_plan_has_no_public_feed(app, client, make):
    plan = make.plan("DRAFT-PLAN", status="draft")
    assert client.get(f"/en/follows/feeds/plans/{plan.code}.atom").status_code == 404


def test_public_calendar_lists_open_consultations_and_roundtables(app, client, make):
    public = make.consultation("open")
    make.consultation("open", audience="committee")
    make.roundtable(public)
    events = _events(client.get("/en/follows/calendar.ics"))
    closing = [s for s in events if s.startswith("Consultation closes")]
    assert len(closing) == 1 and events[closing[0]].get("DTSTART").dt == public.closes_at.replace(microsecond=0)
    assert any(s.startswith("Roundtable: Test roundtable") for s in events)
    assert events["Roundtable: Test roundtable"].get("DTSTART").dt == date(2026, 5, 1)


def test_private_calendar_shows_only_the_holders_dates_and_dies_when_revoked(world, client, make, login_as):
    from portal.commitments import services
    from portal.commitments.services import CycleInput

    cycle = services.open_cycle(world.plan, CycleInput(name="2026-2027 Q3", opens_on=date.today(),
                                                       due_date=date.today() + timedelta(days=20)), None)
    db.session.commit()
    login_as(world.insider)
    page = client.post("/en/follows/account/notifications/calendar")
    assert page.status_code == 200
    url = page.get_data(as_text=True).split('id="calendar-url" type="text" readonly value="')[1].split('"')[0]
    path = url.split("//", 1)[1].split("/", 1)[1]
    events = _events(client.get("/" + path))
    assert "Progress reports due: 2026-2027 Q3" in events
    assert events["Progress reports due: 2026-2027 Q3"].get("UID").startswith(f"cycle-{cycle.id}-due@")
    assert client.get("/en/follows/calendar/wrong-token.ics").status_code == 404
    # An NGO member's private calendar has no reporting cycle.
    login_as(world.outsider)
    other = client.post("/en/follows/account/notifications/calendar").get_data(as_text=True)
    other_path = other.split('readonly value="')[1].split('"')[0].split("//", 1)[1].split("/", 1)[1]
    assert _events(client.get("/" + other_path)) == {}
    login_as(world.insider)
    client.post("/en/follows/account/notifications/calendar/revoke")
    assert client.get("/" + path).status_code == 404


def test_what_changed_page_filters_and_hides_internal_work(world, client, make):
    change_status(world.public, "at_risk")
    change_status(world.internal, "delayed")
    make.follows_job()
    page = client.get("/en/follows/activity").get_data(as_text=True)
    assert "Shelter beds" in page and "Secret liaison" not in page and "Week of" in page
    assert "Shelter beds" not in client.get("/en/follows/activity?province=ON").get_data(as_text=True)
    only = client.get(f"/en/follows/activity?plan={world.plan.id}&kind=status_changed").get_data(as_text=True)
    assert "Status changed" in only and "Commitment added" not in only.split("<h2")[1]
    assert "Quoi de neuf" in client.get("/fr/suivis/activite").get_data(as_text=True)


def test_follow_button_without_javascript_then_notifications_page(world, client, make, login_as):
    login_as(world.outsider)
    plan_page = f"/en/commitments/plans/{world.plan.code}"
    assert ">\n        Follow\n" in client.get(plan_page).get_data(as_text=True) or \
        "Follow" in client.get(plan_page).get_data(as_text=True)
    resp = client.post("/en/follows/follow", data={"key": f"plan:{world.plan.id}", "next": plan_page})
    assert resp.status_code == 303 and resp.location.endswith(plan_page)
    assert "Following — stop" in client.get(plan_page).get_data(as_text=True)
    evil = client.post("/en/follows/follow", data={"key": f"plan:{world.plan.id}", "next": "https://evil.example/"})
    assert "evil" not in evil.location
    hidden = client.post("/en/follows/follow", data={"key": f"commitment:{world.internal.id}"})
    assert hidden.status_code == 303
    from portal.follows.queries import follow_keys

    assert f"commitment:{world.internal.id}" not in follow_keys(world.outsider)
    change_status(world.public, "at_risk")
    make.follows_job()
    page = client.get("/en/follows/notifications").get_data(as_text=True)
    assert "Shelter beds" in page and "Mark all as read" in page
    assert "Notifications" in client.get("/en/").get_data(as_text=True)
    client.post("/en/follows/notifications/read")
    assert "Mark all as read" not in client.get("/en/follows/notifications").get_data(as_text=True)


def test_htmx_follow_swaps_the_button(world, client, login_as):
    login_as(world.outsider)
    resp = client.post("/en/follows/follow", data={"key": "province:QC", "next": "/en/coalitions/provinces/QC"},
                       headers={"HX-Request": "true"})
    assert resp.status_code == 200 and "Following — stop" in resp.get_data(as_text=True)
    assert "Following — stop" in client.get("/en/coalitions/provinces/QC").get_data(as_text=True)


def test_settings_save_the_rhythm_and_follow_an_organisation(world, client, login_as):
    from portal.follows.queries import follow_keys
    from portal.follows.services.following import rhythm_of

    login_as(world.outsider)
    page = client.get("/fr/suivis/compte/notifications").get_data(as_text=True)
    assert "Un résumé hebdomadaire" in page and 'checked id="rhythm-2" name="rhythm" type="radio" value="weekly"' in page
    assert client.post("/en/follows/account/notifications", data={"rhythm": "daily"}).status_code == 303
    assert rhythm_of(world.outsider.id) == "daily"
    assert client.post("/en/follows/account/notifications", data={"rhythm": "hourly"}).status_code == 422
    assert client.post("/en/follows/account/notifications/organisation",
                       data={"org-organisation": world.lead_org.id}).status_code == 303
    assert f"organisation:{world.lead_org.id}" in follow_keys(world.outsider)


def _advertised(html: str) -> list[tuple[str, str]]:
    """(type, href) of every <link rel="alternate"> in the page's head."""
    import re

    head = html.split("</head>", 1)[0]
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', head)
    return [(t, href.replace("&amp;", "&")) for t, href in links]


def test_every_page_with_a_feed_advertises_it_in_its_head_and_shows_it(world, app, client, make, login_as):
    """The plan's dashboard, the consultations list, a province page and "what changed": a feed reader finds
    the feed from the page's address, a person sees a link, and the link gives a valid feed or calendar."""
    from flask import url_for

    with app.test_request_context():
        pages = {lang: [url_for("commitments.plan", code=world.plan.code, lang=lang),
                        url_for("consultations.index", lang=lang), url_for("coalitions.province", code="QC", lang=lang),
                        url_for("follows.activity", lang=lang)] for lang in ("fr", "en")}
    for lang, urls in pages.items():
        for url in urls:
            html = client.get(url).get_data(as_text=True)
            advertised = _advertised(html)
            assert any(t == "application/atom+xml" for t, _ in advertised), url
            body = html.split("<main", 1)[1]
            for kind, href in advertised:
                assert f'href="{href.replace("&", "&amp;")}"' in body, f"{url}: {href} is not shown in the page"
                resp = client.get(href)
                if kind == "application/atom+xml":
                    _atom(resp)
                else:
                    _events(resp)
    consultations = _advertised(client.get(pages["en"][1]).get_data(as_text=True))
    assert {t for t, _ in consultations} == {"application/atom+xml", "text/calendar"}
    assert "Atom feed of consultations" in client.get(pages["en"][1]).get_data(as_text=True)
    assert "Fil Atom des consultations" in client.get(pages["fr"][1]).get_data(as_text=True)


def test_a_draft_plans_page_advertises_no_feed(app, client, make, login_as):
    plan = make.plan("DRAFT-FEED", status="draft")
    from flask import url_for

    login_as(make.user("secretariat"))
    with app.test_request_context():
        url = url_for("commitments.plan", code=plan.code, lang="en")
    html = client.get(url).get_data(as_text=True)
    assert "<h1>" in html and _advertised(html) == [] and ".atom" not in html
