"""Bad input a person must fix: services raise RuleError; the request flow puts it on the form.

    raise RuleError(field="due", message=_("The due date is before the start date."))
    raise RuleError({"title_fr": ..., "title_en": ...})      # several fields at once

A message without a field (field=None) is shown at the top of the form. Messages are translated where
they are raised, so the web, the CLI and the importers say the same thing.
"""
from __future__ import annotations

from collections.abc import Mapping


class RuleError(Exception):
    """Bad input: `errors` maps a field name (or None for the whole form) to a translated message."""

    def __init__(self, errors: Mapping[str | None, object] | None = None, *, field: str | None = None,
                 message: object = None):
        merged: dict[str | None, str] = {k: str(v) for k, v in (errors or {}).items()}
        if message is not None:
            merged[field] = str(message)
        if not merged:
            raise TypeError("RuleError needs at least one message")
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in merged.items()))
        self.errors = merged

    @property
    def messages(self) -> list[str]:
        return list(self.errors.values())


def attach_errors(form, errors: Mapping[str | None, str], mapping: Mapping[str, str] | None = None) -> None:
    """Put service errors on the form's fields; the typed values stay in the form.

    `mapping` renames a service field to the form's (e.g. {"lead": "lead_org_id"}). An error for a field the
    form does not have is shown at the top of the form, never dropped."""
    for key, message in errors.items():
        name = (mapping or {}).get(key, key) if key else None
        target = form._fields.get(name) if name else None
        if target is not None:
            target.errors = list(target.errors or []) + [message]
        else:
            form.form_errors.append(message)
    form._errors = None  # WTForms caches form.errors
