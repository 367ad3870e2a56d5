"""Record pickers: a person names a record by the reference they see ("1.11.9"), never by an internal number.

Each feature registers, for a kind of record it owns, how to find the records a user may see from what they
type (`@register_picker("commitment", "commitments.lookup")` in its refs.py). The one form field
`RecordField` takes the typed reference, resolves it on the server and refuses unknown, hidden and ambiguous
ones with the same kind of translated message; `templates/_macros/pickers.html` renders it, searching as you
type (htmx GET to the kind's lookup endpoint) and falling back to a plain text field without JavaScript.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from wtforms import StringField, ValidationError

from .i18n import _


@dataclass(frozen=True)
class Choice:
    """A record offered by a picker: the reference a person types and sees, and its title."""
    kind: str
    id: int
    reference: str
    title: str
    full_reference: str = ""   # unambiguous across plans or parents (e.g. "nap-2019 1.11.9"); else reference
    context: str = ""          # where the record belongs, shown beside it (e.g. the plan's title)

    @property
    def unique_reference(self) -> str:
        return self.full_reference or self.reference

    @property
    def label(self) -> str:
        return f"{self.reference} — {self.title}" if self.title else self.reference

    def matches(self, text: str) -> bool:
        wanted = normalise(text)
        forms = {self.reference, self.label, self.unique_reference}
        if self.title:
            forms.add(f"{self.unique_reference} — {self.title}")
        return wanted in {normalise(r) for r in forms}


@dataclass(frozen=True)
class Picker:
    kind: str
    search: Callable[[str, Any, int], list[Choice]]   # (typed text, user, limit) -> visible matches
    endpoint: str                                     # the lookup route answering the as-you-type search


PICKERS: dict[str, Picker] = {}
LIMIT = 12


def register_picker(kind: str, endpoint: str):
    """Register `search(text, user, limit) -> list[Choice]` (only what `user` may see) for a kind of record."""

    def decorator(func: Callable[[str, Any, int], list[Choice]]):
        PICKERS[kind] = Picker(kind, func, endpoint)
        return func

    return decorator


def normalise(text: str) -> str:
    return " ".join((text or "").replace("—", " ").split()).casefold()


def search(kind: str, text: str, user: Any, limit: int = LIMIT) -> list[Choice]:
    picker = PICKERS.get(kind)
    if picker is None or not (text or "").strip():
        return []
    return picker.search(text.strip(), user, limit)


class PickerError(ValueError):
    """The typed reference names no record the user may see, or several."""


def find(kind: str, text: str, user: Any) -> Choice:
    """The one record of `kind` that `user` may see whose reference (or "reference — title") is `text`.
    A record the user may not see is refused exactly like one that does not exist."""
    text = (text or "").strip()
    if not text:
        raise PickerError(_("Type a reference or choose from the list."))
    found_by = search(kind, text, user, limit=50)
    if "—" in text:  # "1.11.9 — Title", as the list shows it: look the reference up
        found_by += search(kind, text.split("—")[0], user, limit=50)
    exact = list({(c.kind, c.id): c for c in found_by if c.matches(text)}.values())
    unique = [c for c in exact if normalise(c.unique_reference) == normalise(text)]
    found = unique if len(unique) == 1 else exact
    if len(found) == 1:
        return found[0]
    if not found:
        raise PickerError(_("Nothing you may see has the reference “%(ref)s”. Check it, or type words of "
                            "the title and choose from the list.", ref=text))
    raise PickerError(_("Several records have the reference “%(ref)s”: %(choices)s. Type the full reference.",
                        ref=text, choices="; ".join(c.unique_reference for c in found[:5])))


class RecordField(StringField):
    """A text field that takes a record's visible reference; after validation `field.choice` is the record.

    The user comes from `user=` or, in a request, Flask-Login's current user."""

    def __init__(self, label=None, validators=None, *, kind: str, user: Any = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.kind = kind
        self.user = user
        self.choice: Choice | None = None

    @property
    def picker(self) -> Picker | None:
        return PICKERS.get(self.kind)

    def pre_validate(self, form) -> None:
        self.choice = None
        if not (self.data or "").strip():
            return  # DataRequired / Optional decide
        user = self.user
        if user is None:
            from flask_login import current_user
            user = current_user
        try:
            self.choice = find(self.kind, self.data, user)
        except PickerError as exc:
            raise ValidationError(str(exc)) from exc
        self.data = self.choice.unique_reference

    @property
    def record_id(self) -> int | None:
        return self.choice.id if self.choice else None


def lookup_response(kind: str):
    """The options for what was typed so far (GET ?field=<input name>&<input name>=<text>, or ?q=<text>),
    as the picker's listbox items; only what the current user may see."""
    from flask import render_template, request
    from flask_login import current_user

    text = request.args.get("q") or request.args.get(request.args.get("field") or "q") or ""
    text = text.strip()[:200]
    choices = search(kind, text, current_user) if len(text) >= 1 else []
    return render_template("_macros/picker_options.html", choices=choices, text=text,
                           field_id=request.args.get("field_id", "picker"))
