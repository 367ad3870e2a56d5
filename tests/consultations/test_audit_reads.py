"""Every read of confidential input is audited, the list page and the API included: one entry per request,
naming the consultation and how many confidential items were shown (not one entry per row)."""
from __future__ import annotations

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.extensions import db


def _reads(action: str = "consultation.submissions_read") -> list[AuditEntry]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_a_committee_member_reading_do_not_publish_input_in_the_list_and_the_api_is_audited(make, client, login_as):
    c = make.consultation()
    make.submission(c, "do_not_publish", text="Un témoignage confidentiel.")
    make.submission(c, "do_not_publish", text="Un autre.")
    make.submission(c, "publish_anonymous", text="Publié.", publish=True)
    assert client.get(f"/en/consultations/{c.slug}/submissions").status_code == 200
    assert client.get(f"/api/v1/consultations/{c.slug}/submissions").status_code == 200
    assert _reads() == []                          # the public version of published input is no secret
    member = make.user("committee_member")
    login_as(member)
    page = client.get(f"/en/consultations/{c.slug}/submissions").get_data(as_text=True)
    assert "Un témoignage confidentiel." in page
    api = client.get(f"/api/v1/consultations/{c.slug}/submissions").get_json()
    assert len(api["submissions"]) == 3
    entries = _reads()
    assert len(entries) == 2                       # one per request, not one per row
    assert all(e.actor_user_id == member.id and e.object_type == "consultations" and e.object_id == c.id
               for e in entries)
    assert entries[0].summary == "input list page 1: 2 confidential of 3 shown"
    assert entries[1].summary == "API: 2 confidential of 3 shown"
