"""Walk the whole URL map for visitors and every role (see tests/access.py)."""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import url_for

from ..access import ROLES, VISITOR, Ctx, Rule

TESTS = Path(__file__).resolve().parents[1]
EXEMPT = {"static"}


def _collect(ctx) -> list[Rule]:
    rules = []
    for info in pkgutil.iter_modules([str(TESTS)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.access")
        except ModuleNotFoundError:
            continue
        rules.extend(module.rules(ctx))
    return rules


@pytest.fixture
def ctx(app, make):
    orgs = {
        "admin": make.org("ADM", "federal"),
        "secretariat": make.org("SECR", "federal"),
        "department_lead": make.org("DEPT", "federal"),
        "jurisdiction_editor": make.jurisdiction("ON"),
        "ngo_member": make.org("NGO1", "ngo"),
        "committee_member": make.org("RES1", "research"),
    }
    users = {role: make.user(role, org=orgs[role]) for role in ROLES}
    return Ctx(users=users, orgs=orgs, make=make)


def test_every_route_is_declared_and_answers_as_declared(app, ctx, login_as):
    rules = _collect(ctx)
    declared = {(r.endpoint, r.method) for r in rules}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in declared:
                missing.append(f"{method} {rule.endpoint} ({rule.rule})")
    assert not missing, "routes without an access rule:\n" + "\n".join(missing)

    failures = []
    clients = {VISITOR: app.test_client()}
    for role in ROLES:
        clients[role] = login_as(ctx.users[role], app.test_client())
    for r in sorted(rules, key=lambda r: r.ends_session):
        url = url_for(r.endpoint, **{"lang": "en", **r.args}) if "lang" in _args_of(app, r.endpoint) else \
            url_for(r.endpoint, **r.args)
        if r.query:
            url += ("&" if "?" in url else "?") + r.query
        for who, client in clients.items():
            if r.method == "GET":
                resp = client.get(url)
            else:
                if who in r.allowed:
                    continue
                resp = client.post(url, data=r.data)
            status = resp.status_code
            if status >= 500:
                failures.append(f"{who:20} {r.method} {url}: {status} (server error)")
                continue
            if who in r.allowed:
                if status not in r.ok:
                    failures.append(f"{who:20} {r.method} {url}: {status}, expected {r.ok}")
            else:
                if who == VISITOR:
                    refused = status == 404 or (status == 302 and "/login" in urlsplit(resp.location).path)
                else:
                    refused = status in (403, 404)
                if not refused:
                    failures.append(f"{who:20} {r.method} {url}: {status}, expected a refusal")
    assert not failures, "\n".join(failures)


def _args_of(app, endpoint):
    for rule in app.url_map.iter_rules(endpoint):
        return rule.arguments
    return set()
