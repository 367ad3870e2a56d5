"""Role x route rules of the open data feature (see tests/access.py): public, for everyone."""
from __future__ import annotations

from ..access import EVERYONE, Rule


def rules(ctx):
    ctx.make.plan("OPEN-PLAN")
    return [Rule("opendata.index", EVERYONE), Rule("opendata.catalog", EVERYONE)]
