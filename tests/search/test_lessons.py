"""Lessons learned, glossary, saved searches: pages, rules, audit."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.audit import AuditEntry
from portal.extensions import db
from portal.links import Link
from portal.mail import OutgoingMail
from portal.search.models import GlossaryTerm, Lesson, SavedSearch

from .helpers import run


def test_secretariat_creates_a_lesson_from_a_source_and_it_is_found_in_the_other_language(client, login_as, make, apply):
    finding = make.finding(code="F6", title_fr="Le PST est sous-utilisé", body_fr="Le permis de séjour temporaire.")
    make.glossary_term("permis de séjour temporaire", "temporary resident permit", "PST", "TRP")
    login_as(make.user("secretariat"))
    page = client.get(f"/fr/search/lessons/new?source_type=evaluation_finding&source_id={finding.id}&excerpt=Le+PST")
    assert page.status_code == 200 and "Le PST est sous-utilisé" in page.get_data(as_text=True)
    resp = client.post("/fr/search/lessons/new", data={
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
    hits = run(None, "temporary resident permit", lang="en").hits
    assert lesson.id in [h.obj_id for h in hits if h.type == "lesson"]
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "Available in French only" in page and f'href="/en/search/findings/{finding.id}"' in page
    assert "<title><span" not in page


def test_a_lesson_is_never_wider_than_its_most_confidential_source(client, login_as, make, apply):
    secret = make.finding(code="S1", visibility="secretariat", title_en="Confidential finding")
    secretariat = make.user("secretariat")
    login_as(secretariat)
    resp = client.post("/en/search/lessons/new", data={
        "title_en": "Too wide", "visibility": "public", "source_type": "evaluation_finding",
        "source_id": str(secret.id)})
    assert resp.status_code == 200 and "cannot be more widely visible" in resp.get_data(as_text=True)
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


def test_committee_member_comments_and_a_visitor_cannot_see(app, client, login_as, make):
    lesson = make.lesson(title_en="Committee lesson", visibility="committee")
    assert app.test_client().get(f"/en/search/lessons/{lesson.id}").status_code == 404
    member = make.user("committee_member")
    login_as(member)
    resp = client.post(f"/en/search/lessons/{lesson.id}/comments", data={"body": "We saw this in **Québec**."})
    assert resp.status_code == 303
    page = client.get(f"/fr/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "<strong>Québec</strong>" in page
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
    assert resp.status_code == 200 and "Give the lesson a title" in resp.get_data(as_text=True)


def test_lessons_list_shows_only_what_the_user_may_see(client, login_as, make):
    make.lesson(title_en="Open lesson", visibility="public")
    make.lesson(title_en="Secret lesson", visibility="secretariat")
    page = client.get("/en/search/lessons").get_data(as_text=True)
    assert "Open lesson" in page and "Secret lesson" not in page
    login_as(make.user("secretariat"))
    assert "Secret lesson" in client.get("/en/search/lessons").get_data(as_text=True)


def test_secretariat_extends_the_glossary_and_search_uses_it(client, login_as, make, apply):
    make.lesson(title_fr="La servitude pour dettes dans les fermes", title_en="", visibility="public")
    apply()
    assert run(None, "debt bondage", lang="en").total == 0
    login_as(make.user("secretariat"))
    resp = client.post("/en/search/glossary", data={"term_fr": "servitude pour dettes", "term_en": "debt bondage",
                                                    "aliases_fr": "", "aliases_en": "bonded labour"})
    assert resp.status_code == 303
    assert run(None, "debt bondage", lang="en").total == 1
    assert run(None, "bonded labor", lang="en").total == 1
    resp = client.post("/en/search/glossary", data={"term_fr": "servitude pour dettes", "term_en": "debt bondage"})
    assert "already in the glossary" in resp.get_data(as_text=True)
    term = db.session.scalar(select(GlossaryTerm))
    assert client.post(f"/en/search/glossary/{term.id}/delete").status_code == 303
    assert db.session.scalar(select(GlossaryTerm)) is None


def test_saved_search_weekly_email_is_idempotent_and_respects_permissions(app, client, login_as, make, apply):
    from datetime import timedelta

    from portal.db import utcnow
    from portal.search.alerts import send_saved_search_alerts

    visitor_like = make.user("ngo_member", lang="en")
    login_as(visitor_like)
    resp = client.post("/en/search/saved", data={"q": "hotline", "filters": "type=lesson"})
    assert resp.status_code == 303
    saved = db.session.scalar(select(SavedSearch))
    saved.created_at = utcnow() - timedelta(days=7)
    make.lesson(title_en="A national hotline", visibility="public")
    make.lesson(title_en="Hotline secret plans", visibility="secretariat")
    apply()
    assert send_saved_search_alerts() == 1
    assert send_saved_search_alerts() == 0  # same week: claimed
    mails = db.session.scalars(select(OutgoingMail)).all()
    assert len(mails) == 1 and "A national hotline" in mails[0].body_text
    assert "secret" not in mails[0].body_text.lower()
    assert mails[0].subject.startswith("New results for your saved search")


def test_search_page_without_javascript_and_with_htmx(client, make, apply):
    make.lesson(title_en="Awareness campaigns for youth", visibility="public", pillar="prevention")
    make.lesson(title_en="Awareness is not enough", visibility="public")
    apply()
    page = client.get("/en/search?q=awareness").get_data(as_text=True)
    assert "2 results" in page and "<mark>" in page or "Awareness" in page
    assert 'href="/en/search?q=awareness&amp;pillar=prevention"' in page
    filtered = client.get("/en/search?q=awareness&pillar=prevention").get_data(as_text=True)
    assert "1 result" in filtered and "youth" in filtered
    partial = client.get("/fr/search?q=awareness", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.lstrip().startswith('<div id="search-results"') and "<html" not in partial
    assert "2 résultats" in partial


def test_other_features_can_offer_a_lesson_from_their_source_pages(app, client, login_as, make):
    from flask import render_template_string

    tpl = ('{% from "search/_lesson_from_source.html" import lesson_from_source with context %}'
           '{{ lesson_from_source("key_point", 7, "Un extrait") }}')
    assert "lessons/new" not in render_template_string(tpl)  # a visitor may not create lessons
    from flask_login import login_user

    login_user(make.user("committee_member"))
    html = render_template_string(tpl)
    assert "source_type=key_point" in html and "source_id=7" in html and "excerpt=Un+extrait" in html


def test_a_lesson_is_linked_to_the_commitment_it_informs(client, login_as, make, apply, monkeypatch):
    from portal import links
    from portal.search.documents import SearchDocument
    from portal.search.writer import index_documents

    monkeypatch.setitem(links.RESOLVERS, "commitment", lambda i: links.Ref(
        "commitment", i, "Ligne d'urgence nationale", "search.lessons") if i == 42 else None)
    index_documents([SearchDocument("commitment", 42, "search.lessons", title_fr="Ligne d'urgence nationale")])
    lesson = make.lesson(title_fr="Leçon", visibility="public")
    login_as(make.user("secretariat"))
    page = client.get(f"/fr/search/lessons/{lesson.id}").get_data(as_text=True)
    assert 'option value="42"' in page
    assert client.post(f"/fr/search/lessons/{lesson.id}/commitments", data={"commitment_id": "42"}).status_code == 303
    link = db.session.scalar(select(Link).where(Link.relation == "informs"))
    assert (link.source_type, link.source_id, link.target_type, link.target_id) == ("lesson", lesson.id, "commitment", 42)
    assert "Ligne d&#39;urgence nationale" in client.get(f"/fr/search/lessons/{lesson.id}").get_data(as_text=True)
    client.post(f"/fr/search/lessons/{lesson.id}/commitments", data={"commitment_id": "7"})
    assert db.session.scalar(select(func.count()).select_from(Link).where(Link.relation == "informs")) == 1
