"""Settings shared by every environment; environment-specific modules import and adjust these."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from inducult.release import code_release

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    """A yes/no variable; anything but true/false, yes/no, on/off, 1/0 stops the start, so that a typo
    never quietly turns a setting off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


# Overridden by dev and test; production refuses to start without a real one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before the apps whose models it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    # The site's apps, bottom layer first (docs/architecture.md): each uses only those above it in this list.
    "core",
    "sitesearch",
    "partners",
    "workpackages",
    "events",
    "publications",
    "translations",
    "inducult",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    # /healthz and /readyz for load balancers, before anything else looks at the request (inducult.health).
    "inducult.health.HealthCheckMiddleware",
    # The request's id and its log line (inducult.logs).
    "inducult.logs.RequestLogMiddleware",
    # First, so that it compresses what every other middleware has added (whitenoise serves static files
    # already compressed, and GZip leaves those alone).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inducult.middleware.LanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "inducult.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inducult.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "inducult.wsgi.application"

# An SQLite file in the checkout unless DATABASE_URL says otherwise (PostgreSQL in CI and production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server must not hold a request for the operating system's minutes-long TCP
    # timeout: give up after a few seconds, and the visitor gets the 503 page instead.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Editors' passwords: at least 12 characters, not like the user's name or e-mail, not a common or
