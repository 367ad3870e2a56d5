"""The foundation's role x route walk, restricted to this feature's routes and rules (so it runs while
other features are still declaring theirs; the foundation's own walk checks the whole map)."""
from __future__ import annotations

from ..foundation import test_route_access as walk
from ..foundation.test_route_access import ctx  # noqa: F401  (fixture)
from .access import rules

MINE = ("consultations", "consultations_api")


def test_consultation_routes_answer_as_declared(app, ctx, login_as, monkeypatch):  # noqa: F811
    monkeypatch.setattr(walk, "_collect", rules)
    original = app.url_map.iter_rules
    monkeypatch.setattr(app.url_map, "iter_rules", lambda *a: [
        r for r in original(*a) if r.endpoint.split(".")[0] in MINE])
    walk.test_every_route_is_declared_and_answers_as_declared(app, ctx, login_as)
