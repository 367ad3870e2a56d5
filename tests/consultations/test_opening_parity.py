"""Opening a consultation to the public publishes its paper's sections and questions and its roundtables at once:
those written in one language only (the builder asks only once it is public) are listed, by reference with
links, and opening needs the explicit "Publish in one language for now" (issue 11)."""
import re

from portal.consultations import services
from portal.consultations.models import Consultation
from portal.extensions import db


def _draft(make):
    c = make.consultation(state="draft")
    section = services.add_section(c, services.SectionInput(title_fr="Hébergement sûr", title_en="Safe housing",
                                                                 body_fr="Un texte sur l'hébergement."), None)
    question = services.add_question(section, services.QuestionInput(text_fr="Qu'est-ce qui a aidé ?", text_en="What helped?",
                                                                        help_fr="Une aide."), None)
    rt = services.save_roundtable(services.RoundtableInput("Table ronde de Gatineau", "", consultation_id=c.id), None)
    db.session.commit()
    return c, section, question, rt


def _form(c, **over):
    data = {"slug": c.slug, "title_fr": c.title_fr, "title_en": c.title_en, "summary_fr": c.summary_fr,
            "summary_en": c.summary_en, "audience": "public", "opens_at": "2030-07-01T09:00",
            "closes_at": "2030-08-01T09:00", "retention_days": "365"}
    data.update(over)
    return data


def _listed(html: str) -> str:
    found = re.search(r'<section class="parity-pending".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_opening_lists_the_one_language_texts_and_asks(make, login_as, client):
    c, section, question, rt = _draft(make)
    login_as(make.user("secretariat"))
    resp = client.post(f"/en/consultations/{c.slug}/edit", data=_form(c))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and 'name="one_language"' in html
    assert "publishes 3 texts written in one language only" in html
    listed = _listed(html)
    items = re.findall(r"<li>(.*?)</li>", listed, re.S)
    assert len(items) == 3, items
    assert "Safe housing" in items[0] and "Text in English" in items[0] and "Title in English" not in items[0]
    assert f">{question.ref}</a>" in items[1] and "Help text in English" in items[1]
    assert "Table ronde de Gatineau" in items[2] and "Title in English" in items[2]
    assert all(re.search(r'<a href="/en/[^"]+">', i) for i in items), items
    assert f'/{rt.id}/' in items[2]
    for href in (re.search(r'<a href="([^"]+)">', i).group(1) for i in items):
        assert client.get(href).status_code == 200, href
    db.session.expire_all()
    assert db.session.get(Consultation, c.id).opens_at is None   # still a draft
    # for the committee only, nothing becomes public: no question
    assert client.post(f"/en/consultations/{c.slug}/edit", data=_form(c, audience="committee")).status_code == 303


def test_with_the_choice_it_opens_and_the_texts_await_translation(make, login_as, client):
    c, section, question, rt = _draft(make)
    login_as(make.user("secretariat"))
    page = client.get(f"/fr/consultations/{c.slug}/modifier").get_data(as_text=True)
    assert "Hébergement sûr" in _listed(page) and "Texte en anglais" in _listed(page)
    assert client.post(f"/en/consultations/{c.slug}/edit", data=_form(c, one_language="y")).status_code == 303
    needed = client.get("/en/admin/translations").get_data(as_text=True)
    assert "Safe housing" in needed and "Help text in English" in needed and "Table ronde de Gatineau" in needed
    assert _listed(client.get(f"/en/consultations/{c.slug}/edit").get_data(as_text=True)) == ""


def test_a_paper_in_both_languages_opens_without_asking(make, login_as, client):
    c = make.consultation(state="draft")
    login_as(make.user("secretariat"))
    assert client.post(f"/en/consultations/{c.slug}/edit", data=_form(c)).status_code == 303
