"""Secretariat pages: a consultation built in the browser, categories, code book, tagging by the committee,
search documents and refs of consultations, roundtables and key points, the API for each audience."""
from __future__ import annotations

from sqlalchemy import select

from portal.consultations import queries
from portal.consultations.models import Consultation, StakeholderCategory
from portal.consultations.search import consultation_documents, key_point_documents, roundtable_documents
from portal.extensions import db
from portal.links import resolve

from .factories import PAPER_EN, PAPER_FR


def test_secretariat_builds_a_consultation_and_its_paper_in_the_browser(make, client, login_as):
    login_as(make.user("secretariat"))
    resp = client.post("/en/consultations/new", data={
        "slug": "navigateur", "title_fr": "Titre", "title_en": "Title", "summary_fr": "", "summary_en": "",
        "audience": "public", "opens_at": "2030-07-01T09:00", "closes_at": "2030-06-01T09:00",
        "retention_days": "365"})
    assert "closing time must come after" in resp.get_data(as_text=True)
    resp = client.post("/en/consultations/new", data={
        "slug": "navigateur", "title_fr": "Titre", "title_en": "Title", "audience": "public",
        "opens_at": "2030-07-01T09:00", "closes_at": "2030-08-01T09:00", "retention_days": "365"})
    assert resp.status_code == 303
    c = queries.consultation_by_slug("navigateur")
    assert c.opens_at.hour == 13 and c.state() == "upcoming"     # 09:00 EDT is 13:00 UTC
    bad = client.post("/en/consultations/navigateur/paper", data={
        "paper_fr": PAPER_FR.format(n=1), "paper_en": "# Only a title\n\n## One\n"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "sections" in html and "Comment mieux protéger" in html
    ok = client.post("/en/consultations/navigateur/paper", data={"paper_fr": PAPER_FR.format(n=1),
                                                                 "paper_en": PAPER_EN.format(n=1)})
    assert ok.status_code == 303
    db.session.expire_all()
    c = queries.consultation_by_slug("navigateur")
    assert len(c.questions) == 5 and c.questions[2].kind == "yesno" and c.title_en == "Test consultation 1"
    page = client.get("/en/consultations/navigateur/paper").get_data(as_text=True)
    assert "[choice: Housing | Health | Justice]" in page      # the paper round-trips to Markdown


def test_categories_are_configurable(make, client, login_as):
    make.categories()
    login_as(make.user("secretariat"))
    resp = client.post("/fr/consultations/categories", data={"code": "youth", "name_fr": "Jeunes",
                                                              "name_en": "Youth"})
    assert resp.status_code == 303
    cat = queries.category_by_code("youth")
    client.post(f"/fr/consultations/categories/{cat.id}/basculer")
    db.session.expire_all()
    assert not db.session.get(StakeholderCategory, cat.id).active
    c = make.consultation()
    assert "Jeunes" not in client.get(f"/fr/consultations/{c.slug}/repondre").get_data(as_text=True)


def test_committee_tags_input_it_may_read(make, client, login_as):
    c = make.consultation()
    make.theme(c, "data", "Données", "Data")
    sub, _ = make.submission(c, "do_not_publish", text="Il manque des données fiables.")
    secret, _ = make.submission(c, "secretariat_only")
    login_as(make.user("committee_member"))
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert "Tag with a theme" in page and "Moderate" not in page
    theme = c.themes[0]
    resp = client.post(f"/en/consultations/submissions/{sub.id}/tags", data={
        "tag-theme_id": str(theme.id), "tag-answer_id": str(sub.answers[0].id), "tag-excerpt": "données fiables"})
    assert resp.status_code == 303
    db.session.expire_all()
    assert sub.tags[0].excerpt == "données fiables"
    assert client.post(f"/en/consultations/submissions/{secret.id}/tags",
                       data={"tag-theme_id": str(theme.id)}).status_code == 404
    assert client.post(f"/en/consultations/{c.slug}/themes", data={"code": "x", "label_fr": "x",
                                                                   "label_en": "x"}).status_code == 403


def test_search_documents_and_refs_of_papers_roundtables_and_key_points(make):
    c = make.consultation()
    docs = consultation_documents(c)
    parts = {d.part for d in docs}
    assert len(docs) == 1 + 2 + 5 and "" in parts and all(d.visibility == "public" for d in docs)
    assert any("Comment mieux protéger" in d.body_fr and "How can victims" in d.body_en for d in docs)
    assert consultation_documents(make.consultation("draft")) == []
    committee = make.consultation(audience="committee")
    assert {d.visibility for d in consultation_documents(committee)} == {"committee"}
    rt = make.roundtable(committee)
    assert roundtable_documents(rt)[0].visibility == "committee"
    kp_doc = key_point_documents(rt.key_points[0])[0]
    assert kp_doc.body_en == "Key point." and kp_doc.jurisdictions == ["QC"] and kp_doc.visibility == "committee"
    ref = resolve("key_point", rt.key_points[0].id)
    assert ref.visibility == "committee" and ref.url_args["rt_id"] == rt.id
    assert resolve("consultation", c.id).endpoint == "consultations.view"
    assert resolve("roundtable", rt.id).visibility == "committee"


def test_the_api_lists_only_what_the_reader_may_see(make, client, login_as):
    public = make.consultation()
    committee = make.consultation(audience="committee")
    make.consultation("draft")
    slugs = {c["slug"] for c in client.get("/api/v1/consultations").get_json()["consultations"]}
    assert slugs == {public.slug}
    assert client.get(f"/api/v1/consultations/{committee.slug}").status_code == 404
    paper = client.get(f"/api/v1/consultations/{public.slug}?lang=fr").get_json()
    assert paper["sections"][0]["questions"][3]["choices"] == ["Hébergement", "Santé", "Justice"]
    login_as(make.user("committee_member"))
    slugs = {c["slug"] for c in client.get("/api/v1/consultations").get_json()["consultations"]}
    assert slugs == {public.slug, committee.slug}
    assert db.session.scalar(select(Consultation).where(Consultation.slug == committee.slug)) is not None


def test_reading_confidential_input_is_audited(make, client, login_as):
    from portal.audit import AuditEntry

    c = make.consultation()
    sub, _ = make.submission(c, "secretariat_only")
    reader = make.user("secretariat")
    login_as(reader)
    assert client.get(f"/en/consultations/submissions/{sub.id}").status_code == 200
    db.session.rollback()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "submission.viewed"))
    assert entry.actor_user_id == reader.id and entry.object_id == sub.id
