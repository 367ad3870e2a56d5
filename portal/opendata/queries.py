"""The catalogue: every feature's public datasets (their `datasets.py` rooms), the site's change feed, and
their DCAT-US 1.1 / DCAT description in JSON-LD."""
from __future__ import annotations

from flask import current_app, url_for

from .. import features
from ..datasets import LICENCE_NAME, LICENCE_URL, Dataset, Distribution
from ..i18n import _

DCAT_CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
DCAT_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
LANGUAGES = ["fr-CA", "en-CA"]


def catalogue() -> list[Dataset]:
    out: list[Dataset] = []
    for _feature, mod in features.modules("datasets"):
        out += mod.datasets()
    out.append(Dataset(
        "changes", "Ce qui a changé", "What changed",
        "Les changements publics du portail, semaine par semaine : rapports publiés, états, échéances, "
        "consultations, répertoire.",
        "The portal's public changes, week by week: reports published, statuses, due dates, consultations, "
        "directory.", url_for("follows.activity", _external=True), None, ["changements", "changes"],
        [Distribution("atom", url_for("follows.activity_feed", _external=True))]))
    return out


def _distribution(d: Distribution) -> dict:
    link = "accessURL" if d.fmt in ("json", "hsds", "atom", "ical") else "downloadURL"
    return {"@type": "dcat:Distribution", "title": d.label, link: d.url, "mediaType": d.media_type,
            "format": d.label}


def _dataset(ds: Dataset, lang: str) -> dict:
    contact = current_app.config.get("MAIL_FROM") or ""
    out = {
        "@type": "dcat:Dataset", "identifier": url_for("opendata.index", _external=True) + "#" + ds.key,
        "title": ds.title(lang), "description": ds.description(lang), "keyword": ds.keywords,
        "publisher": {"@type": "org:Organization", "name": "Concerto"},
        "contactPoint": {"@type": "vcard:Contact", "fn": "Concerto",
                         "hasEmail": f"mailto:{contact.split('<')[-1].rstrip('>').strip()}"},
        "accessLevel": "public", "license": LICENCE_URL[lang], "rights": LICENCE_NAME[lang],
        "landingPage": ds.page_url, "language": LANGUAGES,
        "distribution": [_distribution(d) for d in ds.distributions],
    }
    if ds.modified is not None:
        out["modified"] = ds.modified.date().isoformat()
    return out


def dcat(datasets: list[Dataset], lang: str) -> dict:
    return {"@context": DCAT_CONTEXT, "@id": url_for("opendata.catalog", _external=True), "@type": "dcat:Catalog",
            "conformsTo": DCAT_SCHEMA, "describedBy": f"{DCAT_SCHEMA}/catalog.json",
            "title": _("Concerto open data"), "dataset": [_dataset(ds, lang) for ds in datasets]}
