"""Security settings that must hold in production, and the ones tests can observe on every response."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse


def test_it_passes_the_deployment_checks_in_the_production_configuration():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES")}
    env.update(
        DEBUG="false",
        SECRET_KEY="p" * 20 + "roduction-secret-key-0123456789-abcdef",
        ALLOWED_HOSTS="profcluster.example",
        DJANGO_SETTINGS_MODULE="profcluster.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "profcluster", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_forbids_inline_scripts_by_content_security_policy(as_user, official):
    response = as_user(official).get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "<script>" not in response.text and "onchange=" not in response.text


def test_it_locks_sign_in_after_five_wrong_passwords(client, official):
    for _ in range(5):
        client.post(reverse("login"), {"username": "official", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "official", "password": "pw"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_refuses_short_and_common_passwords(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("demo1234", "qwertyuiop"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Сибирь-Барнаул-2026")
