from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from hub.accounts.limits import SignInLimitsMixin
from hub.accounts.services import register_guardian
from hub.mail import salutation, send_templated, site_url
from hub.models import User


class HubSite:
    """What allauth's templates read as `current_site`: the hub's name and SITE_URL's host, never blank."""

    def __init__(self):
        self.name = settings.HUB_NAME
        self.domain = settings.SITE_URL.split("://", 1)[-1]


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
        """allauth's e-mails go through the portal's one helper: named for the hub, sent by a worker."""
        owner = User.objects.filter(email__iexact=email).first()
        context = {
            **context,
            "current_site": HubSite(),
            "email": email,
            "greeting": salutation([owner] if owner else []),
        }
        if "signup_url" in context:  # allauth builds it from the request's host (the unknown-account e-mail)
            context["signup_url"] = site_url(reverse("account_signup"))
        send_templated(template_prefix, context, to=[email])

    def send_account_already_exists_mail(self, email):
        links = {
            "signup_url": site_url(reverse("account_signup")),
            "password_reset_url": site_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, links)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # allauth's own form of the link: its "UID-KEY" placeholder replaced by the opaque key.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))
