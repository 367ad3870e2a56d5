from datetime import date, timedelta

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.coalitions.models import ChangeProposal, Protocol, Service
from portal.extensions import db
from portal.mail import OutgoingMail


def _editor(make, code="ON"):
    return make.user("jurisdiction_editor", org=make.jurisdiction(code), lang="en")


def _protocol_form(p, **over):
    data = {"title_fr": p.title_fr, "title_en": p.title_en, "jurisdiction_code": p.jurisdiction_code or "",
            "owner_organisation_id": str(p.owner_organisation_id or ""), "kind": p.kind, "scopes": p.scopes,
            "status": p.status, "effective_on": p.effective_on.isoformat() if p.effective_on else "",
            "review_on": p.review_on.isoformat() if p.review_on else "", "published": "y"}
    data.update(over)
    return data


def test_ontario_editor_changes_an_ontario_protocol(app, client, make, login_as):
    editor = _editor(make)
    protocol = make.protocol("ON", owner=editor.organisation)
    login_as(editor)
    resp = client.post(f"/en/coalitions/protocol/{protocol.id}/edit",
                       data=_protocol_form(protocol, title_en="Toronto referral protocol", status="under_review"))
    assert resp.status_code == 303
    db.session.expire_all()
    protocol = db.session.get(Protocol, protocol.id)
    assert protocol.title_en == "Toronto referral protocol" and protocol.status == "under_review"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "directory.updated")).one()
    assert entry.changes["title_en"][1] == "Toronto referral protocol" and entry.actor_user_id == editor.id


def test_ontario_editor_cannot_change_a_quebec_protocol(app, client, make, login_as):
    editor = _editor(make)
    protocol = make.protocol("QC", title_en="Montreal agreement")
    login_as(editor)
    assert client.get(f"/en/coalitions/protocol/{protocol.id}/edit").status_code == 403
    resp = client.post(f"/en/coalitions/protocol/{protocol.id}/edit",
                       data=_protocol_form(protocol, title_en="Hijacked"))
    assert resp.status_code == 403
    assert client.post(f"/en/coalitions/protocol/{protocol.id}/confirm").status_code == 403
    db.session.expire_all()
    assert db.session.get(Protocol, protocol.id).title_en == "Montreal agreement"
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "directory.updated")).all() == []


def test_editor_cannot_move_a_record_to_another_province_or_create_one_there(app, client, make, login_as):
    editor = _editor(make)
    protocol = make.protocol("ON")
    login_as(editor)
    resp = client.post(f"/en/coalitions/protocol/{protocol.id}/edit", data=_protocol_form(protocol, jurisdiction_code="QC"))
    assert resp.status_code == 422
    db.session.expire_all()
    assert db.session.get(Protocol, protocol.id).jurisdiction_code == "ON"
    resp = client.post("/en/coalitions/new/service", data={"name_en": "X", "city": "Laval", "jurisdiction_code": "QC",
                                                           "categories": ["health"],
                                                           "owner_organisation_id": str(editor.organisation_id)})
    assert resp.status_code == 422
    assert db.session.scalars(select(Service)).all() == []


def test_national_records_are_for_the_secretariat_only(app, client, make, login_as):
    national = make.coalition(None)
    login_as(_editor(make))
    assert client.get(f"/en/coalitions/coalition/{national.id}/edit").status_code == 403
    login_as(make.user("secretariat", lang="en"))
    assert client.get(f"/en/coalitions/coalition/{national.id}/edit").status_code == 200


def test_invalid_form_keeps_what_was_typed_and_says_why(app, client, make, login_as):
    editor = _editor(make)
    login_as(editor)
    resp = client.post("/fr/coalitions/nouveau/protocol", data={
        "title_fr": "Entente régionale", "jurisdiction_code": "ON", "kind": "referral", "status": "in_force",
        "owner_organisation_id": str(editor.organisation_id)})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'value="Entente régionale"' in html
    assert "error-summary" in html
    assert db.session.scalars(select(Protocol)).all() == []


