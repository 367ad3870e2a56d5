"""The services directory in Open Referral HSDS 3.0: service objects for the JSON API, and the HSDS CSV
datapackage (datapackage.json and one CSV per table, in a zip).

HSDS 3.0 wants every id to be a UUID. Ours are name-based (uuid5) from one fixed namespace and the record's
key ("service:12", "service:12:phone", "taxonomy_term:category:health"), so they are the same on every run,
in the API and in the datapackage, and a harvester can match records across exports."""
from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import datetime, timezone

from ..auth.models import jurisdiction_name
from ..i18n import localized
from . import vocab
from .models import Service

# Fixed for ever: changing it would give every record a new id.
NAMESPACE = uuid.UUID("dec3f927-a399-4915-bb1c-7627b6d14846")
DAYS = "MO,TU,WE,TH,FR,SA,SU"
TAXONOMIES = (("category", vocab.CATEGORIES, "categories"), ("population", vocab.POPULATIONS, "populations"))


def uid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _schedules(s: Service) -> list[dict]:
    if s.open_24_7:
        return [{"id": uid("service", s.id, "schedule"), "service_id": uid("service", s.id), "freq": "WEEKLY",
                 "byday": DAYS, "opens_at": "00:00", "closes_at": "23:59", "description": "24/7"}]
    if s.hours:
        return [{"id": uid("service", s.id, "schedule"), "service_id": uid("service", s.id), "description": s.hours}]
    return []


def _attributes(s: Service) -> list[dict]:
    return [{"id": uid("service", s.id, "attribute", taxonomy, code), "link_id": uid("service", s.id),
             "link_type": "service", "link_entity": "service",
             "taxonomy_term_id": uid("taxonomy_term", taxonomy, code),
             "taxonomy_term": {"id": uid("taxonomy_term", taxonomy, code), "code": code,
                               "name": vocab.label(vocabulary, code), "taxonomy": f"concerto-{taxonomy}",
                               "taxonomy_id": uid("taxonomy", taxonomy)}}
            for taxonomy, vocabulary, attr in TAXONOMIES for code in getattr(s, attr) or []]


def service(s: Service, lang: str) -> dict:
    """One HSDS 3.0 `service` with its organization, location, phones, languages, schedule and taxonomy."""
    org, sid = s.owner_organisation, uid("service", s.id)
    location_id = uid("service", s.id, "location")
    return {
        "id": sid,
        "organization_id": uid("organization", org.id) if org else None,
        "name": str(localized(s, "name", lang)),
        "alternate_name": (s.name_en if lang == "fr" else s.name_fr) or None,
        "description": str(localized(s, "description", lang)) or None,
        "url": s.url or None,
        "email": s.email or None,
        "status": "active",
        "application_process": str(localized(s, "referral", lang)) or None,
        "eligibility_description": str(localized(s, "eligibility", lang)) or None,
        "last_modified": s.updated_at.isoformat() if s.updated_at else None,
        "assured_date": s.last_confirmed_at.date().isoformat() if s.last_confirmed_at else None,
        "organization": {"id": uid("organization", org.id), "name": str(localized(org, "name", lang)),
                         "description": str(localized(org, "name", lang)), "website": org.website} if org else None,
        "phones": [{"id": uid("service", s.id, "phone"), "service_id": sid, "number": s.phone,
                    "languages": [{"code": c, "name": vocab.label(vocab.LANGUAGES, c)} for c in s.languages or []]}]
        if s.phone else [],
        "languages": [{"id": uid("service", s.id, "language", c), "service_id": sid, "code": c,
                       "name": vocab.label(vocab.LANGUAGES, c)} for c in s.languages or []],
        "service_areas": [{"id": uid("service", s.id, "service_area"), "service_id": sid,
                           "name": jurisdiction_name(s.jurisdiction_code) if s.jurisdiction_code else "Canada",
                           "extent_type": "other"}],
        "service_at_locations": [{"id": uid("service", s.id, "service_at_location"), "service_id": sid,
                                  "location_id": location_id, "location": {
            "id": location_id, "location_type": "physical", "name": s.city,
            "addresses": [{"id": uid("service", s.id, "address"), "location_id": location_id,
                           "address_1": s.address or None, "city": s.city, "state_province": s.jurisdiction_code,
                           "postal_code": s.postal_code or None, "country": "CA", "address_type": "physical"}]}}],
        "schedules": _schedules(s),
        "attributes": _attributes(s),
    }


