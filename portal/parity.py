"""Publication parity: a public record carries both official languages, or says it is in one for now.

The one rule, used by every feature's services:

    parity.require_both(data, {"title": _l("Title"), "description": _l("Description")},
                        public=data.visibility == "public", one_language=data.one_language)

A public record (or one becoming public) with a text in one language only is refused with a RuleError that
names each missing field and asks for the other language, unless the person ticked "Publish in one language
for now" (`OneLanguageMixin` on the form; the `one_language_choice` macro in templates/_macros/parity.html
shows it with the warning). The page then marks the text "available in ... only" (`tr`, `written_in`).
`one_language=None` means nobody could be asked (an import, the command line, the demo): the record is kept
and appears on the secretariat's "Translation needed" list like every other one-language public record.

The list: each feature declares its kinds of public bilingual records in `<feature>/bilingual.py`
`parity_kinds()` (`ParityKind`: the model, the paired fields, a select of its public rows, where to edit one);
`needed()` and `counts()` collect them through the feature registry, so this module names no feature. The
page is the secretariat's (admin.translations), its count on the signed-in home page (admin's todo_for).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from wtforms import BooleanField

from . import features
from .extensions import db
from .i18n import _, _l, localized
from .rules import RuleError

ONE_LANGUAGE = "one_language"   # the form field and the RuleError key of the warning


class OneLanguageMixin:
    """The explicit choice a form offers when the warning shows (rendered by `one_language_choice`)."""

    one_language = BooleanField(_l("Publish in one language for now"),
                                description=_l("The page will say the text is available in one language only; "
                                               "the record stays on the secretariat's “Translation needed” list."))


def _value(values: Any, name: str) -> str:
    value = values.get(name) if isinstance(values, Mapping) else getattr(values, name, None)
    return str(value or "").strip()


def missing(values: Any, fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field name, label) of each text written in one language only: `title_en` when only `title_fr` is."""
    out = []
    for base, label in fields.items():
        fr, en = _value(values, f"{base}_fr"), _value(values, f"{base}_en")
        if fr and not en:
            out.append((f"{base}_en", _("%(field)s in English", field=label)))
        elif en and not fr:
            out.append((f"{base}_fr", _("%(field)s in French", field=label)))
    return out


def problems(values: Any, fields: Mapping[str, Any], *, public: bool, one_language: bool | None,
             mapping: Mapping[str, str] | None = None, per_field: bool = True) -> dict[str | None, str]:
    """The messages `require_both` raises, for a service that gathers every problem before raising.
    per_field=False gives the warning alone (an action without a form, whose messages are flashed)."""
    if not public or one_language is not False:
        return {}
    gaps = missing(values, fields)
    if not gaps:
        return {}
    errors: dict[str | None, str] = {
        (mapping or {}).get(name, name): _("Missing: a public record is shown in French and in English.")
        for name, _label in gaps} if per_field else {}
    errors[ONE_LANGUAGE] = _("A public record is shown in French and in English. Missing: %(fields)s. Add the other "
                             "language, or choose “Publish in one language for now”.",
                             fields=", ".join(label for _name, label in gaps))
    return errors


def warn(errors: dict[str | None, str], message: str) -> None:
    """Add a set-wide reason to the one-language warning of `errors` (a plan's objectives, a plan's or a
    consultation's records that become public with it), after what `problems` already said."""
    errors[ONE_LANGUAGE] = f"{errors[ONE_LANGUAGE]} {message}" if errors.get(ONE_LANGUAGE) else message


def require_both(values: Any, fields: Mapping[str, Any], *, public: bool, one_language: bool | None,
                 mapping: Mapping[str, str] | None = None, per_field: bool = True) -> None:
    """Refuse a public record with a text in one language only, unless one_language is True or None (nobody to
    ask). Each missing field gets its message, and the warning lists them all. `mapping` renames a paired
    field to the one the person sees (e.g. {"text_en": "q0-text_en"})."""
    errors = problems(values, fields, public=public, one_language=one_language, mapping=mapping,
                      per_field=per_field)
    if errors:
        raise RuleError(errors)


# --- The "Translation needed" list -----------------------------------------------------------------------

@dataclass(frozen=True)
class ParityKind:
    """A kind of public bilingual record a feature keeps."""
    key: str                                    # unique, e.g. "commitment"
    label: Any                                  # lazy plural label: "Commitments"
    model: type
    fields: Mapping[str, Any]                   # paired field base -> label
    public: Callable[[], Select]                # select(model) of the public rows (joins allowed)
    endpoint: str                               # where to edit one
    url_args: Callable[[Any], dict]
    title: Callable[[Any], Any] = field(default=lambda obj: localized(obj, "title"))
    order_by: Callable[[], Any] | None = None


@dataclass(frozen=True)
class Needed:
    kind: ParityKind
    obj: Any
    missing: list[str]                          # labels: "Title in English"

    @property
    def title(self):
        return self.kind.title(self.obj)

    @property
    def url_args(self) -> dict:
        return self.kind.url_args(self.obj)


def one_language_clause(model: type, fields: Mapping[str, Any]):
    """SQL: some paired text is filled in one language and empty in the other."""
    def filled(col):
        return func.length(func.trim(func.coalesce(col, ""))) > 0

    parts = []
    for base in fields:
        fr, en = getattr(model, f"{base}_fr"), getattr(model, f"{base}_en")
        parts.append(and_(filled(fr), ~filled(en)))
        parts.append(and_(filled(en), ~filled(fr)))
    return or_(*parts)


def kinds() -> list[ParityKind]:
    out: list[ParityKind] = []
    for _feature, bilingual in features.modules("bilingual"):
        out.extend(bilingual.parity_kinds())
    return out


def _stmt(kind: ParityKind) -> Select:
    return kind.public().where(one_language_clause(kind.model, kind.fields))


def counts() -> list[tuple[ParityKind, int]]:
    """Each kind with its number of public records missing a language (kinds with none included)."""
    return [(k, db.session.scalar(select(func.count()).select_from(_stmt(k).subquery())) or 0) for k in kinds()]


def total() -> int:
    return sum(n for _k, n in counts())


def needed(page: int, per_page: int = 50, counted: list[tuple[ParityKind, int]] | None = None
           ) -> tuple[list[tuple[ParityKind, int, list[Needed]]], bool]:
    """One page of the list, grouped by kind (each with its full count), and whether a next page exists.
    `counted`: the `counts()` the caller already has."""
    start, end = (page - 1) * per_page, page * per_page
    groups, seen = [], 0
    for kind, count in counted if counted is not None else counts():
        lo, hi = max(start - seen, 0), min(end - seen, count)
        if count and lo < hi:
            stmt = _stmt(kind).order_by(*(kind.order_by() if kind.order_by else [kind.model.id]))
            rows = db.session.scalars(stmt.offset(lo).limit(hi - lo)).unique().all()
            groups.append((kind, count, [Needed(kind, r, [label for _n, label in missing(r, kind.fields)])
                                         for r in rows]))
        seen += count
    return groups, seen > end
