"""Who sees what: pages, open data, the list filters, cross-feature helpers, search documents."""
import pytest
from sqlalchemy import select

from portal import links
from portal.commitments.models import Commitment
from portal.commitments.queries import commitments_for_jurisdiction
from portal.commitments.refs import commitment_ref, progress_update_ref
from portal.commitments.search import commitment_documents, update_documents
from portal.extensions import db
from portal.links import Ref, register_ref


def test_visitors_see_public_and_published_only(people, make, app):
    public = make.commitment(people.plan, "1.1", people.rcmp, title_en="Public one")
    internal = make.commitment(people.plan, "1.2", people.rcmp, title_en="Internal one", visibility="internal")
    make.progress_update(public, people.lead, "published", secretariat=people.secretariat, narrative_en="Published text")
    make.progress_update(public, people.lead, "submitted", narrative_en="Pending text")
    visitor = app.test_client()
    listing = visitor.get(f"/en/commitments/plans/{people.plan.code}/commitments").get_data(as_text=True)
    assert "Public one" in listing and "Internal one" not in listing
    assert visitor.get(f"/en/commitments/{internal.id}").status_code == 404
    data = visitor.get(f"/api/v1/plans/{people.plan.code}/commitments?lang=en").get_json()
    assert [c["ref"] for c in data["commitments"]] == ["1.1"]
    assert data["commitments"][0]["latest_update"]["narrative"] == "Published text"
    assert visitor.get("/api/v1/plans").get_json()["plans"][0]["code"] == people.plan.code
    fr = visitor.get(f"/api/v1/plans/{people.plan.code}/commitments?lang=fr").get_json()
    assert fr["commitments"][0]["status_label"] == "En bonne voie"
    csv_text = visitor.get(f"/en/commitments/plans/{people.plan.code}/commitments.csv").get_data(as_text=True)
    assert "Public one" in csv_text and "Internal one" not in csv_text


def test_draft_plans_are_hidden(make, app):
    plan = make.plan("DRAFT-P", status="draft")
    assert app.test_client().get(f"/en/commitments/plans/{plan.code}").status_code == 404
    assert app.test_client().get("/api/v1/plans").get_json()["plans"] == []


def test_internal_visible_to_members_and_owners(people, make, login_as, client):
    internal = make.commitment(people.plan, "1.2", people.rcmp, visibility="internal")
    ngo_org = make.org("NGOX", "ngo")
    ngo = make.user("ngo_member", org=ngo_org)
    login_as(ngo)
    assert client.get(f"/en/commitments/{internal.id}").status_code == 404
    login_as(people.lead)
    assert client.get(f"/en/commitments/{internal.id}").status_code == 200


def test_list_filters_without_javascript(people, make, app):
    make.commitment(people.plan, "1.1", people.rcmp, title_en="Alpha", pillar_key="prevention", status="at_risk",
                    due="2012-2013")
    make.commitment(people.plan, "2.1", people.cbsa, title_en="Bravo", pillar_key="protection", status="on_track",
                    due="2099-01-01")
    make.commitment(people.plan, "3.1", people.cbsa, title_en="Charlie", pillar_key="protection", status="completed",
                    due="2012-06-01", partners=[("RCMP", "support")])
    c = app.test_client()
    base = f"/en/commitments/plans/{people.plan.code}/commitments"

    def titles(query):
        html = c.get(base + query).get_data(as_text=True)
        return [t for t in ("Alpha", "Bravo", "Charlie") if t in html]

    assert titles("?pillar=protection") == ["Bravo", "Charlie"]
    assert titles("?org=RCMP") == ["Alpha", "Charlie"]          # lead or partner
    assert titles("?status=on_track") == ["Bravo"]
    assert titles("?status=at_risk,on_track") == ["Alpha", "Bravo"]
    assert titles("?overdue=1") == ["Alpha"]
    assert titles("?fy=2012-2013") == ["Alpha", "Charlie"]
    assert titles("?q=brav") == ["Bravo"]
    assert titles("?fy=2013-2012") == []
    partial = c.get(base + "?pillar=protection", headers={"HX-Request": "true", "HX-Target": "commitment-results"})
    body = partial.get_data(as_text=True)
    assert "<html" not in body and "Bravo" in body


def test_pagination(people, make, app):
    for i in range(55):
        make.commitment(people.plan, f"1.{i + 1}", people.rcmp, commit=False, title_en=f"Item {i + 1:02d}")
    db.session.commit()
    c = app.test_client()
    page1 = c.get(f"/en/commitments/plans/{people.plan.code}/commitments").get_data(as_text=True)
    assert "Page 1 of 2" in page1 and "page=2" in page1
    page2 = c.get(f"/en/commitments/plans/{people.plan.code}/commitments?page=2").get_data(as_text=True)
    assert page2.count("/en/commitments/") >= 5 and "Page 2 of 2" in page2


