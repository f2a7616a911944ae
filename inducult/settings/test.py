"""Test runs: fast password hashing, plain static storage, DATABASE_URL if given (PostgreSQL in CI)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
DEMO_CONTENT_ALLOWED = True
# Django's test runner keeps mail in memory anyway; this covers commands run under the test settings.
if not EMAIL_HOST:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# `make test-fast` keeps its SQLite test databases between runs in INDUCULT_TEST_DB_DIR (one file per worker,
# git-ignored; the Makefile names the folder after the migrations, so a changed migration starts afresh).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and os.environ.get("INDUCULT_TEST_DB_DIR"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["INDUCULT_TEST_DB_DIR"], "test.sqlite3")}  # noqa: F405
# The browser tests' live server answers from threads; a connection kept open per thread outlives the test and,
# with Chromium holding sockets, exhausted PostgreSQL's 100 connections in CI.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
