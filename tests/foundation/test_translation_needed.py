"""The secretariat's "Translation needed" list: every public record with a text in one language only, by kind,
with a link to edit it; its count on the signed-in home page; paginated; nothing internal or draft."""
from __future__ import annotations

import re
from html import unescape

from portal.admin.views import translations as page
from portal.extensions import db
from portal.lessons import services as lessons


def _world(make):
    plan = make.plan("NAP-T")
    rcmp = make.org("RCMP")
    make.commitment(plan, "1.1", rcmp, title_fr="Refuges d'urgence", title_en="")            # listed
    make.commitment(plan, "1.2", rcmp, title_fr="Interne", title_en="", visibility="internal")  # not public
    make.commitment(plan, "1.3", rcmp, title_fr="Deux langues", title_en="Both languages")
    make.commitment(make.plan("NAP-D", status="draft"), "1.1", rcmp, title_fr="Brouillon", title_en="")
    make.service(description_fr="", description_en="Walk-in clinic")                             # listed
    make.service(description_fr="Clinique", description_en="", published=False)                  # not public
    lesson = make.lesson(title_fr="Former les interprètes", title_en="", reviewed=False)
    lessons.publish_lesson(lesson, actor=make.user("secretariat"), one_language=True)            # listed
    term = make.glossary_term("traite des personnes", "human trafficking")
    term.note_en = "Criminal Code, s. 279.01"                                                     # listed
    db.session.commit()


def _rows(html: str) -> list[str]:
    body = html.split("<main")[1]
    return [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row))).strip()
            for tbody in re.findall(r"<tbody>(.*?)</tbody>", body, re.S) for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)]


def test_the_list_names_each_public_record_missing_a_language_with_an_edit_link(app, make, login_as, client):
    _world(make)
    login_as(make.user("secretariat"))
    html = client.get("/en/admin/translations").get_data(as_text=True)
    rows = _rows(html)
    assert any("1.1 Refuges d'urgence" in r and "Title in English" in r for r in rows), rows
    assert any("Walk-in clinic" not in r and "Description in French" in r for r in rows), rows
    assert any("Former les interprètes" in r and "Title in English" in r for r in rows), rows
    assert any("traite des personnes / human trafficking" in r and "Note in French" in r for r in rows), rows
    assert len(rows) == 4, rows
    assert "Interne" not in html and "Brouillon" not in html and "Deux langues" not in html
    for heading in ("Commitments (1)", "Services (1)", "Lessons learned (1)", "Glossary (1)"):
        assert heading in html
    edit_links = re.findall(r'<a href="([^"]+)">Edit<', html)
    assert any(re.fullmatch(r"/en/commitments/\d+/edit", h) for h in edit_links), edit_links
    assert any(re.fullmatch(r"/en/coalitions/service/\d+/edit", h) for h in edit_links), edit_links
    assert client.get(edit_links[0]).status_code == 200
    french = client.get("/fr/admin/traductions").get_data(as_text=True)
    assert "Traduction à faire" in french and "Titre en anglais" in french
    assert "<li>Glossaire\u00a0: 1</li>" in french  # the counts: French typography (a space before the colon)


def test_the_secretariats_home_page_counts_them(app, make, login_as, client):
    _world(make)
    login_as(make.user("secretariat"))
    home = client.get("/en/").get_data(as_text=True)
    assert re.search(r'<a href="/en/admin/translations">\s*4 public records need a translation', home)
    assert "4 fiches publiques à traduire" in client.get("/fr/").get_data(as_text=True)
    login_as(make.user("admin"), client)
    assert "need a translation" not in client.get("/en/").get_data(as_text=True)


def test_a_long_list_is_paginated(app, make, login_as, client, monkeypatch):
    _world(make)
    monkeypatch.setattr(page, "PER_PAGE", 3)
    login_as(make.user("secretariat"))
    first = client.get("/en/admin/translations").get_data(as_text=True)
    second = client.get("/en/admin/translations?page=2").get_data(as_text=True)
    assert len(_rows(first)) == 3 and len(_rows(second)) == 1
    assert 'href="/en/admin/translations?page=2"' in first and 'href="/en/admin/translations?page=1"' in second


def test_nothing_to_translate_says_so(make, login_as, client):
    login_as(make.user("secretariat"))
    html = client.get("/en/admin/translations").get_data(as_text=True)
    assert "Every public record is in both official languages." in html
