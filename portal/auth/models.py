from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..i18n import _l, localized

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


class OrgType(str, enum.Enum):
    federal = "federal"
    jurisdiction = "jurisdiction"
    ngo = "ngo"
    indigenous = "indigenous"
    police = "police"
    research = "research"
    other = "other"

    @property
    def label(self) -> str:
        return str(ORG_TYPE_LABELS[self.value])


ORG_TYPE_LABELS = {
    "federal": _l("Federal department or agency"),
    "jurisdiction": _l("Province or territory government"),
    "ngo": _l("NGO or service provider"),
    "indigenous": _l("Indigenous organisation"),
    "police": _l("Police service"),
    "research": _l("Research"),
    "other": _l("Other"),
}


class Role(str, enum.Enum):
    admin = "admin"
    secretariat = "secretariat"
    department_lead = "department_lead"
    jurisdiction_editor = "jurisdiction_editor"
    ngo_member = "ngo_member"
    committee_member = "committee_member"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self.value])


ROLE_LABELS = {
    "admin": _l("Administrator"),
    "secretariat": _l("Secretariat"),
    "department_lead": _l("Department lead"),
    "jurisdiction_editor": _l("Province or territory editor"),
    "ngo_member": _l("NGO member"),
    "committee_member": _l("Advisory committee member"),
}


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
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
    def type_label(self) -> str:
        return str(ORG_TYPE_LABELS.get(self.org_type, self.org_type))

    def __repr__(self) -> str:
        return f"<Organisation {self.short_name}>"

    @classmethod
    def by_short_name(cls, short_name: str) -> "Organisation | None":
        return db.session.scalar(select(cls).where(db.func.lower(cls.short_name) == short_name.strip().lower()))


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    preferred_lang: Mapped[str] = mapped_column(String(2), default="fr")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="users", lazy="joined")
    role_rows: Mapped[list["UserRole"]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                       lazy="selectin")

    # Flask-Login protocol; the session token (not the user id) identifies the login.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def jurisdiction_code(self) -> str | None:
        return self.organisation.jurisdiction_code if self.organisation else None

    @property
    def name(self) -> str:
        return self.display_name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))

    user: Mapped[User] = relationship(back_populates="role_rows")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserSession(db.Model):
    """A server-side login. The cookie holds a random token; its hash is stored here, so logout,
    a password change or disabling the account ends the session for every copy of the cookie."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
