"""Roundtables: details, attendance numbers, key points (to commitments and lessons), evaluation,
attachments, written input through the same flow, counted in the consultation's "what we heard"."""
from __future__ import annotations

import io
from datetime import timedelta

from portal.consultations.models import Roundtable
from portal.db import utcnow
from portal.extensions import db
from sqlalchemy import select

from .access import PDF
from .helpers import form_token, receipt_code


def test_secretariat_records_a_roundtable(make, client, login_as):
    make.categories()
    login_as(make.user("secretariat"))
    from portal.consultations.queries import category_by_code

    ngo, survivors = category_by_code("ngo"), category_by_code("survivors")
    data = {"title_fr": "Table ronde de Halifax", "title_en": "Halifax roundtable", "jurisdiction_code": "NS",
            "city": "Halifax", "held_on": "2026-03-04", "organiser_fr": "SP", "organiser_en": "PS",
            "chatham_house": "y", "consultation_id": "0", f"att_{ngo.id}": "12", f"att_{survivors.id}": "3"}
    # A public roundtable names its organiser in both languages (or says it is in one for now).
    refused = client.post("/en/consultations/roundtables/new", data={**data, "organiser_en": ""})
    assert refused.status_code == 422 and "Missing: Organiser in English." in refused.get_data(as_text=True)
    resp = client.post("/en/consultations/roundtables/new", data=data)
    assert resp.status_code == 303
    rt = db.session.scalar(select(Roundtable))
    assert rt.chatham_house and rt.attendance_total == 15
    # The organiser in each language, never "SP / PS".
    assert "<dd>PS</dd>" in client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert "<dd>SP</dd>" in client.get(f"/fr/consultations/tables-rondes/{rt.id}").get_data(as_text=True)
    refused = client.post(f"/en/consultations/roundtables/{rt.id}/key-points", data={
        "heading_fr": "Atlantique", "text_fr": "Manque de refuge.", "text_en": ""})
    assert refused.status_code == 422 and "Manque de refuge." in refused.get_data(as_text=True)
    client.post(f"/en/consultations/roundtables/{rt.id}/key-points", data={
        "heading_fr": "Atlantique", "heading_en": "Atlantic", "text_fr": "Manque de refuge.",
        "text_en": "No shelter."})
    db.session.expire_all()
    kp = rt.key_points[0]
    assert client.get(f"/fr/consultations/points-cles/{kp.id}/modifier").status_code == 200
    client.post(f"/en/consultations/key-points/{kp.id}/edit", data={
        "heading_fr": "Atlantique", "heading_en": "Atlantic", "text_fr": "Manque de refuges.",
        "text_en": "Not enough shelters."})
    client.post(f"/en/consultations/roundtables/{rt.id}/evaluation", data={
        "statement_fr": "Bien organisé.", "statement_en": "Well organised.", "percent": "93"})
    resp = client.post(f"/en/consultations/roundtables/{rt.id}/attachments",
                       data={"file": (io.BytesIO(b"MZ fake"), "x.pdf")}, content_type="multipart/form-data")
    assert resp.status_code == 422 and "Only these files are accepted" in resp.get_data(as_text=True)
    client.post(f"/en/consultations/roundtables/{rt.id}/attachments",
                data={"file": (io.BytesIO(PDF), "rapport final.pdf")}, content_type="multipart/form-data")
    visitor = client.application.test_client()
    for lang, pct, rule in (("en", "93%", "Yes: what was said"), ("fr", "93", "Oui\u00a0: ce qui a été dit")):
        page = visitor.get(f"/fr/consultations/tables-rondes/{rt.id}" if lang == "fr" else f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
        assert pct in page and rule in page and "rapport final.pdf" in page
    assert "Not enough shelters." in visitor.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert "Halifax" in visitor.get("/api/v1/roundtables/%d" % rt.id).get_data(as_text=True)


def test_roundtable_input_counts_in_its_consultation(make, client, login_as, app):
    c = make.consultation()
    rt = make.roundtable(c)
    html = client.get(f"/fr/consultations/tables-rondes/{rt.id}/repondre").get_data(as_text=True)
    assert 'class="quick-exit"' in html
    resp = client.post(f"/fr/consultations/tables-rondes/{rt.id}/repondre", data={
        "token": form_token(html), "consent": "publish_anonymous", "body": "Apport écrit après la table ronde."})
    receipt_code(resp.get_data(as_text=True))
    c.closes_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    staff = app.test_client()
    login_as(make.user("secretariat"), staff)
    page = staff.get(f"/en/consultations/{c.slug}/what-we-heard").get_data(as_text=True)
    assert "Input received: 1" in page and "Key point." in page
    assert client.get(f"/en/consultations/roundtables/{rt.id}/respond").status_code == 200
    assert "not accepting input" in client.get(f"/en/consultations/roundtables/{rt.id}/respond").get_data(
        as_text=True)


def test_key_points_offer_commitments_and_lessons(make, client, login_as):
    rt = make.roundtable()
    login_as(make.user("secretariat"))
    page = client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    kp = rt.key_points[0]
    assert f"source_type=key_point&amp;source_id={kp.id}" in page and "Propose a commitment" in page
    assert f"/en/search/lessons/new?source_type=key_point&amp;source_id={kp.id}" in page
    assert "Record as a lesson learned" in page


def test_roundtable_files_follow_their_consultation_audience_and_state(make, client, login_as):
    """A roundtable file is served only to those who may see the roundtable: its consultation's audience
    (committee-only) and state (draft) bound it, and ids are sequential, so the route itself must check."""
    committee_only = make.roundtable(make.consultation(audience="committee"))
    draft = make.roundtable(make.consultation(state="draft"))
    public = make.roundtable(make.consultation())
    ids = {}
    for name, rt in (("committee", committee_only), ("draft", draft), ("public", public)):
        ids[name] = make.roundtable_document(rt, f"{name}.pdf").id
    visitor = client.application.test_client()
    assert visitor.get(f"/en/consultations/attachments/{ids['public']}").status_code == 200
    assert visitor.get(f"/en/consultations/attachments/{ids['committee']}").status_code == 404
    assert visitor.get(f"/en/consultations/attachments/{ids['draft']}").status_code == 404
    ngo = login_as(make.user("ngo_member"), client.application.test_client())
    assert ngo.get(f"/en/consultations/attachments/{ids['committee']}").status_code == 404
    committee = login_as(make.user("committee_member"), client.application.test_client())
    assert committee.get(f"/en/consultations/attachments/{ids['committee']}").status_code == 200
    assert committee.get(f"/en/consultations/attachments/{ids['draft']}").status_code == 404
    secretariat = login_as(make.user("secretariat"), client.application.test_client())
    assert secretariat.get(f"/en/consultations/attachments/{ids['draft']}").status_code == 200
