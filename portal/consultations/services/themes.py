"""Themes proposed by the advisory committee for a consultation's code book: the secretariat accepts one (it
becomes a theme, with the code exports and analyses refer to) or declines it with a reason."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ... import audit
from ...db import utcnow
from ...extensions import db
from ...links import Link, add_link
from ...i18n import _, written_in
from ...rules import RuleError
from ..models import Consultation, ThemeProposal
from ..models.consultation import ACCEPTED, DECLINED, PROPOSED
from .consultations import ThemeInput, _check_labels, add_theme
from .moderation import INFORMS


def propose_theme(consultation: Consultation, data: ThemeInput, actor: Any) -> ThemeProposal:
    values = data.values()
    _check_labels(values)
    proposal = ThemeProposal(consultation_id=consultation.id, proposed_by_id=getattr(actor, "id", None), **values)
    db.session.add(proposal)
    db.session.flush()
    audit.record("consultation.theme_proposed", proposal, actor=actor, summary=written_in(values["label_en"], "en"))
    return proposal


def _undecided(proposal: ThemeProposal) -> None:
    if proposal.status != PROPOSED:
        raise RuleError(message=_("This proposal has already been decided."))


def accept_proposal(proposal: ThemeProposal, data: ThemeInput, actor: Any) -> None:
    """Add the theme (as the secretariat words it, with its code) and mark the proposal accepted."""
    _undecided(proposal)
    if not data.code.strip():
        raise RuleError(field="code", message=_("Give the theme a code."))
    theme = add_theme(proposal.consultation, data, actor)
    proposal.status, proposal.theme_id = ACCEPTED, theme.id
    proposal.decided_by_id, proposal.decided_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    audit.record("consultation.theme_proposal_accepted", proposal, actor=actor, summary=theme.code)


def decline_proposal(proposal: ThemeProposal, reason: str, actor: Any) -> None:
    _undecided(proposal)
    if not (reason or "").strip():
        raise RuleError(field="reason", message=_("Say why the proposal is declined: the person who proposed it "
                                                  "reads it."))
    proposal.status, proposal.reason = DECLINED, reason.strip()
    proposal.decided_by_id, proposal.decided_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    audit.record("consultation.theme_proposal_declined", proposal, actor=actor, summary=proposal.reason)


def key_point_themes(point) -> list[int]:
    """The themes of the code book a key point is linked to (relation "informs")."""
    return list(db.session.scalars(select(Link.target_id).where(
        Link.source_type == "key_point", Link.source_id == point.id, Link.target_type == "theme",
        Link.relation == INFORMS)))


def set_key_point_themes(point, theme_ids: list[int], actor: Any) -> None:
    """Link a key point to the themes of its consultation's code book it informs (and unlink the others)."""
    consultation = point.roundtable.consultation
    allowed = {t.id for t in (consultation.themes if consultation else [])}
    if set(theme_ids) - allowed:
        raise RuleError(field="theme_ids", message=_("Choose themes of this consultation's code book."))
    current = set(key_point_themes(point))
    for theme_id in set(theme_ids) - current:
        add_link("key_point", point.id, "theme", theme_id, INFORMS, actor=actor)
    for link in db.session.scalars(select(Link).where(
            Link.source_type == "key_point", Link.source_id == point.id, Link.target_type == "theme",
            Link.target_id.in_(current - set(theme_ids)))):
        db.session.delete(link)
        audit.record("link.removed", point, actor=actor, summary=f"key_point:{point.id} -informs-> "
                                                                 f"theme:{link.target_id}")
    db.session.flush()
