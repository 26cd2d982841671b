from allauth.account.adapter import DefaultAccountAdapter

from hub.accounts.limits import SignInLimitsMixin
from hub.accounts.services import register_guardian
from hub.mail import queue_email


class PortalAccountAdapter(SignInLimitsMixin, DefaultAccountAdapter):
    """Everyone who registers themselves is a parent or carer; staff and school contacts are invited."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        user.first_name = form.cleaned_data["first_name"].strip()
        user.last_name = form.cleaned_data["last_name"].strip()
        if commit:
            user.save()
            register_guardian(user=user)
        return user

    def send_mail(self, template_prefix, email, context):
        """Render allauth's e-mails here and leave the sending to a worker."""
        queue_email(self.render_mail(template_prefix, email, context))
