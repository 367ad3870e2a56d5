"""Input a signed-in person sends in their own name is kept like a visitor's: no account, no organisation, no
name in the audit log, a receipt code to read, change or withdraw it; the form says so. Input sent for an
organisation or on behalf of a survivor keeps its sender."""
from __future__ import annotations

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.consultations.models import Submission
from portal.extensions import db

from .helpers import answer_fields, form_token, receipt_code


def _entries(sub_id: int) -> list[AuditEntry]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "consultation_submissions",
                                                            AuditEntry.object_id == sub_id)
                                   .order_by(AuditEntry.id)))


def test_a_signed_in_person_sends_input_without_their_account_and_withdraws_it_with_the_code(client, make, login_as,
                                                                                           app):
    c = make.consultation()
    ngo = make.org("REFUGE-A", "ngo", name_en="Refuge A")
    member = make.user("ngo_member", org=ngo, email="marie.sender@example.test")
    login_as(member)
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    assert "the input you send is not linked to your account" in html
    assert "kept with your account and your organisation" in html        # what sending for the organisation keeps
    fr = client.get(f"/fr/consultations/{c.slug}/repondre").get_data(as_text=True)
    assert "n’est pas liée à votre compte" in fr
    # A draft first: it is the member's, so its id is in audit entries that name her.
    data = {"token": form_token(html), "consent": "publish_anonymous", "language": "en",
            **answer_fields(c, text="Mon témoignage.")}
    assert client.post(f"/en/consultations/{c.slug}/respond", data=dict(data, save_draft="1")).status_code == 303
    draft = db.session.scalar(select(Submission))
    draft_id = draft.id
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    resp = client.post(f"/en/consultations/{c.slug}/respond", data=dict(data, token=form_token(html)))
    code = receipt_code(resp.get_data(as_text=True))                      # a receipt, as for a visitor
    db.session.rollback()
    sub = db.session.scalar(select(Submission))
    assert sub.id != draft_id and db.session.get(Submission, draft_id) is None   # the draft is gone
    assert (sub.user_id, sub.organisation_id, sub.status) == (None, None, "submitted")
    assert sub.answer_for(c.questions[0].id).text == "Mon témoignage."
    created = _entries(sub.id)
    assert [(e.action, e.actor_user_id, e.actor_organisation_id, e.summary) for e in created] == [
        ("submission.created", None, None, "anonymous input received")]
    # Not in "our organisation's input": it is not the organisation's.
    assert "Mon témoignage" not in client.get("/en/consultations/our-input").get_data(as_text=True)
    # Withdrawn with the code while signed in: still no name in the log.
    client.post("/en/consultations/receipt/withdraw", data={"code": code, "confirmed": "yes"})
    assert [(e.action, e.actor_user_id) for e in _entries(sub.id)] == [
        ("submission.created", None), ("submission.withdrawn", None)]
    secretariat = login_as(make.user("secretariat"), app.test_client())
    log = secretariat.get("/en/admin/audit?action=submission.created").get_data(as_text=True)
    log += secretariat.get("/en/admin/audit?action=submission.withdrawn").get_data(as_text=True)
    assert "anonymous input received" in log and "system or visitor" in log
    assert "marie.sender@example.test" not in log     # only the draft's own entries (another id) name her


def test_input_sent_for_the_organisation_keeps_its_sender_and_is_in_the_organisations_list(client, make, login_as):
    c = make.consultation()
    ngo = make.org("REFUGE-B", "ngo", name_en="Refuge B")
    member = make.user("ngo_member", org=ngo)
    login_as(member)
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    resp = client.post(f"/en/consultations/{c.slug}/respond", data={
        "token": form_token(html), "consent": "publish_anonymous", "language": "en", "for_org": "y",
        **answer_fields(c, text="Au nom du refuge.")})
    receipt_code(resp.get_data(as_text=True))
    db.session.rollback()
    sub = db.session.scalar(select(Submission))
    assert (sub.user_id, sub.organisation_id) == (member.id, ngo.id)
    assert [(e.action, e.actor_user_id) for e in _entries(sub.id)] == [("submission.created", member.id)]
    assert f"Submission {sub.id}" in client.get("/en/consultations/our-input").get_data(as_text=True)
