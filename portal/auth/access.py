"""What the account routes load: an invitation by its token (404 when unknown, used, expired or disabled)."""
from __future__ import annotations

from flask import abort

from .models import Invitation
from .services import find_invitation


def get_invitation_or_404(token: str) -> Invitation:
    inv = find_invitation(token)
    if inv is None:
        abort(404)
    return inv
