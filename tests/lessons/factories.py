"""Factories of lessons and evaluation findings; they call the services, so audit, links and the outbox run too."""
from __future__ import annotations

from portal.extensions import db


class Mixin:
    def finding(self, code="F1", title_fr="Constatation", title_en="Finding", body_fr="", body_en="",
                visibility="public", pillar=None, kind="finding"):
        from portal.lessons import services

        finding = services.create_finding(services.FindingInput(
            evaluation="2016-2017", code=code, kind=kind, title_fr=title_fr, title_en=title_en, body_fr=body_fr,
            body_en=body_en, year=2017, visibility=visibility, pillar=pillar))
        db.session.commit()
        return finding

    def lesson(self, actor=None, sources=(), reviewed: bool = True, **data):
        """sources: (source_type, source_id, excerpt) triples. A public lesson is published by the secretariat's
        review unless reviewed=False (then it waits in the review queue)."""
        from portal.lessons import services

        actor = actor or self.user("secretariat")
        data.setdefault("title_fr", "Leçon")
        data.setdefault("title_en", "Lesson")
        data.setdefault("visibility", "public")
        lesson = services.create_lesson(services.LessonInput(**data), actor=actor,
                                        sources=[services.SourceInput(*s) for s in sources])
        if reviewed and data["visibility"] == "public":
            services.publish_lesson(lesson, actor=self.user("secretariat"))
        db.session.commit()
        return lesson
