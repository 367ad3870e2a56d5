"""Lessons learned: recorded from a source, never wider than it, discussed, edited, listed, linked to the
commitments they inform."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.audit import AuditEntry
from portal.extensions import db
from portal.lessons.models import Lesson
from portal.links import Link

from ..search.helpers import run


def test_secretariat_creates_a_lesson_from_a_source_and_it_is_found_in_the_other_language(client, login_as, make, apply):
    finding = make.finding(code="F6", title_fr="Le PST est sous-utilisé", body_fr="Le permis de séjour temporaire.")
    make.glossary_term("permis de séjour temporaire", "temporary resident permit", "PST", "TRP")
    login_as(make.user("secretariat"))
    page = client.get(f"/fr/recherche/lecons/nouveau?source_type=evaluation_finding&source_id={finding.id}&excerpt=Le+PST")
    assert page.status_code == 200 and "Le PST est sous-utilisé" in page.get_data(as_text=True)
    resp = client.post("/fr/recherche/lecons/nouveau", data={
        "title_fr": "Accélérer l'accès au permis de séjour temporaire", "title_en": "", "visibility": "public",
        "context_fr": "Des travailleuses étrangères exploitées ont renoncé à dénoncer.", "pillar": "protection",
        "jurisdiction_code": "", "source_type": "evaluation_finding", "source_id": str(finding.id),
        "excerpt": "Le PST"})
    assert resp.status_code == 303
    lesson = db.session.scalar(select(Lesson))
    link = db.session.scalar(select(Link).where(Link.target_type == "lesson"))
    assert (link.source_type, link.source_id, link.excerpt) == ("evaluation_finding", finding.id, "Le PST")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lesson.created"))
    apply()
    # Written in French only and asking to be public: the committee finds it, the public not before review.
    hits = run(make.user("committee_member"), "temporary resident permit", lang="en").hits
    assert lesson.id in [h.obj_id for h in hits if h.type == "lesson"]
    assert lesson.id not in [h.obj_id for h in run(None, "temporary resident permit", lang="en").hits
                             if h.type == "lesson"]
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "Available in French only" in page and f'href="/en/search/findings/{finding.id}"' in page
    assert "<title><span" not in page


def test_a_source_the_user_may_not_see_cannot_start_a_lesson(client, login_as, make):
    secret = make.finding(code="S0", visibility="secretariat", title_en="Confidential finding")
    login_as(make.user("committee_member"))
    assert client.get(f"/en/search/lessons/new?source_type=evaluation_finding&source_id={secret.id}").status_code == 404
    resp = client.post("/en/search/lessons/new", data={"title_en": "Leak", "visibility": "secretariat",
                                                       "source_type": "evaluation_finding", "source_id": str(secret.id)})
    assert resp.status_code == 404 and db.session.scalar(select(Lesson)) is None


def test_a_lesson_is_never_wider_than_its_most_confidential_source(client, login_as, make, apply):
    secret = make.finding(code="S1", visibility="secretariat", title_en="Confidential finding")
    secretariat = make.user("secretariat")
    login_as(secretariat)
    resp = client.post("/en/search/lessons/new", data={
        "title_en": "Too wide", "visibility": "public", "source_type": "evaluation_finding",
        "source_id": str(secret.id)})
    assert resp.status_code == 422 and "cannot be more widely visible" in resp.get_data(as_text=True)
    assert "Too wide" in resp.get_data(as_text=True)  # what was typed is kept
    assert db.session.scalar(select(Lesson)) is None
    # A source that becomes more confidential narrows the lesson.
    finding = make.finding(code="P1", title_en="Public finding")
    lesson = make.lesson(actor=secretariat, title_en="Zygomatic lesson", visibility="public",
                         sources=[("evaluation_finding", finding.id, None)])
    apply()
    assert run(None, "zygomatic").total == 1
    finding.visibility = "committee"
    apply()
    db.session.refresh(lesson)
    assert lesson.visibility == "committee"
    assert run(None, "zygomatic").total == 0
    assert client.get(f"/en/search/lessons/{lesson.id}").status_code == 200
    client.post("/en/logout")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lesson.visibility_narrowed"))
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lesson.viewed"))


def test_a_source_added_later_narrows_the_lesson_and_can_be_removed(client, login_as, make, apply):
    secret = make.finding(code="S2", visibility="committee", title_en="Committee finding")
    lesson = make.lesson(title_en="Widely shared", visibility="public")
    login_as(make.user("secretariat"))
    resp = client.post(f"/en/search/lessons/{lesson.id}/sources", data={
        "source-source_type": "evaluation_finding", "source-source": "S2", "source-excerpt": "a line"})
    assert resp.status_code == 303 and resp.location.endswith("#sources")
    db.session.refresh(lesson)
    assert lesson.visibility == "committee"
    assert app_visitor_status(client, lesson) == 404
    link = db.session.scalar(select(Link).where(Link.target_type == "lesson"))
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "Committee finding" in page and "a line" in page
    assert client.post(f"/en/search/lessons/{lesson.id}/sources/{link.id}/delete",
                       data={"confirmed": "yes"}).status_code == 303
    assert db.session.scalar(select(Link).where(Link.target_type == "lesson")) is None
    other = make.lesson(title_en="Another")
    assert client.post(f"/en/search/lessons/{other.id}/sources/{link.id}/delete").status_code == 404


def app_visitor_status(client, lesson) -> int:
    return client.application.test_client().get(f"/en/search/lessons/{lesson.id}").status_code


def test_committee_member_comments_and_a_visitor_cannot_see(app, client, login_as, make):
    lesson = make.lesson(title_en="Committee lesson", visibility="committee")
    assert app.test_client().get(f"/en/search/lessons/{lesson.id}").status_code == 404
    member = make.user("committee_member")
    login_as(member)
    resp = client.post(f"/en/search/lessons/{lesson.id}/comments", data={"body": "We saw this in **Québec**."})
    assert resp.status_code == 303
    page = client.get(f"/fr/recherche/lecons/{lesson.id}").get_data(as_text=True)
    assert "<strong>Québec</strong>" in page
    resp = client.post(f"/en/search/lessons/{lesson.id}/comments", data={"body": "  "}, follow_redirects=True)
    assert "Write a comment first." in resp.get_data(as_text=True)
    lead = make.user("department_lead")
    other = login_as(lead, app.test_client())
    assert other.post(f"/en/search/lessons/{lesson.id}/comments", data={"body": "x"}).status_code == 404


def test_author_edits_own_lesson_but_not_others(client, login_as, make):
    member = make.user("committee_member")
    own = make.lesson(actor=member, title_en="Mine", visibility="committee")
    theirs = make.lesson(title_en="Theirs", visibility="committee")
    login_as(member)
    assert client.get(f"/en/search/lessons/{own.id}/edit").status_code == 200
    assert client.get(f"/en/search/lessons/{theirs.id}/edit").status_code == 403
    resp = client.post(f"/en/search/lessons/{own.id}/edit", data={"title_en": "Mine, revised", "title_fr": "",
                                                                   "visibility": "committee"})
    assert resp.status_code == 303
    db.session.refresh(own)
    assert own.title_en == "Mine, revised"
    resp = client.post(f"/en/search/lessons/{own.id}/edit", data={"title_en": "", "title_fr": "", "visibility": "committee"})
    assert resp.status_code == 422 and "Give the lesson a title" in resp.get_data(as_text=True)


def test_lessons_list_shows_only_what_the_user_may_see(client, login_as, make):
    make.lesson(title_en="Open lesson", visibility="public")
    make.lesson(title_en="Secret lesson", visibility="secretariat")
    page = client.get("/en/search/lessons").get_data(as_text=True)
    assert "Open lesson" in page and "Secret lesson" not in page
    login_as(make.user("secretariat"))
    assert "Secret lesson" in client.get("/en/search/lessons").get_data(as_text=True)


def test_other_features_can_offer_a_lesson_from_their_source_pages(app, client, login_as, make):
    from flask import render_template_string
    from flask_login import login_user

    tpl = ('{% from "lessons/_lesson_from_source.html" import lesson_from_source with context %}'
           '{{ lesson_from_source("key_point", 7, "Un extrait") }}')
    assert "lessons/new" not in render_template_string(tpl)  # a visitor may not create lessons
    login_user(make.user("committee_member"))
    html = render_template_string(tpl)
    assert "source_type=key_point" in html and "source_id=7" in html and "excerpt=Un+extrait" in html


def test_a_lesson_is_linked_to_the_commitment_it_informs(client, login_as, make, apply):
    plan = make.plan()
    hotline = make.commitment(plan, "1.1", title_fr="Ligne d'urgence nationale", title_en="National hotline")
    lesson = make.lesson(title_fr="Leçon", visibility="public")
    login_as(make.user("committee_member"))  # neither the secretariat nor the author: may not link
    assert 'name="informs-commitment"' not in client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert client.post(f"/en/search/lessons/{lesson.id}/commitments",
                       data={"informs-commitment": "1.1"}).status_code == 403
    login_as(make.user("secretariat"))
    page = client.get(f"/fr/recherche/lecons/{lesson.id}").get_data(as_text=True)
    assert 'name="informs-commitment"' in page and 'role="combobox"' in page
    resp = client.post(f"/fr/recherche/lecons/{lesson.id}/engagements", data={"informs-commitment": "1.1"})
    assert resp.status_code == 303
    link = db.session.scalar(select(Link).where(Link.relation == "informs"))
    assert (link.source_type, link.source_id, link.target_type, link.target_id) == (
        "lesson", lesson.id, "commitment", hotline.id)
    page = client.get(f"/fr/recherche/lecons/{lesson.id}").get_data(as_text=True)
    assert "Ligne d&#39;urgence nationale" in page and f'href="/fr/engagements/{hotline.id}"' in page
    # The commitment's own page links back to the lesson.
    assert f'href="/fr/recherche/lecons/{lesson.id}"' in client.get(f"/fr/engagements/{hotline.id}").get_data(as_text=True)
    resp = client.post(f"/en/search/lessons/{lesson.id}/commitments", data={"informs-commitment": "9.9"})
    assert resp.status_code == 422 and "Nothing you may see has the reference “9.9”" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Link).where(Link.relation == "informs")) == 1
