"""A consultation: its discussion paper in sections with questions, its audience and dates, its code book;
and the stakeholder categories input is counted by."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db import UTCDateTime, utcnow
from ...extensions import db
from ...i18n import _l
from ...permissions import COMMITTEE, PUBLIC, SECRETARIAT

AUDIENCES = {"public": _l("Public"), "invited": _l("Invited organisations"), "committee": _l("Advisory committee")}
QUESTION_KINDS = {"long": _l("Long answer"), "short": _l("Short answer"), "scale": _l("Agree-disagree scale"),
                  "yesno": _l("Yes or no"), "choice": _l("Single choice"), "multi": _l("Multiple choice"),
                  "number": _l("Number")}
CHOICE_KINDS = ("choice", "multi")
TEXT_KINDS = ("long", "short")      # the answer is the text itself; other kinds have a value and a comment
SCALE = [("5", _l("Strongly agree")), ("4", _l("Agree")), ("3", _l("Neither agree nor disagree")),
         ("2", _l("Disagree")), ("1", _l("Strongly disagree"))]
YESNO = [("yes", _l("Yes")), ("no", _l("No"))]

consultation_invited_orgs = db.Table(
    "consultation_invited_orgs",
    db.Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    db.Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class StakeholderCategory(db.Model):
    __tablename__ = "stakeholder_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @classmethod
    def ordered(cls, active_only: bool = True) -> list["StakeholderCategory"]:
        stmt = select(cls).order_by(cls.position, cls.id)
        if active_only:
            stmt = stmt.where(cls.active.is_(True))
        return list(db.session.scalars(stmt))


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    summary_fr: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(20), default="public")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retention_days: Mapped[int] = mapped_column(Integer, default=730)
    wwh_fr: Mapped[str] = mapped_column(Text, default="")       # "what we heard" narrative
    wwh_en: Mapped[str] = mapped_column(Text, default="")
    wwh_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retention_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sections: Mapped[list["Section"]] = relationship(back_populates="consultation", order_by="Section.position",
                                                     cascade="all, delete-orphan")
    invited_orgs = relationship("Organisation", secondary=consultation_invited_orgs, lazy="selectin")
    themes: Mapped[list["Theme"]] = relationship(back_populates="consultation", order_by="Theme.code",
                                                 cascade="all, delete-orphan")

    @property
    def questions(self) -> list["Question"]:
        return [q for s in self.sections for q in s.questions]

    def state(self, now: datetime | None = None) -> str:
        now = now or utcnow()
        if self.opens_at is None or self.closes_at is None:
            return "draft"
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"

    @property
    def is_open(self) -> bool:
        return self.state() == "open"

    @property
    def visibility(self) -> str:
        """Who may read the paper: drafts are the secretariat's; committee consultations the committee's."""
        if self.state() == "draft":
            return SECRETARIAT
        return COMMITTEE if self.audience == "committee" else PUBLIC

    @property
    def owner_organisation_ids(self) -> set[int]:
        return {o.id for o in self.invited_orgs} if self.audience == "invited" else set()


class Section(db.Model):
    __tablename__ = "consultation_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")

    consultation: Mapped[Consultation] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(back_populates="section", order_by="Question.position",
                                                       cascade="all, delete-orphan")


class Question(db.Model):
    __tablename__ = "consultation_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("consultation_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str] = mapped_column(String(20))          # "2.3": section 2, question 3; used by imports
    kind: Mapped[str] = mapped_column(String(10), default="long")
    text_fr: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    choices_fr: Mapped[str] = mapped_column(Text, default="")   # one per line, paired by position
    choices_en: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    help_fr: Mapped[str] = mapped_column(Text, default="")
    help_en: Mapped[str] = mapped_column(Text, default="")

    section: Mapped[Section] = relationship(back_populates="questions")

    def choice_list(self, lang: str) -> list[tuple[str, str]]:
        own = [c.strip() for c in (getattr(self, f"choices_{lang}") or "").splitlines() if c.strip()]
        other = [c.strip() for c in (self.choices_fr if lang == "en" else self.choices_en or "").splitlines()
                 if c.strip()]
        labels = own or other
        return [(str(i + 1), label) for i, label in enumerate(labels)]

    def options(self, lang: str) -> list[tuple[str, str]]:
        """The values a respondent picks from (scale, yes/no, choices), as (code, label)."""
        if self.kind == "scale":
            return SCALE
        if self.kind == "yesno":
            return YESNO
        return self.choice_list(lang) if self.kind in CHOICE_KINDS else []


class Theme(db.Model):
    """An entry of a consultation's code book."""
    __tablename__ = "consultation_themes"
    __table_args__ = (UniqueConstraint("consultation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label_fr: Mapped[str] = mapped_column(String(200), default="")
    label_en: Mapped[str] = mapped_column(String(200), default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # Retired themes are kept (never deleted) so the tags already given keep their meaning.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    consultation: Mapped[Consultation] = relationship(back_populates="themes")


PROPOSED, ACCEPTED, DECLINED = "proposed", "accepted", "declined"
PROPOSAL_LABELS = {PROPOSED: _l("Awaiting the secretariat"), ACCEPTED: _l("Accepted"), DECLINED: _l("Declined")}


class ThemeProposal(db.Model):
    """A theme the advisory committee proposes for a consultation's code book; the secretariat accepts it
    (it becomes a theme, with a code) or declines it (with a reason the proposer reads)."""
    __tablename__ = "consultation_theme_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    label_fr: Mapped[str] = mapped_column(String(200), default="")
    label_en: Mapped[str] = mapped_column(String(200), default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=PROPOSED)
    reason: Mapped[str] = mapped_column(Text, default="")          # why it was declined
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_themes.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship()
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    theme = relationship("Theme")

    @property
    def status_label(self) -> str:
        return str(PROPOSAL_LABELS.get(self.status, self.status))
