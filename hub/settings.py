"""Settings for the music hub portal, driven by environment variables (see .env.example)."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp

BASE_DIR = Path(__file__).resolve().parent.parent


class StrictEnv(environ.Env):
    """django-environ reads any unknown word as False; a typo in a security flag must stop the start."""

    BOOLEAN_WORDS = {"1", "0", "true", "false", "yes", "no", "on", "off", "y", "n", "t", "f"}

    def bool(self, var, default=environ.Env.NOTSET):
        raw = self.str(var, default="").strip().lower()
        if raw and raw not in self.BOOLEAN_WORDS:
            raise environ.ImproperlyConfigured(f"{var}={raw!r} is not a yes/no value (use 1 or 0).")
        return super().bool(var, default=default)


env = StrictEnv()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The fallback key is only for local development: check --deploy flags it and production must set its own.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-key-not-for-production-use")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

HUB_NAME = env.str("HUB_NAME", default="Northshire Music Hub")
HUB_ADDRESS = env.str("HUB_ADDRESS", default="Music Service, County Hall, Northshire NS1 1AA")
HUB_EMAIL = env.str("HUB_EMAIL", default="office@music-hub.example")
# Where the portal is reached: every link in an e-mail starts with it (e-mails are written outside requests).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)
# Days a school has to pay an invoice, and the hub's payment details printed on invoices.
SCHOOL_PAYMENT_DAYS = env.int("SCHOOL_PAYMENT_DAYS", default=30)
FAMILY_PAYMENT_DAYS = env.int("FAMILY_PAYMENT_DAYS", default=14)
# Bills a family billing run issues together in one transaction (and e-mails in one worker task).
FAMILY_BILLING_BATCH = env.int("FAMILY_BILLING_BATCH", default=100)
# Off every child's fees after the first in a family (the hub's policy), as a percentage.
HUB_SIBLING_DISCOUNT_PERCENT = env.str("HUB_SIBLING_DISCOUNT_PERCENT", default="10")
# Notice to leave lessons: half a term, as weeks of teaching.
TUITION_NOTICE_WEEKS = env.int("TUITION_NOTICE_WEEKS", default=6)
# How long a family has to answer an offer of a place, and when they are reminded before it expires.
TUITION_OFFER_DAYS = env.int("TUITION_OFFER_DAYS", default=7)
TUITION_OFFER_REMINDER_DAYS = env.int("TUITION_OFFER_REMINDER_DAYS", default=2)
# Weeks before an academic year ends from which families with a remission are reminded to apply again.
REMISSION_REMINDER_WEEKS = env.int("REMISSION_REMINDER_WEEKS", default=6)
# An ensemble member attending less than this percentage of the dates marked so far is flagged to staff.
ENSEMBLE_ATTENDANCE_THRESHOLD = env.int("ENSEMBLE_ATTENDANCE_THRESHOLD", default=75)
if not 0 <= ENSEMBLE_ATTENDANCE_THRESHOLD <= 100:
    raise environ.ImproperlyConfigured("ENSEMBLE_ATTENDANCE_THRESHOLD is a percentage, from 0 to 100.")
HUB_PAYMENT_DETAILS = env.str(
    "HUB_PAYMENT_DETAILS",
    default="Pay by bank transfer to Northshire County Council, sort code 00-00-00, account 00000000, "
    "quoting the invoice number.",
)
HUB_VAT_NUMBER = env.str("HUB_VAT_NUMBER", default="")
# GOV.UK Pay, for families paying their bills by card. With no API key the portal offers bank transfer only.
GOVUK_PAY_API_KEY = env.str("GOVUK_PAY_API_KEY", default="")
GOVUK_PAY_BASE_URL = env.str(
    "GOVUK_PAY_BASE_URL", default="https://publicapi.payments.service.gov.uk"
).rstrip("/")
# Seconds to wait for GOV.UK Pay's answer before telling the parent to try again (or checking later).
GOVUK_PAY_TIMEOUT = env.float("GOVUK_PAY_TIMEOUT", default=10.0)
# Where GOV.UK Pay's card pages are: the "Pay now" form's redirect goes there (the Content-Security-Policy's
# form-action must allow it).
GOVUK_PAY_CARD_ORIGIN = env.str("GOVUK_PAY_CARD_ORIGIN", default="https://card.payments.service.gov.uk")
# Copied onto each invoice when it is issued, like the VAT number and payment details: it never changes after.
HUB_INVOICE_FOOTER = env.str("HUB_INVOICE_FOOTER", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "hub",
    "hub.billing",
    "schools",
    "tuition",
    "instruments",
    "ensembles",
    "hub.dev",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hub.access.StaffTwoFactorMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.portal.context_processors.portal",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so that templates/ can override one: the admin's split date and time boxes
# get a label each (templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/musichub")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise environ.ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# psycopg 3 sends parameters apart from the SQL, so PostgreSQL can keep a query it has planned: one that a
# connection has run DB_PREPARE_THRESHOLD times is prepared and its plan reused. A page's joins cost more to
# plan than to run (the family's home spent 2 ms of its 15 planning), and every request repeats the same
# few queries. DB_PREPARE_THRESHOLD=off turns it off (behind a transaction-pooling PgBouncer before 1.21).
_PREPARE_THRESHOLD = env.str("DB_PREPARE_THRESHOLD", default="5")
DATABASES["default"].setdefault("OPTIONS", {}).update(
    server_side_binding=True,
    prepare_threshold=None if _PREPARE_THRESHOLD == "off" else int(_PREPARE_THRESHOLD),
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# The cache holds sign-in rate limits and used two-factor codes (allauth keeps both in the default cache),
# so it lives in PostgreSQL: they must hold while Redis, which is only Celery's broker, is down. The table
# is made by a migration (hub/migrations/*_cache_table.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hub_cache",
        "KEY_PREFIX": "musichub",
        # Culling drops entries at random: keep it rare, so that a busy hour never forgets a rate limit.
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "hub.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)
LOGIN_REDIRECT_URL = "hub:home"
LOGIN_URL = "account_login"

# Accounts: e-mail only, verified before first sign-in; parents register themselves.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Password reset and sign-up answer alike whether or not an address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "hub.accounts.forms.GuardianSignupForm"
ACCOUNT_ADAPTER = "hub.accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {"login": "hub.accounts.login.PortalLoginForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{HUB_NAME}] "
# Behind nginx every request comes from 127.0.0.1: the number of proxies in front of the portal tells allauth
# which X-Forwarded-For entry is the client (1 behind docs/deploy.md's nginx; 0 when nothing is in front).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Failed sign-ins (see hub/accounts/limits.py): "key" counts one account from one client address, so one
# attacker's guesses slow that attacker and never the owner elsewhere; "login_failed_account" caps an
# account's failures from everywhere (a password reset lifts both).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "login_failed_account": "30/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = HUB_NAME
MFA_ADAPTER = "hub.accounts.mfa.PortalMFAAdapter"
MFA_FORMS = {
    "authenticate": "hub.accounts.mfa.PortalAuthenticateForm",
    "reauthenticate": "hub.accounts.mfa.PortalReauthenticateForm",
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Crispy names a field's widget in its CSS class: hub.forms' written widgets keep the names of Django's.
CRISPY_CLASS_CONVERTERS = {
    "writtenselect": "select",
    "writtentextinput": "textinput",
    "writtennumberinput": "numberinput",
    "writtendateinput": "dateinput",
}

# The default prints each e-mail's headers, text and attachment names, never base64 (see hub/console_mail.py).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="hub.console_mail.EmailBackend")
# Seconds before an unanswering SMTP server counts as a transient failure (the send is retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / ".data" / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{HUB_NAME} <{HUB_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
WHITENOISE_USE_FINDERS = DEBUG

# Celery: JSON only, acknowledge after the work is done, and never let a task run for ever.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# A web request that queues a task must not hang for long when Redis is unreachable.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_ALWAYS_EAGER = False
# Bulk work (e-mail, PDFs) has a queue and a worker of its own, so that imports, runs and exports on the
# default queue ("celery") never wait behind an invoice run's 450 e-mails. E-mail has a queue of its own
# ("mail") that the bulk worker takes turns with, so a sign-up's confirmation never waits behind hundreds of
# PDFs being drawn. See Procfile.
CELERY_TASK_ROUTES = {
    "hub.tasks.send_email": {"queue": "mail"},
    "hub.tasks.send_emails": {"queue": "mail"},
    "hub.billing.tasks.render_invoice_pdf": {"queue": "bulk"},
    "schools.tasks.render_agreement_pdf": {"queue": "bulk"},
    # A message to an ensemble's families writes hundreds of e-mails into the outbox (issue 10).
    "ensembles.tasks.deliver_message": {"queue": "bulk"},
}
# What a task prints (the development console e-mail) is information, not a warning.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # The safety net: work recorded while Redis was down, or whose worker died, is picked up within a minute.
    "sweep": {"task": "hub.tasks.sweep", "schedule": 60.0},
    # Issued invoices and submitted orders whose PDF no worker has stored yet are rendered again.
    "invoice-pdfs": {"task": "hub.billing.tasks.sweep_invoice_pdfs", "schedule": 60.0},
    "agreement-pdfs": {"task": "schools.tasks.sweep_agreement_pdfs", "schedule": 60.0},
    # Daily, in the morning: families whose remission ends with the academic year are reminded to apply for
    # the next, once each.
    "remission-reminders": {
        "task": "schools.tasks.remind_to_reapply",
        "schedule": crontab(hour=8, minute=30),
    },
    # Card payments whose parent never came back from GOV.UK Pay: their state is read from its API.
    "online-payments": {"task": "hub.billing.tasks.reconcile_online_payments", "schedule": 120.0},
    # Offers of a place: lapse when their days run out, and a reminder before (issue 8).
    "tuition-expire-offers": {"task": "tuition.tasks.expire_offers", "schedule": 600.0},
    "tuition-remind-offers": {"task": "tuition.tasks.remind_offers", "schedule": 600.0},
    # Weekly, on Monday morning: families and schools holding hired instruments past their due date are
    # reminded, at most once a week a hire (issue 9). The task records a job on the default queue; its
    # e-mails go out on the mail queue, as every e-mail does.
    # Messages to an ensemble's families whose task never reached a worker (issue 10).
    "ensembles-messages": {"task": "ensembles.tasks.sweep_messages", "schedule": 60.0},
    "instruments-overdue-reminders": {
        "task": "instruments.tasks.remind_overdue_hires",
        "schedule": crontab(day_of_week="monday", hour=9, minute=0),
    },
}
CELERY_TIMEZONE = TIME_ZONE

# --- Request size limits (issue 6, point 9) ----------------------------------------------------------------
# A request whose declared body is over its path's limit is answered 413 before any of the body is read
# (hub/request_limits.py); nginx's client_max_body_size matches (docs/deploy.md). In MiB, as nginx's "m".
REQUEST_MAX_MB = env.int("REQUEST_MAX_MB", default=5)
# The register of schools' upload: the whole establishment CSV is about 60 MB.
REGISTER_UPLOAD_MAX_MB = env.int("REGISTER_UPLOAD_MAX_MB", default=80)
REQUEST_MAX_MB_BY_PATH = {"/staff/register/import/": REGISTER_UPLOAD_MAX_MB}
# Django's own: form fields (files aside) held in memory, and the part of an upload kept in memory before a
# temporary file; both at Django's 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# After the session, user and messages (the 413 page is a normal page) and before anything reads the body.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "hub.request_limits.RequestSizeLimitMiddleware",
)
# --- End of request size limits ----------------------------------------------------------------------------

# Production hardening; every value can be set from the environment and check --deploy is clean with them.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from the portal itself, no inline script, no eval (htmx
# is told so in base.html). Style attributes stay allowed: they cannot run script, and the job page's
# progress bar sets its width with one. form-action will need GOV.UK Pay's host when payments arrive.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],  # Bootstrap's form icons and the two-factor QR code are data: URIs
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "hub.log_filters.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print each of its records a second time.
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO: one line per step per invoice in the worker's log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
