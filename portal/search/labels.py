"""Translated labels of document types and facet values, as the features that own them registered them
(`register_provider(..., label=...)`, `register_facet_labels(...)` in portal/search/documents.py). Search
itself only names what belongs to the whole portal: provinces and territories, and the two languages."""
from __future__ import annotations

from collections.abc import Mapping

from ..auth.models import jurisdiction_name
from ..i18n import lang_name
from .documents import FACET_LABELS, PROVIDERS


def type_label(doc_type: str) -> str:
    provider = PROVIDERS.get(doc_type)
    if provider is not None and provider.label is not None:
        return str(provider.label)
    return doc_type.replace("_", " ")


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
    return _registered(field, value) or value
