"""Reads shared by pages, exports, the API and the jobs. Lists are small (hundreds of records), so the
list-valued fields (categories, populations...) are filtered in Python, the same way on every database."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from ..auth.models import JURISDICTIONS, Organisation, User, UserRole
from ..extensions import db
from ..db import utcnow
from ..i18n import _l, ngettext
from ..permissions import can, can_some
from ..todo import TodoItem
from . import vocab
from .access import may_read, sees_internal
from .models import MODELS, ChangeProposal, Coalition, Protocol, RegionNote, Service, Strategy

DUE_WINDOW_DAYS = 90
CONFIRM_AFTER_DAYS = 365


def visible(model, user: Any, *, province: str | None = None) -> list:
    """Records of `model` the user may read; province is a code, vocab.NATIONAL, or None for all."""
    stmt = select(model)
    if province == vocab.NATIONAL:
        stmt = stmt.where(model.jurisdiction_code.is_(None))
    elif province:
        stmt = stmt.where(model.jurisdiction_code == province)
    if not sees_internal(user):
        stmt = stmt.where(model.published.is_(True))
    rows = db.session.scalars(stmt.order_by(model.jurisdiction_code, model.id)).unique().all()
    return [r for r in rows if may_read(user, r)]


def region_notes(code: str, user: Any = None) -> list[RegionNote]:
    stmt = select(RegionNote).where(RegionNote.jurisdiction_code == code)
    if not sees_internal(user):
        stmt = stmt.where(RegionNote.published.is_(True))
    return list(db.session.scalars(stmt.order_by(RegionNote.year.desc(), RegionNote.id)))


@dataclass
class ProvinceFigures:
    code: str
    coalitions: int = 0
    protocols_in_force: int = 0
    categories: set[str] = field(default_factory=set)
    services: int = 0
    strategies: int = 0

    @property
    def categories_covered(self) -> int:
        return len(self.categories)


MEASURES = {
    "coalitions": _l("Active coalitions and networks"),
    "protocols": _l("Protocols in force"),
    "categories": _l("Service categories covered"),
}


def province_figures(user: Any) -> dict[str, ProvinceFigures]:
    figures = {code: ProvinceFigures(code) for code in JURISDICTIONS}
    for c in visible(Coalition, user):
        if c.jurisdiction_code in figures and c.active:
            figures[c.jurisdiction_code].coalitions += 1
    for p in visible(Protocol, user):
        if p.jurisdiction_code in figures and p.status == "in_force":
            figures[p.jurisdiction_code].protocols_in_force += 1
    for s in visible(Service, user):
        if s.jurisdiction_code in figures:
            figures[s.jurisdiction_code].services += 1
            figures[s.jurisdiction_code].categories.update(s.categories or [])
    for s in visible(Strategy, user):
        if s.jurisdiction_code in figures:
            figures[s.jurisdiction_code].strategies += 1
    return figures


def measure_value(fig: ProvinceFigures, measure: str) -> int:
    return {"coalitions": fig.coalitions, "protocols": fig.protocols_in_force,
            "categories": fig.categories_covered}[measure]


def bins_for(measure: str) -> list[tuple[int, int]]:
    """Legend classes (inclusive ranges). Zero is always a class of its own: it is the gap."""
    if measure == "categories":
        return [(0, 0), (1, 4), (5, 8), (9, 12)]
    return [(0, 0), (1, 1), (2, 3), (4, 10_000)]


def bin_index(value: int, measure: str) -> int:
    for i, (lo, hi) in enumerate(bins_for(measure)):
        if lo <= value <= hi:
            return i
    return len(bins_for(measure)) - 1


@dataclass
class Cell:
    """One province x category (or activity) cell of the gap matrix."""
    records: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def last_confirmed(self) -> datetime | None:
        dates = [r.last_confirmed_at for r in self.records if r.last_confirmed_at]
        return max(dates) if dates else None

    @property
    def stale(self) -> bool:
        last = self.last_confirmed
        return bool(last) and (datetime.now(last.tzinfo) - last).days > CONFIRM_AFTER_DAYS


@dataclass
class GapFilters:
    axis: str = "categories"              # categories | activities
    provinces: list[str] = field(default_factory=list)
    population: str = ""
    open_24_7: bool = False
    gaps_only: bool = False


@dataclass
class GapMatrix:
    """Provinces and territories (rows) x categories or activities (columns); a Cell for each pair."""
    axis: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], Cell]

    @property
    def vocabulary(self) -> dict:
        return vocab.ACTIVITIES if self.axis == "activities" else vocab.CATEGORIES


def gap_matrix(user: Any, filters: GapFilters) -> GapMatrix:
    """Provinces x categories (services) or x activities (coalitions)."""
    rows = [c for c in JURISDICTIONS if not filters.provinces or c in filters.provinces]
    if filters.axis == "activities":
        columns = list(vocab.ACTIVITIES)
        records = [c for c in visible(Coalition, user) if c.active]
        keys = lambda r: r.activities or []  # noqa: E731
    else:
        columns = list(vocab.CATEGORIES)
        records = visible(Service, user)
        if filters.population:
            records = [s for s in records if filters.population in (s.populations or [])]
        if filters.open_24_7:
            records = [s for s in records if s.open_24_7]
        keys = lambda r: r.categories or []  # noqa: E731
    cells = {(r, c): Cell() for r in rows for c in columns}
    for record in records:
        for key in keys(record):
            cell = cells.get((record.jurisdiction_code, key))
            if cell is not None:
                cell.records.append(record)
    if filters.gaps_only:
        rows = [r for r in rows if any(cells[(r, c)].count == 0 for c in columns)]
    return GapMatrix(filters.axis, rows, columns, cells)


@dataclass
class DirectoryFilters:
    q: str = ""
    province: str = ""
    category: str = ""
    population: str = ""
    language: str = ""
    open_24_7: bool = False


def search_services(user: Any, f: DirectoryFilters) -> list[Service]:
    services = visible(Service, user, province=f.province or None)
    if f.category:
        services = [s for s in services if f.category in (s.categories or [])]
    if f.population:
        services = [s for s in services if f.population in (s.populations or [])]
    if f.language:
        services = [s for s in services if f.language in (s.languages or [])]
    if f.open_24_7:
        services = [s for s in services if s.open_24_7]
    if f.q.strip():
        words = _fold(f.q).split()
        services = [s for s in services if all(w in _fold(" ".join([
            s.name_fr, s.name_en, s.city, s.description_fr, s.description_en,
            s.owner_organisation.name_fr if s.owner_organisation else "",
            s.owner_organisation.name_en if s.owner_organisation else ""])) for w in words)]
    return sorted(services, key=lambda s: (s.jurisdiction_code or "", s.city.lower(), str(s.title).lower()))


def _fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", (text or "").lower()) if not unicodedata.combining(ch))


@dataclass
class DueProtocol:
    protocol: Protocol
    reason: str  # "expires" or "review"
    when: date


def due_protocols(user: Any, *, today: date | None = None, days: int = DUE_WINDOW_DAYS,
                  province: str | None = None) -> list[DueProtocol]:
    """Protocols whose review is due (or overdue) or which expire within `days`, soonest first."""
    today = today or date.today()
    horizon = today + timedelta(days=days)
    stmt = select(Protocol).where(Protocol.status.in_(("in_force", "under_review")),
                                  or_(Protocol.review_on <= horizon,
                                      (Protocol.expires_on >= today) & (Protocol.expires_on <= horizon)))
    if province:
        stmt = stmt.where(Protocol.jurisdiction_code == province)
    out = []
    for p in db.session.scalars(stmt):
        if not may_read(user, p):
            continue
        if p.expires_on and today <= p.expires_on <= horizon:
            out.append(DueProtocol(p, "expires", p.expires_on))
        elif p.review_on and p.review_on <= horizon:
            out.append(DueProtocol(p, "review", p.review_on))
    return sorted(out, key=lambda d: d.when)


def pending_proposals_for(user: Any) -> list[ChangeProposal]:
    rows = db.session.scalars(select(ChangeProposal).where(ChangeProposal.status == "pending")
                              .order_by(ChangeProposal.proposed_at)).all()
    return [p for p in rows if can(user, "directory.review", p)]


def proposals_by_org(org_id: int) -> list[ChangeProposal]:
    return list(db.session.scalars(select(ChangeProposal).where(ChangeProposal.proposed_by_org_id == org_id)
                                   .order_by(ChangeProposal.proposed_at.desc()).limit(50)))


def stale_records(*, now: datetime, days: int = CONFIRM_AFTER_DAYS) -> list:
    cutoff = now - timedelta(days=days)
    out = []
    for model in MODELS.values():
        out.extend(db.session.scalars(select(model).where(model.last_confirmed_at < cutoff)))
    return out


def reviewers_for(jurisdiction_code: str | None) -> list[User]:
    """The province's or territory's editors, or the secretariat for national records (and when a
    province has no editor yet, so that no proposal waits unseen)."""
    users = []
    if jurisdiction_code:
        users = [u for u in db.session.scalars(
            select(User).join(UserRole).where(UserRole.role == "jurisdiction_editor", User.active.is_(True)))
            if u.jurisdiction_code == jurisdiction_code]
    if not users:
        users = list(db.session.scalars(
            select(User).join(UserRole).where(UserRole.role == "secretariat", User.active.is_(True))))
    return users


def organisation_choices() -> list[tuple[int, str]]:
    """Active organisations as (id, "ACRONYM — Name") for owner, member and party lists."""
    orgs = db.session.scalars(select(Organisation).where(Organisation.active.is_(True))
                              .order_by(Organisation.short_name)).all()
    return [(o.id, f"{o.acronym} — {o.name}") for o in orgs]


def organisation_short_names(ids: list[int]) -> list[str]:
    return sorted(o.acronym for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))))


@dataclass
class ProvinceOverview:
    """What the directory holds on one province or territory, as the reader may see it."""
    code: str
    coalitions: list[Coalition]
    strategies: list[Strategy]
    protocols: list[Protocol]
    services: list[Service]
    notes: list[RegionNote]
    due: list[DueProtocol]

    @property
    def missing_categories(self) -> list[str]:
        covered = {c for s in self.services for c in (s.categories or [])}
        return [c for c in vocab.CATEGORIES if c not in covered]


def province_overview(code: str, user: Any) -> ProvinceOverview:
    return ProvinceOverview(code=code, coalitions=visible(Coalition, user, province=code),
                            strategies=visible(Strategy, user, province=code),
                            protocols=visible(Protocol, user, province=code),
                            services=visible(Service, user, province=code), notes=region_notes(code, user),
                            due=due_protocols(user, province=code))


def todo_for(user: Any) -> list[TodoItem]:
    """The home page's to-do: proposals the person may approve, records they edit that need reconfirming."""
    proposals = len(pending_proposals_for(user)) if can_some(user, "directory.review") else 0
    stale = len([r for r in stale_records(now=utcnow()) if can(user, "directory.edit", r)]) \
        if can_some(user, "directory.edit") else 0
    return [TodoItem(ngettext("%(num)s proposed change to approve", "%(num)s proposed changes to approve", proposals),
                     proposals, "coalitions.proposals"),
            TodoItem(ngettext("%(num)s record to reconfirm", "%(num)s records to reconfirm", stale), stale,
                     "coalitions.due")]
