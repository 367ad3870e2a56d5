"""Which public records of this feature are bilingual, for the secretariat's "Translation needed" list
(portal/parity.py collects every feature's `parity_kinds()`)."""
from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import and_, or_, select

from ..i18n import _l, localized
from ..parity import ParityKind
from .models import Consultation, Question, Roundtable, Section
from .services.consultations import CONSULTATION_TEXTS, QUESTION_TEXTS, SECTION_TEXTS
from .services.roundtables import TEXTS as ROUNDTABLE_TEXTS

PUBLIC = (Consultation.audience == "public", Consultation.opens_at.is_not(None), Consultation.closes_at.is_not(None))


def _in(c: Consultation, what):
    return Markup("{} — {}").format(localized(c, "title"), what)


def parity_kinds() -> list[ParityKind]:
    return [
        ParityKind("consultation", _l("Consultations"), Consultation,
                   CONSULTATION_TEXTS, lambda: select(Consultation).where(*PUBLIC),
                   "consultations.edit", lambda c: {"slug": c.slug}),
        ParityKind("consultation_section", _l("Consultation sections"), Section,
                   SECTION_TEXTS,
                   lambda: select(Section).join(Consultation, Consultation.id == Section.consultation_id).where(*PUBLIC),
                   "consultations.builder_section_edit",
                   lambda s: {"slug": s.consultation.slug, "section_id": s.id},
                   title=lambda s: _in(s.consultation, localized(s, "title"))),
        ParityKind("consultation_question", _l("Consultation questions"), Question,
                   QUESTION_TEXTS,
                   lambda: select(Question).join(Section, Section.id == Question.section_id)
                   .join(Consultation, Consultation.id == Section.consultation_id).where(*PUBLIC),
                   "consultations.builder_question_edit",
                   lambda q: {"slug": q.section.consultation.slug, "question_id": q.id},
                   title=lambda q: _in(q.section.consultation, q.ref)),
        ParityKind("roundtable", _l("Roundtables"), Roundtable, ROUNDTABLE_TEXTS,
                   lambda: select(Roundtable).outerjoin(Consultation, Consultation.id == Roundtable.consultation_id)
                   .where(or_(Roundtable.consultation_id.is_(None), and_(*PUBLIC))),
                   "consultations.roundtable_edit", lambda r: {"rt_id": r.id}),
    ]
