"""Accounts: organisations, users and their roles, sessions, invitations."""
from .organisation import (JURISDICTION_NAMES, JURISDICTIONS, ORG_TYPE_LABELS, Organisation,  # noqa: F401
                           jurisdiction_name)
from .session import Invitation, PasswordReset, UserSession, hash_token  # noqa: F401
from .user import EMAIL_LANGUAGES, ROLE_LABELS, Role, User, UserRole  # noqa: F401
from .twofactor import RecoveryCode  # noqa: F401
from .throttle import SignInThrottle  # noqa: F401
