"""Finding commitments by what a person types: the reference they see ("1.11.9", or "nap-2019 1.11.9"
across plans) or words of the title. Only the commitments the user may see, never those of a draft plan
they may not manage. Registered as the "commitment" picker (portal/pickers.py) in refs.py. And the
organisations offered by the list's filter, grouped by type, with their names."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from ..auth.models import ORG_TYPE_LABELS, Organisation
from ..extensions import db
from ..i18n import localized
from ..permissions import can
from ..pickers import Choice
from .models import Commitment, Plan
from .queries import visible_clause


def _matching(text: str):
    low = text.casefold()
    conds = [func.lower(Commitment.ref).startswith(low, autoescape=True),
             func.lower(Commitment.title_fr).contains(low, autoescape=True),
             func.lower(Commitment.title_en).contains(low, autoescape=True)]
    code, _sep, rest = low.partition(" ")
    if rest:  # "nap-2019 1.11.9": the plan's code, then the reference
        conds.append((func.lower(Plan.code) == code) & func.lower(Commitment.ref).startswith(rest.strip(),
                                                                                              autoescape=True))
    return or_(*conds)


def find_commitments(text: str, user: Any, limit: int) -> list[Choice]:
    stmt = (select(Commitment).join(Plan, Commitment.plan_id == Plan.id)
            .where(visible_clause(user), _matching(text))
            .order_by(Plan.period_start.desc().nullslast(), Plan.code, Commitment.sort_key).limit(limit))
    if not can(user, "plan.manage"):
        stmt = stmt.where(Plan.status != "draft")
    return [Choice("commitment", c.id, c.ref, localized(c, "title").text, full_reference=f"{c.plan.code} {c.ref}",
                   context=localized(c.plan, "title").text)
            for c in db.session.scalars(stmt)]


@dataclass(frozen=True)
class OrgChoice:
    short_name: str   # the filter's value (the import key; the French acronym is accepted too)
    acronym: str      # in the page's language (GRC on French pages)
    name: str


@dataclass(frozen=True)
class OrgGroup:
    label: str
    orgs: list[OrgChoice]


def organisation_groups() -> list[OrgGroup]:
    """Active organisations by type (federal, provinces and territories, NGOs, ...), each by acronym and name."""
    by_type: dict[str, list[OrgChoice]] = defaultdict(list)
    for o in db.session.scalars(select(Organisation).where(Organisation.active.is_(True))):
        by_type[o.org_type].append(OrgChoice(o.short_name, o.acronym, localized(o, "name").text))
    order = list(ORG_TYPE_LABELS)
    types = sorted(by_type, key=lambda t: (order.index(t) if t in order else len(order), t))
    return [OrgGroup(str(ORG_TYPE_LABELS.get(t, t)), sorted(by_type[t], key=lambda c: c.acronym.casefold()))
            for t in types]
