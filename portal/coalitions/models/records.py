from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import localized, written_in
from ...textlang import identify
from .base import DirectoryRecord

coalition_members = Table(
    "coalition_members", db.metadata,
    Column("coalition_id", ForeignKey("coalitions.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)

protocol_parties = Table(
    "protocol_parties", db.metadata,
    Column("protocol_id", ForeignKey("protocols.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Coalition(DirectoryRecord, db.Model):
    __tablename__ = "coalitions"
    record_type = "coalition"
    EDITABLE = ("name_fr", "name_en", "kind", "jurisdiction_code", "cities", "year_founded", "activities",
                "sectors", "description_fr", "description_en", "contact_name", "contact_email", "contact_phone",
                "website", "active", "notes_fr", "notes_en", "published")

    name_fr: Mapped[str] = mapped_column(String(300), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(30), default="coalition")
    cities: Mapped[str] = mapped_column(String(300), default="")
    year_founded: Mapped[int | None] = mapped_column(Integer)
    activities: Mapped[list] = mapped_column(JSON, default=list)
    sectors: Mapped[list] = mapped_column(JSON, default=list)
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    members = relationship("Organisation", secondary=coalition_members, lazy="selectin",
                           order_by="Organisation.short_name")

    @property
    def title(self):
        return localized(self, "name")

    @property
    def owner_organisation_ids(self) -> set[int]:
        # Member organisations may propose changes to the coalition they sit on.
        ids = {m.id for m in self.members}
        if self.owner_organisation_id:
            ids.add(self.owner_organisation_id)
        return ids


class Strategy(DirectoryRecord, db.Model):
    __tablename__ = "strategies"
    record_type = "strategy"
    EDITABLE = ("title_fr", "title_en", "jurisdiction_code", "year", "status", "document_url",
                "key_points_fr", "key_points_en", "notes_fr", "notes_en", "published")

    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="in_force")
    document_url: Mapped[str] = mapped_column(String(500), default="")
    key_points_fr: Mapped[str] = mapped_column(Text, default="")
    key_points_en: Mapped[str] = mapped_column(Text, default="")

    @property
    def title(self):
        return localized(self, "title")


class Protocol(DirectoryRecord, db.Model):
    __tablename__ = "protocols"
    record_type = "protocol"
    EDITABLE = ("title_fr", "title_en", "jurisdiction_code", "kind", "scopes", "other_parties", "summary_fr",
                "summary_en", "signed_on", "effective_on", "review_on", "expires_on", "status",
                "notes_fr", "notes_en", "published")

    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(30), default="referral")
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    other_parties: Mapped[str] = mapped_column(Text, default="")  # parties without an account, one per line
    summary_fr: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date, index=True)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")

    parties = relationship("Organisation", secondary=protocol_parties, lazy="selectin",
                           order_by="Organisation.short_name")
    versions: Mapped[list["ProtocolVersion"]] = relationship(
        back_populates="protocol", cascade="all, delete-orphan", order_by="ProtocolVersion.id.desc()")

    @property
    def title(self):
        return localized(self, "title")

    @property
    def other_party_list(self) -> list[str]:
        return [p.strip() for p in (self.other_parties or "").splitlines() if p.strip()]

    @property
    def other_parties_shown(self) -> list:
        """The parties without an account as a page shows them: each name as it was typed, in the language it
        reads as (textlang; a name too short to tell is left as the page's), with its `lang` and the "available
        in ... only" note on a page of the other language ("Services à l'enfant et à la famille")."""
        return [written_in(p, identify(p)) for p in self.other_party_list]

    @property
    def owner_organisation_ids(self) -> set[int]:
        ids = {p.id for p in self.parties}
        if self.owner_organisation_id:
            ids.add(self.owner_organisation_id)
        return ids

    @property
    def is_public(self) -> bool:
        # A draft protocol stays internal whatever its publication flag says.
        return bool(self.published) and self.status != "draft"


class ProtocolVersion(db.Model):
    __tablename__ = "protocol_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocols.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    document_url: Mapped[str] = mapped_column(String(500), default="")
    dated: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")
    text_lang: Mapped[str | None] = mapped_column(String(2))   # the language the label and note were written in
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    protocol: Mapped[Protocol] = relationship(back_populates="versions")


class Service(DirectoryRecord, db.Model):
    """A service for victims, shaped after the Open Referral HSDS service + location + phone objects."""

    __tablename__ = "services"
    record_type = "service"
    EDITABLE = ("name_fr", "name_en", "jurisdiction_code", "city", "address", "postal_code", "categories",
                "populations", "languages", "open_24_7", "description_fr", "description_en", "referral_fr",
                "referral_en", "eligibility_fr", "eligibility_en", "hours", "phone", "email", "url",
                "notes_fr", "notes_en", "published")

    name_fr: Mapped[str] = mapped_column(String(300), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    categories: Mapped[list] = mapped_column(JSON, default=list)
    populations: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    open_24_7: Mapped[bool] = mapped_column(Boolean, default=False)
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    referral_fr: Mapped[str] = mapped_column(Text, default="")  # HSDS application_process
    referral_en: Mapped[str] = mapped_column(Text, default="")
    eligibility_fr: Mapped[str] = mapped_column(Text, default="")
    eligibility_en: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[str] = mapped_column(String(300), default="")
    hours_lang: Mapped[str | None] = mapped_column(String(2))   # the language the hours were written in
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    url: Mapped[str] = mapped_column(String(500), default="")

    @property
    def title(self):
        return localized(self, "name")


class RegionNote(db.Model):
    """A dated note on a province or territory (e.g. regional trends reported at a forum)."""

    __tablename__ = "region_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(2), index=True)
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    source_lang: Mapped[str | None] = mapped_column(String(2))   # the language of the cited source
    year: Mapped[int | None] = mapped_column(Integer)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def title(self):
        return localized(self, "title")


MODELS = {"coalition": Coalition, "strategy": Strategy, "protocol": Protocol, "service": Service}
