"""The glossary's screens: the secretariat extends the glossary and search uses it at once."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.search.models import GlossaryTerm

from ..search.helpers import run


def test_everyone_reads_the_built_in_glossary_until_the_secretariat_edits_it(client, make):
    page = client.get("/en/search/glossary").get_data(as_text=True)
    assert "traite de personnes" in page and "human trafficking" in page and "Add a pair of terms" not in page


def test_secretariat_extends_the_glossary_and_search_uses_it(client, login_as, make, apply):
    make.lesson(title_fr="La servitude pour dettes dans les fermes", title_en="", visibility="public")
    apply()
    assert run(None, "debt bondage", lang="en").total == 0
    login_as(make.user("secretariat"))
    resp = client.post("/en/search/glossary", data={"term_fr": "servitude pour dettes", "term_en": "debt bondage",
                                                    "aliases_fr": "", "aliases_en": "bonded labour"})
    assert resp.status_code == 303
    assert run(None, "debt bondage", lang="en").total == 1
    assert run(None, "bonded labor", lang="en").total == 1
    resp = client.post("/en/search/glossary", data={"term_fr": "servitude pour dettes", "term_en": "debt bondage"})
    assert resp.status_code == 422 and "already in the glossary" in resp.get_data(as_text=True)
    term = db.session.scalar(select(GlossaryTerm))
    resp = client.post(f"/en/search/glossary/{term.id}/edit", data={"term_fr": "servitude pour dettes",
                                                                     "term_en": "debt bondage", "aliases_en": "bonded labor"})
    assert resp.status_code == 303
    db.session.refresh(term)
    assert term.aliases_en == "bonded labor"
    assert client.post(f"/en/search/glossary/{term.id}/delete").status_code == 303
    assert db.session.scalar(select(GlossaryTerm)) is None
