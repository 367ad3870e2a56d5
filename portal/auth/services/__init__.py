"""Account verbs: sign-in and server-side sessions, accounts, invitations, roles. A dataclass or plain values
in, RuleError out; services never commit."""
from .accounts import (NewPassword, PasswordChange, accept_invitation, change_password, create_user,  # noqa: F401
                       find_invitation, find_user, invite, normalise_email, set_active, set_password, set_roles)
from .signin import Credentials, authenticate, end_all_sessions, end_session, start_session  # noqa: F401
from . import twofactor  # noqa: F401
from .language import EmailLanguage, default_email_language, set_email_language  # noqa: F401
from .reset import ResetRequest, find_reset, request_reset, reset_password  # noqa: F401
from . import own_sessions  # noqa: F401
