"""Search results that show confidential input (title and snippet) are a read of it: one audit entry per
results page or API answer, with how many confidential hits it showed; public results leave none."""
from __future__ import annotations

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.extensions import db


def test_confidential_search_hits_are_audited(make, client, login_as, apply):
    c = make.consultation()
    make.submission(c, "do_not_publish", text="Le refuge Kalamazoo déborde.")
    make.submission(c, "publish_anonymous", text="Kalamazoo manque de places.", publish=True)
    apply()
    assert "Kalamazoo" in client.get("/en/search?q=kalamazoo").get_data(as_text=True)
    member = make.user("committee_member")
    login_as(member)
    assert "déborde" in client.get("/en/search?q=kalamazoo").get_data(as_text=True)
    assert client.get("/api/v1/search?q=kalamazoo").get_json()["total"] == 2
    db.session.rollback()
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "search.results_read")
                                      .order_by(AuditEntry.id)))
    assert [(e.actor_user_id, e.summary) for e in entries] == [
        (member.id, "results page 1: 1 confidential of 2 shown"), (member.id, "API page 1: 1 confidential of 2 shown")]
