"""Hostile input stops at the door: one place for the numbers and characters a request may carry.

- `<int:...>` in every route matches only ids the database can hold (0 .. 2**63-1): a longer number is a 404,
  never an overflow in the database driver.
- `int_arg(name, default)` (and `parse_int`) read a whole number from the query string: ASCII digits only
  (`"²".isdigit()` is true but `int("²")` fails), bounded, the default when absent or malformed.
- Every WTForms form (through FlaskForm's Meta): text refuses the NUL character (PostgreSQL cannot store
  it), whole numbers must fit the database, decimal and floating-point numbers must be finite, a web
  address field takes http and https only (`is_web_address`, also for services and importers), a one-line
  input keeps no newline (a record name cannot add lines to a mail).
- Before every flush: no NUL in text, no integer past its column's range, no NaN, infinite or too large
  number in a numeric column (a RuleError the request flow puts on the form, answered 422).
- A query string or path with a NUL character is answered with the bilingual 400 page.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal

from flask import Flask, abort, request
from flask_wtf import FlaskForm
from sqlalchemy import BigInteger, Float, Integer, Numeric, SmallInteger, event, inspect
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter
from wtforms import DecimalField, FloatField, IntegerField, StringField, URLField
from wtforms.widgets import HiddenInput, Input
from wtforms.validators import StopValidation

from .i18n import _

MAX_ID = 2 ** 63 - 1        # a 64-bit signed integer: the largest id any database column here can hold
MAX_INT32 = 2 ** 31 - 1     # an Integer column (PostgreSQL `integer`)
MAX_PAGE = 100_000          # no listing has more pages; keeps OFFSET far from overflowing
WEB_ADDRESS = re.compile(r"^https?://[^\s/?#@]+\.[^\s]+$", re.IGNORECASE)


class IdConverter(IntegerConverter):
    """`<int:...>` bounded to 64-bit signed: a longer number matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max,
                         signed=signed)


def parse_int(value: object, *, lo: int = 0, hi: int = MAX_ID) -> int | None:
    """A whole number written in ASCII digits within [lo, hi], else None."""
    text = str(value if value is not None else "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if lo <= number <= hi else None


def int_arg(name: str, default: int | None = None, *, lo: int = 1, hi: int = MAX_ID, args=None) -> int | None:
    """A whole number from the query string (`request.args` unless `args`), `default` when absent or bad."""
    value = parse_int((request.args if args is None else args).get(name), lo=lo, hi=hi)
    return default if value is None else value


def page_arg(name: str = "page", args=None) -> int:
    """The page number of a listing: 1 .. MAX_PAGE, 1 when absent or malformed."""
    return int_arg(name, 1, lo=1, hi=MAX_PAGE, args=args) or 1


def is_web_address(value: str | None) -> bool:
    """An http or https address with a host (never javascript:, data:, file: or a bare word)."""
    return bool(WEB_ADDRESS.match((value or "").strip()))


def web_address_error() -> str:
    return _("Enter a web address that starts with http:// or https://.")


# --- forms --------------------------------------------------------------------------------------------------

def _no_nul(form, field) -> None:
    data = field.data
    values = data if isinstance(data, (list, tuple)) else [data]
    if any(isinstance(v, str) and "\x00" in v for v in values) or any("\x00" in str(v) for v in field.raw_data or []):
        field.data = None if not isinstance(data, str) else data.replace("\x00", "")
        raise StopValidation(_("This text contains a null character (U+0000), which cannot be stored. "
                               "Remove it and send again."))


def _bounded_int(form, field) -> None:
    """An IntegerField or a choice coerced to int (any id a person may type) fits 64 bits."""
    data = field.data
    values = data if isinstance(data, (list, tuple)) else [data]
    if any(isinstance(v, int) and abs(v) > MAX_ID for v in values):
        field.data = None
        raise StopValidation(_("This number is too large."))


def _finite(form, field) -> None:
    data = field.data
    if isinstance(data, (float, Decimal)) and not _is_finite(data):
        raise StopValidation(_("Enter a number."))
    if data is not None and abs(float(data)) > 1e15:
        raise StopValidation(_("This number is too large."))


def _web_address(form, field) -> None:
    if field.data and not is_web_address(field.data):
        raise StopValidation(web_address_error())


def _single_line(value):
    """What a one-line input sends stays on one line (a browser never sends a newline from <input>)."""
    return " ".join(value.splitlines()) if isinstance(value, str) else value


def _is_finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _bind_field(meta, form, unbound_field, options):
    field = unbound_field.bind(form=form, **options)
    extra = []
    if isinstance(field, StringField):
        extra.append(_no_nul)
    if isinstance(field, URLField):
        extra.append(_web_address)
    if isinstance(field, (DecimalField, FloatField)):
        extra.append(_finite)
    elif isinstance(field, IntegerField) or getattr(field, "coerce", None) is int:
        extra.append(_bounded_int)
    if extra:
        field.validators = extra + list(field.validators or ())
    if isinstance(field, StringField) and isinstance(field.widget, Input) and not isinstance(field.widget, HiddenInput):
        field.filters = tuple(field.filters or ()) + (_single_line,)
    return field


# --- the database door --------------------------------------------------------------------------------------

def _column_problem(column, value) -> str | None:
    kind = column.type
    if isinstance(value, str):
        if "\x00" in value:
            return _("This text contains a null character (U+0000), which cannot be stored. Remove it and send again.")
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and isinstance(kind, Integer):
        limit = MAX_ID if isinstance(kind, BigInteger) else (2 ** 15 - 1 if isinstance(kind, SmallInteger) else MAX_INT32)
        return _("This number is too large.") if abs(value) > limit else None
    if isinstance(value, (float, Decimal)) and isinstance(kind, (Numeric, Float)):
        if not _is_finite(value):
            return _("Enter a number.")
        precision, scale = getattr(kind, "precision", None), getattr(kind, "scale", None) or 0
        if precision and not isinstance(kind, Float) and abs(value) >= Decimal(10) ** (precision - scale):
            return _("This number is too large.")
    return None


def check_row(obj) -> dict[str, str]:
    """What the database would refuse in this object's column values (attribute -> translated message)."""
    problems: dict[str, str] = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if len(attr.columns) != 1 or not hasattr(attr.columns[0], "type"):
            continue
        hist = state.attrs[attr.key].history
        for value in hist.added or ():
            problem = _column_problem(attr.columns[0], value)
            if problem:
                problems[attr.key] = problem
    return problems


def _before_flush(session, _flush_context, _instances) -> None:
    from .rules import RuleError

    problems: dict[str | None, str] = {}
    for obj in list(session.new) + list(session.dirty):
        try:
            problems.update(check_row(obj))
        except Exception:  # noqa: BLE001 (not a mapped object: nothing to check)
            continue
    if problems:
        raise RuleError(problems)


def _refuse_nul_in_url() -> None:
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        abort(400)


def install_converters(app: Flask) -> None:
    """Before any route is added: `<int:...>` is the bounded IdConverter."""
    app.url_map.converters["int"] = IdConverter


def install(app: Flask) -> None:
    FlaskForm.Meta.bind_field = _bind_field
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
    app.before_request(_refuse_nul_in_url)