# all-digit password. Checked wherever a password is set in the admin.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, inducult/accounts.py): after 5 failed sign-ins for one user name from one
# address, that combination is refused for 15 minutes, even with the right password; the count starts
# again after a successful sign-in. Counting the pair keeps an attacker from locking a real editor out from
# elsewhere; a higher limit for the name across all addresses stops guessing spread over many addresses.
# Every name is counted, existing or not, so a lockout says nothing about which accounts exist. A refused
# attempt is not counted, so a pause ends 15 minutes after the last failure, however often someone knocks.
# `manage.py axes_reset_username NAME` lifts a lockout early (README, Security).
AUTHENTICATION_BACKENDS = [
    "inducult.accounts.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "inducult.accounts.LoginThrottleHandler"
AXES_LOCKOUT_CALLABLE = "inducult.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "inducult.accounts.client_ip_address"
# Failed attempts are kept (that is the throttle); successful sign-ins are not logged with address
# and browser, which the site has no use for.
AXES_DISABLE_ACCESS_LOG = True
# Failures for one user name from all addresses together (within AXES_COOLOFF_TIME) that pause signing in
# with it everywhere.
INDUCULT_LOGIN_FAILURE_LIMIT_PER_USERNAME = 20
# Requests for a password reset link ("Forgotten password?"), counted in the database: per client address
# and per e-mail address asked for (existing or not), within the window. More get a 429 page.
INDUCULT_PASSWORD_RESET_WINDOW = timedelta(hours=1)
INDUCULT_PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
INDUCULT_PASSWORD_RESET_LIMIT_PER_EMAIL = 3
# The client's address for both throttles. Behind a reverse proxy every connection comes from the proxy, so
# the address is read from X-Forwarded-For, but only on connections from TRUSTED_PROXIES (addresses or
# networks, comma-separated: `127.0.0.1,::1`, `10.0.0.0/24`), from the right, skipping the proxies' own
# entries; whatever a client wrote further left is never read. Any other connection counts by its own
# address. The production settings default to a proxy on the same machine (README, Deploying).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None

# Languages: English is the source; every public URL carries a language prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("cs", _("Czech")),
    ("pl", _("Polish")),
    ("sl", _("Slovenian")),
    ("hr", _("Croatian")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Wagtail's own locale system is off: content languages are per-field columns (modeltranslation).
WAGTAIL_I18N_ENABLED = False
# Slugs are ASCII in every language: the admin's slug script transliterates titles (č → c, ł → l, ß → ss),
# and pages saved any other way get the same (core.addresses). A renamed or moved page's earlier paths are
# kept per language by core.addresses, not by Wagtail's redirects, which would know only one language.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILREDIRECTS_AUTO_CREATE = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Uploads get plain, safe file names (core.storage).
    "default": {"BACKEND": "core.storage.SafeNameStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app servers: uploads and image renditions in an S3-compatible bucket that all of them share
# (core.object_storage; README, Deploying). Documents and original images are private objects there.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "core.object_storage.ObjectStorage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
    AWS_S3_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_URL_PROTOCOL = os.environ.get("AWS_S3_URL_PROTOCOL", "https:")
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    # How long the signed address a document download is redirected to stays valid.
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
    # Renditions are public through the bucket's policy (images/*), as on Amazon S3, where new buckets refuse
    # ACLs; where ACLs work, AWS_PUBLIC_MEDIA_ACL=public-read gives each rendition its own instead.
    AWS_PUBLIC_MEDIA_ACL = os.environ.get("AWS_PUBLIC_MEDIA_ACL", "")
    # Wagtail's document view checks access, then redirects to the signed address.
    WAGTAILDOCS_SERVE_METHOD = "redirect"

WAGTAIL_SITE_NAME = "InduCult2.0"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp"]
# Every document upload is checked by content and size (core.uploads).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.SafeDocumentForm"
INDUCULT_MAX_DOCUMENT_SIZE = int(os.environ.get("MAX_DOCUMENT_SIZE_MB", "30")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The admin must not call out to Wagtail's release server or Gravatar: the site makes no
# third-party requests, and offline hosts would hang on them.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Images: no SVG (Wagtail's default formats; an SVG can carry scripts), at most 10 MB and 40 million
# pixels, the pixels counted from the file's header before anything decodes it (core.uploads).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.SafeImageForm"

# Headers for every environment (HSTS and Secure cookies only in production, which has HTTPS).
# Content-Security-Policy and Permissions-Policy: core.security.SecurityHeadersMiddleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other hosts learn only our origin, never the page's path: OpenStreetMap's tile policy and YouTube's
# embedded player both refuse requests without a Referer, which "same-origin" would drop.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only editors get cookies (visitors get none). Wagtail's admin scripts take the CSRF token from the
# page, not from the cookie, so the CSRF cookie can be HttpOnly too.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# An admin session lasts one working day from the login, then the editor signs in again: a session
# left open on a shared office computer ends the same day. Wagtail's login without "remember me" ends
# it earlier, when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
# Sessions live in the database, which every app server shares (never in a process's memory).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Every key carries the content version, one row in the database that every process reads once per request
# (core.cache): a change made anywhere reaches every process's cache at once. Without REDIS_URL each
# process keeps its own copies, at most MAX_ENTRIES; with it, all processes and machines share one copy.
# Keys also carry the release (RELEASE, else a digest of the code: inducult.release), so a shared cache never
# hands the new code what the old one rendered.
RELEASE = os.environ.get("RELEASE", "").strip() or code_release(BASE_DIR)
CACHE_KEY_PREFIX = f"{os.environ.get('CACHE_KEY_PREFIX', 'inducult')}:{RELEASE}"
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.VersionedRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A stopped Redis answers within seconds (/readyz turns 503), never after TCP's minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.VersionedLocMemCache",
            "LOCATION": "inducult",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# Whole pages for anonymous visitors; 0 turns the page cache off. Content changes empty it at once;
# the time limit only bounds how long "upcoming" events stay upcoming after their day has passed.
INDUCULT_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# `make bench` only: two reference pages through the same stack (the empty frame and a trivial template), the
# floor each page is read against. Never set on a real site.
INDUCULT_BENCH_FLOOR = env_bool("BENCH_FLOOR")
# With a CDN in front: how long it may keep anonymous pages, and where published pages are purged.
INDUCULT_CDN_MAX_AGE = int(os.environ.get("CDN_MAX_AGE", "0"))
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "purge": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Mail: Wagtail's moderation notices (submitted, approved, changes requested), the translators' notice
# (translations.notifications) and password resets. Sent through the SMTP server in EMAIL_HOST when it is
# set; without one, production logs an error for each mail instead of sending it (inducult.mail), the dev
# settings write each mail into a folder of the checkout, and the test settings keep them in memory.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")  # STARTTLS, usually on port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")  # TLS from the first byte, usually on port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL (port 465), not both.")
EMAIL_PORT = env_int("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# Mail is sent while the editor's request waits: a server that does not answer must not hold it for minutes.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "InduCult2.0 <noreply@localhost>"
# The sender of error reports to ADMINS (none are configured); the site's address unless set apart.
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "").strip() or DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "inducult.mail.UnsentMailBackend"
# Moderation notices go to the communication managers, who moderate; superusers are the technical
# administrators and would otherwise get two mails for every submission (Wagtail's default).
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# One line per request (INFO) and per error, each with the request's id (inducult.logs); LOG_FORMAT=json makes
# each line a JSON object for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "inducult.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "inducult.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
