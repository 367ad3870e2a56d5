"""What a feature hands to the search index: one SearchDocument per searchable thing.

Features register a provider per model in their own `search.py`:

    @register_provider(Commitment, "commitment", label=_l("Commitment"))
    def commitment_documents(c: Commitment) -> list[SearchDocument]: ...

Returning [] means "not searchable right now" (e.g. a draft) and removes it from the index.

A feature that puts values of its own in a facet (pillar, stakeholder) names them too, so search never does:

    register_facet_labels("pillar", PILLARS)                 # a mapping value -> lazy string
    register_facet_labels("stakeholder", category_name)      # or a function value -> label (None: not mine)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from collections.abc import Mapping
from typing import Callable

from ..permissions import PUBLIC


@dataclass
class SearchDocument:
    doc_type: str                      # commitment, update, consultation, section, question, submission, ...
    obj_id: int
    endpoint: str                      # url_for endpoint of the page that shows it (lang added at render time)
    url_args: dict = field(default_factory=dict)
    title_en: str = ""
    title_fr: str = ""
    body_en: str = ""
    body_fr: str = ""
    part: str = ""                     # distinguishes several documents of one object
    visibility: str = PUBLIC           # public / internal / committee / secretariat
    owner_org_ids: set[int] = field(default_factory=set)  # these organisations also see it
    jurisdictions: list[str] = field(default_factory=list)  # province/territory codes
    pillar: str | None = None
    date: date | None = None
    stakeholder_category: str | None = None

    @property
    def doc_id(self) -> str:
        return f"{self.doc_type}:{self.obj_id}" + (f":{self.part}" if self.part else "")

    @property
    def key(self) -> str:
        """The object key shared by all documents of one object (used to delete them together)."""
        return f"{self.doc_type}:{self.obj_id}"

    @property
    def languages(self) -> list[str]:
        langs = []
        if self.title_fr or self.body_fr:
            langs.append("fr")
        if self.title_en or self.body_en:
            langs.append("en")
        return langs


@dataclass
class Provider:
    model: type
    doc_type: str
    documents: Callable[[object], list[SearchDocument]]
    label: object = None          # the document type's translated name (a lazy string), shown as a facet
    # For rebuilds, which read every object in batches: loader options for a batch (the relationships the
    # documents read), and `batch(objs) -> documents` when the documents of many objects are cheaper read
    # together (one query for all instead of one per object). Same documents as `documents`, one by one.
    load: tuple = ()
    batch: Callable[[list], list[SearchDocument]] | None = None


PROVIDERS: dict[str, Provider] = {}       # by doc_type
PROVIDERS_BY_MODEL: dict[type, Provider] = {}


def register_provider(model: type, doc_type: str, *, label: object = None, load: tuple = (),
                      batch: Callable[[list], list[SearchDocument]] | None = None):
    """Register `documents(obj) -> list[SearchDocument]` for a model; `label` names the type in results and
    facets, so search never names a feature's types itself; `load` and `batch`: see Provider."""

    def decorator(func: Callable[[object], list[SearchDocument]]):
        provider = Provider(model, doc_type, func, label, tuple(load), batch)
        PROVIDERS[doc_type] = provider
        PROVIDERS_BY_MODEL[model] = provider
        return func

    return decorator


# A parent's visibility bounds its children's (a plan's state its commitments', a consultation's audience its
# roundtables' and input's): when a parent changes, its children are re-indexed in the same transaction.
# `children(parent, connection) -> [(doc_type, obj_id)]` reads with Core on the flush's connection.
CHILDREN_BY_MODEL: dict[type, Callable[[object, object], list[tuple[str, int]]]] = {}


def register_children(model: type, children: Callable[[object, object], list[tuple[str, int]]]) -> None:
    """When an object of `model` is changed or deleted, re-index the documents `children` names."""
    CHILDREN_BY_MODEL[model] = children


FacetLabels = Mapping[str, object] | Callable[[str], object | None]
FACET_LABELS: dict[str, list[FacetLabels]] = {}   # facet field -> label sources, asked in order


def register_facet_labels(facet: str, labels: FacetLabels) -> None:
    """Name the values a feature puts in a facet (`pillar`, `stakeholder`, ...): a mapping value -> label, or a
    function value -> label or None (values it does not know)."""
    sources = FACET_LABELS.setdefault(facet, [])
    if labels not in sources:
        sources.append(labels)


# Called by the writer with the (doc_type, obj_id) pairs it just applied; a hook may change records (and so
# queue more rows), e.g. lessons narrow themselves when a source they cite became more confidential.
AFTER_APPLY_HOOKS: list[Callable[[list[tuple[str, int]]], object]] = []


def register_after_apply(hook: Callable[[list[tuple[str, int]]], object]) -> None:
    if hook not in AFTER_APPLY_HOOKS:
        AFTER_APPLY_HOOKS.append(hook)


BATCH = 500


def iter_all_documents():
    """Every provider's documents, from the database (rebuilds of either engine)."""
    from sqlalchemy import inspect, select

    from ..extensions import db

    for provider in list(PROVIDERS.values()):
        key = inspect(provider.model).primary_key[0]
        ids = db.session.scalars(select(key).order_by(key)).all()
        # In batches of ids rather than yield_per: a model whose loading pulls a "selectin" collection (a
        # progress report's author and their roles) cannot be streamed with yield_per.
        for start in range(0, len(ids), BATCH):
            batch = (select(provider.model).where(key.in_(ids[start:start + BATCH])).order_by(key)
                     .options(*provider.load))
            objs = db.session.scalars(batch).unique().all()
            docs = provider.batch(objs) if provider.batch else (d for o in objs for d in provider.documents(o))
            for doc in docs:
                if doc is not None:
                    yield doc
