"""Deployment settings: secrets from the environment, DEBUG off, `check --deploy` clean."""

import json

import pytest

from tests.processes import run_manage


@pytest.mark.slow
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


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="inducult.settings.production", SECRET_KEY="", ALLOWED_HOSTS="inducult.example.org"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow
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


@pytest.mark.slow
def test_production_caches_in_redis_when_redis_url_is_set_and_in_the_shared_database_otherwise():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    production = {
        "DJANGO_SETTINGS_MODULE": "inducult.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-for-the-test-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "inducult.example.org",
    }
    with_redis = run_manage("shell", "-c", show, REDIS_URL="redis://127.0.0.1:6379/0", **production)
    assert with_redis.stdout.strip().endswith("core.cache.VersionedRedisCache"), with_redis.stderr
    without = run_manage("shell", "-c", show, REDIS_URL="", **production)
    # Never a copy per process in production: every app server sees the same cache.
    assert without.stdout.strip().endswith("core.cache.VersionedDatabaseCache"), without.stderr


@pytest.mark.slow
def test_production_takes_the_previous_secret_keys_for_a_rotation():
    old_keys = [
        "the-previous-long-random-production-secret-0123456789-abcdefghijklmnopqrs",
        "an-older-one-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRS",
    ]
    script = (
        "from django.conf import settings; from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); print(settings.SECRET_KEY_FALLBACKS)"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        SECRET_KEY="the-new-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvw",
        SECRET_KEY_FALLBACKS=" , ".join(old_keys),
        ALLOWED_HOSTS="inducult.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip().splitlines()[-1] == repr(old_keys)


@pytest.mark.django_db
def test_after_a_key_rotation_editors_stay_signed_in_if_they_come_while_the_old_key_is_a_fallback(home_page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.test import Client, override_settings

    old, new = "old-secret-key-" + "x" * 50, "new-secret-key-" + "y" * 50
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-editor-password")
    regular, away = Client(), Client()
    with override_settings(SECRET_KEY=old):
        regular.force_login(editor)
        away.force_login(editor)
        reset_token = default_token_generator.make_token(editor)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old]):
        # Signed in, and the session is re-signed with the new key on the way.
        assert regular.get("/admin/").status_code == 200
        assert default_token_generator.check_token(editor, reset_token)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[]):
        assert regular.get("/admin/").status_code == 200
        # Whoever did not come by during the fallback period signs in again; old reset links are dead.
        assert away.get("/admin/").status_code == 302
        assert not default_token_generator.check_token(editor, reset_token)


@pytest.mark.slow
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
