"""Sign-in rows for made-up people, written in bulk: users and their verified e-mail addresses."""

import random
import re
import unicodedata
from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH

from hub.models import User

BATCH_SIZE = 2000
# Reserved names (RFC 2606 .test) so that no e-mail from the demo can reach anyone.
FAMILY_DOMAIN = "families.musichub.test"
STAFF_DOMAIN = "staff.musichub.test"
DEMO_DOMAIN = "demo.musichub.test"
SCHOOLS_DOMAIN = "schools.musichub.test"
SEEDED_DOMAINS = (DEMO_DOMAIN, FAMILY_DOMAIN, STAFF_DOMAIN, SCHOOLS_DOMAIN)
_PASSWORD_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def email_part(name: str) -> str:
    """A name as it would appear before the @: Zoë O'Brien-Hart -> zoe, obrienhart."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_name.lower())


def unusable_password(rng: random.Random) -> str:
    """What set_unusable_password() stores, drawn from the seeded generator so that runs repeat."""
    return UNUSABLE_PASSWORD_PREFIX + "".join(
        rng.choices(_PASSWORD_ALPHABET, k=UNUSABLE_PASSWORD_SUFFIX_LENGTH)
    )


def insert_users(*, people: Sequence) -> list[User]:
    """Save a user for each made-up person (email, password, names, joined) with a verified address."""
    users = [
        User(
            email=p.email,
            password=p.password,
            first_name=p.first_name,
            last_name=p.last_name,
            date_joined=p.joined,
        )
        for p in people
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True) for user in users],
        batch_size=BATCH_SIZE,
    )
    return users
