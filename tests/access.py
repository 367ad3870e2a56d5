"""The role x route walk: every endpoint of the URL map is declared in a tests/<feature>/access.py and
checked for visitors and every role.

A feature's access.py defines `rules(ctx) -> list[Rule]`; `ctx` has `users[role]` (one account per role),
`orgs[role]` (their organisations: the department lead's is federal, the jurisdiction editor's is ON, the
NGO member's an NGO) and `make` (the factories). Create the objects the URLs need there, owned so that the
ownership rules are exercised.

For GET rules, the allowed roles must get an `ok` status (200 by default) and the others must be refused:
visitors are sent to the login page (or get 404 for hidden material), signed-in users get 403 or 404.
For POST rules only the refusals are checked (feature tests check what an allowed POST does); a POST rule
with `allowed=ANYONE` is for routes open to everybody (e.g. an anonymous submission).
"""
from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("admin", "secretariat", "department_lead", "jurisdiction_editor", "ngo_member", "committee_member")
VISITOR = "visitor"
EVERYONE = frozenset((VISITOR,) + ROLES)
SIGNED_IN = frozenset(ROLES)
ANYONE = EVERYONE


@dataclass
class Rule:
    endpoint: str
    allowed: frozenset[str] | set[str]
    args: dict = field(default_factory=dict)
    method: str = "GET"
    query: str = ""
    ok: tuple[int, ...] = (200,)
    data: dict = field(default_factory=dict)   # form data for POST refusal checks
    note: str = ""
    ends_session: bool = False                 # walked last (quick exit, logout)


@dataclass
class Ctx:
    users: dict
    orgs: dict
    make: object
