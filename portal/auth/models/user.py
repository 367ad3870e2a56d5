"""People with an account and their roles."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from .organisation import Organisation

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


EMAIL_LANGUAGES = {"fr": "Français", "en": "English", "": _l("Both (French and English)")}


ROLE_LABELS = {
    "admin": _l("Administrator"),
    "secretariat": _l("Secretariat"),
    "department_lead": _l("Department lead"),
    "jurisdiction_editor": _l("Province or territory editor"),
    "ngo_member": _l("NGO member"),
    "committee_member": _l("Advisory committee member"),
}


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The language of the mail this person gets: "fr", "en", or None when unknown (mail in both languages).
    preferred_lang: Mapped[str | None] = mapped_column(String(2), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-step sign-in (portal/auth/services/twofactor.py): the RFC 6238 secret, when it was confirmed (None
    # while being set up), and the last time step whose code was accepted (a code works once).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

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
