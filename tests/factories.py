"""Test factories. They call the services, so the rules, audit and indexing run in tests too (CKAN)."""
from __future__ import annotations

import itertools

from portal.auth import services as auth_services
from portal.auth.models import Organisation, User
from portal.auth.services import twofactor
from portal.extensions import db

from .twofactor import turn_on

_seq = itertools.count(1)


class BaseFactories:
    def org(self, short_name: str | None = None, org_type: str = "federal", jurisdiction_code: str | None = None,
            name_en: str | None = None, name_fr: str | None = None) -> Organisation:
        n = next(_seq)
        short_name = short_name or f"ORG{n}"
        existing = Organisation.by_short_name(short_name)
        if existing is not None:
            return existing
        org = Organisation(short_name=short_name, org_type=org_type, jurisdiction_code=jurisdiction_code,
                           name_en=name_en or f"Organisation {n}", name_fr=name_fr or f"Organisme {n}")
        db.session.add(org)
        db.session.commit()
        return org

    def jurisdiction(self, code: str) -> Organisation:
        return self.org(short_name=code, org_type="jurisdiction", jurisdiction_code=code,
                        name_en=f"Government of {code}", name_fr=f"Gouvernement {code}")

    def user(self, *roles: str, org: Organisation | None = None, email: str | None = None,
             password: str | None = None, lang: str = "fr", two_factor: bool | None = None) -> User:
        n = next(_seq)
        org = org or self.org()
        user = auth_services.create_user(email or f"user{n}@example.test", org, list(roles),
                                         display_name=f"User {n}", password=password, preferred_lang=lang)
        db.session.commit()
        if (two_factor if two_factor is not None else twofactor.required_for(user)):
            turn_on(user)  # as the person would have at their first sign-in (tests/twofactor.py)
        return user



def _feature_mixins() -> tuple[type, ...]:
    """Each tests/<feature>/factories.py may define `class Mixin` with its own factory methods."""
    import importlib
    import pkgutil
    from pathlib import Path

    mixins = []
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.factories")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.factories":
                raise
            continue
        mixins.append(module.Mixin)
    return tuple(mixins)


Factories = type("Factories", _feature_mixins() + (BaseFactories,), {})
