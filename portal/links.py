"""Links between records of different features, with a way back.

A consultation key point becomes a proposed commitment, a submission excerpt becomes the source of a
lesson learned, a lesson informs a commitment. Each feature registers a resolver per record type it owns
(in `portal/<feature>/refs.py`), so any page can show the linked records a reader may see, with links back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from . import audit
from .db import UTCDateTime, utcnow
from .extensions import db
from .i18n import LocalizedText
from .permissions import PUBLIC, VISIBILITY_LEVELS, may_see
from .textlang import identify


@dataclass
class Ref:
    """What a page needs to show a linked record: title, where it lives, and who may see it."""
    type: str
    id: int
    title: LocalizedText | str
    endpoint: str
    url_args: dict = field(default_factory=dict)
    visibility: str = PUBLIC
    owner_org_ids: set[int] = field(default_factory=set)
    type_label: str = ""


RESOLVERS: dict[str, Callable[[int], Ref | None]] = {}
TABLES: dict[str, str] = {}   # table name -> record type, for what names its objects by table (the audit log)


def register_ref(record_type: str, *, table: str | None = None):
    """Register `resolve(id) -> Ref | None` for a record type, e.g. @register_ref("submission"); `table` is
    the model's table, so an audit entry about a row of it can ask who may read that record."""

    def decorator(func: Callable[[int], Ref | None]):
        RESOLVERS[record_type] = func
        if table:
            TABLES[table] = record_type
        return func

    return decorator


def resolve(record_type: str, record_id: int) -> Ref | None:
    func = RESOLVERS.get(record_type)
    return func(record_id) if func else None


def resolve_row(table: str, row_id: int | None) -> Ref | None:
    """The record a row of `table` is (None when the table has no ref type or the record is gone)."""
    record_type = TABLES.get(table)
    return resolve(record_type, row_id) if record_type and row_id is not None else None


def narrowest(*visibilities: str) -> str:
    """The most confidential of the given visibility levels."""
    return max(visibilities, key=VISIBILITY_LEVELS.index) if visibilities else PUBLIC


class Link(db.Model):
    __tablename__ = "record_links"
    __table_args__ = (UniqueConstraint("source_type", "source_id", "target_type", "target_id", "relation",
                                       name="record_links_unique"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(40), index=True)
    source_id: Mapped[int] = mapped_column(Integer, index=True)
    target_type: Mapped[str] = mapped_column(String(40), index=True)
    target_id: Mapped[int] = mapped_column(Integer, index=True)
    relation: Mapped[str] = mapped_column(String(40))  # proposed_from, source_of, informs, related
    excerpt: Mapped[str | None] = mapped_column(Text)
    excerpt_lang: Mapped[str | None] = mapped_column(String(2))   # the language the excerpt is in
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def add_link(source_type: str, source_id: int, target_type: str, target_id: int, relation: str, *,
             excerpt: str | None = None, excerpt_lang: str | None = None, actor: Any = None) -> Link:
    existing = db.session.scalar(select(Link).where(
        Link.source_type == source_type, Link.source_id == source_id, Link.target_type == target_type,
        Link.target_id == target_id, Link.relation == relation))
    if existing is not None:
        return existing
    link = Link(source_type=source_type, source_id=source_id, target_type=target_type, target_id=target_id,
                relation=relation, excerpt=excerpt,
                # a caller that does not say (an API, a script): the language the excerpt's text says, if clear
                excerpt_lang=(excerpt_lang or identify(excerpt)) if excerpt else None,
                created_by_id=getattr(actor, "id", None))
    db.session.add(link)
    db.session.flush()
    audit.record("link.created", link, actor=actor,
                 summary=f"{source_type}:{source_id} -{relation}-> {target_type}:{target_id}")
    return link


def linked(record_type: str, record_id: int, user: Any, *, relation: str | None = None) -> list[tuple[Link, Ref]]:
    """Links touching a record, in either direction, whose other end the user may see."""
    stmt = select(Link).where(or_(
        (Link.source_type == record_type) & (Link.source_id == record_id),
        (Link.target_type == record_type) & (Link.target_id == record_id)))
    if relation:
        stmt = stmt.where(Link.relation == relation)
    out = []
    for link in db.session.scalars(stmt.order_by(Link.id)):
        if link.source_type == record_type and link.source_id == record_id:
            ref = resolve(link.target_type, link.target_id)
        else:
            ref = resolve(link.source_type, link.source_id)
        if ref is not None and may_see(user, ref.visibility, ref.owner_org_ids):
            out.append((link, ref))
    return out
