"""The audit log's summaries read in the reader's language (issue 11): a summary is kept as its message and
parameters and rendered with gettext on the page; people's text keeps its own language, marked; entries written
before keep their English text, marked as English."""
from __future__ import annotations

import re

from sqlalchemy import insert, select

from portal.audit import AuditEntry
from portal.extensions import db


def _row(html: str, action: str) -> str:
    """The table row of the newest entry with that action."""
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if f"<code>{action}</code>" in r]
    assert rows, f"no {action} row"
    return rows[0]


def test_a_lesson_review_summary_reads_in_the_page_language(app, make, login_as):
    make.lesson()   # public: it asks, then the secretariat publishes it
    c = login_as(make.user("secretariat"), app.test_client())
    fr = c.get("/fr/admin/journal?action=lesson.").get_data(as_text=True)
    assert "publique après examen" in _row(fr, "lesson.published")
    assert "public after review" not in fr
    en = c.get("/en/admin/audit?action=lesson.").get_data(as_text=True)
    assert "public after review" in _row(en, "lesson.published")
    # The English reading is still kept in `summary`, for whatever reads it raw.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lesson.published"))
    assert entry.summary == "public after review" and entry.message["msgid"] == "public after review"


def test_people_text_in_a_summary_keeps_its_language(app, make, login_as):
    make.lesson(title_fr="Leçon sur le logement sûr", title_en="", visibility="committee")
    c = login_as(make.user("secretariat"), app.test_client())
    en = _row(c.get("/en/admin/audit?action=lesson.created").get_data(as_text=True), "lesson.created")
    assert '<span lang="fr">Leçon sur le logement sûr</span>' in en and "Available in French only" in en
    fr = _row(c.get("/fr/admin/journal?action=lesson.created").get_data(as_text=True), "lesson.created")
    assert "Leçon sur le logement sûr" in fr and 'lang="fr"' not in fr and "seulement" not in fr


def test_a_translated_summary_with_parameters(app, make, login_as):
    from portal import audit
    from portal.i18n import _l

    audit.record("consultation.submissions_imported", None, object_type="consultations", object_id=1,
                 summary=_l("imported: %(n)s, already there: %(skipped)s", n=1200, skipped=3))
    db.session.commit()
    c = login_as(make.user("secretariat"), app.test_client())
    fr = _row(c.get("/fr/admin/journal?action=consultation.").get_data(as_text=True),
              "consultation.submissions_imported")
    assert re.search(r"importées\s*: 1\s200, déjà présentes\s*: 3", fr), fr
    en = _row(c.get("/en/admin/audit?action=consultation.").get_data(as_text=True), "consultation.submissions_imported")
    assert "imported: 1,200, already there: 3" in en


def test_a_confidential_read_is_summarised_in_french(app, make, login_as):
    from portal import audit

    committee = make.user("committee_member")
    with app.test_request_context("/fr/"):
        audit.record_read("search.results_read", None, actor=committee, object_type="search",
                          visibilities=["public", "committee", "committee"])
    c = login_as(make.user("secretariat"), app.test_client())
    fr = _row(c.get("/fr/admin/journal?action=search.").get_data(as_text=True), "search.results_read")
    assert re.search(r"2 confidentiels sur 3 affichés", fr), fr
    assert 'lang="en"' not in fr


def test_what_a_confidential_read_showed_is_named_in_french(app, make, login_as):
    member = make.user("committee_member")
    make.lesson(title_fr="Leçon du comité", title_en="Committee lesson", visibility="committee")
    c = login_as(member, app.test_client())
    assert c.get("/en/search/lessons").status_code == 200   # a list page showing a confidential lesson: audited
    c = login_as(make.user("secretariat"), app.test_client())
    fr = _row(c.get("/fr/admin/journal?action=lesson.list_read").get_data(as_text=True), "lesson.list_read")
    assert re.search(r"liste, page 1\s*: 1 confidentiels sur 1 affichés", fr), fr


def test_an_entry_written_before_keeps_its_english_marked(app, make, login_as):
    # A row from before messages were kept (written raw: the model always fills `message` now).
    with db.engine.begin() as conn:
        conn.execute(insert(AuditEntry), [{"action": "lesson.submitted", "object_type": "lessons",
                                          "object_id": None, "summary": "asks to be public"}])
    c = login_as(make.user("secretariat"), app.test_client())
    fr = _row(c.get("/fr/admin/journal?action=lesson.submitted").get_data(as_text=True), "lesson.submitted")
    assert '<span lang="en">asks to be public</span>' in fr and "Disponible en anglais seulement" in fr
    en = _row(c.get("/en/admin/audit?action=lesson.submitted").get_data(as_text=True), "lesson.submitted")
    assert "asks to be public" in en and "Available in" not in en


def test_a_summary_is_escaped(app, make, login_as):
    from portal import audit
    from portal.i18n import _l

    audit.record("lesson.returned", None, object_type="lessons", summary="<script>alert(1)</script>")
    audit.record("roundtable.key_point_added", None, object_type="roundtables",
                 summary=_l("roundtable %(id)s", id="<b>7</b>"))
    db.session.commit()
    c = login_as(make.user("secretariat"), app.test_client())
    html = c.get("/fr/admin/journal").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>7</b>" not in html and "&lt;b&gt;7&lt;/b&gt;" in html


def test_people_text_in_a_summary_is_kept_as_short_as_before(app):
    from portal import audit

    entry = audit.record("submission.hidden", None, object_type="submissions", summary="Raison. " * 200)
    assert len(entry.summary) == 500 and len(entry.message["text"]) == 500
