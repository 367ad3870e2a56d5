"""Which public records of this feature are bilingual, for the secretariat's "Translation needed" list
(portal/parity.py collects every feature's `parity_kinds()`)."""
from __future__ import annotations

from sqlalchemy import select

from ..i18n import _l
from ..parity import ParityKind
from .models import Coalition, Protocol, Service, Strategy
from .services.records import TEXT_LABELS

LABELS = {"coalition": _l("Coalitions"), "strategy": _l("Strategies"), "protocol": _l("Protocols"),
          "service": _l("Services")}


def _kind(model) -> ParityKind:
    pairs = {name[:-3]: TEXT_LABELS[name[:-3]] for name in model.EDITABLE if name.endswith("_fr")}

    def public():
        stmt = select(model).where(model.published.is_(True))
        return stmt.where(model.status != "draft") if model is Protocol else stmt

    return ParityKind(model.record_type, LABELS[model.record_type], model, pairs, public, "coalitions.edit",
                      lambda r: {"record_type": r.record_type, "record_id": r.id}, title=lambda r: r.title)


def parity_kinds() -> list[ParityKind]:
    return [_kind(m) for m in (Coalition, Strategy, Protocol, Service)]
