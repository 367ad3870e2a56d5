"""Progress updates: draft -> submitted -> published or sent back; evidence; who sees what."""
import io
from datetime import date

import pytest
from sqlalchemy import select

from portal.commitments import services
from portal.commitments.models import CommitmentEvent, Evidence, ProgressUpdate
from portal.extensions import db
from portal.mail import OutgoingMail
from portal.rules import RuleError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post_update(client, c, **over):
    data = {"as_of": "2025-12-01", "status": "at_risk", "progress": "35", "narrative_en": "Ten workshops held.",
            "narrative_fr": "Dix ateliers donnés.", "action": "submit"}
    data.update(over)
    return client.post(f"/en/commitments/{c.id}/updates/new", data=data, content_type="multipart/form-data")


def test_lead_submits_with_evidence_then_secretariat_publishes(people, make, login_as, client, app):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    login_as(people.lead)
    resp = _post_update(client, c, evidence_file=(io.BytesIO(PDF), "rapport.pdf"), evidence_label="Report")
    assert resp.status_code == 303
    upd = db.session.scalar(select(ProgressUpdate))
    assert upd.state == "submitted" and upd.organisation_id == people.rcmp.id
    assert [e.filename for e in upd.evidence] == ["rapport.pdf"]
    assert db.session.scalar(select(OutgoingMail).where(OutgoingMail.to_address == people.secretariat.email))

    visitor = app.test_client()
    assert visitor.get(f"/en/commitments/updates/{upd.id}").status_code == 404
    assert "Ten workshops" not in visitor.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    ev = upd.evidence[0]
    assert visitor.get(f"/en/commitments/evidence/{ev.id}").status_code == 404
    got = client.get(f"/en/commitments/evidence/{ev.id}")
    assert got.status_code == 200 and got.data == PDF and "attachment" in got.headers["Content-Disposition"]

    login_as(people.secretariat)
    assert client.post(f"/en/commitments/updates/{upd.id}/publish").status_code == 303
    db.session.expire_all()
    assert (c.status, c.progress) == ("at_risk", 35)
    page = visitor.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    assert "Ten workshops held." in page and "At risk" in page
    # public history: the organisation, never the person
    assert "RCMP" in page and people.lead.display_name not in page and people.secretariat.display_name not in page
    assert "Progress report published" in page
    ev_row = db.session.scalar(select(CommitmentEvent).where(CommitmentEvent.kind == "update_published"))
    assert ev_row.changes == {"status": ["not_started", "at_risk"], "progress": [0, 35]}
    assert visitor.get(f"/en/commitments/evidence/{ev.id}").status_code == 200
    assert db.session.scalar(select(OutgoingMail).where(OutgoingMail.to_address == people.lead.email))


def test_send_back_needs_a_comment_and_reopens_the_draft(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead, "submitted")
    login_as(people.secretariat)
    resp = client.post(f"/en/commitments/updates/{upd.id}/return", data={"comment": ""})
    assert resp.status_code == 422 and "Say what needs to change" in resp.get_data(as_text=True)
    resp = client.post(f"/en/commitments/updates/{upd.id}/return", data={"comment": "Add the French text."})
    assert resp.status_code == 303
    db.session.expire_all()
    assert upd.state == "returned" and upd.return_comment == "Add the French text."
    login_as(people.lead)
    page = client.get(f"/en/commitments/updates/{upd.id}/edit").get_data(as_text=True)
    assert "Add the French text." in page
    resp = client.post(f"/en/commitments/updates/{upd.id}/edit", data={
        "as_of": "2025-12-02", "status": "on_track", "progress": "60", "narrative_fr": "Texte", "action": "submit"})
    assert resp.status_code == 303
    db.session.expire_all()
    assert upd.state == "submitted" and upd.progress == 60


def test_no_change_keeps_status_and_progress(people, make):
    c = make.commitment(people.plan, "1.1", people.rcmp, status="on_track", progress="45")
    upd = services.create_update(c, services.UpdateInput(as_of=date.today(), status="", progress="", no_change=True),
                                 people.lead)
    services.submit_update(upd, people.lead)
    services.publish_update(upd, people.secretariat)
    db.session.commit()
    assert (c.status, c.progress) == ("on_track", 45)


def test_update_rules(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    login_as(people.lead)
    resp = _post_update(client, c, progress="150", narrative_en="", narrative_fr="")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "between 0 and 100" in html and "no change this period" in html
    assert 'value="150"' in html
    resp = _post_update(client, c, evidence_file=(io.BytesIO(b"MZ\x90\x00binary"), "report.pdf"))
    assert resp.status_code == 422 and "whatever its name says" in resp.get_data(as_text=True)
    resp = _post_update(client, c, evidence_file=(io.BytesIO(b"x"), "tool.exe"))
    assert "Only these files are accepted" in resp.get_data(as_text=True)
    assert db.session.query(ProgressUpdate).count() == 0 and db.session.query(Evidence).count() == 0


def test_evidence_size_limit(people, make):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead)
    with pytest.raises(RuleError, match="larger"):
        services.add_evidence(upd, services.EvidenceInput("big.txt", b"a" * (services.MAX_EVIDENCE_BYTES + 1)),
                              people.lead)
    with pytest.raises(RuleError):
        services.add_evidence(upd, services.EvidenceInput(url="javascript:alert(1)"), people.lead)


def test_other_department_cannot_report_or_publish(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead, "submitted")
    login_as(people.other_lead)
    assert _post_update(client, c).status_code == 403
    assert client.get(f"/en/commitments/updates/{upd.id}").status_code == 404
    login_as(people.lead)
    assert client.post(f"/en/commitments/updates/{upd.id}/publish").status_code == 403


def test_rollup_is_weighted(people, make):
    parent = make.commitment(people.plan, "1", people.rcmp)
    a = make.commitment(people.plan, "1.1", people.rcmp, parent_ref="1", progress="100", weight=3)
    make.commitment(people.plan, "1.2", people.rcmp, parent_ref="1", progress="0", weight=1)
    make.commitment(people.plan, "1.3", people.rcmp, parent_ref="1", progress="0", status="cancelled")
    assert parent.progress == 75
    upd = make.progress_update(a, people.lead, "published", secretariat=people.secretariat, progress=20)
    assert upd.state == "published" and parent.progress == 15


def test_a_comment_sent_back_in_french_is_marked_on_english_pages(people, make, login_as, client):
    """The portal does not ask which language a reviewer's comment is in: its words say it (portal/textlang.py),
    and a screen reader must read it with that voice."""
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead, "submitted")
    login_as(people.secretariat)
    comment = "Il manque le texte en français et les montants dépensés pendant l'exercice."
    assert client.post(f"/en/commitments/updates/{upd.id}/return", data={"comment": comment}).status_code == 303
    login_as(people.lead)
    for path in (f"/en/commitments/updates/{upd.id}/edit", f"/en/commitments/updates/{upd.id}"):
        page = client.get(path).get_data(as_text=True)
        assert f'<span lang="fr">{comment}' in page.replace("&#39;", "'"), path
        assert "Available in French only" in page, path
    page = client.get(f"/fr/engagements/mises-a-jour/{upd.id}").get_data(as_text=True)
    assert "Il manque le texte" in page and "Disponible en français seulement" not in page