def test_secretariat_creates_a_service_with_hsds_fields(app, client, make, login_as):
    sec = make.user("secretariat", lang="en")
    login_as(sec)
    data = {
        "name_fr": "Refuge", "name_en": "Shelter", "jurisdiction_code": "NS", "city": "Halifax",
        "categories": ["short_term_housing", "immediate_safety"], "populations": ["women"], "languages": ["en", "fr"],
        "open_24_7": "y", "referral_en": "Call us", "owner_organisation_id": str(sec.organisation_id), "published": "y"}
    resp = client.post("/en/coalitions/new/service", data=data)
    # Public with "How to be referred" in English only: the form asks for the French (or an explicit choice).
    assert resp.status_code == 422 and "How to be referred in French" in resp.get_data(as_text=True)
    assert 'name="one_language"' in resp.get_data(as_text=True) and "Call us" in resp.get_data(as_text=True)
    resp = client.post("/en/coalitions/new/service", data={**data, "referral_fr": "Appelez-nous"})
    assert resp.status_code == 303
    s = db.session.scalars(select(Service)).one()
    assert s.categories == ["short_term_housing", "immediate_safety"] and s.open_24_7 and s.referral_en == "Call us"


def test_protocol_versions_and_confirmation(app, client, make, login_as):
    editor = _editor(make)
    protocol = make.protocol("ON")
    old = protocol.last_confirmed_at
    login_as(editor)
    resp = client.post(f"/en/coalitions/protocol/{protocol.id}/versions",
                       data={"label": "v2", "document_url": "https://example.org/v2.pdf", "dated": "2026-01-05"})
    assert resp.status_code == 303
    assert client.post(f"/en/coalitions/protocol/{protocol.id}/confirm").status_code == 303
    db.session.expire_all()
    protocol = db.session.get(Protocol, protocol.id)
    assert [v.label for v in protocol.versions] == ["v2"]
    assert protocol.last_confirmed_at > old and protocol.last_confirmed_by_id == editor.id
    assert "v2" in client.get(f"/en/coalitions/protocol/{protocol.id}").get_data(as_text=True)


def test_ngo_proposal_waits_for_approval_then_shows(app, client, make, login_as):
    ngo_org = make.org("NGOX", "ngo")
    ngo = make.user("ngo_member", org=ngo_org, lang="fr")
    editor = _editor(make)
    service = make.service("ON", owner=ngo_org, city="Toronto", name_en="Drop-in centre")
    login_as(ngo)
    form = {"name_fr": service.name_fr, "name_en": service.name_en, "jurisdiction_code": "ON", "city": "Toronto",
            "categories": ["health", "work"], "populations": ["women"], "languages": ["fr", "en"],
            "phone": "613-555-0100", "owner_organisation_id": str(ngo_org.id), "comment": "We now help with work."}
    assert client.get(f"/fr/coalitions/service/{service.id}/modifier").status_code == 403
    resp = client.post(f"/fr/coalitions/service/{service.id}/proposer", data=form)
    assert resp.status_code == 303
    proposal = db.session.scalars(select(ChangeProposal)).one()
    assert proposal.status == "pending"
    assert proposal.proposed == {"categories": ["health", "work"], "phone": "613-555-0100"}
    assert proposal.base == {"categories": ["health"], "phone": ""}
    # Not shown before approval.
    visitor = app.test_client()
    assert "613-555-0100" not in visitor.get(f"/en/coalitions/service/{service.id}").get_data(as_text=True)
    assert db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == editor.email)).one()

    login_as(editor)
    page = client.get(f"/en/coalitions/proposals/{proposal.id}").get_data(as_text=True)
    assert "613-555-0100" in page and "Work" in page
    assert client.post(f"/en/coalitions/proposals/{proposal.id}/approve").status_code == 303
    db.session.expire_all()
    assert db.session.get(ChangeProposal, proposal.id).status == "approved"
    html = visitor.get(f"/en/coalitions/service/{service.id}").get_data(as_text=True)
    assert "613-555-0100" in html and "Work" in html
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == ngo.email)).one()
    assert "approuvée" in mail.subject or "approuv" in mail.body_text  # French: the proposer's language
    actions = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"directory.change_proposed", "directory.proposal_applied", "directory.proposal_approved"} <= actions


