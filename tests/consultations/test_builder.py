"""The questionnaire builder: kinds, required answers, reordering, French tags in Markdown, the pages."""
from __future__ import annotations

import pytest

from portal.consultations import queries, services
from portal.consultations.models import Answer, Question
from portal.consultations.services import QuestionInput, SectionInput, parse
from portal.extensions import db
from portal.rules import RuleError

from .helpers import form_token, receipt_code


def _q(kind="long", fr="Question ?", en="Question?", **kw) -> QuestionInput:
    return QuestionInput(kind=kind, text_fr=fr, text_en=en, **kw)


def _empty(make, state="open"):
    c = make.consultation(state)
    for s in list(c.sections):
        for q in list(s.questions):
            services.remove_question(q, None)
        services.remove_section(s, None)
    db.session.commit()
    return c


def test_sections_and_questions_of_every_kind_are_added_and_renumbered(make):
    c = _empty(make, "draft")
    s1 = services.add_section(c, SectionInput("Logement", "Housing"), None)
    s2 = services.add_section(c, SectionInput("Données", "Data"), None)
    long_q = services.add_question(s1, _q(required=True, help_fr="Soyez précis.", help_en="Be specific."), None)
    multi = services.add_question(s1, _q("multi", choices_fr=["Un", "Deux", "Trois"],
                                         choices_en=["One", "Two", "Three"]), None)
    number = services.add_question(s2, _q("number"), None)
    for kind in ("short", "scale", "yesno"):
        services.add_question(s2, _q(kind), None)
    db.session.commit()
    assert [q.ref for q in c.questions] == ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4"]
    assert [q.kind for q in c.questions] == ["long", "multi", "number", "short", "scale", "yesno"]
    assert long_q.required and long_q.help_en == "Be specific." and number.choices_fr == ""
    assert multi.choice_list("en") == [("1", "One"), ("2", "Two"), ("3", "Three")]

    assert services.move_question(multi, "up", None) is True
    assert services.move_question(multi, "up", None) is False        # already first
    assert services.move_section(s2, "up", None) is True
    db.session.commit()
    assert [(q.ref, q.kind) for q in c.questions][:4] == [("1.1", "number"), ("1.2", "short"), ("1.3", "scale"),
                                                          ("1.4", "yesno")]
    assert [(q.ref, q.kind) for q in c.questions][4:] == [("2.1", "multi"), ("2.2", "long")]


def test_questions_are_checked_in_both_languages(make):
    c = make.consultation("draft")
    section = c.sections[0]
    with pytest.raises(RuleError) as err:
        services.add_question(section, _q("choice", en="", choices_fr=["A", "B"], choices_en=["A"]), None)
    assert set(err.value.errors) == {"text_en", "choices_en"}
    with pytest.raises(RuleError) as err:
        services.add_question(section, _q("choice", choices_fr=["A", "B", "C"], choices_en=["A", "B"]), None)
    assert "as many options in English (2) as in French (3)" in err.value.errors["choices_en"]
    with pytest.raises(RuleError) as err:
        services.add_question(section, _q("essay"), None)
    assert "kind" in err.value.errors


def test_answered_questions_keep_their_kind_and_cannot_be_removed(make):
    c = make.consultation()
    make.submission(c)                     # answers question 1.1
    answered, free = c.questions[0], c.questions[4]
    with pytest.raises(RuleError) as err:
        services.update_question(answered, _q("scale"), None)
    assert "kind cannot change" in err.value.errors["kind"]
    with pytest.raises(RuleError):
        services.remove_question(answered, None)
    with pytest.raises(RuleError):
        services.remove_section(answered.section, None)
    services.update_question(answered, _q("long", fr="Reformulée ?", en="Reworded?", required=True), None)
    services.remove_question(free, None)
    db.session.commit()
    assert answered.text_en == "Reworded?" and len(c.questions) == 4


def test_required_questions_must_be_answered_when_sending_but_not_in_a_draft(make):
    c = make.consultation()
    scale, number = c.questions[1], c.questions[4]
    services.update_question(scale, _q("scale", required=True), None)
    services.update_question(number, _q("number"), None)
    db.session.commit()
    data = services.SubmissionInput(answers={c.questions[0].id: ("Du texte.", ""), number.id: ("", "12,5")},
                                    consent="secretariat_only")
    with pytest.raises(RuleError) as err:
        services.submit(c, data, None, services.new_form_token())
    assert "Question 1.2 is required" in err.value.errors[f"q_{scale.id}"]
    data.answers[scale.id] = ("", "4")
    sub, code, _ = services.submit(c, data, None, services.new_form_token())
    assert code and sub.answer_for(number.id).value == "12.5"
    bad = services.SubmissionInput(answers={scale.id: ("", "4"), number.id: ("", "douze")},
                                   consent="secretariat_only")
    with pytest.raises(RuleError) as err:
        services.submit(c, bad, None, services.new_form_token())
    assert "Type a number" in err.value.errors[f"q_{number.id}"]


