"""A consultation's input for the secretariat as a spreadsheet (XLSX, consent honoured as in the CSV of
manage.py) and as JSON Lines in the importer's format. Every download is audited."""
from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from ... import audit
from ...i18n import _, _l
from ...spreadsheets import xlsx_response
from .. import exports
from ..access import get_consultation_or_404
from ..blueprint import bp


@bp.route("/<slug>/export.xlsx")
def export_xlsx(slug):
    c = get_consultation_or_404(slug, "export")
    scope = "publishable" if request.args.get("scope") == "publishable" else "all"
    title = _("Publishable input") if scope == "publishable" else _("All input")
    audit.record_view("consultation.exported", c, actor=current_user, summary=_l("%(scope)s, spreadsheet", scope=exports.SCOPES[scope]))
    return xlsx_response([exports.export_sheet(c, scope, title)], f"{c.slug}-{scope}.xlsx",
                         headers={"Cache-Control": "no-store"})


@bp.route("/<slug>/export.jsonl")
def export_jsonl(slug):
    c = get_consultation_or_404(slug, "export")
    audit.record_view("consultation.exported", c, actor=current_user, summary=_l("all input, JSON lines"))
    return Response(exports.export_jsonl(c), mimetype="application/jsonl", headers={
        "Content-Disposition": f'attachment; filename="{c.slug}-input.jsonl"', "Cache-Control": "no-store"})