def test_rejection_needs_a_reason_and_changes_nothing(app, client, make, login_as):
    ngo_org = make.org("NGOY", "ngo")
    ngo = make.user("ngo_member", org=ngo_org)
    editor = _editor(make)
    service = make.service("ON", owner=ngo_org, city="Toronto")
    login_as(ngo)
    client.post(f"/en/coalitions/service/{service.id}/propose", data={
        "name_fr": service.name_fr, "name_en": service.name_en, "jurisdiction_code": "ON", "city": "Kingston",
        "categories": ["health"], "populations": ["women"], "languages": ["fr", "en"],
        "owner_organisation_id": str(ngo_org.id)})
    proposal = db.session.scalars(select(ChangeProposal)).one()
    login_as(editor)
    resp = client.post(f"/en/coalitions/proposals/{proposal.id}/reject", data={"reason": ""})
    assert resp.status_code == 422 and "Give the reason for rejecting the proposal" in resp.get_data(as_text=True)
    assert client.post(f"/en/coalitions/proposals/{proposal.id}/reject",
                       data={"reason": "Kingston has no office"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(ChangeProposal, proposal.id).status == "rejected"
    assert db.session.get(Service, service.id).city == "Toronto"
    resp = client.post(f"/en/coalitions/proposals/{proposal.id}/approve")
    assert resp.status_code == 422 and "This proposal has already been reviewed." in resp.get_data(as_text=True)
    assert db.session.get(Service, service.id).city == "Toronto"


def test_ngo_cannot_propose_on_another_organisations_record_nor_an_empty_change(app, client, make, login_as):
    ngo_org = make.org("NGOZ", "ngo")
    ngo = make.user("ngo_member", org=ngo_org)
    other = make.service("ON", owner=make.org("OTHER", "ngo"))
    mine = make.service("ON", owner=ngo_org)
    login_as(ngo)
    assert client.get(f"/en/coalitions/service/{other.id}/propose").status_code == 403
    resp = client.post(f"/en/coalitions/service/{mine.id}/propose", data={
        "name_fr": mine.name_fr, "name_en": mine.name_en, "jurisdiction_code": "ON", "city": mine.city,
        "categories": mine.categories, "populations": mine.populations, "languages": mine.languages,
        "owner_organisation_id": str(ngo_org.id)})
    assert resp.status_code == 422 and "does not change anything" in resp.get_data(as_text=True)
    assert db.session.scalars(select(ChangeProposal)).all() == []


def test_quebec_editor_cannot_review_an_ontario_proposal(app, client, make, login_as):
    from portal.coalitions import services

    ngo_org = make.org("NGOQ", "ngo")
    ngo = make.user("ngo_member", org=ngo_org)
    service = make.service("ON", owner=ngo_org)
    proposal = services.propose_change(service, services.input_from(service, city="Ottawa"), actor=ngo)
    db.session.commit()
    login_as(_editor(make, "QC"))
    assert client.post(f"/en/coalitions/proposals/{proposal.id}/approve").status_code == 403
    assert db.session.get(ChangeProposal, proposal.id).status == "pending"


def test_due_list_shows_reviews_and_expiries_within_90_days(app, client, make, login_as):
    today = date.today()
    soon = make.protocol("ON", title_en="Review soon", review_on=today + timedelta(days=30))
    expiring = make.protocol("QC", title_en="Expiring", review_on=None, expires_on=today + timedelta(days=80))
    make.protocol("ON", title_en="Later", review_on=today + timedelta(days=200))
    make.protocol("ON", title_en="Old draft", status="draft", review_on=today + timedelta(days=10))
    login_as(_editor(make))
    html = client.get("/en/coalitions/protocols/due").get_data(as_text=True)
    assert "Review soon" in html and "Expiring" in html
    assert "Later" not in html and "Old draft" not in html
    assert soon.id and expiring.id


def test_province_page_lists_the_commitments_that_name_it(app, client, make, login_as):
    plan = make.plan("NAP-MB")
    police = make.org("POLICE", name_en="Police service", name_fr="Service de police")
    named = make.commitment(plan, "2.4", police, title_fr="Former les policiers", title_en="Train police officers",
                            jurisdictions=["MB", "SK"])
    led = make.commitment(plan, "2.5", make.jurisdiction("MB"), title_en="Manitoba shelters")
    make.commitment(plan, "2.6", police, title_en="Quebec only", jurisdictions=["QC"])
    make.commitment(plan, "2.7", police, title_en="Internal review", jurisdictions=["MB"], visibility="internal")
    make.commitment(make.plan("DRAFT-MB", status="draft"), "1.1", police, title_en="Draft plan item",
                    jurisdictions=["MB"])
    html = client.get("/en/coalitions/provinces/MB").get_data(as_text=True)
    assert f'<a href="/en/commitments/{named.id}">2.4 — Train police officers</a>' in html
    assert f'<a href="/en/commitments/{led.id}">2.5 — Manitoba shelters</a>' in html
    assert "Police service" in html
    for hidden in ("Quebec only", "Internal review", "Draft plan item"):
        assert hidden not in html, hidden
    french = client.get("/fr/coalitions/provinces/SK").get_data(as_text=True)
    assert "2.4 — Former les policiers" in french and "Manitoba shelters" not in french
    login_as(make.user("secretariat", lang="en"))
    assert "2.7 — Internal review" in client.get("/en/coalitions/provinces/MB").get_data(as_text=True)
    assert "Aucun engagement ne mentionne Nunavut" in client.get("/fr/coalitions/provinces/NU").get_data(as_text=True)


def test_ngo_proposes_a_new_service_which_exists_once_approved(app, client, make, login_as):
    ngo_org = make.org("NGON", "ngo", jurisdiction_code="NS")
    ngo = make.user("ngo_member", org=ngo_org, lang="en")
    editor = _editor(make, "NS")
    login_as(ngo)
    page = client.get("/en/coalitions/services").get_data(as_text=True)
    assert "/en/coalitions/propose/service" in page
    resp = client.post("/en/coalitions/propose/service", data={
        "name_en": "Halifax drop-in", "jurisdiction_code": "NS", "city": "Halifax", "categories": ["material_needs"],
        "populations": ["youth"], "languages": ["en"], "owner_organisation_id": str(ngo_org.id), "published": "y"})
    assert resp.status_code == 303
    proposal = db.session.scalars(select(ChangeProposal)).one()
    assert proposal.record_id is None and proposal.is_new_record
    assert db.session.scalars(select(Service)).all() == []
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == editor.email)).one()
    assert "Halifax drop-in" in mail.subject
    login_as(editor)
    assert "Halifax drop-in" in client.get("/en/coalitions/proposals").get_data(as_text=True)
    assert client.post(f"/en/coalitions/proposals/{proposal.id}/approve").status_code == 303
    service = db.session.scalars(select(Service)).one()
    assert service.owner_organisation_id == ngo_org.id and service.categories == ["material_needs"]
    assert service.jurisdiction_code == "NS" and service.published
    assert db.session.get(ChangeProposal, proposal.id).record_id == service.id
    html = app.test_client().get("/en/coalitions/services?province=NS").get_data(as_text=True)
    assert "Halifax drop-in" in html


