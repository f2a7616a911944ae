"""Caching of what every public page needs, with one truth for every process.

The *content version* is one row in the database (`ContentVersion`) that every server process reads, at
most once per request. Every key of the default cache contains it (`VersionedLocMemCache`,
`VersionedRedisCache`), so a change to anything a page can show – made through the admin in any
process, by a management command or on another machine – makes every cached page and fragment of every
process out of date at once. The version changes in the same database transaction as the content: no
process can see the one without the other.

What decides who may see what is never cached: the tree paths of the pages with a view restriction are
read from the database in the same query as the version (`restricted_paths()`).
"""

import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import models
from django.utils import translation
from redis.exceptions import RedisError
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from core.content_version import bump_content_version, content_version

logger = logging.getLogger(__name__)

_MISSING = object()

# Changes to these models never alter what a visitor sees, but happen often (logs, drafts, renditions
# made while rendering a page): they must not empty the cache. The version row itself changes with
# every bump.
IGNORED_MODELS = {
    ("core", "contentversion"),
    ("wagtailcore", "revision"),
    ("wagtailcore", "pagelogentry"),
    ("wagtailcore", "modellogentry"),
    ("wagtailcore", "workflowstate"),
    ("wagtailcore", "taskstate"),
    ("wagtailcore", "pagesubscription"),
    ("wagtailcore", "comment"),
    ("wagtailcore", "commentreply"),
    ("wagtailcore", "referenceindex"),
    ("wagtailcore", "uploadedfile"),
    ("wagtailimages", "rendition"),
    ("core", "cacheentry"),
}
# The apps whose models visitors' pages show. Each app of the site adds itself from its AppConfig.ready()
# (`watch_app`); Wagtail's own are here.
WATCHED_APPS = {"core", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects", "taggit"}


def watch_app(app_config, *, ignoring=()):
    """Make every save and delete of this app's models (except those named in `ignoring`, model names that
    change without changing what visitors see) a content change."""
    WATCHED_APPS.add(app_config.label)
    IGNORED_MODELS.update((app_config.label, name) for name in ignoring)


def content_changed():
    """Make every cached page and fragment of every process out of date."""
    bump_content_version()


# Keys that do not depend on content (the readiness probe's): they skip the version, and so the database.
UNVERSIONED_PREFIX = "unversioned:"


class VersionedCacheMixin:
    """Every key carries the content version: what was cached for one version is never read under another."""

    def make_key(self, key, version=None):
        if key.startswith(UNVERSIONED_PREFIX):
            return super().make_key(key, version=version)
        return super().make_key(f"{content_version()}:{key}", version=version)


class VersionedLocMemCache(VersionedCacheMixin, LocMemCache):
    """Django's local-memory cache (bounded by MAX_ENTRIES, one per process), under the shared content version."""


class VersionedRedisCache(VersionedCacheMixin, RedisCache):
    """Django's Redis cache (shared by every process and machine), under the shared content version.

    A Redis that does not answer is a cache that has nothing: pages are rendered afresh (slower, not broken),
    a warning is logged, and this process leaves Redis alone for RETRY_SECONDS before it asks again, so that
    visitors do not each wait for the connect timeout. `/readyz` still says the cache is down (`probe`).
    """

    RETRY_SECONDS = 5

    def __init__(self, server, params):
        super().__init__(server, params)
        self._skip_until = 0.0

    def _guarded(self, operation, fallback):
        if time.monotonic() < self._skip_until:
            return fallback
        try:
            return operation()
        except RedisError as error:
            self._skip_until = time.monotonic() + self.RETRY_SECONDS
            logger.warning("Redis is not answering; pages are rendered without the cache for now: %s", error)
            return fallback

    def get(self, key, default=None, version=None):
        parent = super()
        return self._guarded(lambda: parent.get(key, default, version=version), default)

    def get_many(self, keys, version=None):
        parent = super()
        return self._guarded(lambda: parent.get_many(keys, version=version), {})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        self._guarded(lambda: parent.set(key, value, timeout, version=version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guarded(lambda: parent.set_many(data, timeout, version=version), [])

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guarded(lambda: parent.add(key, value, timeout, version=version), False)

    def delete(self, key, version=None):
        parent = super()
        return self._guarded(lambda: parent.delete(key, version=version), False)

    def probe(self, key, value):
        """Write and read back a value, unguarded: whether Redis answers now (for `/readyz`)."""
        RedisCache.set(self, key, value, 10)
        stored = RedisCache.get(self, key)
        RedisCache.delete(self, key)
        return stored


class CacheEntry(models.Model):
    """A row of the database cache (the columns Django's `createcachetable` makes), so that migrations create
    its table everywhere. Written by `VersionedDatabaseCache` in plain SQL only, never through this model."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "core"
        db_table = "inducult_cache"
        verbose_name = "cache entry"

    def __str__(self):
        return self.cache_key


class VersionedDatabaseCache(VersionedCacheMixin, DatabaseCache):
    """Django's database cache (shared by every process and machine, in `CacheEntry`'s table), under the shared
    content version: production's default without Redis.

    What this process has read or written it also keeps in its memory for at most LOCAL_SECONDS (at most
    `LOCAL_MAX_ENTRIES`), so that a page's fragments (menu, footer, cards) cost no query each. A change to the
    content cannot be missed by that copy: every key carries the content version (and the release), so a
    change anywhere gives every process new keys at once. What the copy does not see is another process
    deleting a key or an entry's own timeout running out within that minute; the site deletes nothing from
    the cache and gives its entries minutes to hours.
    """

    LOCAL_SECONDS = 60

    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        self.local = LocMemCache(f"database-cache-{table}", {"OPTIONS": {"MAX_ENTRIES": options.get("LOCAL_MAX_ENTRIES", 1000)}})

    def make_key(self, key, version=None):
        made = super().make_key(key, version=version)
        # The table's keys are at most 255 characters; a longer key (a card with long options) is hashed.
        return made if len(made) <= 200 else "sha256:" + hashlib.sha256(made.encode()).hexdigest()

    def _local_timeout(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        return self.LOCAL_SECONDS if timeout is None else min(self.LOCAL_SECONDS, max(0, timeout - time.time()))

    def get_many(self, keys, version=None):
        made = {key: self.make_and_validate_key(key, version=version) for key in keys}
        found = {}
        for key, local_key in made.items():
            value = self.local.get(local_key, _MISSING)
            if value is not _MISSING:
                found[key] = value
        missing = [key for key in keys if key not in found]
        if missing:
            shared = super().get_many(missing, version=version)
            for key, value in shared.items():
                self.local.set(made[key], value, self.LOCAL_SECONDS)
            found.update(shared)
        return found

    def get(self, key, default=None, version=None):
        return self.get_many([key], version=version).get(key, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version=version)
        self.local.set(self.make_and_validate_key(key, version=version), value, self._local_timeout(timeout))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version=version)
        if added:
            self.local.set(self.make_and_validate_key(key, version=version), value, self._local_timeout(timeout))
        return added

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key, value in data.items():
            self.set(key, value, timeout, version=version)
        return []

    def delete(self, key, version=None):
        self.local.delete(self.make_and_validate_key(key, version=version))
        return super().delete(key, version=version)

    def delete_many(self, keys, version=None):
        for key in keys:
            self.local.delete(self.make_and_validate_key(key, version=version))
        return super().delete_many(keys, version=version)

    def clear(self):
        self.local.clear()
        super().clear()


def check_versioned_cache(app_configs=None, **kwargs):
    """`manage.py check`: the default cache must carry the content version in its keys, or no change would
    ever reach what it holds."""
    if isinstance(caches["default"], VersionedCacheMixin):
        return []
    return [
        checks.Error(
            "The default cache does not carry the content version: cached pages would never change.",
            hint="Use core.cache.VersionedLocMemCache, VersionedDatabaseCache or VersionedRedisCache in CACHES['default'].",
            id="core.E001",
        )
    ]


def remember(name, build, timeout=60 * 60 * 24):
    """The value cached under `name` for the current content version, built by `build()` when missing."""
    key = f"site:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout)
    return value


def is_watched(model):
    meta = model._meta
    # Migrations save their historical models, possibly before the version's table exists: after_migrate
    # makes one new version for all they changed.
    if meta.apps is not apps:
        return False
    return meta.app_label in WATCHED_APPS and (meta.app_label, meta.model_name) not in IGNORED_MODELS


def on_model_change(sender, **kwargs):
    if is_watched(sender):
        content_changed()


def on_many_to_many_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_watched(type(instance)):
        content_changed()


def purge_from_frontend_cache(instance, **kwargs):
    """With a CDN configured (WAGTAILFRONTENDCACHE), purge a published or unpublished page and its
    ancestors, whose listings show it, in every language (Wagtail's own handler purges one language)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    pages = [instance, *instance.get_ancestors().filter(depth__gt=1)]
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.update(url for url in (page.get_full_url() for page in pages) if url)
    purge_urls_from_cache(sorted(urls))
