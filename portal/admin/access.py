"""What the administration routes load, and who may: accounts and organisations."""
from __future__ import annotations

from ..auth.models import Organisation, User
from ..permissions import authorize, get_or_404


def get_user_or_404(user_id: int) -> User:
    authorize("users.manage")
    return get_or_404(User, user_id)


def get_organisation_or_404(org_id: int) -> Organisation:
    authorize("organisations.manage")
    return get_or_404(Organisation, org_id)
