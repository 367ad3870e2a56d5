"""The one feature registry. The web app, the CLI, the scheduler, the demo, the translations and the tests
all read FEATURES; adding a feature is adding its name here.

A feature is a package `portal/<name>/` with the same rooms (docs/architecture.md): `blueprint.py` (its
blueprints), `views/` (routes), `models/`, `access.py`, `forms.py`, `services`, `queries.py`, and, when it has
them, `cli.py` (a click group `cli`), `jobs.py` (`@job`), `search.py` (search providers), `refs.py`
(cross-feature links), `demo/` (`load(out)`), `translations/`.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Iterator

# In dependency order: the demo loads in this order, so a feature's demo may link to earlier ones.
FEATURES: tuple[str, ...] = ("core", "auth", "admin", "commitments", "coalitions", "consultations", "lessons",
                             "follows", "search", "opendata")

PORTAL = Path(__file__).resolve().parent


def present() -> tuple[str, ...]:
    """The registered features that exist in this checkout."""
    return tuple(f for f in FEATURES if (PORTAL / f / "__init__.py").is_file())


def module(feature: str, name: str) -> ModuleType | None:
    """`portal.<feature>.<name>`, or None when the feature has no such room (an error inside it propagates)."""
    dotted = f"portal.{feature}.{name}"
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        if exc.name in (dotted, f"portal.{feature}"):
            return None
        raise


def modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    """Every feature's `name` room, in FEATURES order."""
    for feature in present():
        mod = module(feature, name)
        if mod is not None:
            yield feature, mod


def load(name: str) -> list[ModuleType]:
    """Import every feature's `name` room (models, search providers, link resolvers register themselves)."""
    return [mod for _feature, mod in modules(name)]


def translation_dirs() -> list[str]:
    """The foundation's catalogue, then one per feature (merged by Flask-Babel)."""
    dirs = [PORTAL / "translations"] + [PORTAL / f / "translations" for f in present()]
    return [str(d) for d in dirs if d.is_dir()]
