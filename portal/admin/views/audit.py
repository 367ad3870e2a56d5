"""The audit log, newest first, filtered by the start of the action's name."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ...guards import page_arg
from ...permissions import authorize
from .. import queries
from ..blueprint import bp


@bp.route("/audit")
def audit_log():
    authorize("audit.read")
    page = page_arg()
    action = (request.args.get("action") or "").strip()
    result = queries.audit_page(page, action, current_user)
    return render_template("admin/audit.html", entries=result.entries, page=result.page, has_next=result.has_next,
                           action=action, withheld=result.withheld)

