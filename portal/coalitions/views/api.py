"""JSON API: GET /api/v1/coalitions, /strategies, /protocols, /services (?lang=fr|en, ?province=XX|national,
?page=, ?per_page= up to 500), /api/v1/services/hsds (the directory as Open Referral HSDS 3.0 service objects, ids
stable UUIDs: hsds.py) and /api/v1/services/hsds/datapackage.zip (the HSDS CSV datapackage). Same visibility as the
pages: visitors get published records only."""
from __future__ import annotations

from flask import Response, jsonify, request
from flask_login import current_user

from ...auth.models import JURISDICTIONS, jurisdiction_name
from ...guards import int_arg, page_arg
from ...i18n import force_locale, localized
from .. import hsds, queries, vocab
from ..models import Coalition, Protocol, Service, Strategy
from ..blueprint import api_bp


def _lang() -> str:
    return request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "en"


def _province() -> str | None:
    value = (request.args.get("province") or "").strip()
    if value.lower() == vocab.NATIONAL:
        return vocab.NATIONAL
    return value.upper() if value.upper() in JURISDICTIONS else None


def _common(record, lang: str) -> dict:
    owner = record.owner_organisation
    return {
        "id": record.id,
        "province": record.jurisdiction_code,
        "province_name": jurisdiction_name(record.jurisdiction_code) if record.jurisdiction_code else None,
        "owner_organisation": {"short_name": owner.short_name, "name": str(localized(owner, "name", lang))}
        if owner else None,
        "public": record.is_public,
        "sample": record.is_sample,
        "notes": str(localized(record, "notes", lang)),
        "last_confirmed_at": record.last_confirmed_at.isoformat() if record.last_confirmed_at else None,
        "updated_at": record.updated_at.isoformat() if record.updated_at else None,
    }


def _codes(vocabulary, codes):
    return [{"code": c, "label": vocab.label(vocabulary, c)} for c in codes or []]


MAX_PER_PAGE = 500


def _page() -> tuple[int, int]:
    return page_arg(), min(int_arg("per_page", 100) or 100, MAX_PER_PAGE)


def _send(items: list[dict], lang: str, total: int):
    page, per_page = _page()
    return jsonify({"lang": lang, "count": total, "page": page, "per_page": per_page,
                    "pages": max(1, -(-total // per_page)), "items": items})


def _rows(model) -> tuple[list, int]:
    """This page of the records the reader may see, and how many there are in all."""
    rows = queries.visible(model, current_user, province=_province())
    page, per_page = _page()
    return rows[(page - 1) * per_page: page * per_page], len(rows)


@api_bp.get("/coalitions")
def coalitions():
    lang = _lang()
    rows, total = _rows(Coalition)
    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        items = [{**_common(c, lang), "name": str(localized(c, "name", lang)), "name_fr": c.name_fr,
                  "name_en": c.name_en, "kind": c.kind, "kind_label": vocab.label(vocab.COALITION_KINDS, c.kind),
                  "cities": c.cities, "year_founded": c.year_founded, "active": c.active,
                  "activities": _codes(vocab.ACTIVITIES, c.activities), "sectors": _codes(vocab.SECTORS, c.sectors),
                  "members": [m.short_name for m in c.members], "description": str(localized(c, "description", lang)),
                  "contact": {"name": c.contact_name, "email": c.contact_email, "phone": c.contact_phone},
                  "website": c.website} for c in rows]
    return _send(items, lang, total)


@api_bp.get("/strategies")
def strategies():
    lang = _lang()
    rows, total = _rows(Strategy)
    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        items = [{**_common(s, lang), "title": str(localized(s, "title", lang)), "title_fr": s.title_fr,
                  "title_en": s.title_en, "year": s.year, "status": s.status,
                  "status_label": vocab.label(vocab.STRATEGY_STATUSES, s.status), "document_url": s.document_url,
                  "key_points": str(localized(s, "key_points", lang))} for s in rows]
    return _send(items, lang, total)


def _d(value):
    return value.isoformat() if value else None


@api_bp.get("/protocols")
def protocols():
    lang = _lang()
    rows, total = _rows(Protocol)
    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        items = [{**_common(p, lang), "title": str(localized(p, "title", lang)), "title_fr": p.title_fr,
                  "title_en": p.title_en, "kind": p.kind, "kind_label": vocab.label(vocab.PROTOCOL_KINDS, p.kind),
                  "scopes": _codes(vocab.PROTOCOL_SCOPES, p.scopes),
                  "parties": [o.short_name for o in p.parties] + p.other_party_list,
                  "summary": str(localized(p, "summary", lang)), "status": p.status,
                  "status_label": vocab.label(vocab.PROTOCOL_STATUSES, p.status), "signed_on": _d(p.signed_on),
                  "effective_on": _d(p.effective_on), "review_on": _d(p.review_on), "expires_on": _d(p.expires_on),
                  "versions": [{"label": v.label, "document_url": v.document_url, "dated": _d(v.dated)}
                               for v in p.versions]} for p in rows]
    return _send(items, lang, total)


@api_bp.get("/services")
def services():
    lang = _lang()
    rows, total = _rows(Service)
    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        items = [{**_common(s, lang), "name": str(localized(s, "name", lang)), "name_fr": s.name_fr,
                  "name_en": s.name_en, "city": s.city, "address": s.address, "postal_code": s.postal_code,
                  "categories": _codes(vocab.CATEGORIES, s.categories),
                  "populations": _codes(vocab.POPULATIONS, s.populations),
                  "languages": _codes(vocab.LANGUAGES, s.languages), "open_24_7": s.open_24_7,
                  "description": str(localized(s, "description", lang)),
                  "how_to_be_referred": str(localized(s, "referral", lang)),
                  "eligibility": str(localized(s, "eligibility", lang)), "hours": s.hours, "hours_lang": s.hours_lang, "phone": s.phone,
                  "email": s.email, "url": s.url} for s in rows]
    return _send(items, lang, total)


@api_bp.get("/services/hsds")
def services_hsds():
    lang = _lang()
    rows, total = _rows(Service)
    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        items = [hsds.service(s, lang) for s in rows]
    page, per_page = _page()
    pages = max(1, -(-total // per_page))
    return jsonify({"total_items": total, "total_pages": pages, "page_number": page, "size": per_page,
                    "first_page": page == 1, "last_page": page >= pages, "empty": not items, "contents": items})


@api_bp.get("/services/hsds/datapackage.zip")
def services_hsds_datapackage():
    """Every service the reader may see as the HSDS CSV datapackage (not paged)."""
    lang = _lang()
    with force_locale("fr_CA" if lang == "fr" else "en_CA"):
        body = hsds.datapackage(queries.visible(Service, current_user), lang)
    return Response(body, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="concerto-services-hsds-{lang}.zip"'})
