"""A lesson's source excerpt keeps the language it is quoted in (issue: both official languages on every page):
chosen on the form (the page's language by default, the submission's when started from one) and shown on the
other language's page with its lang and the "available in ... only" note."""
from sqlalchemy import select

from portal.links import Link
from portal.extensions import db


def test_an_excerpt_quoted_in_french_is_marked_on_the_english_page(client, login_as, make):
    make.finding(code="S3", visibility="public", title_en="Public finding")
    lesson = make.lesson(title_en="Shared", title_fr="Partagée", visibility="public")
    login_as(make.user("secretariat"))
    form = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert '<option selected value="en">English</option>' in form    # the page's language by default
    resp = client.post(f"/en/search/lessons/{lesson.id}/sources", data={
        "source-source_type": "evaluation_finding", "source-source": "S3",
        "source-excerpt": "Les victimes ne connaissent pas leurs droits", "source-excerpt_lang": "fr"})
    assert resp.status_code == 303
    assert db.session.scalar(select(Link).where(Link.target_type == "lesson")).excerpt_lang == "fr"
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert '<span lang="fr">Les victimes ne connaissent pas leurs droits</span>' in page
    assert "Available in French only" in page


def test_a_lesson_started_from_a_submission_takes_its_language(client, login_as, make):
    consultation = make.consultation()
    sub, _code = make.submission(consultation, text="Un mécanisme national d'orientation", publish=True)
    login_as(make.user("secretariat"))
    page = client.get("/en/search/lessons/new", query_string={
        "source_type": "submission", "source_id": sub.id, "excerpt": "Un mécanisme", "excerpt_lang": "fr"})
    assert '<option selected value="fr">Français</option>' in page.get_data(as_text=True)


def test_an_excerpt_linked_without_its_language_gets_the_one_its_text_says(app, make):
    from portal.links import add_link

    lesson = make.lesson(title_en="Shared", title_fr="Partagée", visibility="public")
    link = add_link("evaluation_finding", 1, "lesson", lesson.id, "informed_by",
                    excerpt="Victims do not know their rights and rarely report")
    short = add_link("evaluation_finding", 2, "lesson", lesson.id, "informed_by", excerpt="S3")
    assert (link.excerpt_lang, short.excerpt_lang) == ("en", None)
