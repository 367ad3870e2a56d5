"""Demo data through the feature's own importers: the 2018 discussion paper (seeds 000) as a closed
consultation, the 2019 CCR forum (seeds 002) as a roundtable, and sample input clearly marked as samples."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ...extensions import db
from .. import queries, services
from ..importers import import_submissions
from ..models import PUBLISHABLE, Submission

DATA = Path(__file__).parent
TORONTO = ZoneInfo("America/Toronto")
SLUG = "strategie-nationale-2018"

THEMES = [("referral", "Mécanisme national d'orientation", "National referral mechanism"),
          ("housing", "Logement sécuritaire", "Safe housing"),
          ("data", "Données et recherche", "Data and research"),
          ("labour", "Traite à des fins de travail", "Labour trafficking"),
          ("justice", "Accès à la justice", "Access to justice")]

WWH_FR = """*Rapport de démonstration fondé sur des exemples fictifs : il ne résume pas la consultation réelle de 2018.*

Les contributions reçues demandent surtout un mécanisme national d'orientation, du logement sécuritaire qui ne dépend pas de la collaboration avec la police, et des données publiées chaque année."""
WWH_EN = """*Demonstration report based on fictitious samples: it does not summarise the real 2018 consultation.*

The input received mostly asks for a national referral mechanism, safe housing that does not depend on cooperating with police, and data published every year."""


def load(out) -> None:
    if queries.consultation_by_slug(SLUG) is not None:
        out("Consultations: demo already loaded")
        return
    services.ensure_default_categories()
    c = _consultation()
    imported = _samples(c)
    services.save_what_we_heard(c, services.WhatWeHeardInput(WWH_FR, WWH_EN, publish=True), None)
    rt = _roundtable()
    db.session.flush()
    out(f"Consultations: 1 consultation ({len(c.sections)} sections, {len(c.questions)} questions), "
        f"{imported} sample submissions, 1 roundtable ({len(rt.key_points)} key points)")


def _consultation():
    fr = services.parse((DATA / "paper-2018.fr.md").read_text(encoding="utf-8"))
    en = services.parse((DATA / "paper-2018.en.md").read_text(encoding="utf-8"))
    c = services.import_paper(fr, SLUG, lang="fr", translation=en,
                              opens_at=datetime(2018, 7, 3, 9, 0, tzinfo=TORONTO),
                              closes_at=datetime(2018, 10, 31, 23, 59, tzinfo=TORONTO), audience="public")
    for code, label_fr, label_en in THEMES:
        services.add_theme(c, services.ThemeInput(label_fr, label_en, code=code), None)
    return c


def _samples(c) -> int:
    """The samples were "sent" while the consultation was open: brought in with the JSON Lines importer."""
    lines = (DATA / "sample-submissions.jsonl").read_text(encoding="utf-8").splitlines()
    imported, _ = import_submissions(c, lines)
    themes = {t.code: t.id for t in c.themes}
    samples = list(db.session.scalars(select(Submission).where(Submission.consultation_id == c.id)
                                      .order_by(Submission.id)))
    for sub in samples:
        if sub.consent in PUBLISHABLE:
            services.moderate(sub, services.ModerationInput("publish", reason="demo"), None)
    by_ext = {s.external_id: s for s in samples}
    for sub, code, excerpt in ((by_ext["sample-1"], "referral", "Un mécanisme national d'orientation"),
                               (by_ext["sample-2"], "housing", "Safe housing came first for me.")):
        answer = next(a for a in sub.answers if excerpt in a.text)
        services.tag(sub, services.TagInput(themes[code], answer_id=answer.id, excerpt=excerpt, quote=True), None)
    for ext, code in (("sample-3", "justice"), ("sample-5", "data"), ("sample-6", "labour")):
        services.tag(by_ext[ext], services.TagInput(themes[code]), None)
    return imported


def _roundtable():
    rt_data = json.loads((DATA / "roundtable-2019.json").read_text(encoding="utf-8"))
    fields = {k: v for k, v in rt_data.items() if k not in ("key_points", "evaluation")}
    fields["held_on"] = date.fromisoformat(fields["held_on"])
    rt = services.save_roundtable(services.RoundtableInput(**fields), None)
    for point in rt_data["key_points"]:
        services.add_key_point(rt, services.KeyPointInput(**point), None)
    for row in rt_data["evaluation"]:
        services.add_evaluation(rt, services.EvaluationInput(**row), None)
    return rt
