"""The list of lessons learned audits a reading of secretariat-only or committee lessons (one entry per page)."""
from __future__ import annotations

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.extensions import db


def test_listing_confidential_lessons_is_audited(make, client, login_as):
    secretariat = make.user("secretariat")
    make.lesson(actor=secretariat, title_en="Shared lesson")
    make.lesson(actor=secretariat, title_en="Secretariat-only lesson", visibility="secretariat")
    assert "Secretariat-only lesson" not in client.get("/en/search/lessons").get_data(as_text=True)
    login_as(secretariat)
    assert "Secretariat-only lesson" in client.get("/en/search/lessons").get_data(as_text=True)
    db.session.rollback()
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "lesson.list_read")))
    assert [(e.actor_user_id, e.object_type, e.summary) for e in entries] == [
        (secretariat.id, "lessons", "list page 1: 1 confidential of 2 shown")]


def test_reading_a_committee_finding_is_audited(make, client, login_as):
    public, secret = make.finding(code="P1"), make.finding(code="C1", visibility="committee")
    member = make.user("committee_member")
    login_as(member)
    assert client.get(f"/en/search/findings/{public.id}").status_code == 200
    assert client.get(f"/en/search/findings/{secret.id}").status_code == 200
    db.session.rollback()
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "evaluation_finding.viewed")))
    assert [(e.actor_user_id, e.object_id) for e in entries] == [(member.id, secret.id)]
