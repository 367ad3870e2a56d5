"""Demo data through the feature's own importers: the 2018 discussion paper (seeds 000) as a closed
consultation, the 2019 CCR forum (seeds 002) as a roundtable, and sample input clearly marked as samples."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ...extensions import db
from .. import services
from .. import submissions as subs
from ..importers import import_submissions
from ..models import Submission
from ..paper import parse

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
    if services.by_slug(SLUG) is not None:
        out("Consultations: demo already loaded")
        return
    services.ensure_default_categories()
    fr = parse((DATA / "paper-2018.fr.md").read_text(encoding="utf-8"))
    en = parse((DATA / "paper-2018.en.md").read_text(encoding="utf-8"))
    c = services.import_paper(fr, SLUG, lang="fr", translation=en,
                              opens_at=datetime(2018, 7, 3, 9, 0, tzinfo=TORONTO),
                              closes_at=datetime(2018, 10, 31, 23, 59, tzinfo=TORONTO), audience="public")
    for code, label_fr, label_en in THEMES:
        services.add_theme(c, {"code": code, "label_fr": label_fr, "label_en": label_en}, None)

    # The samples were "sent" while the consultation was open: brought in with the JSON Lines importer.
    lines = (DATA / "sample-submissions.jsonl").read_text(encoding="utf-8").splitlines()
    imported, _ = import_submissions(c, lines)
    themes = {t.code: t for t in c.themes}
    samples = list(db.session.scalars(select(Submission).where(Submission.consultation_id == c.id)
                                      .order_by(Submission.id)))
    for sub in samples:
        if sub.consent in ("publish_named", "publish_anonymous"):
            subs.moderate(sub, "publish", None, reason="demo")
    by_ext = {s.external_id: s for s in samples}
    first = by_ext["sample-1"]
    for sub, code, excerpt in ((first, "referral", "Un mécanisme national d'orientation"),
                               (by_ext["sample-2"], "housing", "Safe housing came first for me.")):
        answer = next(a for a in sub.answers if excerpt in a.text)
        subs.tag(sub, themes[code], None, answer_id=answer.id, excerpt=excerpt, quote=True)
    subs.tag(by_ext["sample-3"], themes["justice"], None)
    subs.tag(by_ext["sample-5"], themes["data"], None)
    subs.tag(by_ext["sample-6"], themes["labour"], None)
    services.save_what_we_heard(c, {"wwh_fr": WWH_FR, "wwh_en": WWH_EN}, None)
    services.publish_what_we_heard(c, None)

    rt_data = json.loads((DATA / "roundtable-2019.json").read_text(encoding="utf-8"))
    fields = {k: v for k, v in rt_data.items() if k not in ("key_points", "evaluation")}
    fields["held_on"] = date.fromisoformat(fields["held_on"])
    rt = services.save_roundtable(fields, None)
    for point in rt_data["key_points"]:
        services.add_key_point(rt, point, None)
    for row in rt_data["evaluation"]:
        services.add_evaluation(rt, row, None)
    db.session.flush()
    out(f"Consultations: 1 consultation ({len(c.sections)} sections, {len(c.questions)} questions), "
        f"{imported} sample submissions, 1 roundtable ({len(rt.key_points)} key points)")
