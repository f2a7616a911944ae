"""Caching of what every public page needs, and one switch that makes all of it fresh.

Everything cached for visitors (whole anonymous pages, the menu, the footer links, the filter choices,
the list of restricted pages) is stored under a key that contains the *content version*. Any change to
content a page can show bumps the version, so every cached entry is out of date at once, whichever
process wrote it (with a shared cache such as Redis; see the README).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

CONTENT_VERSION_KEY = "inducult:content-version"
_MISSING = object()

# Changes to these models never alter what a visitor sees, but happen often (logs, drafts, renditions
# made while rendering a page): they must not empty the cache.
IGNORED_MODELS = {
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


def content_version():
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def bump_content_version():
    cache.set(CONTENT_VERSION_KEY, time.time_ns(), timeout=None)


def content_changed():
    """Make every cached page and fragment fresh: now, and again when the transaction commits, so that a
    request racing the commit cannot cache what was there before."""
    bump_content_version()
    transaction.on_commit(bump_content_version)


def remember(name, build, timeout=60 * 60 * 24):
    """The value cached under `name` for the current content version, built by `build()` when missing."""
    key = f"inducult:{name}:{content_version()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout)
    return value


def is_watched(model):
    meta = model._meta
    return meta.app_label in WATCHED_APPS and (meta.app_label, meta.model_name) not in IGNORED_MODELS


def on_model_change(sender, **kwargs):
    if is_watched(sender):
        content_changed()


def on_many_to_many_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_watched(type(instance)):
        content_changed()


def restricted_paths():
    """Tree paths of the pages with a view restriction (password, login or groups): they and their
    descendants are not public."""
    from wagtail.models import PageViewRestriction

    return remember(
        "restricted-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


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
