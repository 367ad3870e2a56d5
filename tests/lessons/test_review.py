"""A public lesson goes through the secretariat's review, like a progress report: submit, review queue, then
publish (in both official languages) or return with a comment."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.extensions import db
from portal.lessons.models import Lesson

from ..search.helpers import run


def _form(**over):
    data = {"title_fr": "Former les interprètes", "title_en": "", "visibility": "public", "pillar": "",
            "jurisdiction_code": "", "context_fr": "Les lignes d'écoute manquent d'interprètes."}
    data.update(over)
    return data


def test_a_lesson_in_one_language_asking_to_be_public_waits_for_review(app, client, login_as, make, apply):
    member = make.user("committee_member")
    login_as(member)
    assert client.post("/en/search/lessons/new", data=_form()).status_code == 303
    lesson = db.session.scalar(select(Lesson))
    assert (lesson.visibility, lesson.review_state) == ("public", "submitted")
    apply()
    visitor = app.test_client()
    assert visitor.get(f"/en/search/lessons/{lesson.id}").status_code == 404
    assert "Former les interprètes" not in visitor.get("/fr/recherche/lecons").get_data(as_text=True)
    assert lesson.id not in [h.obj_id for h in run(None, "interprètes", lang="fr").hits if h.type == "lesson"]
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "Waiting for the secretariat's review before it is public" in page
    assert "Publish: make it public" not in page            # the author does not review their own lesson
    assert client.post(f"/en/search/lessons/{lesson.id}/publish").status_code == 403

    secretariat = make.user("secretariat")
    login_as(secretariat)
    queue = client.get("/en/search/lessons/review").get_data(as_text=True)
    assert "Former les interprètes" in queue and "One language only" in queue
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "Missing: Title in English, Context in English." in page
    resp = client.post(f"/en/search/lessons/{lesson.id}/publish", follow_redirects=True)
    assert "A public record is shown in French and in English. Missing: Title in English, Context in English." in \
        resp.get_data(as_text=True)
    db.session.refresh(lesson)
    assert lesson.review_state == "submitted"
    # The explicit choice publishes it, marked "Available in French only" on English pages.
    resp = client.post(f"/en/search/lessons/{lesson.id}/publish", data={"one_language": "y"})
    assert resp.status_code == 303
    db.session.refresh(lesson)
    assert lesson.review_state == "published"
    page = app.test_client().get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert '<span lang="fr">Former les interprètes</span>' in page and "Available in French only" in page


@pytest.mark.parametrize("lang,needed", [("en", "Say what needs to change before returning it."),
                                         ("fr", "Dites ce qui doit changer avant de la renvoyer.")])
def test_returned_with_a_comment_then_resubmitted_and_published(app, client, login_as, make, apply, lang, needed):
    member = make.user("committee_member")
    lesson = make.lesson(actor=member, reviewed=False, title_fr="Former les interprètes", title_en="")
    login_as(make.user("secretariat"))
    resp = client.post((f"/fr/recherche/lecons/{lesson.id}/renvoyer" if lang == "fr" else f"/en/search/lessons/{lesson.id}/return"), data={"return-comment": "  "})
    assert resp.status_code == 422 and needed in resp.get_data(as_text=True)
    resp = client.post((f"/fr/recherche/lecons/{lesson.id}/renvoyer" if lang == "fr" else f"/en/search/lessons/{lesson.id}/return"),
                       data={"return-comment": "Please add the English title."})
    assert resp.status_code == 303
    db.session.refresh(lesson)
    assert lesson.review_state == "returned"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lesson.returned"))
    assert "Former les interprètes" not in client.get("/fr/recherche/lecons/examen" if lang == "fr" else "/en/search/lessons/review").get_data(as_text=True)

    author = login_as(member, app.test_client())
    page = author.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert "Returned by the secretariat" in page and "Please add the English title." in page
    resp = author.post(f"/en/search/lessons/{lesson.id}/edit", data={
        "title_fr": "Former les interprètes", "title_en": "Train interpreters", "visibility": "public"})
    assert resp.status_code == 303
    db.session.refresh(lesson)
    assert lesson.review_state == "submitted"                # saved: back in the queue

    assert client.post(f"/fr/recherche/lecons/{lesson.id}/publier" if lang == "fr" else f"/en/search/lessons/{lesson.id}/publish").status_code == 303
    db.session.refresh(lesson)
    assert lesson.review_state == "published"
    apply()
    assert app.test_client().get(f"/en/search/lessons/{lesson.id}").status_code == 200
    assert lesson.id in [h.obj_id for h in run(None, "interpreters", lang="en").hits if h.type == "lesson"]


def test_a_lesson_not_asking_to_be_public_never_enters_the_queue(client, login_as, make):
    lesson = make.lesson(title_fr="Interne", title_en="Internal", visibility="internal")
    assert lesson.review_state == "none"
    login_as(make.user("secretariat"))
    assert "Internal" not in client.get("/en/search/lessons/review").get_data(as_text=True).split("<main")[1]
    assert client.post(f"/en/search/lessons/{lesson.id}/publish", follow_redirects=True).status_code == 200
    db.session.refresh(lesson)
    assert lesson.review_state == "none"


@pytest.mark.parametrize("lang, subject, said", [
    ("fr", "Votre leçon apprise a été renvoyée",
     "Le secrétariat a renvoyé votre leçon apprise «\u00a0Former les interprètes\u00a0»"),
    ("en", "Your lesson learned was sent back",
     "The secretariat sent your lesson learned “Train interpreters” back"),
])
def test_a_returned_lesson_is_mailed_to_its_author_in_their_language(client, login_as, make, lang, subject, said):
    from portal.mail import OutgoingMail

    member = make.user("committee_member", lang=lang, email=f"author-{lang}@example.test")
    lesson = make.lesson(actor=member, reviewed=False, title_fr="Former les interprètes",
                         title_en="Train interpreters")
    login_as(make.user("secretariat", lang="en" if lang == "fr" else "fr"))   # the reviewer's language is not used
    assert client.post(f"/en/search/lessons/{lesson.id}/return",
                       data={"return-comment": "Please cite the evaluation & say which year."}).status_code == 303
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == member.email))
    assert mail.subject == subject
    assert said in mail.body_text
    assert "Please cite the evaluation & say which year." in mail.body_text  # as written, no HTML entities
    assert (f"/fr/recherche/lecons/{lesson.id}/modifier" if lang == "fr" else f"/en/search/lessons/{lesson.id}/edit") in mail.body_text
