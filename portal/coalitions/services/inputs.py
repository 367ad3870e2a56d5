"""What a form, an import row or an approved proposal says about a directory record, typed: the services take
these, never dicts of form data. Defaults are the models' defaults, so a new record from a partial import row
gets what it would have got from the database."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, ClassVar

from ..models import MODELS


@dataclass
class RecordInput:
    record_type: ClassVar[str] = ""
    org_field: ClassVar[str | None] = None  # the record's list of organisation ids (members, parties)

    jurisdiction_code: str | None = None  # None: national
    owner_organisation_id: int | None = None
    notes_fr: str = ""
    notes_en: str = ""
    published: bool = True
    one_language: bool | None = None      # "publish in one language for now" (None: not asked, e.g. an import)

    def editable(self) -> dict[str, Any]:
        """The fields an edit, an import or a proposal may change (the model's EDITABLE and the org list)."""
        names = list(MODELS[self.record_type].EDITABLE) + ([self.org_field] if self.org_field else [])
        return {name: getattr(self, name) for name in names}


@dataclass
class CoalitionInput(RecordInput):
    record_type: ClassVar[str] = "coalition"
    org_field: ClassVar[str | None] = "member_ids"

    name_fr: str = ""
    name_en: str = ""
    kind: str = "coalition"
    cities: str = ""
    year_founded: int | None = None
    activities: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)
    description_fr: str = ""
    description_en: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    active: bool = True


@dataclass
class StrategyInput(RecordInput):
    record_type: ClassVar[str] = "strategy"

    title_fr: str = ""
    title_en: str = ""
    year: int | None = None
    status: str = "in_force"
    document_url: str = ""
    key_points_fr: str = ""
    key_points_en: str = ""


@dataclass
class ProtocolInput(RecordInput):
    record_type: ClassVar[str] = "protocol"
    org_field: ClassVar[str | None] = "party_ids"

    title_fr: str = ""
    title_en: str = ""
    kind: str = "referral"
    scopes: list[str] = field(default_factory=list)
    party_ids: list[int] = field(default_factory=list)
    other_parties: str = ""  # parties without an account, one per line
    summary_fr: str = ""
    summary_en: str = ""
    signed_on: date | None = None
    effective_on: date | None = None
    review_on: date | None = None
    expires_on: date | None = None
    status: str = "draft"


@dataclass
class ServiceInput(RecordInput):
    record_type: ClassVar[str] = "service"

    name_fr: str = ""
    name_en: str = ""
    city: str = ""
    address: str = ""
    postal_code: str = ""
    categories: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    open_24_7: bool = False
    description_fr: str = ""
    description_en: str = ""
    referral_fr: str = ""
    referral_en: str = ""
    eligibility_fr: str = ""
    eligibility_en: str = ""
    hours: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""


INPUTS: dict[str, type[RecordInput]] = {cls.record_type: cls for cls in
                                        (CoalitionInput, StrategyInput, ProtocolInput, ServiceInput)}


@dataclass
class NoteInput:
    title_fr: str = ""
    title_en: str = ""
    body_fr: str = ""
    body_en: str = ""
    source: str = ""
    source_lang: str | None = None     # the language of the cited source
    year: int | None = None
    published: bool = True


@dataclass
class VersionInput:
    label: str
    document_url: str = ""
    dated: date | None = None
    note: str = ""
    lang: str | None = None    # the language of the label and note; None: the writer's (the page's)


def input_fields(record_type: str) -> list[str]:
    """The record's fields an input carries (not the one-language choice, which is the person's, not the record's)."""
    return [f.name for f in fields(INPUTS[record_type]) if f.name != "one_language"]


def new_input(record_type: str, **values: Any) -> RecordInput:
    """A new record of `record_type`; what `values` leaves out takes the model's default."""
    return INPUTS[record_type](**values)


def input_from(record, **changes: Any) -> RecordInput:
    """The record as it is now, with `changes`: an import row or a proposal that names only some fields."""
    cls = INPUTS[record.record_type]
    values = {name: _copy(getattr(record, name)) for name in input_fields(record.record_type) if name != cls.org_field}
    if cls.org_field:
        values[cls.org_field] = sorted(o.id for o in organisations_of(record))
    values.update(changes)
    return cls(**values)


ORG_RELATIONS = {"coalition": "members", "protocol": "parties"}


def organisations_of(record) -> list:
    """Members of a coalition, parties to a protocol; nobody for the other records."""
    relation = ORG_RELATIONS.get(record.record_type)
    return list(getattr(record, relation)) if relation else []


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
