"""Paper convention, `concerto consultations import-paper` and `import-submissions`."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal.consultations import queries, services
from portal.consultations.models import Submission
from portal.consultations.services import pair, parse
from portal.extensions import db
from portal.rules import RuleError

from .factories import PAPER_EN, PAPER_FR


def test_headings_become_sections_and_the_questions_list_becomes_questions():
    paper = parse(PAPER_FR.format(n=1))
    assert paper.title == "Consultation d'essai 1" and paper.summary == "Résumé de l'essai."
    assert [s.title for s in paper.sections] == ["Protection des victimes", "Données"]
    kinds = [(q.kind, q.choices) for q in paper.sections[0].questions]
    assert kinds == [("long", []), ("scale", []), ("yesno", []), ("choice", ["Hébergement", "Santé", "Justice"])]
    assert paper.sections[0].body == "Texte de la section."
    pair(paper, parse(PAPER_EN.format(n=1)))
    with pytest.raises(RuleError):
        pair(paper, parse(PAPER_EN.format(n=1).replace("- How can data collection improve?\n", "")))
    with pytest.raises(RuleError):
        parse("no title\n\n## Section\n")
    with pytest.raises(RuleError):
        parse("# T\n\n## S\n\n### Questions\n\n- [choice: only one] Q?\n")


def test_import_paper_command(app, tmp_path):
    fr, en = tmp_path / "p.fr.md", tmp_path / "p.en.md"
    fr.write_text(PAPER_FR.format(n=7), encoding="utf-8")
    en.write_text(PAPER_EN.format(n=7), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["consultations", "import-paper", str(fr), "--slug", "cli-essai", "--translation",
                                 str(en), "--opens", "2030-01-05T09:00", "--closes", "2030-02-05T17:00",
                                 "--audience", "invited"])
    assert result.exit_code == 0, result.output
    assert "2 sections, 5 questions (upcoming)" in result.output
    db.session.expire_all()
    c = queries.consultation_by_slug("cli-essai")
    assert c.audience == "invited" and c.title_en == "Test consultation 7"
    assert c.opens_at.hour == 14          # 09:00 in Toronto in January is 14:00 UTC
    assert c.questions[3].choices_en.splitlines() == ["Housing", "Health", "Justice"]
    bad = tmp_path / "bad.md"
    bad.write_text("no title here\n", encoding="utf-8")
    result = runner.invoke(args=["consultations", "import-paper", str(bad), "--slug", "x"])
    assert result.exit_code != 0 and "title" in result.output


def test_a_paper_with_input_can_be_reworded_but_not_reshaped(make):
    c = make.consultation()
    make.submission(c, "secretariat_only")
    reworded = parse(PAPER_FR.format(n=1).replace("Comment mieux protéger", "Comment protéger davantage"))
    services.apply_paper(c, reworded, "fr", None, None)
    assert c.questions[0].text_fr.startswith("Comment protéger davantage")
    with pytest.raises(RuleError):
        services.apply_paper(c, parse("# T\n\n## Une seule\n\n### Questions\n\n- Q?\n"), "fr", None, None)


def _lines(c, *extra):
    good = [
        {"external_id": "a1", "submitted_at": "2018-08-01T10:00:00", "language": "fr", "stakeholder_category": "ngo",
         "organisation": "Organisme externe", "consent": "publish_named", "answers": {"1.1": "Réponse", "1.2": "4"}},
        {"external_id": "a2", "submitted_at": "2018-08-02T10:00:00-04:00", "language": "en",
         "consent": "secretariat_only", "body": "General comment"},
    ]
    return [json.dumps(x) for x in good + list(extra)]


def _count():
    return db.session.scalar(select(func.count()).select_from(Submission))


def test_import_submissions_reports_bad_lines_and_imports_nothing(make, tmp_path, app):
    c = make.consultation()
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(_lines(c, {"external_id": "a3", "submitted_at": "yesterday", "language": "de",
                                         "consent": "maybe", "answers": {"9.9": "x"}}) + ["{not json"]),
                    encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["consultations", "import-submissions", c.slug, str(path)])
    assert result.exit_code != 0
    for needle in ("line 3: submitted_at", "line 3: language", "line 3: consent", "no question 9.9",
                   "line 4: not valid JSON", "nothing was imported"):
        assert needle in result.output
    assert _count() == 0


def test_import_submissions_brings_in_past_input_once(make, tmp_path, app):
    c = make.consultation()
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(_lines(c)), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["consultations", "import-submissions", c.slug, str(path)])
    assert result.exit_code == 0 and "2 submissions imported" in result.output
    result = runner.invoke(args=["consultations", "import-submissions", c.slug, str(path)])
    assert "0 submissions imported, 2 already imported" in result.output
    db.session.expire_all()
    first = db.session.scalar(select(Submission).where(Submission.external_id == "a1"))
    assert first.attribution == "Organisme externe" and first.moderation == "pending"
    assert first.answer_for(c.questions[1].id).value == "4"
    assert first.submitted_at.hour == 14