def test_due_page_lists_own_stale_records_to_confirm(app, client, make, login_as):
    from datetime import timedelta as td

    from portal.db import utcnow

    editor = _editor(make)
    mine = make.coalition("ON", name_en="Old Ontario network")
    theirs = make.coalition("QC", name_en="Old Quebec network")
    for c in (mine, theirs):
        c.last_confirmed_at = utcnow() - td(days=500)
    db.session.commit()
    login_as(editor)
    html = client.get("/en/coalitions/protocols/due").get_data(as_text=True)
    assert "Old Ontario network" in html and "Old Quebec network" not in html
    resp = client.post(f"/en/coalitions/coalition/{mine.id}/confirm", data={"next": "/en/coalitions/protocols/due"})
    assert resp.status_code == 303 and resp.location.endswith("/en/coalitions/protocols/due")
    assert "Old Ontario network" not in client.get("/en/coalitions/protocols/due").get_data(as_text=True)


def test_confirm_never_redirects_off_site(app, client, make, login_as):
    editor = _editor(make)
    c = make.coalition("ON")
    login_as(editor)
    for bad in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        resp = client.post(f"/en/coalitions/coalition/{c.id}/confirm", data={"next": bad})
        assert resp.location.endswith(f"/en/coalitions/coalition/{c.id}"), bad


