"""Each consent level is honoured by pages, lists, exports, the API, search documents and refs."""
from __future__ import annotations

import csv
import io

import pytest

from portal.consultations import services
from portal.consultations.search import submission_documents
from portal.extensions import db
from portal.links import resolve

TEXTS = {"named": "Texte-avec-nom", "anon": "Texte-sans-nom", "pending": "Texte-en-attente",
         "committee": "Texte-comite", "secret": "Texte-secretariat", "hidden": "Texte-masque"}


@pytest.fixture
def world(make):
    c = make.consultation()
    out = {"c": c}
    out["named"], _ = make.submission(c, "publish_named", text=TEXTS["named"], attribution_name="Alex Tremblay",
                                      publish=True)
    out["anon"], _ = make.submission(c, "publish_anonymous", text=TEXTS["anon"] + " nom à cacher",
                                     attribution_name="Ne pas montrer", publish=True)
    services.moderate(out["anon"], services.ModerationInput("redact", reason="identifie quelqu'un",
                                                            passage="nom à cacher",
                                                            answer_id=out["anon"].answers[0].id), None)
    out["pending"], _ = make.submission(c, "publish_anonymous", text=TEXTS["pending"])
    out["committee"], _ = make.submission(c, "do_not_publish", text=TEXTS["committee"])
    out["secret"], _ = make.submission(c, "secretariat_only", text=TEXTS["secret"])
    out["hidden"], _ = make.submission(c, "publish_anonymous", text=TEXTS["hidden"])
    services.moderate(out["hidden"], services.ModerationInput("hide", reason="hors sujet"), None)
    db.session.commit()
    return out


def _seen(html: str) -> set[str]:
    return {k for k, v in TEXTS.items() if v in html}


def test_pages_show_each_reader_only_what_consent_allows(world, client, make, login_as, app):
    c = world["c"]
    page = client.get(f"/en/consultations/{c.slug}/submissions").get_data(as_text=True)
    assert _seen(page) == {"named", "anon"}
    assert "nom à cacher" not in page and "[…]" in page and "Alex Tremblay" in page and "Ne pas montrer" not in page
    for key, status in (("named", 200), ("anon", 200), ("pending", 404), ("committee", 404), ("secret", 404),
                        ("hidden", 404)):
        assert client.get(f"/en/consultations/submissions/{world[key].id}").status_code == status, key

    committee = app.test_client()
    login_as(make.user("committee_member"), committee)
    page = committee.get(f"/en/consultations/{c.slug}/submissions").get_data(as_text=True)
    assert _seen(page) == {"named", "anon", "committee"} and "nom à cacher" not in page
    assert committee.get(f"/en/consultations/submissions/{world['secret'].id}").status_code == 404

    secretariat = app.test_client()
    login_as(make.user("secretariat"), secretariat)
    page = secretariat.get(f"/en/consultations/{c.slug}/submissions").get_data(as_text=True)
    assert _seen(page) == set(TEXTS) and "nom à cacher" in page   # originals for the secretariat only


def test_exports_honour_consent_and_escape_formulas(world, make, app, login_as, client):
    c = world["c"]
    login_as(make.user("secretariat"))
    evil, _ = make.submission(c, "publish_anonymous", text="=HYPERLINK(\"http://x\")", publish=True)
    all_rows = client.get(f"/en/consultations/{c.slug}/export.csv").get_data(as_text=True)
    assert _seen(all_rows) == set(TEXTS) and "consent" in all_rows.splitlines()[0]
    assert "'=HYPERLINK" in all_rows
    public = client.get(f"/en/consultations/{c.slug}/export.csv?scope=publishable").get_data(as_text=True)
    assert _seen(public) == {"named", "anon"} and "nom à cacher" not in public
    rows = list(csv.DictReader(io.StringIO(public.lstrip("\ufeff"))))
    by_attr = {r["attribution"] for r in rows}
    assert "Alex Tremblay" in by_attr and "Ne pas montrer" not in public and "consent" not in rows[0]


def test_the_api_honours_consent(world, client, make, login_as, app):
    c = world["c"]
    data = client.get(f"/api/v1/consultations/{c.slug}/submissions").get_json()
    body = repr(data)
    assert _seen(body) == {"named", "anon"} and "nom à cacher" not in body and "consent" not in body
    committee = app.test_client()
    login_as(make.user("committee_member"), committee)
    body = repr(committee.get(f"/api/v1/consultations/{c.slug}/submissions").get_json())
    assert _seen(body) == {"named", "anon", "committee"}


def test_search_documents_follow_consent_and_moderation(world):
    expected = {"named": "public", "anon": "public", "pending": "secretariat", "committee": "committee",
                "secret": "secretariat", "hidden": "secretariat"}
    for key, visibility in expected.items():
        (doc,) = submission_documents(world[key])
        assert doc.visibility == visibility, key
        body = doc.body_fr + doc.body_en + doc.title_fr + doc.title_en
        assert TEXTS[key] in body
        if visibility == "public":
            assert "nom à cacher" not in body       # redacted text only in public documents
        assert "Ne pas montrer" not in body
    assert "Alex Tremblay" in submission_documents(world["named"])[0].title_en
    assert resolve("submission", world["secret"].id).visibility == "secretariat"
    assert resolve("submission", world["committee"].id).visibility == "committee"


def test_search_index_never_shows_a_reader_what_consent_forbids(world, app, tmp_path):
    from portal.search.engine import SearchParams, search
    from portal.search.index import ensure_index
    from portal.search.writer import apply_outbox

    old = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    try:
        ensure_index()
        db.session.commit()
        apply_outbox()

        def found(levels, q):
            result = search(SearchParams(q=q, lang="fr", facets=False, suggest=False), levels, None)
            return {h.obj_id for h in result.hits if h.type == "submission"}

        public, committee = {"public"}, {"public", "internal", "committee"}
        everything = committee | {"secretariat"}
        for key in TEXTS:
            sub_id = world[key].id
            word = TEXTS[key]
            assert (sub_id in found(public, word)) == (key in ("named", "anon")), key
            assert (sub_id in found(committee, word)) == (key in ("named", "anon", "committee")), key
            assert sub_id in found(everything, word), key
        assert not found(everything, "cacher")    # the redacted passage is not in the public document
    finally:
        app.config["CONCERTO_DATA_DIR"] = old


def test_input_is_read_within_its_consultations_audience(make, client, login_as, app):
    """Published input to a committee consultation stays the committee's: on its page, in the search
    documents and in the refs other features show."""
    c = make.consultation(audience="committee")
    sub, _ = make.submission(c, "publish_anonymous", text="Texte-du-comite", publish=True)
    assert client.get(f"/en/consultations/submissions/{sub.id}").status_code == 404
    ngo = login_as(make.user("ngo_member"), app.test_client())
    assert ngo.get(f"/en/consultations/submissions/{sub.id}").status_code == 404
    committee = login_as(make.user("committee_member"), app.test_client())
    assert "Texte-du-comite" in committee.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    (doc,) = submission_documents(sub)
    assert doc.visibility == "committee" and resolve("submission", sub.id).visibility == "committee"
    c.opens_at = c.closes_at = None      # back to a draft: the secretariat's only
    db.session.commit()
    assert committee.get(f"/en/consultations/submissions/{sub.id}").status_code == 404
    assert submission_documents(sub)[0].visibility == "secretariat"
