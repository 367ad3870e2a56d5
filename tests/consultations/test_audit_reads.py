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


def test_reading_a_committee_roundtable_is_audited_on_its_page_and_in_the_api(make, client, login_as):
    open_rt = make.roundtable(make.consultation())
    rt = make.roundtable(make.consultation(audience="committee"))
    member = make.user("committee_member")
    login_as(member)
    for url in (f"/en/consultations/roundtables/{open_rt.id}", f"/en/consultations/roundtables/{rt.id}",
                f"/api/v1/roundtables/{rt.id}"):
        assert client.get(url).status_code == 200, url
    assert [(e.object_id, e.summary) for e in _reads("roundtable.viewed")] == [
        (rt.id, "1 confidential of 1 shown"), (rt.id, "API: 1 confidential of 1 shown")]


def test_the_audit_log_keeps_confidential_details_from_an_admin_without_content_roles(make, app, login_as):
    from portal.consultations import services

    c = make.consultation(audience="committee")
    sub, _code = make.submission(c, "publish_anonymous", text="Elle vit rue Sainte-Zita.")
    secretariat = make.user("secretariat")
    services.moderate(sub, services.ModerationInput("hide", reason="Names the street Sainte-Zita"), secretariat)
    db.session.commit()
    admin = make.user("admin")
    target = make.user("ngo_member")
    browser = login_as(admin, app.test_client())
    browser.post(f"/en/admin/users/{target.id}", data={"roles": ["committee_member"]})
    html = browser.get("/en/admin/audit").get_data(as_text=True)
    assert "submission.hidden" in html and f"#{sub.id}" in html          # the kind and the id
    assert "Sainte-Zita" not in html                                     # not what it says
    assert "Details withheld: you may not read this record." in html
    assert "user.roles_changed" in html and "committee_member" in html   # the administration's own
    fr = browser.get("/fr/admin/journal").get_data(as_text=True)
    assert "Sainte-Zita" not in fr and "Détails retenus" in fr
    html = login_as(secretariat, app.test_client()).get("/en/admin/audit").get_data(as_text=True)
    assert "Names the street Sainte-Zita" in html and "Details withheld" not in html
