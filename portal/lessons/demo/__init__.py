"""Demo data of lessons: the 2016-2017 horizontal evaluation's findings and recommendations (seeds 003), and
lessons learned drawn from them and from the key gaps of seeds 000 and 002. Two lessons inform commitments of
the commitments demo (loaded before this one, see portal/features.py), found through its public queries."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import or_, select

from ...auth.models import Organisation
from ...commitments import queries as commitments
from ...extensions import db
from ...links import add_link
from .. import services
from ..models import NOT_PUBLIC, PUBLISHED, EvaluationFinding, Lesson
from ..queries import INFORMS, SOURCE_RELATION

DATA = Path(__file__).parent
EVALUATION = "2016-2017"

# Lessons that inform a commitment, and words of that commitment's French title.
INFORMED_BY = {
    "Une ligne d'urgence nationale met les personnes survivantes en contact avec des services":
        "ligne d'assistance nationale",
    "Sans données nationales, on ne peut pas mesurer la traite": "collecte de données",
}


def load_findings() -> dict[str, EvaluationFinding]:
    by_code = {}
    for row in json.loads((DATA / "findings.json").read_text(encoding="utf-8")):
        finding = db.session.scalar(select(EvaluationFinding).where(EvaluationFinding.evaluation == EVALUATION,
                                                                    EvaluationFinding.code == row["code"]))
        if finding is None:
            finding = services.create_finding(services.FindingInput(evaluation=EVALUATION, year=2017,
                                                                    visibility="public", **row))
        by_code[row["code"]] = finding
    return by_code


def _commitment_id(words: str) -> int | None:
    """The first public commitment whose title has `words`, in the plans a visitor sees."""
    for plan in commitments.visible_plans(None):
        for c in commitments.all_filtered(plan, None, commitments.Filters(q=words)):
            return c.id
    return None


def load_lessons(findings: dict[str, EvaluationFinding]) -> int:
    org = Organisation.by_short_name("PS")
    n = 0
    for row in json.loads((DATA / "lessons.json").read_text(encoding="utf-8")):
        row = dict(row)
        codes = row.pop("sources")
        conds = [Lesson.title_fr == row["title_fr"]] if row["title_fr"] else [Lesson.title_en == row["title_en"]]
        if db.session.scalar(select(Lesson).where(or_(*conds))) is not None:
            continue
        # The demo's public lessons are the secretariat's, in both languages: published as reviewed.
        lesson = Lesson(organisation_id=org.id if org else None, **row,
                        review_state=PUBLISHED if row["visibility"] == "public" else NOT_PUBLIC)
        db.session.add(lesson)
        db.session.flush()
        for code in codes:
            finding = findings.get(code)
            if finding is not None:
                add_link("evaluation_finding", finding.id, "lesson", lesson.id, SOURCE_RELATION,
                         excerpt=(finding.body_fr or "")[:400], excerpt_lang="fr")
        words = INFORMED_BY.get(row["title_fr"])
        commitment_id = _commitment_id(words) if words else None
        if commitment_id:
            add_link("lesson", lesson.id, "commitment", commitment_id, INFORMS)
        n += 1
    return n


def load(out) -> None:
    findings = load_findings()
    n = load_lessons(findings)
    out(f"Lessons: {len(findings)} evaluation findings, {n} lessons learned")