# table -> its fields (a subset of HSDS 3.0's, in its order), as the CSV columns and datapackage schema.
TABLES = {
    "organization": ("id", "name", "description", "website"),
    "service": ("id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
                "application_process", "eligibility_description", "assured_date", "last_modified"),
    "location": ("id", "location_type", "name"),
    "address": ("id", "location_id", "address_1", "city", "state_province", "postal_code", "country",
                "address_type"),
    "service_at_location": ("id", "service_id", "location_id"),
    "phone": ("id", "service_id", "number"),
    "language": ("id", "service_id", "name", "code"),
    "schedule": ("id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"),
    "service_area": ("id", "service_id", "name", "extent_type"),
    "taxonomy": ("id", "name", "description"),
    "taxonomy_term": ("id", "code", "name", "taxonomy_id"),
    "attribute": ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id"),
}


def tables(services: list[Service], lang: str) -> dict[str, list[dict]]:
    """The service objects flattened into HSDS tables, each row once."""
    out: dict[str, dict[str, dict]] = {name: {} for name in TABLES}
    for taxonomy, _v, _a in TAXONOMIES:
        out["taxonomy"][uid("taxonomy", taxonomy)] = {"id": uid("taxonomy", taxonomy), "name": f"concerto-{taxonomy}",
                                                      "description": f"Concerto {taxonomy} codes"}
    for s in services:
        doc = service(s, lang)
        out["service"][doc["id"]] = doc
        if doc["organization"]:
            out["organization"][doc["organization"]["id"]] = doc["organization"]
        for sal in doc["service_at_locations"]:
            out["service_at_location"][sal["id"]] = sal
            out["location"][sal["location"]["id"]] = sal["location"]
            for a in sal["location"]["addresses"]:
                out["address"][a["id"]] = a
        for key, table in (("phones", "phone"), ("languages", "language"), ("schedules", "schedule"),
                           ("service_areas", "service_area"), ("attributes", "attribute")):
            for row in doc[key]:
                out[table][row["id"]] = row
        for a in doc["attributes"]:
            out["taxonomy_term"][a["taxonomy_term"]["id"]] = a["taxonomy_term"]
    return {name: list(rows.values()) for name, rows in out.items()}


def datapackage(services: list[Service], lang: str, now: datetime | None = None) -> bytes:
    """A zip: datapackage.json (Frictionless Data Package, HSDS profile) and one CSV per table."""
    data = tables(services, lang)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, fields in TABLES.items():
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(fields)
            for row in data[name]:
                writer.writerow(["" if row.get(f) is None else row.get(f) for f in fields])
            zf.writestr(f"{name}.csv", out.getvalue())
        zf.writestr("datapackage.json", json.dumps(_descriptor(lang, now), indent=2, ensure_ascii=False))
    return buf.getvalue()


def _descriptor(lang: str, now: datetime | None) -> dict:
    return {
        "name": "concerto-services-directory", "title": "Concerto services directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package", "version": "3.0",
        "created": (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat(),
        "language": lang,
        "licenses": [{"name": "OGL-Canada-2.0", "title": "Open Government Licence - Canada",
                      "path": "https://open.canada.ca/en/open-government-licence-canada"}],
        "resources": [{"name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
                       "encoding": "utf-8", "profile": "tabular-data-resource",
                       "schema": {"fields": [{"name": f, "type": "string"} for f in fields],
                                  "primaryKey": "id"}}
                      for name, fields in TABLES.items()],
    }
