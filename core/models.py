"""The base of every page type, and the content version every server process reads (core.cache)."""

import functools

from django.db.models import Q
from django.utils import translation
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.utils.decorators import cached_classmethod
from wagtail_modeltranslation.patch_wagtailadmin import LocalizedSaveDescriptor

from core.addresses import EarlierPath, with_ascii_slugs  # noqa: F401 - EarlierPath is a model of this app
from core.cache import CacheEntry  # noqa: F401 - CacheEntry is a model of this app
from core.content_version import ContentVersion, restricted_paths  # noqa: F401 - ContentVersion is a model of this app
from core.languages import SOURCE_LANGUAGE, in_source_language
from core.page_forms import SitePageForm

# Functions (page, title) -> title that the admin's title of every page passes through: an app whose users may
# not see every draft registers one (partners.page_visibility).
# The columns a link to a page needs (`.only(*LINK_FIELDS)`): its title and what its URL is made of, in every
# language. A page row of the site's types is hundreds of columns wide with every language's text.
LINK_FIELDS = ("title", "slug", "url_path", "path", "depth", "live", "content_type")

ADMIN_TITLE_RULES = []


def apply_admin_title_rules():
    """Make Wagtail's admin title of a page (`Page.get_admin_display_title`, the draft's title, which the admin
    shows wherever it names a page) pass through ADMIN_TITLE_RULES.

    On Wagtail's Page class itself, not only on SitePage: the page chooser and its search list plain Page
    objects. Called once, from CoreConfig.ready().
    """
    original = Page.get_admin_display_title
    if getattr(original, "applies_admin_title_rules", False):
        return

    @functools.wraps(original)
    def get_admin_display_title(page):
        title = original(page)
        for rule in ADMIN_TITLE_RULES:
            title = rule(page, title)
        return title

    get_admin_display_title.applies_admin_title_rules = True
    Page.get_admin_display_title = get_admin_display_title


class SitePageQuerySet(PageQuerySet):
    """Wagtail's page queries, with `public()` and `not_public()` reading the restricted pages with the
    content version (one query per request for both) instead of one query each time."""

    def public(self):
        return self.exclude(restricted_q())

    def not_public(self):
        return self.filter(restricted_q())


def restricted_q():
    """Pages with a view restriction and their descendants; no page at all when nothing is restricted."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


class SitePageManager(PageManager.from_queryset(SitePageQuerySet)):
    """Wagtail's page manager with the view restrictions read once per request."""


class SitePage(Page):
    """The base of every page type of the site.

    Wagtail looks up view restrictions in the database for every page served and every `.public()`
    listing; restrictions are rare, so the restricted paths are read once per request, together with the
    content version (`core.cache.restricted_paths`), and Wagtail's own lookup runs only when there are any.
    """

    objects = SitePageManager()
    base_form_class = SitePageForm

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        if restricted_paths():
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    def canonical_query(self, request):
        """The only query string under which this page's response to `request` may be stored in the page
        cache (any other is served uncached, so visitors cannot fill the cache with made-up addresses); None
        when it may not be stored at all. Pages that read no query parameters: the empty string. Filtered
        listings return their filters' values in canonical form (`core.listing.listing_query`)."""
        return ""

    # What the site search (sitesearch.indexing) reads besides the fields named in `search_fields`: page types
    # with related text, a date, facets or files override these.
    search_related = ()  # relations to prefetch when many pages of the type are indexed at once

    def search_extras(self, language):
        """[(text, language)] that find this page besides its own fields, such as the names of related
        pages, in `language` or English where they have no translation."""
        return []

    def search_date(self):
        """The date a search result shows for this page, if it has one."""
        return None

    def search_facets(self):
        """[(facet name, page id)] a search can be narrowed by: a publication's work package, its partners."""
        return []

    def search_file(self, language):
        """(document, its language) of the file a visitor in `language` gets from this page, or None."""
        return None

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's edit handler, its panels' HTML ids made in the source language.

        Wagtail names each panel's id after its heading ("panel-child-content-…") once, in the language of the
        first request that renders the form: a German-speaking editor first after a restart would make them
        "…-inhalt-…" for everyone until the next one, and wagtail-modeltranslation's scripts look for "content".
        """
        handler = Page.get_edit_handler.fn(cls)
        with translation.override(SOURCE_LANGUAGE):
            _name_panels(handler)
        return handler

    # Whoever saves, in whichever admin language, the page's shared columns and its admin title stay English.
    # wagtail_modeltranslation wraps every page type's save() to keep all languages' URL paths right, unless
    # the save it finds is already wrapped ("localized_save"): ours wraps its wrapper, so that it too works
    # in the source language and sees a translated slug's change as a change in another language.
    # Every slug is ASCII, however the page was saved (core.addresses.give_ascii_slugs).
    full_clean = in_source_language(with_ascii_slugs(Page.full_clean))
    save = in_source_language(with_ascii_slugs(LocalizedSaveDescriptor(Page.save)))
    save_revision = in_source_language(Page.save_revision)
    publish = in_source_language(Page.publish)
    unpublish = in_source_language(Page.unpublish)
    copy = in_source_language(Page.copy)
    move = in_source_language(Page.move)


def _name_panels(panel):
    """Compute (and so keep) the ids of a panel group's children, and of theirs."""
    if hasattr(panel, "child_identifiers"):
        panel.child_identifiers  # noqa: B018 - a cached property, computed here for its value to be kept
    for child in getattr(panel, "children", ()):
        _name_panels(child)
