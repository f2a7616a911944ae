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

import re
import secrets
from contextvars import ContextVar
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.utils import translation

_MISSING = object()

# Changes to these models never alter what a visitor sees, but happen often (logs, drafts, renditions
# made while rendering a page): they must not empty the cache. The version row itself changes with
# every bump.
IGNORED_MODELS = {
    ("inducult", "contentversion"),
    ("inducult", "passwordresetrequest"),
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
}
WATCHED_APPS = {
    "inducult",
    "partners",
    "events",
    "publications",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
}


class _Snapshot:
    """The version and the restricted paths as one request read them."""

    state = None  # (version, restricted paths), read on first use


# Set for the duration of each request (request_started/request_finished): a request reads the database
# once however many cache keys it makes. Outside requests (management commands, the shell) every use reads.
_request_snapshot = ContextVar("inducult_request_snapshot", default=None)


def start_request(**kwargs):
    _request_snapshot.set(_Snapshot())


def finish_request(**kwargs):
    _request_snapshot.set(None)


def new_token():
    return secrets.token_hex(8)


def _state_query(connection):
    from wagtail.models import Page, PageViewRestriction

    from inducult.models import ContentVersion

    versions, restrictions, pages = (
        connection.ops.quote_name(model._meta.db_table) for model in (ContentVersion, PageViewRestriction, Page)
    )
    # Plain SQL: the ORM would spend more time building this query than the database spends answering it,
    # on every request. Only the models' table names go into it.
    version = f"SELECT 'version', token FROM {versions} WHERE id = %s"  # noqa: S608
    restricted = f"SELECT 'restricted', p.path FROM {restrictions} r JOIN {pages} p ON p.id = r.page_id"  # noqa: S608
    return f"{version} UNION ALL {restricted}"


def _read_state():
    """The content version and the restricted pages' paths, in one query."""
    from django.db import connection

    from inducult.models import ContentVersion

    with connection.cursor() as cursor:
        cursor.execute(_state_query(connection), [ContentVersion.ROW])
        rows = cursor.fetchall()
    tokens = [text for kind, text in rows if kind == "version"]
    restricted = tuple(sorted(text for kind, text in rows if kind == "restricted"))
    if not tokens:
        # A new database, or one a test flushed: the row is made once, by whichever process comes first.
        row, _created = ContentVersion.objects.get_or_create(pk=ContentVersion.ROW, defaults={"token": new_token()})
        tokens = [row.token]
    return tokens[0], restricted


def _state():
    snapshot = _request_snapshot.get()
    if snapshot is None:
        return _read_state()
    if snapshot.state is None:
        snapshot.state = _read_state()
    return snapshot.state


def content_version():
    """The current content version, as the database has it (read once per request)."""
    return _state()[0]


def restricted_paths():
    """Tree paths of the pages with a view restriction (password, login or groups): they and their
    descendants are not public. From the database, once per request: never from a cache."""
    return _state()[1]


def is_restricted(path):
    return any(path.startswith(restricted) for restricted in restricted_paths())


def bump_content_version():
    """A new content version: in the current transaction if there is one, so that other processes see
    it exactly when they see the change that caused it."""
    from inducult.models import ContentVersion

    token = new_token()
    if not ContentVersion.objects.filter(pk=ContentVersion.ROW).update(token=token):
        ContentVersion.objects.get_or_create(pk=ContentVersion.ROW, defaults={"token": token})
    snapshot = _request_snapshot.get()
    if snapshot is not None:
        snapshot.state = None


def content_changed():
    """Make every cached page and fragment of every process out of date."""
    bump_content_version()


class VersionedCacheMixin:
    """Every key carries the content version: what was cached for one version is never read under another."""

    def make_key(self, key, version=None):
        return super().make_key(f"{content_version()}:{key}", version=version)


class VersionedLocMemCache(VersionedCacheMixin, LocMemCache):
    """Django's local-memory cache (bounded by MAX_ENTRIES, one per process), under the shared content version."""


class VersionedRedisCache(VersionedCacheMixin, RedisCache):
    """Django's Redis cache (shared by every process and machine), under the shared content version."""


def check_versioned_cache(app_configs=None, **kwargs):
    """`manage.py check`: the default cache must carry the content version in its keys, or no change would
    ever reach what it holds."""
    from django.core import checks
    from django.core.cache import caches

    if isinstance(caches["default"], VersionedCacheMixin):
        return []
    return [
        checks.Error(
            "The default cache does not carry the content version: cached pages would never change.",
            hint="Use inducult.cache.VersionedLocMemCache or inducult.cache.VersionedRedisCache in CACHES['default'].",
            id="inducult.E001",
        )
    ]


def remember(name, build, timeout=60 * 60 * 24):
    """The value cached under `name` for the current content version, built by `build()` when missing."""
    key = f"inducult:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout)
    return value


def is_watched(model):
    from django.apps import apps

    meta = model._meta
    # Migrations save their historical models, possibly before the version's table exists: after_migrate
    # makes one new version for all they changed.
    if meta.apps is not apps:
        return False
    return meta.app_label in WATCHED_APPS and (meta.app_label, meta.model_name) not in IGNORED_MODELS


def on_model_change(sender, **kwargs):
    if is_watched(sender):
        content_changed()


def after_migrate(using, **kwargs):
    from django.db import connections

    from inducult.models import ContentVersion

    if ContentVersion._meta.db_table in connections[using].introspection.table_names():
        bump_content_version()


def on_many_to_many_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_watched(type(instance)):
        content_changed()


PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def listing_query(request, form, page_count=None):
    """The canonical query string of a filtered (and paginated) listing for `request`, or None.

    Canonical: the filter form's non-empty values in the form's field order, then `page` when it is past
    the first. Only a request whose query string is exactly this is stored in the page cache, so the
    number of cached addresses is bounded by the content, whatever visitors send. None (never cached):
    values the form refuses, free text such as a search (no bound on how many there are), or a page
    number that is no page of the listing. `page_count(cleaned_data)` is asked only for a page past the
    first.
    """
    if form.is_bound and not form.is_valid():
        return None
    selected = form.cleaned_data if form.is_bound else {}
    parts = []
    for name, field in form.fields.items():
        value = selected.get(name)
        if value in (None, ""):
            continue
        if not isinstance(field, forms.ChoiceField) or not isinstance(value, str):
            return None
        parts.append((name, value))
    page = request.GET.get("page")
    if page is not None and page != "1":
        if not PAGE_NUMBER.fullmatch(page) or page_count is None or int(page) > page_count(selected):
            return None
        parts.append(("page", page))
    return urlencode(parts)


def purge_from_frontend_cache(instance, **kwargs):
    """With a CDN configured (WAGTAILFRONTENDCACHE), purge a published or unpublished page and its
    ancestors, whose listings show it, in every language (Wagtail's own handler purges one language)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    pages = [instance, *instance.get_ancestors().filter(depth__gt=1)]
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.update(url for url in (page.get_full_url() for page in pages) if url)
    purge_urls_from_cache(sorted(urls))
