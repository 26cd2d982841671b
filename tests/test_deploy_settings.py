"""Settings as a server sees them: check --deploy is clean, bad values fail loudly, .env.example is full."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS = BASE_DIR / "hub" / "settings.py"
ENV_EXAMPLE = BASE_DIR / ".env.example"


def settings_variables() -> set[str]:
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS.read_text()))


def example_values() -> dict[str, str]:
    lines = (line.strip() for line in ENV_EXAMPLE.read_text().splitlines())
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with only these settings variables set (beside .env, if any)."""
    env = {name: value for name, value in os.environ.items() if name not in settings_variables()}
    # conftest allows async-unsafe ORM calls for Playwright; a server never does (check --deploy says so).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(variables)
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)


def production_variables() -> dict[str, str]:
    return {**example_values(), "SECRET_KEY": secrets.token_urlsafe(50)}


def test_settings_reads_the_variables_this_test_looks_for():
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= settings_variables()


def test_env_example_lists_every_variable_settings_reads():
    missing = settings_variables() - example_values().keys()
    assert not missing, f"add these to .env.example with a comment: {sorted(missing)}"


def test_env_example_lists_only_variables_settings_reads():
    unknown = example_values().keys() - settings_variables()
    assert not unknown, f"hub/settings.py does not read: {sorted(unknown)}"


def test_check_deploy_is_clean_with_the_example_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_variables())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_only_the_required_production_values():
    required = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "SITE_URL": "https://portal.example.org",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", **required)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_the_development_secret_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_check_deploy_flags_a_site_url_that_e_mailed_links_could_not_reach():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**production_variables(), "SITE_URL": "http://127.0.0.1:8000"},
    )
    assert result.returncode != 0
    assert "hub.W001" in result.stderr and "SITE_URL" in result.stderr


def test_check_deploy_flags_gov_uk_pay_over_plain_http_when_card_payments_are_on():
    on = {**production_variables(), "GOVUK_PAY_API_KEY": "api_live_example"}
    assert manage("check", "--deploy", "--fail-level", "WARNING", **on).returncode == 0
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**on, "GOVUK_PAY_BASE_URL": "http://pay.example"}
    )
    assert result.returncode != 0
    assert "hub.W002" in result.stderr and "GOVUK_PAY_BASE_URL" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("CONN_MAX_AGE", "abc", "ValueError"),
        ("INVITATION_DAYS", "a week", "ValueError"),
        ("EMAIL_PORT", "smtp", "ValueError"),
        ("DATABASE_URL", "mysql://portal@127.0.0.1/musichub", "DATABASE_URL must point at PostgreSQL"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a yes/no value"),
        ("SESSION_COOKIE_SECURE", "ture", "SESSION_COOKIE_SECURE='ture' is not a yes/no value"),
    ],
)
def test_a_malformed_value_stops_the_settings_from_loading(name, value, error):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert error in result.stderr


def test_the_documented_proxy_count_reaches_allauth():
    """Behind docs/deploy.md's nginx the sign-in limits must read the visitor from X-Forwarded-For."""
    printed = "from allauth import app_settings; print(app_settings.TRUSTED_PROXY_COUNT)"
    result = manage("shell", "-c", printed, **production_variables())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1"
    assert "TRUSTED_PROXY_COUNT=1" in (BASE_DIR / "docs" / "deploy.md").read_text()
