"""Resolvers so other features can link to directory records (portal/links.py)."""
from __future__ import annotations

from ..extensions import db
from ..links import Ref, register_ref
from . import vocab
from .models import MODELS

# The page of each record type: (endpoint, its id argument).
ENDPOINTS = {"coalition": ("coalitions.coalition", "coalition_id"),
             "strategy": ("coalitions.strategy", "strategy_id"),
             "protocol": ("coalitions.protocol", "protocol_id"),
             "service": ("coalitions.service", "service_id")}


def _resolver(record_type: str):
    def resolve(record_id: int) -> Ref | None:
        record = db.session.get(MODELS[record_type], record_id)
        if record is None:
            return None
        endpoint, arg = ENDPOINTS[record_type]
        return Ref(type=record_type, id=record.id, title=record.title, endpoint=endpoint,
                   url_args={arg: record.id}, visibility=record.visibility,
                   owner_org_ids=record.owner_organisation_ids,
                   type_label=vocab.label(vocab.RECORD_TYPES, record_type))

    return resolve


for _type in MODELS:
    register_ref(_type, table=MODELS[_type].__tablename__)(_resolver(_type))
