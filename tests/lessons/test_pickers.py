"""A lesson's sources and the commitments it informs are named by the reference or title people see."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.links import Link


def _sources(lesson) -> list[tuple[str, int]]:
    return [(lk.source_type, lk.source_id) for lk in db.session.scalars(
        select(Link).where(Link.target_type == "lesson", Link.target_id == lesson.id))]


def test_a_finding_is_cited_by_its_code_and_its_number_is_refused(client, login_as, make):
    findings = [make.finding(code=f"F{n}", title_en=f"Finding {n}") for n in range(1, 6)]
    wanted = findings[3]                       # code F4
    lesson = make.lesson(title_en="Lesson", visibility="committee")
    login_as(make.user("secretariat"))
    other = findings[1]                        # its internal number, typed, names nothing
    resp = client.post(f"/en/search/lessons/{lesson.id}/sources", data={
        "source-source_type": "evaluation_finding", "source-source": str(other.id), "source-excerpt": "kept"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and f"Nothing you may see has the reference “{other.id}”" in html
    assert "kept</textarea>" in html and "<details open>" in html   # nothing typed is lost
    assert _sources(lesson) == []
    resp = client.post(f"/en/search/lessons/{lesson.id}/sources", data={
        "source-source_type": "evaluation_finding", "source-source": "F4", "source-excerpt": ""})
    assert resp.status_code == 303 and _sources(lesson) == [("evaluation_finding", wanted.id)]


def test_a_hidden_source_is_refused_like_an_unknown_one(client, login_as, make):
    make.finding(code="S1", visibility="secretariat", title_en="Secret finding")
    member = make.user("committee_member")
    lesson = make.lesson(actor=member, title_en="Mine", visibility="committee")
    login_as(member)
    answers = []
    for code in ("S1", "S9"):
        resp = client.post(f"/fr/recherche/lecons/{lesson.id}/sources", data={
            "source-source_type": "evaluation_finding", "source-source": code})
        assert resp.status_code == 422
        answers.append(resp.get_data(as_text=True).replace(code, "X").split("<main")[1].split("</main>")[0])
    assert answers[0] == answers[1] and "Rien de ce que vous pouvez voir ne porte la référence" in answers[0]
    assert "Secret finding" not in client.get("/en/search/lessons/sources/lookup?type=evaluation_finding&q=S")\
        .get_data(as_text=True)


def test_records_of_other_features_are_found_through_the_index_by_their_title(client, login_as, make, apply):
    c = make.consultation()
    sub, _ = make.submission(c, "publish_anonymous", publish=True)
    lesson = make.lesson(title_en="From the input", visibility="secretariat")
    apply()
    login_as(make.user("secretariat"))
    html = client.get(f"/en/search/lessons/sources/lookup?type=submission&q=Submission {sub.id}")\
        .get_data(as_text=True)
    assert f'data-value="Submission {sub.id}"' in html
    resp = client.post(f"/en/search/lessons/{lesson.id}/sources", data={
        "source-source_type": "submission", "source-source": f"Submission {sub.id}"})
    assert resp.status_code == 303 and _sources(lesson) == [("submission", sub.id)]


def test_the_lesson_page_offers_pickers_not_number_boxes(client, login_as, make):
    lesson = make.lesson(title_en="Lesson", visibility="public")
    login_as(make.user("secretariat"))
    page = client.get(f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    assert 'type="number"' not in page
    assert 'name="source-source"' in page and 'hx-include="#source-source_type"' in page
    assert 'name="informs-commitment"' in page and page.count('role="combobox"') == 2
