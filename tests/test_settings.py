"""Deployment settings: secrets from the environment, DEBUG off, `check --deploy` clean."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # A deployment gets neither the test settings module nor the browser tests' async override.
    inherited = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in inherited}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        SECRET_KEY="a-long-random-production-secret-for-the-test-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="inducult.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="inducult.settings.production", SECRET_KEY="", ALLOWED_HOSTS="inducult.example.org"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_the_dev_settings_turn_it_on():
    script = "from django.conf import settings; print(settings.DEBUG)"
    for module, expected in [("inducult.settings.production", "False"), ("inducult.settings.dev", "True")]:
        result = run_manage(
            "shell",
            "-c",
            script,
            DJANGO_SETTINGS_MODULE=module,
            SECRET_KEY="another-long-random-secret-for-this-test-0123456789-abcdefghijklmnop",
            ALLOWED_HOSTS="x.example.org",
        )
        assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_production_sends_hsts_and_only_secure_http_only_same_site_cookies():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name) for name in ["
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', "
        "'CSRF_COOKIE_SAMESITE', 'LANGUAGE_COOKIE_SECURE', 'LANGUAGE_COOKIE_HTTPONLY', 'SESSION_COOKIE_AGE']}))"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        SECRET_KEY="another-long-random-secret-for-this-test-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="x.example.org",
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_SSL_REDIRECT"]
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert values[f"{cookie}_COOKIE_HTTPONLY"] is True, cookie
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    # An admin session ends after a working day at the latest.
    assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
