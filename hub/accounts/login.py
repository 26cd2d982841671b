"""allauth's sign-in form, in a module of its own: allauth's forms import hub/accounts/forms.py."""

from allauth.account.forms import LoginForm

from hub.form_errors import ErrorSummaryMixin


class PortalLoginForm(ErrorSummaryMixin, LoginForm):
    """allauth's sign-in; a wrong e-mail address or password is shown at the e-mail address."""

    non_field_errors_field = "login"
