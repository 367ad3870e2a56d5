"""The search page without JavaScript and with htmx; the glossary demo; facet labels named by their features."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.search import demo
from portal.search.models import GlossaryTerm


def test_search_page_without_javascript_and_with_htmx(client, make, apply):
    make.lesson(title_en="Awareness campaigns for youth", visibility="public", pillar="prevention")
    make.lesson(title_en="Awareness is not enough", visibility="public")
    apply()
    page = client.get("/en/search?q=awareness").get_data(as_text=True)
    assert "2 results" in page and "Awareness campaigns for youth" in page
    assert 'href="/en/search?q=awareness&amp;pillar=prevention"' in page
    filtered = client.get("/en/search?q=awareness&pillar=prevention").get_data(as_text=True)
    assert "1 result" in filtered and "youth" in filtered
    partial = client.get("/fr/recherche?q=awareness", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<div id="search-results"' in partial and "<html" not in partial
    assert "2 résultats" in partial
    # htmx takes the new title from the partial, and fills the page's one live region out of band
    assert partial.lstrip().startswith("<title>Recherche") and "awareness — Concerto</title>" in partial
    assert '<p id="search-status" hx-swap-oob="innerHTML">2 résultats</p>' in partial
    assert partial.count('role="status"') == 0, "the live region stays in the page; the partial brings none"


def test_types_and_facet_values_are_labelled_by_the_features_that_own_them(client, make, apply):
    make.lesson(title_en="Awareness campaigns for youth", visibility="public", pillar="prevention",
                jurisdiction_code="QC")
    make.finding(code="F1", title_en="Awareness finding", pillar="prevention")
    apply()
    page = client.get("/fr/recherche?q=awareness").get_data(as_text=True)
    facets = page.split('id="facets-heading"')[1].split("</aside>")[0]
    for label in ("Leçon apprise", "Constatation d&#39;évaluation", "Prévention", "Québec", "Leçons apprises",
                  "Ministère ou organisme fédéral"):
        assert label in facets, label


def test_glossary_demo_loads_the_built_in_pairs_once(app):
    demo.load(lambda _line: None)
    count = db.session.scalar(select(func.count()).select_from(GlossaryTerm))
    demo.load(lambda _line: None)
    assert count >= 30 and db.session.scalar(select(func.count()).select_from(GlossaryTerm)) == count


def test_every_provider_names_its_type_and_stakeholder_categories_are_named_by_consultations(app):
    from flask_babel import force_locale

    from portal.consultations.services import ensure_default_categories
    from portal.search.documents import PROVIDERS
    from portal.search.labels import facet_label

    assert [t for t, p in PROVIDERS.items() if p.label is None] == []
    ensure_default_categories()
    with force_locale("fr_CA"):
        assert facet_label("stakeholder", "ngo") == "Organismes non gouvernementaux"
        assert facet_label("stakeholder", "lesson_learned") == "Leçons apprises"
        assert facet_label("type", "strategy") == "Stratégie"
        assert facet_label("stakeholder", "unknown_code") == "unknown_code"


def test_a_plans_own_pillars_are_named_in_the_facets_never_by_their_key(client, make, apply):
    """The 2019 strategy's pillars ("governance", "performance") read as the plan names them, in each language."""
    plan = make.plan(code="NAP-G", pillars=[("governance", "Gouvernance et partenariats", "Governance and partnerships"),
                                           ("performance", "Données et rendement", "Data and performance")])
    make.commitment(plan, title_en="Awareness governance table", title_fr="Table de gouvernance",
                    pillar_key="governance")
    apply()
    for lang, label in (("en", "Governance and partnerships"), ("fr", "Gouvernance et partenariats")):
        page = client.get("/fr/recherche?q=governance" if lang == "fr" else "/en/search?q=governance").get_data(as_text=True)
        facets = page.split('id="facets-heading"')[1].split("</aside>")[0]
        assert label in facets and ">governance<" not in facets.replace(" ", "").replace("\n", "")
