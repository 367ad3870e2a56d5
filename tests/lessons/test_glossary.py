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
    make.lesson(title_fr="Le tatouage de marquage des victimes", title_en="How victims are marked", visibility="public")
    apply()
    assert run(None, "branding tattoo", lang="en").total == 0
    login_as(make.user("secretariat"))
    resp = client.post("/en/search/glossary", data={"term_fr": "tatouage de marquage", "term_en": "branding tattoo",
                                                    "aliases_fr": "", "aliases_en": "brand tattoo"})
    assert resp.status_code == 303
    assert run(None, "branding tattoo", lang="en").total == 1
    assert run(None, "brand tattoos", lang="en").total == 1
    resp = client.post("/en/search/glossary", data={"term_fr": "tatouage de marquage", "term_en": "branding tattoo"})
    assert resp.status_code == 422 and "already in the glossary" in resp.get_data(as_text=True)
    term = db.session.scalar(select(GlossaryTerm))
    resp = client.post(f"/en/search/glossary/{term.id}/edit", data={"term_fr": "tatouage de marquage",
                                                                     "term_en": "branding tattoo", "aliases_en": "brand tattoos"})
    assert resp.status_code == 303
    db.session.refresh(term)
    assert term.aliases_en == "brand tattoos"
    asked = client.post(f"/en/search/glossary/{term.id}/delete")   # first "Are you sure?", naming the term
    assert asked.status_code == 200 and ('Delete “<span lang="fr">tatouage de marquage</span> / '
                                         '<span lang="en">branding tattoo</span>”?') in asked.get_data(as_text=True)
    assert "<title>Delete “tatouage de marquage / branding tattoo”?" in asked.get_data(as_text=True)
    assert db.session.scalar(select(GlossaryTerm)) is not None
    assert client.post(f"/en/search/glossary/{term.id}/delete", data={"confirmed": "yes"}).status_code == 303
    assert db.session.scalar(select(GlossaryTerm)) is None


def test_the_terminology_is_browsed_by_category_and_term(client):
    """Hundreds of pairs: a category and a term filter, a count per category, and the source of each pair."""
    page = client.get("/en/search/glossary?category=organisation&q=rcmp").get_data(as_text=True)
    assert "Gendarmerie royale du Canada" in page and "Royal Canadian Mounted Police" in page
    assert "<strong>human trafficking</strong>" not in page    # another category
    assert "Organisations and departments (" in page            # counts beside each category
    everything = client.get("/en/search/glossary").get_data(as_text=True)
    assert "Page 1 of" in everything and 'rel="next"' in everything
    fr = client.get("/fr/recherche/glossaire?category=offence").get_data(as_text=True)
    assert "Infractions" in fr and "traite de personnes" in fr


def test_secretariat_gives_a_pair_its_category_and_source(client, login_as, make):
    login_as(make.user("secretariat"))
    resp = client.post("/fr/recherche/glossaire", data={"term_fr": "entrevue tenant compte des traumatismes",
                                                    "term_en": "trauma-informed interview", "category": "nowhere",
                                                    "source": "Guide 2020"})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "entrevue tenant compte des traumatismes" in body   # what was typed stays
    assert client.post("/en/search/glossary", data={"term_fr": "entrevue tenant compte des traumatismes",
                                                    "term_en": "trauma-informed interview", "category": "service",
                                                    "source": "Guide 2020"}).status_code == 303
    term = db.session.scalar(select(GlossaryTerm))
    assert (term.category, term.source) == ("service", "Guide 2020")
    assert "Guide 2020" in client.get("/en/search/glossary?category=service").get_data(as_text=True)


def test_a_glossary_note_in_one_language_asks_for_the_other(client, login_as, make):
    login_as(make.user("secretariat"))
    data = {"term_fr": "permis de séjour temporaire", "term_en": "temporary resident permit",
            "note_en": "Immigration and Refugee Protection Act, s. 24"}
    resp = client.post("/en/search/glossary", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Note in French" in html and "Immigration and Refugee Protection Act" in html
    assert 'name="one_language"' in html and "Publish in one language for now" in html
    assert db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == "permis de séjour temporaire")) is None
    assert client.post("/en/search/glossary", data={**data, "one_language": "y"}).status_code == 303


def test_an_english_name_used_as_is_in_french_is_marked_english_on_french_pages(client):
    """The built-in terminology records that French says "FCJ Refugee Centre" (an English name): a screen reader
    reads it in English; a word both languages share ("exploitation") stays unmarked."""
    page = client.get("/fr/recherche/glossaire?q=FCJ").get_data(as_text=True)
    assert '<strong lang="en">FCJ Refugee Centre</strong>' in page
    assert "(nom anglais employé tel quel en français)" in page
    page = client.get("/en/search/glossary?q=FCJ").get_data(as_text=True)   # in the French column, still English
    assert '<strong lang="en">FCJ Refugee Centre</strong>' in page and "(English name, used as is in French)" in page
    assert '<strong lang="en">exploitation</strong>' not in client.get("/fr/recherche/glossaire?q=exploitation").get_data(
        as_text=True)


def test_loading_the_terminology_keeps_the_language_of_each_name(app):
    from portal.search.services import load_glossary_defaults

    load_glossary_defaults()
    term = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == "Tracia's Trust"))
    assert (term.term_fr_lang, term.term_en_lang) == ("en", None)
    assert db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == "exploitation")).term_fr_lang is None


def test_secretariat_records_that_a_french_term_is_an_english_name(client, login_as, make):
    login_as(make.user("secretariat"))
    form = client.get("/fr/recherche/glossaire").get_data(as_text=True)
    assert "Langue du terme français" in form and 'name="term_fr_lang"' in form
    assert client.post("/en/search/glossary", data={"term_fr": "Polaris Project", "term_en": "Polaris Project",
                                                    "term_fr_lang": "en", "term_en_lang": "",
                                                    "category": "organisation", "source": "polarisproject.org"}
                       ).status_code == 303
    term = db.session.scalar(select(GlossaryTerm))
    assert (term.term_fr_lang, term.term_en_lang) == ("en", None)
    page = client.get("/fr/recherche/glossaire").get_data(as_text=True)
    assert '<strong lang="en">Polaris Project</strong>' in page
    assert f'lang="en"> Polaris Project</span>' in page            # the edit link's hidden name too
    assert client.post(f"/en/search/glossary/{term.id}/edit", data={
        "term_fr": "Polaris Project", "term_en": "Polaris Project", "term_fr_lang": "",
        "category": "organisation", "source": "polarisproject.org"}).status_code == 303
    db.session.refresh(term)
    assert term.term_fr_lang is None                              # French is the column's own language
