"""Consultation factories: they call the services, so validation, audit and indexing run in tests too."""
from __future__ import annotations

import itertools
from datetime import timedelta

from portal import files
from portal.consultations import queries, services
from portal.consultations.services import parse
from portal.db import utcnow
from portal.extensions import db

_n = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PAPER_FR = """# Consultation d'essai {n}

Résumé de l'essai.

## Protection des victimes

Texte de la section.

### Questions

- Comment mieux protéger les victimes?
- [scale] Les services actuels répondent aux besoins.
- [oui/non] Faut-il une ligne d'urgence nationale?
- [choix: Hébergement | Santé | Justice] Quelle priorité?

## Données

### Questions

- Comment améliorer la collecte de données?
"""

PAPER_EN = """# Test consultation {n}

Summary of the test.

## Victim protection

Section text.

### Questions

- How can victims be better protected?
- [scale] Current services meet the needs.
- [yes/no] Is a national hotline needed?
- [choice: Housing | Health | Justice] Which priority?

## Data

### Questions

- How can data collection improve?
"""


class Mixin:
    def categories(self):
        services.ensure_default_categories()
        db.session.commit()

    def consultation(self, state: str = "open", audience: str = "public", slug: str | None = None,
                     invited=()):
        self.categories()
        n = next(_n)
        now = utcnow()
        opens, closes = {"open": (now - timedelta(days=1), now + timedelta(days=10)),
                         "closed": (now - timedelta(days=30), now - timedelta(days=1)),
                         "upcoming": (now + timedelta(days=1), now + timedelta(days=10)),
                         "draft": (None, None)}[state]
        c = services.import_paper(parse(PAPER_FR.format(n=n)), slug or f"essai-{n}", lang="fr",
                                  translation=parse(PAPER_EN.format(n=n)), opens_at=opens, closes_at=closes,
                                  audience=audience)
        c.invited_orgs = list(invited)
        db.session.commit()
        return c

    def submission(self, parent, consent: str = "publish_anonymous", user=None, text: str = "Une réponse.",
                   publish: bool = False, category: str | None = None, **flags):
        q = parent.questions[0] if hasattr(parent, "sections") else None
        data = services.SubmissionInput(answers={q.id: (text, "")} if q else {}, body="" if q else text,
                                        consent=consent, language="fr",
                                        attribution_name=flags.pop("attribution_name", "Nom crédité"),
                                        category_id=queries.category_by_code(category).id if category else None,
                                        **flags)
        sub, code, _ = services.submit(parent, data, user, services.new_form_token())
        if publish:
            services.moderate(sub, services.ModerationInput("publish"), None)
        db.session.commit()
        return sub, code

    def theme(self, consultation, code: str, label_fr: str, label_en: str):
        theme = services.add_theme(consultation, services.ThemeInput(label_fr, label_en, code=code), None)
        db.session.commit()
        return theme

    def pdf(self, name: str = "note.pdf"):
        """A checked upload (portal.files) of a small real PDF."""
        return files.check_bytes(PDF, name, max_bytes=2**20)

    def roundtable_document(self, rt, name: str = "rapport.pdf"):
        att = services.add_document(rt, self.pdf(name), None)
        db.session.commit()
        return att

    def roundtable(self, consultation=None, submissions_open: bool = True):
        from datetime import date

        self.categories()
        rt = services.save_roundtable(services.RoundtableInput(
            "Table ronde d'essai", "Test roundtable", jurisdiction_code="QC", city="Montréal",
            held_on=date(2026, 5, 1), organiser_fr="CCR", organiser_en="CCR", submissions_open=submissions_open,
            consultation_id=consultation.id if consultation else None), None)
        services.add_key_point(rt, services.KeyPointInput("Point clé.", "Key point.", heading_fr="Québec",
                                                          heading_en="Quebec"), None)
        db.session.commit()
        return rt
