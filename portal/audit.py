"""Append-only audit log: services write an entry for every change and every view of confidential
material. Rows are never updated or deleted (enforced on flush).

A summary is read in the reader's language. A service passes a lazy message with its parameters,
`summary=_l("%(n)s imported, %(skipped)s already there", n=3, skipped=1)` (or `lazy_ngettext`): the entry keeps
the message id and parameters (`message`, JSON) and its English reading (`summary`), and the audit log renders it
with gettext in the page's language. People's text and notation (a title, a code, an email, a reason) are passed
as they are (a str, or `written_in(text, lang)` when its language is known) and keep their own language. Rows
written before `message` existed have only their English `summary`: shown with lang="en" and the marker."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from flask_babel import LazyString, gettext, get_translations
from markupsafe import Markup, escape
from sqlalchemy import JSON, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .db import UTCDateTime, utcnow
from .extensions import db
from .i18n import LocalizedText, _l, current_lang, force_locale, format_number, written_in


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(60), index=True)
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[dict | None] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(500), default="")     # the English reading, as before
    message: Mapped[dict | None] = mapped_column(JSON)                 # what `summary_html` renders (see above)

    actor = relationship("User", foreign_keys=[actor_user_id], lazy="joined")
    actor_organisation = relationship("Organisation", foreign_keys=[actor_organisation_id], lazy="joined")

    @property
    def summary_html(self) -> Markup:
        """The summary in the page's language; people's text keeps its own, marked."""
        if self.message is None:   # written before messages were kept: its English text
            return Markup(written_in(self.summary, "en").__html__()) if self.summary else Markup("")
        return _render(self.message)


# --- Summaries as messages -------------------------------------------------------------------------------------

TEXT_LIMIT = 500   # people's text in a summary is cut as the English `summary` column is


def _encode(value: Any) -> Any:
    """A summary or one of its parameters as JSON: a lazy message by its id, people's text with its language."""
    if isinstance(value, LazyString) and value._func is gettext and len(value._args) == 1:
        # flask_babel.lazy_gettext(msgid, **params); a count is a parameter ("imported: %(n)s"), never a plural
        return {"msgid": value._args[0], "params": {k: _encode(v) for k, v in value._kwargs.items()}}
    if isinstance(value, LocalizedText):
        return {"text": value.text[:TEXT_LIMIT], "lang": value.lang}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return {"text": ("" if value is None else str(value))[:TEXT_LIMIT]}


def _render(message: Any) -> Markup:
    if isinstance(message, (int, float)):
        return escape(format_number(message))
    if not isinstance(message, dict):
        return escape(message)
    if "msgid" in message:
        translations = get_translations()
        params = {k: _render(v) for k, v in (message.get("params") or {}).items()}
        msgid = message["msgid"]
        template = translations.ugettext(msgid)
        catalog = getattr(translations, "_catalog", None)   # gettext's table: a translation may equal its msgid
        untranslated = msgid not in catalog if isinstance(catalog, dict) else template == msgid
        try:
            text = Markup(escape(template)) % params if "%" in template else Markup(escape(template))
        except (KeyError, TypeError, ValueError):   # a message whose wording changed since it was written
            text, untranslated = escape(msgid), True
        if untranslated and current_lang() != "en":   # no French for it (any more): it is English, say so
            return Markup(written_in(text, "en").__html__())
        return text
    text = message.get("text") or ""
    lang = message.get("lang")
    return Markup(written_in(text, lang).__html__()) if lang else escape(text)


def _english(value: Any) -> str:
    if isinstance(value, LazyString):
        with force_locale("en_CA"):
            return str(value)
    if isinstance(value, LocalizedText):
        return value.text
    return "" if value is None else str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def diff(obj: Any, fields: list[str] | tuple[str, ...], new_values: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields that new_values would change on obj."""
    changes = {}
    for field in fields:
        if field not in new_values:
            continue
        old, new = getattr(obj, field, None), new_values[field]
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def record(action: str, obj: Any = None, *, actor: Any = None, changes: dict | None = None,
           summary: Any = "", object_type: str | None = None, object_id: int | None = None) -> AuditEntry:
    """Add an audit entry to the session (the caller's transaction commits it). `summary`: a lazy message
    (translated when read), or people's text / notation (a str, or `written_in(...)`)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        action=action,
        object_type=object_type or (getattr(obj, "__tablename__", None) or type(obj).__name__ if obj is not None else "-"),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        actor_user_id=getattr(actor, "id", None),
        actor_organisation_id=getattr(actor, "organisation_id", None),
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()} or None,
        summary=_english(summary)[:500],
        message=_encode(summary) if summary else None,
    )
    db.session.add(entry)
    return entry


def record_view(action: str, obj: Any, *, actor: Any, summary: Any = "", object_type: str | None = None) -> None:
    """Audit a reading of confidential material from a GET request.

    Written in its own short transaction after the page's read transaction ends, so a page read never
    upgrades to a write lock mid-way (SQLite) nor holds one open while it renders."""
    from sqlalchemy import insert

    from .extensions import write_intent

    row = {"at": utcnow(), "actor_user_id": getattr(actor, "id", None),
           "actor_organisation_id": getattr(actor, "organisation_id", None),
           "action": action,
           "object_type": object_type or getattr(obj, "__tablename__", type(obj).__name__),
           "object_id": getattr(obj, "id", None),
           "summary": _english(summary)[:500],
           "message": _encode(summary) if summary else None}  # read every attribute before the transaction ends
    db.session.commit()
    with write_intent(), db.engine.begin() as conn:
        conn.execute(insert(AuditEntry), [row])


CONFIDENTIAL = frozenset({"committee", "secretariat"})   # the levels whose every read is audited


def record_read(action: str, obj: Any, *, actor: Any, visibilities: Iterable[str], what: Any = "",
                object_type: str | None = None) -> int:
    """Audit a list page, an API answer or a download that showed confidential material: one entry per
    request naming the object the list belongs to (`obj`) and how many confidential items it showed among
    how many, never one entry per row. Nothing when none was confidential. Returns that number.

    Call it once the answer is built (record_view ends the read transaction)."""
    levels = list(visibilities)
    n = sum(1 for v in levels if v in CONFIDENTIAL)
    if n:
        summary = _l("%(what)s: %(n)s confidential of %(total)s shown", what=what, n=n, total=len(levels)) if what \
            else _l("%(n)s confidential of %(total)s shown", n=n, total=len(levels))
        record_view(action, obj, actor=actor, object_type=object_type, summary=summary)
    return n


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _ctx, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("the audit log is append-only")
