"""Failed sign-ins slow the guesser down without locking the account's owner out.

allauth counts failures per client address (10 a minute) and per "key" (5 in 5 minutes), and refuses
further attempts while a limit is reached, even with the right password. Its key is the account alone, so
anyone could lock any account by typing its address with wrong passwords. Here the key is the account *from
one client address*: an attacker's guesses lock the attacker's address out of that account, and its owner,
signing in from elsewhere, is not affected. A second limit ("login_failed_account") caps one account's
failures from all addresses together, against guessing spread over many addresses; a password reset lifts
both, so an owner caught by it is never locked out for longer than an e-mail takes.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.utils.translation import gettext_lazy as _

ACCOUNT_WIDE = "login_failed_account"


def _login(credentials: dict) -> str:
    return credentials.get("email", credentials.get("username", "")).lower()


class SignInLimitsMixin(DefaultAccountAdapter):
    """The account adapter's rate-limit methods (see the module docstring)."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-ins. Wait a few minutes and try again, "
            "or reset your password to sign in now."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{_login(credentials)}:from:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        account_usage = ratelimit.consume(
            request, app="allauth.account", action=ACCOUNT_WIDE, key=_login(credentials)
        )
        if not account_usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")
        # A successful sign-in rolls back what it used of both limits, as allauth does for its own.
        self._login_failed_rl_usage.usage.extend(account_usage.usage)

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, app="allauth.account", action=ACCOUNT_WIDE, key=_login(credentials))
