from django import forms
from django.contrib.auth.password_validation import validate_password

from hub.form_errors import ErrorSummaryMixin
from hub.models import Invitation
from hub.text import NameField


class GuardianSignupForm(ErrorSummaryMixin, forms.Form):
    """The extra fields a parent or carer gives when they register (allauth adds e-mail and password)."""

    first_name = NameField(max_length=150, label="First name")
    last_name = NameField(max_length=150, label="Last name")

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def signup(self, request, user):
        """allauth calls this once the user row exists; the adapter makes the guardian profile."""


class AcceptInvitationForm(ErrorSummaryMixin, forms.Form):
    password1 = forms.CharField(
        label="Choose a password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Type it again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            try:
                validate_password(first, self.invitation.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
