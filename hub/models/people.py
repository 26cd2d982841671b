import datetime
import hashlib
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """Everyone signs in with an e-mail address; there are no usernames."""

    username = None
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message="An account with this email address already exists.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class StaffRole(models.TextChoices):
    """Staff roles; each is a permission group of the same name, created by a migration."""

    HUB_ADMIN = "Hub admin"
    FINANCE = "Finance"
    TUTOR = "Tutor"
    INSTRUMENT_STORE = "Instrument store"
    ENSEMBLE_LEADER = "Ensemble leader"
    INCLUSION_LEAD = "Inclusion lead"


class Area(models.Model):
    """A part of the county the hub organises its work by (area ensembles, area reports)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Guardian(models.Model):
    """A parent or carer: pays the family's bills and acts for their children."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian")
    phone = models.CharField(max_length=30, blank=True)
    address_line_1 = models.CharField("address line 1", max_length=120, blank=True)
    address_line_2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return str(self.user)

    @property
    def billing_address_lines(self) -> list[str]:
        return [line for line in (self.address_line_1, self.address_line_2, self.town, self.postcode) if line]


class StaffProfile(models.Model):
    """What the hub knows about a member of staff beyond their roles."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    job_title = models.CharField(max_length=80, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    instruments = models.ManyToManyField("hub.InstrumentType", blank=True, related_name="tutors")
    dbs_checked_on = models.DateField("DBS check date", null=True, blank=True)

    # The hub's policy: an enhanced DBS check is renewed every three years.
    SAFEGUARDING_RENEWAL = relativedelta(years=3)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return str(self.user)

    @property
    def safeguarding_renewal_due(self) -> datetime.date | None:
        """When the DBS check must be renewed; a check on 29 February falls due on 28 February."""
        return self.dbs_checked_on + self.SAFEGUARDING_RENEWAL if self.dbs_checked_on else None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time link that lets an invited person set their password; only the token's hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    role_description = models.CharField(max_length=200)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_later",
                violation_error_message="An invitation must expire after it is sent.",
            ),
        ]

    def __str__(self):
        return f"Invitation for {self.user.email}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
