"""Which public records of this feature are bilingual, for the secretariat's "Translation needed" list
(portal/parity.py collects every feature's `parity_kinds()`). The glossary is search's, edited here."""
from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import select

from ..i18n import _l
from ..parity import ParityKind
from ..search.models import GlossaryTerm
from .models import PUBLISHED, Lesson
from .services.review import PAIRED


def parity_kinds() -> list[ParityKind]:
    return [
        ParityKind("lesson", _l("Lessons learned"), Lesson, PAIRED,
                   lambda: select(Lesson).where(Lesson.review_state == PUBLISHED),
                   "lessons.edit", lambda lesson: {"lesson_id": lesson.id}),
        ParityKind("glossary_term", _l("Glossary"), GlossaryTerm, {"note": _l("Note")}, lambda: select(GlossaryTerm),
                   "lessons.glossary_edit", lambda t: {"term_id": t.id},
                   title=lambda t: Markup('<span lang="{}">{}</span> / <span lang="{}">{}</span>').format(
                       t.lang_of("fr"), t.term_fr, t.lang_of("en"), t.term_en), order_by=lambda: [GlossaryTerm.term_en]),
    ]
