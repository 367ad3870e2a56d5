"""Bringing in past input from another tool (JSON Lines). Every line is checked first; when any line is
bad, the errors are reported and nothing is written. The portal's own JSON Lines export (exports.py) is in
this format: imported into the same consultation it changes nothing (every line is already there)."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from .. import audit
from ..auth.models import Organisation
from ..extensions import db
from ..i18n import _l
from .models import (CONSENTS, NOT_FOR_PUBLICATION, PENDING, PUBLISH_NAMED, PUBLISHABLE, SCALE, SUBMITTED,
                     YESNO, Answer, Consultation, Submission)
from .queries import category_by_code

REQUIRED = ("external_id", "submitted_at", "language", "consent")


class ImportError_(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _when(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:   # a date and time without offset is Toronto time
        dt = dt.replace(tzinfo=ZoneInfo("America/Toronto"))
    return dt.astimezone(timezone.utc)


def _org(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(or_(
        Organisation.short_name == name, Organisation.name_fr == name, Organisation.name_en == name)))


def import_submissions(consultation: Consultation, lines: list[str], actor: Any = None) -> tuple[int, int]:
    """Returns (imported, skipped as already imported). Raises ImportError_ listing every bad line."""
    questions = {q.ref: q for q in consultation.questions}
    known = set(db.session.scalars(select(Submission.external_id).where(
        Submission.consultation_id == consultation.id, Submission.external_id.is_not(None))))
    # The portal's own export names the submissions it did not import "concerto:<id>": already here too.
    known |= {f"concerto:{i}" for i in db.session.scalars(select(Submission.id).where(
        Submission.consultation_id == consultation.id))}
    seen: set[str] = set()
    errors: list[str] = []
    rows: list[Submission] = []
    skipped = 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        rec, problem = _record(line)
        ext = str(rec.get("external_id")) if rec else ""
        if problem is None and ext in seen:
            problem = f"external_id {ext} appears twice in the file"
        if problem is not None:
            errors.append(f"line {n}: {problem}")
            continue
        seen.add(ext)
        if ext in known:
            skipped += 1
            continue
        problems: list[str] = []
        sub = _submission(consultation, rec, questions, problems)
        errors.extend(f"line {n}: {p}" for p in problems)
        if not problems:
            rows.append(sub)
    if errors:
        raise ImportError_(errors)
    for sub in rows:
        db.session.add(sub)
    db.session.flush()
    audit.record("consultation.submissions_imported", consultation, actor=actor,
                 summary=_l("imported: %(n)s, already there: %(skipped)s", n=len(rows), skipped=skipped))
    return len(rows), skipped


def _record(line: str) -> tuple[dict, str | None]:
    """The line's JSON object and its first problem (not JSON, required keys missing), if any."""
    try:
        rec = json.loads(line)
        if not isinstance(rec, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        return {}, f"not valid JSON ({exc})"
    missing = [k for k in REQUIRED if not rec.get(k)]
    if missing:
        return rec, f"missing {', '.join(missing)}"
    return rec, None


def _submission(consultation: Consultation, rec: dict, questions: dict, problems: list[str]) -> Submission:
    """The submission a line describes; what is wrong with it is appended to `problems`."""
    try:
        when = _when(str(rec["submitted_at"]))
    except ValueError:
        problems.append("submitted_at is not an ISO 8601 date and time")
        when = None
    if rec["language"] not in ("fr", "en"):
        problems.append("language must be fr or en")
    if rec["consent"] not in CONSENTS:
        problems.append(f"consent must be one of {', '.join(CONSENTS)}")
    category = category_by_code(rec.get("stakeholder_category"))
    if rec.get("stakeholder_category") and category is None:
        problems.append(f"unknown stakeholder_category {rec['stakeholder_category']!r}")
    answers = rec.get("answers") or {}
    body = rec.get("body") or ""
    if not isinstance(answers, dict) or not isinstance(body, str):
        problems.append("answers must be an object (question reference -> text) and body a string")
        answers, body = {}, ""
    if not answers and not body.strip():
        problems.append("neither answers nor body")
    built = [a for a in (_answer(ref, text, questions, problems) for ref, text in answers.items()) if a]
    org_name = (rec.get("organisation") or "").strip()
    org = _org(org_name) if org_name else None
    sub = Submission(consultation_id=consultation.id, external_id=str(rec["external_id"]), status=SUBMITTED,
                     language=rec["language"], consent=rec["consent"],
                     stakeholder_category_id=category.id if category else None,
                     organisation_id=org.id if org else None,
                     attribution_name=org_name if (org is None and rec["consent"] == PUBLISH_NAMED) else "",
                     moderation=PENDING if rec["consent"] in PUBLISHABLE else NOT_FOR_PUBLICATION,
                     body=body.strip(), submitted_at=when, updated_at=when, is_sample=bool(rec.get("sample")))
    sub.answers = built
    return sub


def _answer(ref, text, questions: dict, problems: list[str]) -> Answer | None:
    """For scale, yes/no and choice questions, a value such as 4, yes or 2 is stored as the choice."""
    q = questions.get(str(ref))
    if q is None:
        problems.append(f"no question {ref} in this consultation")
        return None
    if not isinstance(text, str):
        problems.append(f"the answer to {ref} is not text")
        return None
    codes = {c for c, _l in (SCALE if q.kind == "scale" else YESNO if q.kind == "yesno" else
                             q.choice_list("fr"))} if q.kind != "long" else set()
    value = text if text in codes else ""
    return Answer(question_id=q.id, text="" if value else text.strip(), value=value)
