"""Demo data of search: the glossary, the 2016-2017 evaluation's findings and recommendations (seeds 003),
and lessons learned drawn from them and from the key gaps of seeds 000 and 002."""
from __future__ import annotations

import importlib
import json
from pathlib import Path

from sqlalchemy import func, or_, select

from ..auth.models import Organisation
from ..extensions import db
from ..links import add_link
from . import services
from .glossary import default_entries
from .models import EvaluationFinding, GlossaryTerm, Lesson

DATA = Path(__file__).with_name("demo")
EVALUATION = "2016-2017"

# Lessons that inform commitments of the commitments feature, found by words of their French title.
INFORMS = {
    "Une ligne d'urgence nationale met les personnes survivantes en contact avec des services": "ligne",
    "Sans données nationales, on ne peut pas mesurer la traite": "données",
}


def load_glossary_defaults() -> int:
    n = 0
    for row in default_entries():
        exists = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == row["term_fr"],
                                                              GlossaryTerm.term_en == row["term_en"]))
        if exists is None:
            db.session.add(GlossaryTerm(**row))
            n += 1
    db.session.flush()
    return n


def load_findings() -> dict[str, EvaluationFinding]:
    by_code = {}
    for row in json.loads((DATA / "findings.json").read_text(encoding="utf-8")):
        finding = db.session.scalar(select(EvaluationFinding).where(EvaluationFinding.evaluation == EVALUATION,
                                                                    EvaluationFinding.code == row["code"]))
        if finding is None:
            finding = services.create_finding(dict(row, evaluation=EVALUATION, year=2017, visibility="public"))
        by_code[row["code"]] = finding
    return by_code


def _commitment_id(words: str) -> int | None:
    """A commitment of the commitments feature whose title contains `words`, when that feature exists."""
    try:
        model = importlib.import_module("portal.commitments.models").Commitment
        title = getattr(model, "title_fr")
    except (ImportError, AttributeError):
        return None
    return db.session.scalar(select(model.id).where(func.lower(title).contains(words.lower())).order_by(model.id).limit(1))


def load_lessons(findings: dict[str, EvaluationFinding]) -> int:
    org = Organisation.by_short_name("PS")
    n = 0
    for row in json.loads((DATA / "lessons.json").read_text(encoding="utf-8")):
        row = dict(row)
        codes = row.pop("sources")
        conds = [Lesson.title_fr == row["title_fr"]] if row["title_fr"] else [Lesson.title_en == row["title_en"]]
        if db.session.scalar(select(Lesson).where(or_(*conds))) is not None:
            continue
        lesson = Lesson(organisation_id=org.id if org else None, **row)
        db.session.add(lesson)
        db.session.flush()
        for code in codes:
            finding = findings.get(code)
            if finding is not None:
                add_link("evaluation_finding", finding.id, "lesson", lesson.id, services.SOURCE_RELATION,
                         excerpt=(finding.body_fr or "")[:400])
        words = INFORMS.get(row["title_fr"])
        commitment_id = _commitment_id(words) if words else None
        if commitment_id:
            add_link("lesson", lesson.id, "commitment", commitment_id, services.INFORMS)
        n += 1
    return n


def load(out) -> None:
    g = load_glossary_defaults()
    findings = load_findings()
    n = load_lessons(findings)
    out(f"Search: {g} glossary entries, {len(findings)} evaluation findings, {n} lessons learned")
