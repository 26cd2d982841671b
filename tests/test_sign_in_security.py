"""Sign-in limits behind the proxy, the owner never locked out, and limits that hold while Redis is down."""

import copy
import re

import pytest
from django.test import Client
from django.urls import reverse

from hub import settings as hub_settings
from tests.conftest import current_totp
from tests.factories import PASSWORD
from tests.test_deploy_settings import example_values

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
REDIS_DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _sign_in(client, email, password, address):
    """A sign-in as the documented nginx passes it on: from 127.0.0.1, the visitor in X-Forwarded-For."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def _signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def behind_nginx(settings):
    # What .env.example and docs/deploy.md set for the one nginx in front of the portal.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = int(example_values()["TRUSTED_PROXY_COUNT"])


def test_eleven_failed_sign_ins_from_one_address_do_not_stop_another_address(behind_nginx, guardian):
    attacker = Client()
    for n in range(11):
        refused = _sign_in(attacker, f"nobody{n}@example.org", "wrong-password-1", ATTACKER)
    owner = Client()
    response = _sign_in(owner, guardian.user.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert _signed_in(owner, guardian.user)
    assert "Too many failed sign-ins" in refused.content.decode()


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(behind_nginx, guardian):
    attacker = Client()
    for _ in range(6):
        refused = _sign_in(attacker, guardian.user.email, "wrong-password-1", ATTACKER)
    owner = Client()
    response = _sign_in(owner, guardian.user.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert _signed_in(owner, guardian.user)
    assert "Too many failed sign-ins" in refused.content.decode()
    # Even the right password is refused from the attacker's address for now: guessing is slowed there.
    _sign_in(attacker, guardian.user.email, PASSWORD, ATTACKER)
    assert not _signed_in(attacker, guardian.user)


def _reset_password(client, email, mailoutbox, capture):
    with capture(execute=True):
        client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    response = client.get(link, follow=True)
    new_password = "a-new-cello-password-7"
    with capture(execute=True):
        response = client.post(
            response.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
        )
    assert response.status_code == 302
    return new_password


def test_guessing_spread_over_many_addresses_is_capped_and_a_password_reset_lifts_it(
    behind_nginx, guardian, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(30):
        _sign_in(Client(), guardian.user.email, "wrong-password-1", f"203.0.113.{n + 1}")
    owner = Client()
    response = _sign_in(owner, guardian.user.email, PASSWORD, OWNER)
    assert "Too many failed sign-ins" in response.content.decode()
    assert "reset your password" in response.content.decode()
    new_password = _reset_password(owner, guardian.user.email, mailoutbox, django_capture_on_commit_callbacks)
    response = _sign_in(owner, guardian.user.email, new_password, OWNER)
    assert response.status_code == 302
    assert _signed_in(owner, guardian.user)


def _real_caches_with_redis_down() -> dict:
    """The portal's own cache settings, with any Redis in them pointing where nothing answers."""
    caches = copy.deepcopy(hub_settings.CACHES)
    for cache in caches.values():
        if str(cache.get("LOCATION", "")).startswith("redis://"):
            cache["LOCATION"] = REDIS_DOWN
    return caches


@pytest.fixture
def redis_down(settings):
    settings.CACHES = _real_caches_with_redis_down()
    settings.CELERY_BROKER_URL = REDIS_DOWN


def test_failed_sign_ins_are_still_limited_while_redis_is_down(redis_down, client, guardian):
    for _ in range(25):
        client.post(reverse("account_login"), {"login": guardian.user.email, "password": "wrong-password-1"})
    response = client.post(reverse("account_login"), {"login": guardian.user.email, "password": PASSWORD})
    assert not _signed_in(client, guardian.user)
    assert "Too many failed sign-ins" in response.content.decode()


def _password_step(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")


def test_a_two_factor_code_is_refused_the_second_time_while_redis_is_down(redis_down, tutor):
    code = current_totp()
    first = Client()
    _password_step(first, tutor)
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert _signed_in(first, tutor)
    second = Client()
    _password_step(second, tutor)
    response = second.post(reverse("mfa_authenticate"), {"code": code})
    assert not _signed_in(second, tutor)
    assert "That code has just been used" in response.content.decode()


def test_a_repeated_code_says_it_was_just_used_and_a_wrong_one_says_incorrect(tutor):
    code = current_totp()
    first = Client()
    _password_step(first, tutor)
    first.post(reverse("mfa_authenticate"), {"code": code})
    second = Client()
    _password_step(second, tutor)
    page = second.post(reverse("mfa_authenticate"), {"code": code}).content.decode()
    assert "That code has just been used. Wait for your authenticator app to show the next code" in page
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page = second.post(reverse("mfa_authenticate"), {"code": wrong}).content.decode()
    assert "Incorrect code" in page and "just been used" not in page
