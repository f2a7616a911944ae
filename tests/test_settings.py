"""Deployment settings: secrets from the environment, DEBUG off, `check --deploy` clean."""

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


def test_the_cache_is_redis_when_redis_url_is_set_and_local_memory_otherwise():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    production = {
        "DJANGO_SETTINGS_MODULE": "inducult.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-for-the-test-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "inducult.example.org",
    }
    with_redis = run_manage("shell", "-c", show, REDIS_URL="redis://127.0.0.1:6379/0", **production)
    assert with_redis.stdout.strip().endswith("django.core.cache.backends.redis.RedisCache"), with_redis.stderr
    without = run_manage("shell", "-c", show, REDIS_URL="", **production)
    assert without.stdout.strip().endswith("django.core.cache.backends.locmem.LocMemCache"), without.stderr
