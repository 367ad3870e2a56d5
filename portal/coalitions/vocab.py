"""Controlled vocabularies of the directory (from seeds 004) with their translated labels.

Codes are stored; labels are looked up at display time so they follow the reader's language."""
from __future__ import annotations

from ..i18n import _l

NATIONAL = "national"  # the `province` filter value for records with no province or territory

COALITION_KINDS = {
    "coalition": _l("Coalition"),
    "committee": _l("Committee"),
    "task_force": _l("Task force"),
    "network": _l("Network"),
    "provincial_office": _l("Provincial office"),
}

# Mandates and actions the coalitions have in common (seeds 004, "Mandats et actions : points communs").
ACTIVITIES = {
    "awareness": _l("Awareness"),
    "intervention_tools": _l("Intervention tools"),
    "training": _l("Training"),
    "networking": _l("Networking and information sharing"),
    "referral": _l("Referral mechanisms"),
    "advice": _l("Advice and information"),
    "coordination": _l("Service coordination"),
    "case_management": _l("Case management"),
    "emergency_funds": _l("Emergency financial help"),
}

SECTORS = {
    "government": _l("Government"),
    "community": _l("Community"),
    "police": _l("Police"),
    "health": _l("Health and social services"),
    "legal": _l("Legal"),
    "education": _l("Education"),
    "indigenous": _l("Indigenous"),
    "private": _l("Private sector"),
}

# Services for victims across Canada (seeds 004, "Services pour les victimes de la traite à travers le Canada").
CATEGORIES = {
    "immediate_safety": _l("Immediate safety"),
    "short_term_housing": _l("Short-term housing"),
    "long_term_housing": _l("Long-term housing"),
    "health": _l("Health"),
    "material_needs": _l("Material needs"),
    "psychological_support": _l("Psychological support"),
    "youth_protection": _l("Youth protection"),
    "immigration": _l("Immigration"),
    "work": _l("Work"),
    "legal_aid": _l("Legal aid"),
    "spiritual_support": _l("Spiritual support"),
    "education": _l("Education"),
}

POPULATIONS = {
    "women": _l("Women"),
    "men": _l("Men"),
    "youth": _l("Youth"),
    "2slgbtqi": _l("2SLGBTQI+ people"),
    "indigenous": _l("Indigenous people"),
    "migrant_workers": _l("Migrant workers"),
}

# ISO 639-1 codes of the languages services most often offer; others are kept as typed.
LANGUAGES = {
    "fr": _l("French"),
    "en": _l("English"),
    "es": _l("Spanish"),
    "pt": _l("Portuguese"),
    "tl": _l("Tagalog"),
    "zh": _l("Chinese"),
    "ar": _l("Arabic"),
    "pa": _l("Punjabi"),
    "ko": _l("Korean"),
    "vi": _l("Vietnamese"),
    "iu": _l("Inuktitut"),
    "cr": _l("Cree"),
    "oj": _l("Ojibwe"),
    "sw": _l("Swahili"),
    "hi": _l("Hindi"),
    "ru": _l("Russian"),
    "uk": _l("Ukrainian"),
    "th": _l("Thai"),
}

STRATEGY_STATUSES = {
    "in_development": _l("In development"),
    "in_force": _l("In force"),
    "renewed": _l("Renewed"),
    "ended": _l("Ended"),
}

PROTOCOL_SCOPES = {
    "sexual_exploitation": _l("Sexual exploitation"),
    "forced_labour": _l("Forced labour"),
    "minors": _l("Minors"),
    "all_forms": _l("All forms"),
}

PROTOCOL_KINDS = {
    "referral": _l("Referral"),
    "information_sharing": _l("Information sharing"),
    "joint_response": _l("Joint response"),
}

PROTOCOL_STATUSES = {
    "draft": _l("Draft"),
    "in_force": _l("In force"),
    "under_review": _l("Under review"),
    "expired": _l("Expired"),
}

PROPOSAL_STATUSES = {
    "pending": _l("Waiting for review"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
}

RECORD_TYPES = {
    "coalition": _l("Coalition or network"),
    "strategy": _l("Strategy or action plan"),
    "protocol": _l("Protocol or agreement"),
    "service": _l("Service"),
}


def label(vocab: dict, code: str | None) -> str:
    if not code:
        return ""
    return str(vocab.get(code, code))


def labels(vocab: dict, codes) -> list[str]:
    return [label(vocab, c) for c in (codes or [])]
