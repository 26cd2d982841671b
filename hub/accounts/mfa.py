"""Two-factor sign-in: a code typed twice is told apart from a wrong one.

allauth refuses a code already used in its 30 seconds (the used codes are kept in the cache, a table in
PostgreSQL) but says only "Incorrect code", which sends a person to check a code that was right.
"""

from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class PortalMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Incorrect code. Check the code in your authenticator app and try again."),
        "code_used": _(
            "That code has just been used. Wait for your authenticator app to show the next code, "
            "then enter that one."
        ),
    }


def code_just_used(user, code: str) -> bool:
    """Whether the code is the user's current one and has already been used to sign in."""
    for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        totp = TOTP(authenticator)
        if validate_totp_code(decrypt(authenticator.data["secret"]), code):
            return cache.has_key(totp._get_used_cache_key(code))
    return False


class _UsedCodeMessage:
    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except ValidationError:
            if code_just_used(self.user, self.cleaned_data.get("code", "")):
                raise get_adapter().validation_error("code_used") from None
            raise


class PortalAuthenticateForm(_UsedCodeMessage, AuthenticateForm):
    """The code step of sign-in."""


class PortalReauthenticateForm(_UsedCodeMessage, ReauthenticateForm):
    """The code asked for again before staff pages or sensitive changes."""
