"""Finding the record a lesson cites from what a person types, for the kinds of source whose feature registers
no picker of its own: through the search index, so only what the person may see is offered (portal/pickers.py).
A record is named by the title people see on its page ("Submission 12", a roundtable's title)."""
from __future__ import annotations

from typing import Any, Callable

from ..i18n import current_lang
from ..links import resolve
from ..permissions import may_see
from ..pickers import Choice
from ..search.engine import SearchParams
from ..search.index import SearchUnavailable
from ..search.queries import run_search


def _query(text: str) -> str:
    """What was typed, its last word as a prefix while it is being typed."""
    text = text.replace('"', " ").strip()
    return text + "*" if text and text[-1].isalnum() else text


def index_search(kind: str) -> Callable[[str, Any, int], list[Choice]]:
    def find(text: str, user: Any, limit: int) -> list[Choice]:
        params = SearchParams(q=_query(text), lang=current_lang(), filters={"type": kind}, per_page=limit * 2,
                              facets=False, highlights=False, suggest=False)
        try:
            hits = run_search(params, user).hits
        except SearchUnavailable:
            return []
        out: list[Choice] = []
        for obj_id in dict.fromkeys(h.obj_id for h in hits):  # one record may have several documents
            ref = resolve(kind, obj_id)
            if ref is not None and may_see(user, ref.visibility, ref.owner_org_ids):
                out.append(Choice(kind, obj_id, str(getattr(ref.title, "text", ref.title)), ""))
        return out[:limit]

    return find


def find_findings(text: str, user: Any, limit: int) -> list[Choice]:
    """Evaluation findings by code ("F4", or "2016-2017 F4" across evaluations) or words of the title."""
    from sqlalchemy import func, or_, select

    from ..extensions import db
    from ..i18n import localized
    from ..permissions import visibility_levels
    from .models import EvaluationFinding as F

    low = text.casefold()
    evaluation, _sep, rest = low.partition(" ")
    match = or_(func.lower(F.code).startswith(low, autoescape=True),
                func.lower(F.title_fr).contains(low, autoescape=True),
                func.lower(F.title_en).contains(low, autoescape=True),
                (func.lower(F.evaluation) == evaluation) & func.lower(F.code).startswith(rest.strip() or low,
                                                                                       autoescape=True))
    stmt = (select(F).where(F.visibility.in_(visibility_levels(user)), match)
            .order_by(F.evaluation.desc(), F.code).limit(limit))
    return [Choice("evaluation_finding", f.id, f.code, localized(f, "title").text,
                   full_reference=f"{f.evaluation} {f.code}", context=f.evaluation)
            for f in db.session.scalars(stmt)]
