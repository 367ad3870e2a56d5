"""Factories of search records; they call the services, so audit, links and the outbox run too."""
from __future__ import annotations

from portal.extensions import db


class Mixin:
    def finding(self, code="F1", title_fr="Constatation", title_en="Finding", body_fr="", body_en="",
                visibility="public", pillar=None, kind="finding"):
        from portal.search import services

        finding = services.create_finding(dict(evaluation="2016-2017", code=code, kind=kind, title_fr=title_fr,
                                               title_en=title_en, body_fr=body_fr, body_en=body_en, year=2017,
                                               visibility=visibility, pillar=pillar))
        db.session.commit()
        return finding

    def lesson(self, actor=None, sources=(), **data):
        from portal.search import services

        actor = actor or self.user("secretariat")
        data.setdefault("title_fr", "Leçon")
        data.setdefault("title_en", "Lesson")
        data.setdefault("visibility", "public")
        lesson = services.create_lesson(data, actor=actor, sources=list(sources))
        db.session.commit()
        return lesson

    def glossary_term(self, term_fr, term_en, aliases_fr="", aliases_en="", actor=None):
        from portal.search import services

        term = services.save_term(None, dict(term_fr=term_fr, term_en=term_en, aliases_fr=aliases_fr,
                                             aliases_en=aliases_en), actor=actor)
        db.session.commit()
        return term
