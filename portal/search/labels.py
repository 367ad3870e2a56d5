"""Translated labels of document types and facet values, as the features that own them registered them
(`register_provider(..., label=...)`, `register_facet_labels(...)` in portal/search/documents.py). Search
itself only names what belongs to the whole portal: provinces and territories, and the two languages."""
from __future__ import annotations

from collections.abc import Mapping

from ..auth.models import ORG_TYPE_LABELS, jurisdiction_name
from ..i18n import _l, lang_name
from .documents import FACET_LABELS, PROVIDERS

# Until every feature's provider passes label=: the types of providers registered without one.
TYPE_LABELS = {
    "commitment": _l("Commitment"),
    "progress_update": _l("Progress update"),
    "consultation": _l("Consultation"),
    "submission": _l("Submission"),
    "roundtable": _l("Roundtable"),
    "key_point": _l("Roundtable key point"),
    "coalition": _l("Coalition"),
    "strategy": _l("Strategy"),
    "protocol": _l("Protocol"),
    "service": _l("Service"),
}

# Until consultations registers the labels of its stakeholder categories.
STAKEHOLDER_LABELS = dict(ORG_TYPE_LABELS, **{
    "survivor": _l("Survivors"),
    "public": _l("Members of the public"),
    "committee": _l("Advisory committee"),
    "government": _l("Government"),
})


def type_label(doc_type: str) -> str:
    provider = PROVIDERS.get(doc_type)
    if provider is not None and provider.label is not None:
        return str(provider.label)
    return str(TYPE_LABELS.get(doc_type, doc_type.replace("_", " ")))


def _jurisdiction(code: str) -> str | None:
    try:
        return jurisdiction_name(code.upper())
    except KeyError:
        return None


def _registered(field: str, value: str) -> str | None:
    for labels in FACET_LABELS.get(field, ()):
        label = labels.get(value) if isinstance(labels, Mapping) else labels(value)
        if label:
            return str(label)
    return None


def facet_label(field: str, value: str) -> str:
    if field == "type":
        return type_label(value)
    if field == "jurisdictions":
        return _jurisdiction(value) or value
    if field == "langs":
        return lang_name(value) if value in ("fr", "en") else value
    if field == "stakeholder" and value in STAKEHOLDER_LABELS and _registered(field, value) is None:
        return str(STAKEHOLDER_LABELS[value])
    return _registered(field, value) or value
