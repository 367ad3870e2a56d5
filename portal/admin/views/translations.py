"""The secretariat's "Translation needed" list: every public record missing a language, by kind, with links to
edit each (portal/parity.py collects them from the features)."""
from __future__ import annotations

from flask import render_template

from ... import parity
from ...guards import page_arg
from ...permissions import authorize
from ..blueprint import bp

PER_PAGE = 50


@bp.route("/translations")
def translations():
    authorize("translation.review")
    page = page_arg()
    counts = parity.counts()
    groups, has_next = parity.needed(page, PER_PAGE, counts)
    return render_template("admin/translations.html", groups=groups, counts=counts, page=page, has_next=has_next,
                           total=sum(n for _k, n in counts))
