"""Translated labels of document types and facet values."""
from __future__ import annotations

from ..auth.models import ORG_TYPE_LABELS, jurisdiction_name
from ..i18n import _l, lang_name
from .models import PILLARS

TYPE_LABELS = {
    "commitment": _l("Commitment"),
    "progress_update": _l("Progress update"),
    "update": _l("Progress update"),
    "consultation": _l("Consultation"),
    "section": _l("Consultation section"),
    "question": _l("Consultation question"),
    "submission": _l("Submission"),
    "roundtable": _l("Roundtable"),
    "key_point": _l("Roundtable key point"),
    "coalition": _l("Coalition"),
    "strategy": _l("Strategy"),
    "protocol": _l("Protocol"),
    "service": _l("Service"),
    "lesson": _l("Lesson learned"),
    "evaluation_finding": _l("Evaluation finding"),
}

STAKEHOLDER_LABELS = dict(ORG_TYPE_LABELS, **{
    "lesson_learned": _l("Lessons learned"),
    "survivor": _l("Survivors"),
    "public": _l("Members of the public"),
    "committee": _l("Advisory committee"),
    "government": _l("Government"),
})


def type_label(doc_type: str) -> str:
    from .documents import PROVIDERS

    provider = PROVIDERS.get(doc_type)
    if provider is not None and provider.label is not None:
        return str(provider.label)
    return str(TYPE_LABELS.get(doc_type, doc_type.replace("_", " ")))


def facet_label(field: str, value: str) -> str:
    if field == "type":
        return type_label(value)
    if field == "pillar":
        return str(PILLARS.get(value, value))
    if field == "jurisdictions":
        try:
            return jurisdiction_name(value.upper())
        except KeyError:
            return value
    if field == "stakeholder":
        return str(STAKEHOLDER_LABELS.get(value, value))
    if field == "langs":
        return lang_name(value) if value in ("fr", "en") else value
    return value
