"""Production: everything secret or host-specific comes from the environment, and HTTPS is enforced."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable for production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) for production.")

# A mail server that is set up needs a sender address on a domain it may send for: servers refuse or
# bin mail from the placeholder.
if EMAIL_HOST and not os.environ.get("DEFAULT_FROM_EMAIL", "").strip():  # noqa: F405
    raise ImproperlyConfigured("Set DEFAULT_FROM_EMAIL (the site's sender address) along with EMAIL_HOST.")

# Rotating the secret key: the old one here keeps sessions and password reset links signed with it
# valid until they expire; new signatures use SECRET_KEY. Comma-separated, so keys without commas.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")  # noqa: F405

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The same proxy sets X-Forwarded-For to the client's address (README, Deploying), which login and password
# reset throttling count by; it runs on this machine unless TRUSTED_PROXIES names it.
TRUSTED_PROXIES = TRUSTED_PROXIES or ["127.0.0.1", "::1"]  # noqa: F405
if "TRUSTED_PROXY_COUNT" in os.environ:  # noqa: F405
    # A count of proxies trusts whatever arrives through them; a forgotten count would silently mean that.
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is gone: list the proxies' addresses in TRUSTED_PROXIES.")
# Switchable off only to try production settings on a local machine without TLS.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Without Redis, the cache is a table in the database: every app server sees what another has cached (a
# page is rendered once for all of them), not one copy per process. REDIS_URL is the faster option.
if not os.environ.get("REDIS_URL"):  # noqa: F405
    CACHES = {  # noqa: F405
        "default": {
            "BACKEND": "core.cache.VersionedDatabaseCache",
            "LOCATION": "inducult_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},  # noqa: F405
        }
    }

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
DEMO_CONTENT_ALLOWED = False