def test_markdown_accepts_french_tags_and_names_the_accepted_ones():
    paper = parse("# Titre\n\n## Section\n\n### Questions\n\n- [échelle] Énoncé.\n- [nombre] [obligatoire] Combien ?\n"
                  "  > Un nombre entier.\n- [choix multiples: Un | Deux] Lesquels ?\n- [courte] Nom ?\n")
    qs = paper.sections[0].questions
    assert [q.kind for q in qs] == ["scale", "number", "multi", "short"]
    assert qs[1].required and qs[1].help == "Un nombre entier." and qs[2].choices == ["Un", "Deux"]
    with pytest.raises(RuleError) as err:
        parse("# T\n\n## S\n\n### Questions\n\n- [echell] Faute de frappe.\n")
    assert "[echell]" in err.value.messages[0] and "[échelle]" in err.value.messages[0]


def test_markdown_export_round_trips_the_new_kinds(make, client, login_as):
    c = make.consultation("draft")
    services.add_question(c.sections[1], _q("multi", fr="Lesquels ?", en="Which?", required=True,
                                            help_fr="Plusieurs réponses.", help_en="Several answers.",
                                            choices_fr=["Un", "Deux"], choices_en=["One", "Two"]), None)
    db.session.commit()
    login_as(make.user("secretariat"))
    page = client.get(f"/fr/consultations/{c.slug}/papier").get_data(as_text=True)
    assert "- [multiple: One | Two] [required] Which?\n  &gt; Several answers." in page
    fr = client.get(f"/fr/consultations/{c.slug}/papier")
    import html as h
    import re
    fields = {name: h.unescape(v) for name, v in re.findall(r'name="(paper_\w\w)"[^>]*>\n?(.*?)</textarea>',
                                                             fr.get_data(as_text=True), re.S)}
    resp = client.post(f"/fr/consultations/{c.slug}/papier", data=fields)
    assert resp.status_code == 303
    db.session.expire_all()
    q = queries.consultation_by_slug(c.slug).questions[-1]
    assert (q.kind, q.required, q.help_fr, q.choices_en) == ("multi", True, "Plusieurs réponses.", "One\nTwo")


def test_builder_pages_keep_what_was_typed_and_answer_422(make, client, login_as):
    c = make.consultation("draft")
    login_as(make.user("secretariat"))
    section = c.sections[0]
    resp = client.post(f"/fr/consultations/{c.slug}/concepteur/sections/{section.id}/questions/nouveau", data={
        "kind": "choice", "text_fr": "Quelle option ?", "text_en": "Which option?", "choices_fr": "Un\nDeux",
        "choices_en": "One", "help_fr": "Une seule."})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Donnez au moins deux options" in html and "Quelle option ?" in html and "Une seule." in html
    resp = client.post(f"/fr/consultations/{c.slug}/concepteur/sections/{section.id}/questions/nouveau", data={
        "kind": "multi", "required": "y", "text_fr": "Quelles options ?", "text_en": "Which options?",
        "choices_fr": "Un\nDeux\n", "choices_en": "One\nTwo"})
    assert resp.status_code == 303 and "/concepteur#q-" in resp.headers["Location"]
    db.session.expire_all()
    q = db.session.get(Question, int(resp.headers["Location"].rsplit("q-", 1)[1]))
    assert q.ref == "1.5" and q.kind == "multi" and q.required
    move = client.post(f"/en/consultations/{c.slug}/builder/questions/{q.id}/move", data={"direction": "up"})
    assert move.status_code == 303
    db.session.expire_all()
    assert db.session.get(Question, q.id).ref == "1.4"
    page = client.get(f"/en/consultations/{c.slug}/builder").get_data(as_text=True)
    assert "Multiple choice" in page and "Which options?" in page and "Quelles options ?" in page
    confirm = client.get(f"/en/consultations/{c.slug}/builder/questions/{q.id}/remove")
    assert "Remove question 1.4?" in confirm.get_data(as_text=True)
    assert db.session.get(Question, q.id) is not None   # asking is not removing
    preview = client.get(f"/fr/consultations/{c.slug}/apercu").get_data(as_text=True)
    assert "Quelles options ?" in preview and 'type="checkbox"' in preview and "(obligatoire)" in preview


def test_respondent_answers_new_kinds_and_required_is_enforced_with_text_kept(make, client):
    c = make.consultation()
    multi = services.add_question(c.sections[0], _q("multi", fr="Lesquels ?", en="Which?", required=True,
                                                    choices_fr=["Un", "Deux", "Trois"],
                                                    choices_en=["One", "Two", "Three"]), None)
    db.session.commit()
    url = f"/en/consultations/{c.slug}/respond"
    token = form_token(client.get(url).get_data(as_text=True))
    first = c.questions[0]
    data = {"token": token, "consent": "secretariat_only", "language": "en", "category_id": "0",
            f"q_{first.id}": "Shelters are full."}
    resp = client.post(url, data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Question 1.5 is required" in html and "Shelters are full." in html
    resp = client.post(url, data={**data, f"q_{multi.id}": ["1", "3"]})
    assert resp.status_code == 200 and receipt_code(resp.get_data(as_text=True))
    answer = db.session.query(Answer).filter_by(question_id=multi.id).one()
    assert answer.value == "1,3" and answer.value_label == "One; Three"
    report = queries.what_we_heard(c, exact=True)
    options = next(r.options for r in report.questions if r.question.id == multi.id)
    assert sorted(options) == [("One", 1), ("Three", 1)]          # each option ticked counts once
