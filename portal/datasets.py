"""What the Open data page and its DCAT catalogue list: each feature describes its own datasets in its
`datasets.py` room (`def datasets() -> list[Dataset]`), read through the feature registry, so the open data
feature names no other feature. Only public data is listed: the catalogue is for everyone."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

LICENCE_URL = {"en": "https://open.canada.ca/en/open-government-licence-canada",
               "fr": "https://ouvert.canada.ca/fr/licence-du-gouvernement-ouvert-canada"}
LICENCE_NAME = {"en": "Open Government Licence - Canada", "fr": "Licence du gouvernement ouvert - Canada"}

# format key -> (label shown, media type)
FORMATS = {"csv": ("CSV", "text/csv"),
           "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "json": ("JSON API", "application/json"), "atom": ("Atom", "application/atom+xml"),
           "ical": ("iCalendar", "text/calendar"), "hsds": ("HSDS 3.0 JSON", "application/json"),
           "hsds_zip": ("HSDS CSV datapackage", "application/zip")}


@dataclass
class Distribution:
    fmt: str                 # a FORMATS key
    url: str                 # absolute
    title: str = ""          # e.g. "services" when a dataset has several files of one format

    @property
    def label(self) -> str:
        return FORMATS[self.fmt][0] + (f" ({self.title})" if self.title else "")

    @property
    def media_type(self) -> str:
        return FORMATS[self.fmt][1]


@dataclass
class Dataset:
    key: str                           # stable: "commitments-NAP-2012"
    title_fr: str
    title_en: str
    description_fr: str
    description_en: str
    page_url: str                      # the page people read it on
    modified: datetime | None
    keywords: list[str] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)

    def title(self, lang: str) -> str:
        return self.title_fr if lang == "fr" else self.title_en

    def description(self, lang: str) -> str:
        return self.description_fr if lang == "fr" else self.description_en
