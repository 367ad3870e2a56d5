"""The role x route walk restricted to this feature's rules, so it can run while other features are
being built (the foundation's walk checks the whole map)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

from ..access import ROLES, VISITOR
from ..foundation.test_route_access import _args_of, ctx  # noqa: F401  (fixture)
from .access import rules


def test_commitments_routes_answer_as_declared(app, ctx, login_as):  # noqa: F811
    my_rules = rules(ctx)
    declared = {(r.endpoint, r.method) for r in my_rules}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("commitments", "commitments_api"):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in declared:
                missing.append(f"{method} {rule.endpoint}")
    assert not missing, missing
    clients = {VISITOR: app.test_client()}
    for role in ROLES:
        clients[role] = login_as(ctx.users[role], app.test_client())
    failures = []
    for r in my_rules:
        url = url_for(r.endpoint, lang="en", **r.args) if "lang" in _args_of(app, r.endpoint) else \
            url_for(r.endpoint, **r.args)
        for who, client in clients.items():
            if r.method == "GET":
                resp = client.get(url)
            elif who in r.allowed:
                continue
            else:
                resp = client.post(url, data=r.data)
            status = resp.status_code
            if status >= 500:
                failures.append(f"{who} {r.method} {url}: {status}")
            elif who in r.allowed:
                if status not in r.ok:
                    failures.append(f"{who} {r.method} {url}: {status}, expected {r.ok}")
            else:
                refused = (status == 404 or (status == 302 and "/login" in urlsplit(resp.location).path)) \
                    if who == VISITOR else status in (403, 404)
                if not refused:
                    failures.append(f"{who} {r.method} {url}: {status}, expected a refusal")
    assert not failures, "\n".join(failures)