def test_commitments_for_jurisdiction(people, make):
    gov_on = make.jurisdiction("ON")
    named = make.commitment(people.plan, "1.1", people.rcmp, jurisdictions=["ON", "QC"])
    led = make.commitment(people.plan, "1.2", gov_on)
    make.commitment(people.plan, "1.3", people.rcmp, jurisdictions=["QC"])
    hidden = make.commitment(people.plan, "1.4", people.rcmp, jurisdictions=["ON"], visibility="internal")
    from flask_login import AnonymousUserMixin

    assert [c.id for c in commitments_for_jurisdiction("ON", AnonymousUserMixin())] == [named.id, led.id]
    assert hidden.id in [c.id for c in commitments_for_jurisdiction("ON", people.secretariat)]


def test_refs_and_search_documents(people, make):
    c = make.commitment(people.plan, "1.1", people.rcmp, title_fr="Titre", title_en="Title", jurisdictions=["ON"])
    ref = commitment_ref(c.id)
    assert ref.endpoint == "commitments.view" and ref.visibility == "public" and people.rcmp.id in ref.owner_org_ids
    draft = make.progress_update(c, people.lead)
    assert progress_update_ref(draft.id).visibility == "secretariat"
    [doc] = commitment_documents(c)
    assert doc.jurisdictions == ["ON"] and doc.pillar == "prevention" and doc.visibility == "public"
    [udoc] = update_documents(draft)
    assert udoc.visibility == "secretariat" and udoc.owner_org_ids == {people.rcmp.id}
    pub = make.progress_update(c, people.lead, "published", secretariat=people.secretariat)
    assert update_documents(pub)[0].visibility == "public"
    assert links.resolve("commitment", c.id).title.startswith("1.1")


def test_propose_from_a_source(people, make, login_as, client):
    @register_ref("test_point")
    def _resolve(record_id):
        return Ref(type="test_point", id=record_id, title="Better victim services", endpoint="core.home")

    login_as(people.secretariat)
    page = client.get(f"/en/commitments/new?plan={people.plan.code}&source_type=test_point&source_id=7")
    html = page.get_data(as_text=True)
    assert "Better victim services" in html and 'name="source_type"' in html
    resp = client.post(f"/en/commitments/new?plan={people.plan.code}", data={
        "ref": "9.1", "title_en": "Better victim services", "lead": "RCMP", "status": "not_started",
        "visibility": "public", "weight": "1", "source_type": "test_point", "source_id": "7",
        "one_language": "y"})   # English only for now, said explicitly (publication parity)
    assert resp.status_code == 303
    c = db.session.scalar(select(Commitment).where(Commitment.ref == "9.1"))
    found = links.linked("commitment", c.id, people.secretariat)
    assert [(lk.relation, ref.id) for lk, ref in found] == [("proposed_from", 7)]
    links.RESOLVERS.pop("test_point")


@pytest.mark.whoosh_only("the Whoosh outbox; in PostgreSQL the commitment and its reports are re-indexed in the "
                         "change's own transaction (tests/search/test_pg_engine.py)")
def test_partner_changes_reach_the_search_outbox(people, make):
    from portal.commitments import services
    from portal.search.outbox import SearchOutbox

    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead, "published", secretariat=people.secretariat)
    db.session.query(SearchOutbox).delete()
    db.session.commit()
    data = services.input_from_commitment(c)
    data.partners = [("CBSA", "co_lead")]
    services.update_commitment(c, data, people.secretariat)
    db.session.commit()
    queued = {(r.doc_type, r.obj_id) for r in db.session.query(SearchOutbox)}
    assert ("commitment", c.id) in queued and ("progress_update", upd.id) in queued


def test_pages_offer_to_record_a_lesson(people, make, login_as, client):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead, "published", secretariat=people.secretariat, challenges_en="Data gaps")
    login_as(people.secretariat)
    page = client.get(f"/en/commitments/{c.id}").get_data(as_text=True)
    assert "source_type=commitment" in page
    page = client.get(f"/en/commitments/updates/{upd.id}").get_data(as_text=True)
    assert "source_type=progress_update" in page and "Data+gaps" in page


def test_proposal_is_prefilled_in_each_language(people, make, login_as, client):
    from portal.i18n import localized

    class Point:
        text_fr, text_en = "Meilleurs services", "Better services"

    @register_ref("test_point2")
    def _resolve(record_id):
        return Ref(type="test_point2", id=record_id, title=localized(Point, "text"), endpoint="core.home")

    login_as(people.secretariat)
    html = client.get(f"/fr/engagements/nouveau?plan={people.plan.code}&source_type=test_point2&source_id=3")\
        .get_data(as_text=True)
    assert "Meilleurs services</textarea>" in html and "Better services</textarea>" in html
    assert "(/fr/)" in html and "(/en/)" in html
    links.RESOLVERS.pop("test_point2")
