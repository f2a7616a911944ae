import hashlib
import logging
import re
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from modeltranslation.utils import build_localized_fieldname
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from inducult.cache import is_restricted, remember

logger = logging.getLogger(__name__)

# What Django raises when the database is down, restarting, refusing connections or gone mid-query.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
SITEMAP_PAGE_QUERY = re.compile(r"p=[1-9][0-9]{0,4}")


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    """Crawlers may read every public page; the admin and its login are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def search(request):
    """The site search page: every page type, in the visitor's language, paginated."""
    from inducult.search import RESULTS_PER_PAGE, SearchForm, search_pages

    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = None
    if query:
        results = Paginator(search_pages(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        by_pk = {page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in results]).specific()}
        results.object_list = [by_pk[page.pk] for page in results if page.pk in by_pk]
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return TemplateResponse(
        request,
        "inducult/search.html",
        {"form": form, "query": query, "results": results, "filter_query": query_string.urlencode()},
    )


def sitemap_xml(request):
    """sitemap.xml: every page in every language, with alternates; cached until the content changes, as
    building it takes a URL per page and language."""
    from django.contrib.sitemaps.views import sitemap

    from inducult.sitemaps import PageSitemap

    def build():
        response = sitemap(request, sitemaps={"pages": PageSitemap})
        response.render()
        return response

    # Only the sitemap's own addresses are cached: "", "p=2", … (the sitemap is a 404 past its last page).
    query = request.META.get("QUERY_STRING", "")
    if query and not SITEMAP_PAGE_QUERY.fullmatch(query):
        return build()
    return remember(f"sitemap:{request.get_host()}:{query}", build)


def route_by_url_path(root, request, path_components):
    """Find the page for a URL below `root` with one query on the current language's URL paths.

    wagtail-modeltranslation's routing walks the tree a level at a time and loads every child of each
    level to compare translated slugs: two queries per level, and all 2,000 events below the event
    index to serve one of them. Here the deepest page whose URL path matches a prefix of the URL
    serves it; the rest of the URL goes to that page's own routing (calendar downloads, citations).
    """
    language = translation.get_language()
    codes = {code for code, _name in settings.LANGUAGES}
    field = build_localized_fieldname("url_path", language) if language in codes else "url_path"
    base = getattr(root, field, None) or root.url_path
    candidates = {base + "/".join(path_components[:n]) + "/": n for n in range(1, len(path_components) + 1)}
    page = (
        Page.objects.filter(**{f"{field}__in": list(candidates)}, path__startswith=root.path, depth__gt=root.depth)
        .order_by("-depth")
        .first()
    )
    if page is None:
        raise Http404
    return page.specific.route(request, path_components[candidates[getattr(page, field)] :])


def route_request(request, path):
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        if not components:
            return site.root_page.specific.route(request, [])
        return route_by_url_path(site.root_page, request, components)
    except Http404:
        return None


def serve_page(request, path):
    """Wagtail's page view, routed by `route_by_url_path`, with whole pages cached for anonymous visitors.

    Editors (anyone logged in) always get a freshly rendered page, and nothing rendered for them is
    stored. Only a page's canonical address is stored (`SitePage.canonical_query`), never a page behind
    a view restriction, and any content change makes every process's copies out of date at once
    (`inducult.cache`).
    """
    key = page_cache_key(request)
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            response, csp_sources, page_path = cached
            # Who may see what comes from the database on every request: a page restricted since it was
            # stored is rendered again, and Wagtail asks for the password or the login.
            if not is_restricted(page_path):
                # What the page allowed while it was rendered (a consented video's host): the security
                # headers middleware builds the Content-Security-Policy from it.
                if csp_sources:
                    request._csp_extra = csp_sources
                return response
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route_request(request, path)
    response = wagtail_views.serve(request, path)
    if key is not None:
        store_when_rendered(request, response, key)
    return response


def page_cache_key(request):
    """The cache key of this request's page, or None when the response must not come from the cache."""
    timeout = settings.INDUCULT_PAGE_CACHE_SECONDS
    if not timeout or request.method != "GET" or request.user.is_authenticated:
        return None
    # No canonical address is this long; a longer one is not worth hashing.
    if len(request.META.get("QUERY_STRING", "")) > 200:
        return None
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    # The content version is part of every key (inducult.cache.VersionedCacheMixin).
    return f"inducult:page:{translation.get_language()}:{digest}"


def store_when_rendered(request, response, key):
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is None:
        return
    page = route[0]

    def store(rendered):
        if (
            is_cacheable(rendered)
            # A page that used a CSRF token sets a cookie on the way out: it is the visitor's own.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            # A visitor who gave a page's password sees it: the next visitor must not.
            and not is_restricted(page.path)
            and is_canonical(request, page)
        ):
            if settings.INDUCULT_CDN_MAX_AGE:
                patch_cache_control(rendered, public=True, max_age=0, s_maxage=settings.INDUCULT_CDN_MAX_AGE)
            entry = (rendered, getattr(request, "_csp_extra", None), page.path)
            cache.set(key, entry, settings.INDUCULT_PAGE_CACHE_SECONDS)

    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(store)
    else:
        store(response)


def is_canonical(request, page):
    """Whether the request's query string is the page's canonical one: known parameters, valid values,
    in a fixed order. Anything else would give every made-up address its own cache entry."""
    canonical_query = getattr(page, "canonical_query", None)
    expected = canonical_query(request) if canonical_query else ""
    return expected is not None and request.META.get("QUERY_STRING", "") == expected


def is_cacheable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def root_redirect(request):
    """`/` to the home page in the browser's language, else English, keeping the query string.

    LocaleMiddleware would do the same, but only after rendering a 404 page, which needs the database.
    """
    language = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{language}{request.get_full_path()}")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def database_unavailable(request):
    """A short 503 page in the language of the address (else the browser's), built without the database."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language_from_request(request)
    with translation.override(language):
        # No request in the context: context processors could touch the session or the user, both in the database.
        body = render_to_string("503.html")
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def server_error(request):
    """Django's 500 page, except for a database outage met outside a view (in a middleware, say): a 503."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)
