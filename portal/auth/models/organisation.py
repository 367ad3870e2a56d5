"""Organisations and the provinces and territories they may belong to."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l, current_lang, localized

JURISDICTIONS = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")

JURISDICTION_NAMES = {
    "AB": _l("Alberta"),
    "BC": _l("British Columbia"),
    "MB": _l("Manitoba"),
    "NB": _l("New Brunswick"),
    "NL": _l("Newfoundland and Labrador"),
    "NS": _l("Nova Scotia"),
    "NT": _l("Northwest Territories"),
    "NU": _l("Nunavut"),
    "ON": _l("Ontario"),
    "PE": _l("Prince Edward Island"),
    "QC": _l("Quebec"),
    "SK": _l("Saskatchewan"),
    "YT": _l("Yukon"),
}


def jurisdiction_name(code: str | None) -> str:
    if not code:
        return ""
    return str(JURISDICTION_NAMES[code])


ORG_TYPE_LABELS = {
    "federal": _l("Federal department or agency"),
    "jurisdiction": _l("Province or territory government"),
    "ngo": _l("NGO or service provider"),
    "indigenous": _l("Indigenous organisation"),
    "police": _l("Police service"),
    "research": _l("Research"),
    "other": _l("Other"),
}


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    short_name: Mapped[str] = mapped_column(String(40), unique=True)       # the English form, and the import key
    short_name_fr: Mapped[str | None] = mapped_column(String(40))           # GRC for RCMP; None: the same in French
    name_en: Mapped[str] = mapped_column(String(300), default="")
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    org_type: Mapped[str] = mapped_column(String(20))
    jurisdiction_code: Mapped[str | None] = mapped_column(String(2), index=True)
    website: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")

    @property
    def name(self):
        return localized(self, "name")

    @property
    def acronym(self) -> str:
        """The short name in the page's language: GRC on French pages, RCMP on English ones."""
        if current_lang() == "fr" and self.short_name_fr:
            return self.short_name_fr
        return self.short_name

    @property
    def type_label(self) -> str:
        return str(ORG_TYPE_LABELS.get(self.org_type, self.org_type))

    def __repr__(self) -> str:
        return f"<Organisation {self.short_name}>"

    @classmethod
    def by_short_name(cls, short_name: str) -> "Organisation | None":
        """Either language's short name (RCMP or GRC) names the organisation."""
        key = short_name.strip().lower()
        found = db.session.scalar(select(cls).where(db.func.lower(cls.short_name) == key))
        return found or db.session.scalar(select(cls).where(db.func.lower(cls.short_name_fr) == key).limit(1))
