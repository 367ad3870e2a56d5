"""Search documents for directory records: public when published, internal otherwise (drafts)."""
from __future__ import annotations

from ..i18n import _l
from ..search.documents import SearchDocument, register_provider
from . import vocab
from .models import Coalition, Protocol, Service, Strategy


def _doc(record, doc_type: str, endpoint: str, arg: str, body_fr: list[str], body_en: list[str], when):
    return [SearchDocument(
        doc_type=doc_type, obj_id=record.id, endpoint=endpoint, url_args={arg: record.id},
        title_fr=getattr(record, "name_fr", None) or getattr(record, "title_fr", "") or "",
        title_en=getattr(record, "name_en", None) or getattr(record, "title_en", "") or "",
        body_fr="\n".join(b for b in body_fr if b), body_en="\n".join(b for b in body_en if b),
        visibility=record.visibility, owner_org_ids=record.owner_organisation_ids,
        jurisdictions=[record.jurisdiction_code] if record.jurisdiction_code else [],
        date=when)]


def _labels(vocabulary, codes, lang):
    from ..i18n import force_locale

    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        return ", ".join(vocab.labels(vocabulary, codes))


@register_provider(Coalition, "coalition", label=_l("Coalition"))
def coalition_documents(c: Coalition) -> list[SearchDocument]:
    return _doc(c, "coalition", "coalitions.coalition", "coalition_id",
                [c.description_fr, c.cities, _labels(vocab.ACTIVITIES, c.activities, "fr"), c.notes_fr],
                [c.description_en, c.cities, _labels(vocab.ACTIVITIES, c.activities, "en"), c.notes_en],
                c.last_confirmed_at.date() if c.last_confirmed_at else None)


@register_provider(Strategy, "strategy", label=_l("Strategy"))
def strategy_documents(s: Strategy) -> list[SearchDocument]:
    from datetime import date

    return _doc(s, "strategy", "coalitions.strategy", "strategy_id", [s.key_points_fr, s.notes_fr],
                [s.key_points_en, s.notes_en], date(s.year, 1, 1) if s.year else None)


@register_provider(Protocol, "protocol", label=_l("Protocol"))
def protocol_documents(p: Protocol) -> list[SearchDocument]:
    return _doc(p, "protocol", "coalitions.protocol", "protocol_id",
                [p.summary_fr, _labels(vocab.PROTOCOL_SCOPES, p.scopes, "fr"), p.other_parties, p.notes_fr],
                [p.summary_en, _labels(vocab.PROTOCOL_SCOPES, p.scopes, "en"), p.other_parties, p.notes_en],
                p.effective_on or p.signed_on)


@register_provider(Service, "service", label=_l("Service"))
def service_documents(s: Service) -> list[SearchDocument]:
    return _doc(s, "service", "coalitions.service", "service_id",
                [s.description_fr, s.city, _labels(vocab.CATEGORIES, s.categories, "fr"), s.referral_fr],
                [s.description_en, s.city, _labels(vocab.CATEGORIES, s.categories, "en"), s.referral_en],
                s.last_confirmed_at.date() if s.last_confirmed_at else None)
