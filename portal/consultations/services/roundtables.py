"""Roundtables: the meeting's record and attendance, key points, the participant evaluation, documents."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from ... import audit, files, parity
from ...extensions import db
from ...i18n import _, _l, written_in
from ...permissions import PUBLIC
from ...rules import RuleError
from ..models import Attachment, Attendance, Consultation, EvaluationResult, KeyPoint, Roundtable


@dataclass
class RoundtableInput:
    title_fr: str
    title_en: str
    consultation_id: int | None = None
    jurisdiction_code: str | None = None
    city: str = ""
    held_on: date | None = None
    organiser_fr: str = ""
    organiser_en: str = ""
    format_fr: str = ""
    format_en: str = ""
    chatham_house: bool = False
    summary_fr: str = ""
    summary_en: str = ""
    submissions_open: bool = False
    # Not on the form (the imports set them): None leaves them as they are.
    evaluation_note_fr: str | None = None
    evaluation_note_en: str | None = None
    attendance: dict[int, int] | None = None   # category id -> participants; None leaves it as it is
    one_language: bool | None = None           # "publish in one language for now" (None: not asked)

    def values(self) -> dict[str, Any]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("attendance", "one_language") or (value is None and f.name in KEPT_WHEN_NONE):
                continue
            out[f.name] = value
        return out


KEPT_WHEN_NONE = ("evaluation_note_fr", "evaluation_note_en")


TEXTS = {"title": _l("Title"), "organiser": _l("Organiser"), "format": _l("Format"), "summary": _l("Summary"),
         "evaluation_note": _l("Evaluation note")}


def save_roundtable(data: RoundtableInput, actor: Any, roundtable: Roundtable | None = None) -> Roundtable:
    values = data.values()
    consultation = db.session.get(Consultation, data.consultation_id) if data.consultation_id else None
    kept = {k: getattr(roundtable, k) for k in KEPT_WHEN_NONE if k not in values and roundtable is not None}
    parity.require_both({**kept, **values}, TEXTS, one_language=data.one_language,
                        public=(consultation.visibility if consultation else PUBLIC) == PUBLIC)
    if roundtable is None:
        roundtable = Roundtable()
        db.session.add(roundtable)
        action, changes = "roundtable.created", {k: [None, v] for k, v in values.items()}
    else:
        action, changes = "roundtable.updated", audit.diff(roundtable, tuple(values), values)
    for key, value in values.items():
        setattr(roundtable, key, value)
    if data.attendance is not None:
        changes.update(_set_attendance(roundtable, data.attendance))
    db.session.flush()
    audit.record(action, roundtable, actor=actor, changes=changes)
    return roundtable


def _set_attendance(roundtable: Roundtable, attendance: dict[int, int]) -> dict[str, list]:
    changes = {}
    by_cat = {a.category_id: a for a in roundtable.attendance}
    for cat_id, count in attendance.items():
        if count < 0:
            raise RuleError(message=_("Attendance numbers cannot be negative."))
        row = by_cat.get(cat_id)
        if row is None and count:
            roundtable.attendance.append(Attendance(category_id=cat_id, count=count))
        elif row is not None and row.count != count:
            changes[f"attendance:{cat_id}"] = [row.count, count]
            row.count = count
    return changes


@dataclass
class KeyPointInput:
    text_fr: str
    text_en: str
    heading_fr: str = ""
    heading_en: str = ""

    def values(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) or "" for f in fields(self)}


def add_key_point(roundtable: Roundtable, data: KeyPointInput, actor: Any) -> KeyPoint:
    point = KeyPoint(position=len(roundtable.key_points) + 1, **data.values())
    roundtable.key_points.append(point)
    db.session.flush()
    audit.record("roundtable.key_point_added", point, actor=actor, summary=_l("roundtable %(id)s", id=str(roundtable.id)))
    return point


def update_key_point(point: KeyPoint, data: KeyPointInput, actor: Any) -> None:
    values = data.values()
    changes = audit.diff(point, tuple(values), values)
    for key, value in values.items():
        setattr(point, key, value)
    db.session.flush()
    audit.record("roundtable.key_point_updated", point, actor=actor, changes=changes)


def delete_key_point(point: KeyPoint, actor: Any) -> None:
    audit.record("roundtable.key_point_deleted", point, actor=actor, summary=written_in(point.text_fr[:200], "fr"))
    db.session.delete(point)
    db.session.flush()


@dataclass
class EvaluationInput:
    statement_fr: str
    statement_en: str
    agree_share: float   # 0..1: agree or strongly agree


def add_evaluation(roundtable: Roundtable, data: EvaluationInput, actor: Any) -> EvaluationResult:
    share = float(data.agree_share)
    if not 0 <= share <= 1:
        raise RuleError(field="percent", message=_("Enter a percentage between 0 and 100."))
    row = EvaluationResult(position=len(roundtable.evaluation) + 1, statement_fr=data.statement_fr,
                           statement_en=data.statement_en, agree_share=share)
    roundtable.evaluation.append(row)
    db.session.flush()
    audit.record("roundtable.evaluation_added", row, actor=actor, summary=_l("roundtable %(id)s", id=str(roundtable.id)))
    return row


def add_document(roundtable: Roundtable, upload: files.Upload, actor: Any) -> Attachment:
    """A document of the roundtable (already checked by the upload policy), stored with the transaction."""
    att = Attachment(roundtable_id=roundtable.id, filename=upload.filename, file=files.store(upload),
                     kind=upload.kind, size=upload.size)
    db.session.add(att)
    db.session.flush()
    audit.record("roundtable.attachment_added", att, actor=actor, summary=upload.filename)
    return att