def test_editor_keeps_regional_notes_of_their_province(app, client, make, login_as):
    from portal.coalitions.models import RegionNote

    editor = _editor(make)
    login_as(editor)
    assert "Add a regional note" in client.get("/en/coalitions/provinces/ON").get_data(as_text=True)
    assert "Add a regional note" not in client.get("/en/coalitions/provinces/QC").get_data(as_text=True)
    assert client.post("/en/coalitions/provinces/ON/notes/new", data={"title_en": "Trends"}).status_code == 422
    resp = client.post("/en/coalitions/provinces/ON/notes/new",
                       data={"title_en": "Trends", "body_en": "- More rural cases", "year": "2026", "published": "y"})
    assert resp.status_code == 303
    note = db.session.scalars(select(RegionNote)).one()
    assert client.post(f"/en/coalitions/notes/{note.id}/edit",
                       data={"title_en": "Trends 2026", "body_en": "- More rural cases", "published": "y"}).status_code == 303
    assert "Trends 2026" in app.test_client().get("/en/coalitions/provinces/ON").get_data(as_text=True)
    assert client.post("/en/coalitions/provinces/QC/notes/new", data={"body_en": "x"}).status_code == 403
    assert {"directory.note_created", "directory.note_updated"} <= {e.action for e in db.session.scalars(select(AuditEntry))}


def test_ngo_withdraws_its_pending_proposal_once(app, client, make, login_as):
    from portal.coalitions import services

    ngo_org = make.org("NGOW", "ngo")
    ngo = make.user("ngo_member", org=ngo_org, lang="en")
    service = make.service("ON", owner=ngo_org)
    proposal = services.propose_change(service, services.input_from(service, city="Ottawa"), actor=ngo)
    db.session.commit()
    login_as(make.user("ngo_member", org=make.org("NGOV", "ngo")))
    assert client.post(f"/en/coalitions/proposals/{proposal.id}/withdraw").status_code == 403
    login_as(ngo)
    resp = client.post(f"/en/coalitions/proposals/{proposal.id}/withdraw", data={"confirmed": "yes"})
    assert resp.status_code == 303 and resp.location.endswith("/en/coalitions/proposals")
    assert db.session.get(ChangeProposal, proposal.id).status == "withdrawn"
    resp = client.post(f"/en/coalitions/proposals/{proposal.id}/withdraw", data={"confirmed": "yes"},
                       follow_redirects=True)
    assert resp.request.path == f"/en/coalitions/proposals/{proposal.id}"
    assert "This proposal has already been reviewed." in resp.get_data(as_text=True)
    assert "Withdrawn" in resp.get_data(as_text=True)
