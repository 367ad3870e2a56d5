"""A consultation's input as tables for the secretariat (CSV and XLSX) and as JSON Lines in the importer's
format (a round trip: importing the export into the same consultation changes nothing, into another
consultation with the same questions gives the same input).

Consent is honoured the same way in every format: scope 'all' holds everything, originals and consent
level (the secretariat's); scope 'publishable' only published input given with consent to publication,
redacted text, names only with consent to attribution. The tables give chosen answers by their labels in the
export's language (the request's); the JSON Lines keep the codes the importer reads."""
from __future__ import annotations

import json
from typing import Any

from ..i18n import _l
from ..spreadsheets import Sheet, to_csv
from .models import PUBLISH_NAMED, PUBLISHABLE, PUBLISHED, Consultation, Question, Submission
from .queries import consultation_inputs

SCOPES = {"publishable": _l("publishable input"), "all": _l("all input")}   # as the audit log names them


def _export_row(s: Submission, questions: list[Question], original: bool) -> list:
    row = [s.id, f"roundtable:{s.roundtable_id}" if s.roundtable_id else "consultation",
           s.submitted_at, s.language, s.category.code if s.category else "", s.attribution]
    if original:
        row += [s.organisation.short_name if s.organisation else "", "yes" if s.on_behalf else "",
                s.consent, s.moderation, "yes" if s.is_sample else "",
                "; ".join(sorted({t.theme.code for t in s.tags}))]
    row.append(s.body if original else s.public_text(None))
    for q in questions:
        a = s.answer_for(q.id)
        text = "" if a is None else (a.text if original else s.public_text(a))
        # a choice, a scale or yes/no is shown by its label in the export's language ("One; Three", not "1,3")
        row.append(" | ".join(p for p in (a.value_label if a else "", text) if p))
    return row


def export_table(consultation: Consultation, scope: str) -> tuple[list[str], list[list[Any]]]:
    subs = consultation_inputs(consultation)
    if scope == "publishable":
        subs = [s for s in subs if s.consent in PUBLISHABLE and s.moderation == PUBLISHED]
    questions = consultation.questions
    head = ["id", "source", "submitted_at", "language", "stakeholder_category", "attribution"]
    if scope == "all":
        head += ["organisation", "on_behalf", "consent", "moderation", "sample", "themes"]
    head += ["general_comment"] + [f"Q{q.ref}" for q in questions]
    return head, [_export_row(s, questions, scope == "all") for s in subs]


def export_csv(consultation: Consultation, scope: str) -> str:
    head, rows = export_table(consultation, scope)
    return to_csv([head] + rows)


def export_sheet(consultation: Consultation, scope: str, title: str) -> Sheet:
    head, rows = export_table(consultation, scope)
    return Sheet(title, head, rows, kinds={"id": "int", "submitted_at": "datetime"})


def external_id(s: Submission) -> str:
    """The id a submission is known by in the importer's format: the one it came with, or the portal's own."""
    return s.external_id or f"concerto:{s.id}"


def export_jsonl(consultation: Consultation) -> str:
    """The consultation's own input (not its roundtables'), one JSON object a line, as importers.py reads it."""
    lines = []
    for s in consultation_inputs(consultation):
        if s.consultation_id != consultation.id:
            continue
        answers = {}
        for a in s.answers:
            q = next((q for q in consultation.questions if q.id == a.question_id), None)
            if q is not None:
                answers[q.ref] = a.value or a.text
        rec = {"external_id": external_id(s), "submitted_at": s.submitted_at.isoformat(), "language": s.language,
               "consent": s.consent, "stakeholder_category": s.category.code if s.category else None,
               "organisation": s.organisation.short_name if s.organisation else
               (s.attribution_name if s.consent == PUBLISH_NAMED else None),
               "answers": answers, "body": s.body, "sample": s.is_sample}
        lines.append(json.dumps({k: v for k, v in rec.items() if v not in (None, "", {})}, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
