"""The one-page submission flow: anonymous input, receipt code, amend, withdraw, drafts, organisations,
on behalf of a survivor, double submission, closed consultations, attachments."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from portal import audit
from portal.consultations import services
from portal.consultations.models import Submission
from portal import files
from portal.extensions import db
from sqlalchemy import select

from .helpers import answer_fields, count_submissions, form_token, receipt_code


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_visitor_submits_anonymously_then_amends_and_withdraws_with_the_receipt(client, make, lang):
    c = make.consultation()
    page = client.get(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'class="quick-exit"' in html
    assert ("Avis de confidentialité" if lang == "fr" else "Privacy notice") in html
    assert 'autocomplete="off"' in html and "localStorage" not in html
    data = {"token": form_token(html), "consent": "publish_anonymous", "language": lang, **answer_fields(c)}
    resp = client.post((f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond"), data=data)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    code = receipt_code(resp.get_data(as_text=True))
    sub = db.session.scalar(select(Submission))
    assert sub.user_id is None and sub.organisation_id is None and sub.moderation == "pending"
    assert code not in str(sub.receipt_hash) and len(sub.receipt_hash) == 64
    assert sub.answer_for(c.questions[1].id).value == "4"

    # Read and amend with the code (typed in lower case with spaces: still found)
    view = client.post(("/fr/consultations/recu" if lang == "fr" else "/en/consultations/receipt"), data={"code": code.lower().replace("-", " ")})
    assert view.status_code == 200 and "Il faut plus de refuges." in view.get_data(as_text=True)
    amended = dict(data, code=code, **{f"q_{c.questions[0].id}": "Et du soutien en français."})
    resp = client.post(("/fr/consultations/recu/corriger" if lang == "fr" else "/en/consultations/receipt/amend"), data=amended)
    assert resp.status_code == 200
    db.session.expire_all()
    assert sub.answer_for(c.questions[0].id).text == "Et du soutien en français."
    assert count_submissions() == 1
    asked = client.post(("/fr/consultations/recu/retirer" if lang == "fr" else "/en/consultations/receipt/withdraw"), data={"code": code})
    assert asked.status_code == 200 and "confirmed" in asked.get_data(as_text=True)   # "Are you sure?" first
    assert count_submissions() == 1 and sub.receipt_hash is not None
    resp = client.post(("/fr/consultations/recu/retirer" if lang == "fr" else "/en/consultations/receipt/withdraw"), data={"code": code, "confirmed": "yes"})
    assert resp.status_code == 200
    db.session.expire_all()
    assert sub.status == "withdrawn" and not sub.answers and sub.receipt_hash is None
    assert client.post(("/fr/consultations/recu" if lang == "fr" else "/en/consultations/receipt"), data={"code": code}).status_code == 200
    assert "No input matches" in client.post("/en/consultations/receipt", data={"code": code}).get_data(as_text=True)


def test_the_same_form_sent_twice_makes_one_submission_and_the_same_receipt(client, make):
    c = make.consultation()
    token = form_token(client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True))
    data = {"token": token, "consent": "secretariat_only", "language": "en", **answer_fields(c)}
    first = client.post(f"/en/consultations/{c.slug}/respond", data=data)
    second = client.post(f"/en/consultations/{c.slug}/respond", data=data)
    assert receipt_code(first.get_data(as_text=True)) == receipt_code(second.get_data(as_text=True))
    assert count_submissions() == 1


def test_nothing_but_text_is_needed_and_empty_input_is_refused_with_values_kept(client, make):
    c = make.consultation()
    token = form_token(client.get(f"/fr/consultations/{c.slug}/repondre").get_data(as_text=True))
    resp = client.post(f"/fr/consultations/{c.slug}/repondre", data={"token": token, "language": "fr",
                                                                      "attribution_name": "Gardé",
                                                                      "consent": "publish_named"})
    html = resp.get_data(as_text=True)
    assert "Répondez à au moins une question" in html and 'value="Gardé"' in html
    assert count_submissions() == 0
    # only the text: no name, no email, not even a choice of use (the most protective one applies)
    resp = client.post(f"/fr/consultations/{c.slug}/repondre", data={"token": token,
                                                                      "body": "Seulement un commentaire."})
    assert resp.status_code == 200 and count_submissions() == 1
    receipt_code(resp.get_data(as_text=True))
    sub = db.session.scalar(select(Submission))
    assert sub.consent == "secretariat_only" and sub.body == "Seulement un commentaire."


def test_closed_and_draft_consultations_take_no_input(client, make):
    closed = make.consultation("closed")
    resp = client.get(f"/en/consultations/{closed.slug}/respond")
    assert "not accepting input" in resp.get_data(as_text=True)
    resp = client.post(f"/en/consultations/{closed.slug}/respond", data={"token": "x" * 20, "body": "late",
                                                                          "consent": "secretariat_only"})
    assert count_submissions() == 0
    draft = make.consultation("draft")
    assert client.get(f"/en/consultations/{draft.slug}").status_code == 404


def test_closed_consultation_input_cannot_be_amended(client, make, app):
    c = make.consultation()
    sub, code = make.submission(c, "secretariat_only")
    from datetime import timedelta

    from portal.db import utcnow

    c.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    view = client.post("/en/consultations/receipt", data={"code": code}).get_data(as_text=True)
    assert "can be read but no longer changed" in view
    resp = client.post("/en/consultations/receipt/amend", data={"code": code, "body": "new", "consent": "secretariat_only",
                                                                "language": "en"})
    assert resp.status_code == 422 and "no longer changed" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert sub.answers and sub.status == "submitted"


def test_ngo_member_submits_on_behalf_of_a_survivor_only_with_attestation(client, make, login_as):
    c = make.consultation()
    ngo = make.org("CATHII-T", "ngo")
    member = make.user("ngo_member", org=ngo)
    login_as(member)
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    assert "on behalf of a survivor" in html
    data = {"token": form_token(html), "consent": "publish_named", "attribution_name": "Marie",
            "language": "en", "on_behalf": "y", **answer_fields(c)}
    resp = client.post(f"/en/consultations/{c.slug}/respond", data=data)
    assert "informed consent" in resp.get_data(as_text=True) and count_submissions() == 0
    data["attested"] = "y"
    resp = client.post(f"/en/consultations/{c.slug}/respond", data=data)
    receipt_code(resp.get_data(as_text=True))
    sub = db.session.scalar(select(Submission))
    assert sub.on_behalf and sub.consent_attested and sub.organisation_id == ngo.id
    assert sub.attribution == "Marie"   # the survivor's chosen name, not the NGO's
    entry = db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "submission.created"))
    assert entry.actor_user_id == member.id


def test_member_submits_for_their_organisation_and_keeps_a_draft(client, make, login_as):
    c = make.consultation()
    org = make.org("DEPT-T", "federal", name_en="Department T")
    user = make.user("department_lead", org=org)
    login_as(user)
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    data = {"token": form_token(html), "consent": "publish_named", "language": "en", "for_org": "y",
            **answer_fields(c, text="Draft text")}
    resp = client.post(f"/en/consultations/{c.slug}/respond", data=dict(data, save_draft="1"))
    assert resp.status_code == 303
    sub = db.session.scalar(select(Submission))
    assert sub.status == "draft" and sub.receipt_hash is None
    html = client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True)
    assert "Draft text" in html and "saved draft" in html
    resp = client.post(f"/en/consultations/{c.slug}/respond", data=dict(data, token=form_token(html)))
    receipt_code(resp.get_data(as_text=True))
    db.session.expire_all()
    assert count_submissions() == 1 and sub.status == "submitted" and sub.organisation_id == org.id
    assert sub.attribution == "Department T"
    # a visitor never sees someone's draft
    assert "Draft text" not in client.__class__(client.application).get(
        f"/en/consultations/{c.slug}/respond").get_data(as_text=True)


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        # Fixed timestamps, so two calls give the same bytes.
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=(2020, 1, 1, 0, 0, 0)), "<Types/>")
        zf.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2020, 1, 1, 0, 0, 0)), "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("lang,message", [("fr", "Seuls ces fichiers sont acceptés"), ("en", "Only these files are accepted")])
def test_a_renamed_program_is_refused_and_the_typed_text_kept(client, make, lang, message):
    c = make.consultation()
    token = form_token(client.get(f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond").get_data(as_text=True))
    exe = b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
    data = {"token": token, "consent": "secretariat_only", "language": lang, **answer_fields(c, text="Texte tapé"),
            "attachment": (io.BytesIO(exe), "rapport.pdf")}
    resp = client.post((f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond"), data=data, content_type="multipart/form-data")
    html = resp.get_data(as_text=True)
    assert message in html and "Texte tapé" in html and count_submissions() == 0


def test_real_documents_are_kept_outside_static_and_served_only_as_downloads_to_those_allowed(client, make, app,
                                                                                            login_as):
    c = make.consultation()
    token = form_token(client.get(f"/en/consultations/{c.slug}/respond").get_data(as_text=True))
    data = {"token": token, "consent": "publish_anonymous", "language": "en", **answer_fields(c),
            "attachment": (io.BytesIO(_docx()), "brief.pdf")}
    client.post(f"/en/consultations/{c.slug}/respond", data=data, content_type="multipart/form-data")
    sub = db.session.scalar(select(Submission))
    att = sub.attachments[0]
    assert att.kind == "docx" and att.filename == "brief.docx"   # named by content, not by the sender
    kept = files.strip_metadata("docx", _docx())                      # what is kept: the document, no properties
    assert att.file.content == kept and att.file.kind == "docx"      # in the database, never under static

    services.moderate(sub, services.ModerationInput("publish"), None)
    db.session.commit()
    assert client.get(f"/en/consultations/attachments/{att.id}").status_code == 404   # never public
    login_as(make.user("secretariat"))
    resp = client.get(f"/en/consultations/attachments/{att.id}")
    assert resp.status_code == 200 and resp.data == kept
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_invited_and_committee_audiences(client, make, login_as):
    org = make.org("INV1", "ngo")
    invited = make.consultation(audience="invited", invited=[org])
    committee = make.consultation(audience="committee")
    assert client.get(f"/en/consultations/{invited.slug}/respond").status_code == 302   # sign in first
    assert client.get(f"/en/consultations/{committee.slug}").status_code == 404
    login_as(make.user("ngo_member", org=make.org("OTHER", "ngo")))
    assert client.get(f"/en/consultations/{invited.slug}/respond").status_code == 403
    login_as(make.user("ngo_member", org=org))
    assert client.get(f"/en/consultations/{invited.slug}/respond").status_code == 200
    login_as(make.user("committee_member"))
    assert client.get(f"/en/consultations/{committee.slug}/respond").status_code == 200


def test_an_amendment_cannot_gain_an_organisation_or_on_behalf_flag_the_person_may_not_set(client, make, login_as):
    c = make.consultation()
    sub, code = make.submission(c, "secretariat_only", text="Envoyé sans compte.")
    flags = {"for_org": "y", "on_behalf": "y", "attested": "y"}
    amended = {"code": code, "consent": "secretariat_only", "language": "fr", **answer_fields(c), **flags}
    # A visitor holding the receipt code, then a signed-in person who may send for an organisation but not
    # on behalf of a survivor, then one who may do neither (an administrator), all post every flag.
    assert client.post("/fr/consultations/recu/corriger", data=amended).status_code == 200
    db.session.expire_all()
    assert (sub.organisation_id, sub.on_behalf, sub.consent_attested) == (None, False, False)
    login_as(make.user("admin", org=make.org("ADM-T")))
    assert client.post("/fr/consultations/recu/corriger", data=amended).status_code == 200
    db.session.expire_all()
    assert (sub.organisation_id, sub.on_behalf, sub.consent_attested) == (None, False, False)
    lead = make.user("department_lead", org=make.org("DEPT-A"))
    login_as(lead)
    assert client.post("/fr/consultations/recu/corriger", data=amended).status_code == 200
    db.session.expire_all()
    assert not sub.on_behalf and not sub.consent_attested
    assert sub.organisation_id == lead.organisation_id      # a flag this person may set, for their own organisation
    # The service applies the same rules whoever calls it.
    services.amend(sub, services.SubmissionInput(answers={c.questions[0].id: ("Texte", "")},
                                                 consent="secretariat_only", for_org=True, on_behalf=True,
                                                 attested=True), actor=None)
    assert (sub.organisation_id, sub.on_behalf) == (lead.organisation_id, False)


def test_input_sent_for_an_organisation_keeps_it_when_its_sender_amends_it(client, make, login_as):
    c = make.consultation()
    ngo = make.org("NGO-AM", "ngo", name_en="Amending NGO")
    member = make.user("ngo_member", org=ngo)
    sub, code = make.submission(c, "publish_named", user=member, for_org=True, attribution_name="")
    assert sub.organisation_id == ngo.id and sub.attribution == "Amending NGO"
    login_as(member)
    page = client.post("/en/consultations/receipt", data={"code": code}).get_data(as_text=True)
    assert re.search(r'<input checked id="for_org" name="for_org" type="checkbox" value="y">', page)
    resp = client.post("/en/consultations/receipt/amend", data={
        "code": code, "consent": "publish_named", "language": "en", "for_org": "y",
        **answer_fields(c, text="Texte modifié.")})
    assert resp.status_code == 200
    db.session.expire_all()
    assert sub.organisation_id == ngo.id and sub.attribution == "Amending NGO"
    assert sub.answer_for(c.questions[0].id).text == "Texte modifié."


def test_the_same_form_arriving_twice_at_once_is_stored_once(make, monkeypatch):
    """Two requests with the same form both find no stored row, both insert: the unique token digest refuses
    the second, which then answers with the row the first stored and the same receipt."""
    from portal.consultations import sending

    c = make.consultation()
    token = services.new_form_token()
    data = services.SubmissionInput(answers={c.questions[0].id: ("Une fois.", "")}, consent="secretariat_only")
    first, code = sending.submit_once(c, data, None, token)
    real_by_token = services.by_token
    calls = []

    def not_yet_stored(t):   # the second request looked before the first committed
        calls.append(t)
        return None if len(calls) == 1 else real_by_token(t)

    monkeypatch.setattr("portal.consultations.services.submissions.by_token", not_yet_stored)
    monkeypatch.setattr(services, "by_token", not_yet_stored)
    second, again = sending.submit_once(c, data, None, token)
    assert second.id == first.id and again == code and count_submissions() == 1
