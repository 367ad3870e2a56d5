"""The signed-in home page lists each person's work, collected from every feature's queries.todo_for(user):
each a count with a link, only what the person's roles allow, "nothing to do" otherwise."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from portal.commitments import services as commitments
from portal.extensions import db


def _todo(client, lang="en") -> list[tuple[str, str]]:
    html = client.get(f"/{lang}/").get_data(as_text=True)
    if 'id="todo-h"' not in html:
        return None
    section = html.split('id="todo-h"')[1].split("</section>")[0]
    if "todo-list" not in section:
        return []
    return [(href, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip())
            for href, text in re.findall(r'<li><a href="([^"]+)">(.*?)</li>', section, re.S)]


@pytest.fixture
def world(make):
    from types import SimpleNamespace

    rcmp, ps = make.org("RCMP"), make.org("PS")
    plan = make.plan("NAP-H")
    lead = make.user("department_lead", org=rcmp)
    a = make.commitment(plan, "1.1", rcmp)
    make.commitment(plan, "1.2", rcmp)
    make.commitment(plan, "2.1", ps)
    due = date.today() + timedelta(days=20)
    cycle = commitments.open_cycle(plan, commitments.CycleInput("2026-2027 Q3", due, date.today()), None)
    db.session.commit()
    return SimpleNamespace(plan=plan, lead=lead, rcmp=rcmp, a=a, cycle=cycle, due=due)


def test_a_visitor_sees_no_work_list(client, world):
    assert _todo(client) is None


def test_a_department_lead_sees_the_reports_due_and_the_cycles_date(client, login_as, world, make):
    login_as(world.lead)
    items = _todo(client)
    assert items == [("/en/commitments/mine", f"2 progress reports due (2026-2027 Q3, due {world.due:%B} "
                                             f"{world.due.day}, {world.due.year})")]
    make.progress_update(world.a, world.lead, "submitted", cycle_id=world.cycle.id)
    assert _todo(client)[0][1].startswith("1 progress report due")
    fr = _todo(client, "fr")
    assert fr[0][0] == "/fr/engagements/mes-engagements" and fr[0][1].startswith("1 rapport d’étape à remettre (2026-2027 Q3")
    assert not any("review" in text for _href, text in items)     # not the secretariat's queue


def test_the_secretariat_sees_its_queues_each_with_a_link(client, login_as, world, make):
    make.progress_update(world.a, world.lead, "submitted", cycle_id=world.cycle.id)
    c = make.consultation()
    make.submission(c, "publish_anonymous")                           # waits for moderation
    make.lesson(title_fr="Leçon", title_en="", visibility="public", reviewed=False)
    login_as(make.user("secretariat"))
    items = dict((text, href) for href, text in _todo(client))
    assert items["1 progress report to review"] == "/en/commitments/review"
    assert items["1 input to moderate"] == "/en/consultations/moderation"
    assert items["1 lesson to review"] == "/en/search/lessons/review"


def test_an_editor_sees_proposals_to_approve_and_records_to_reconfirm(client, login_as, make):
    from portal.coalitions import services as coalitions
    from portal.db import utcnow

    editor = make.user("jurisdiction_editor", org=make.org("ON-GOV", org_type="jurisdiction", jurisdiction_code="ON"))
    ngo = make.user("ngo_member", org=make.org("SHELTER", org_type="ngo", jurisdiction_code="ON"))
    service = make.service("ON")
    old = make.service("ON", name_en="Old listing")
    old.last_confirmed_at = utcnow() - timedelta(days=400)
    make.service("QC").last_confirmed_at = utcnow() - timedelta(days=400)   # not the editor's province
    coalitions.propose_change(service, coalitions.input_from(service, city="Ottawa"), actor=ngo)
    db.session.commit()
    login_as(editor)
    items = dict((text, href) for href, text in _todo(client))
    assert items == {"1 proposed change to approve": "/en/coalitions/proposals",
                     "1 record to reconfirm": "/en/coalitions/protocols/due"}


def test_unread_notifications_and_nothing_to_do(client, login_as, make, world):
    from portal.follows.models import Event, Notification

    member = make.user("ngo_member")
    login_as(member)
    html = client.get("/en/").get_data(as_text=True)
    assert _todo(client) == [] and "Nothing to do right now." in html
    assert "Rien à faire pour le moment." in client.get("/fr/").get_data(as_text=True)
    event = Event(kind="commitment.changed", object_type="commitment", object_id=world.a.id, source="test:1")
    db.session.add(event)
    db.session.flush()
    db.session.add(Notification(user_id=member.id, event_id=event.id))
    db.session.commit()
    assert _todo(client) == [("/en/follows/notifications", "1 unread notification")]
