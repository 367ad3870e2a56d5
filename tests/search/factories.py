"""Factories of search's own records (the glossary); they call the services, so audit and rules run too."""
from __future__ import annotations

from portal.extensions import db


class Mixin:
    def glossary_term(self, term_fr, term_en, aliases_fr="", aliases_en="", actor=None):
        from portal.search import services

        term = services.save_term(None, services.GlossaryInput(term_fr=term_fr, term_en=term_en,
                                                               aliases_fr=aliases_fr, aliases_en=aliases_en),
                                  actor=actor)
        db.session.commit()
        return term
