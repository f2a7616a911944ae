"""Serving pages: routing a URL to its page in one query, and whole pages cached for anonymous visitors.

Wagtail's own `serve` view routes through wagtail-modeltranslation, which loads every child of every level
of the tree to compare translated slugs; here the page comes from one query on the language's URL paths,
and the rest of Wagtail's serving (its `before_serve_page` and `on_serve_page` hooks, the page's `serve()`,
view restrictions) runs as in Wagtail.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.models import Page

from core.addresses import current_components
from core.content_version import is_restricted
from core.security import allowances
from core.sites import site_for_request


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
    match = (
        Page.objects.filter(**{f"{field}__in": list(candidates)}, path__startswith=root.path, depth__gt=root.depth)
        .order_by("-depth")
        .values_list("pk", "content_type_id", field)
        .first()
    )
    if match is None:
        raise Http404
    pk, content_type_id, url_path = match
    # The page's own class straight away: a Page row and then `.specific` would read the page twice.
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    page = model.objects.get(pk=pk)
    return page.route(request, path_components[candidates[url_path] :])


def route_request(request, path):
    site = site_for_request(request)
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
    (`core.cache`).
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
                allowances(request).update(csp_sources)
                return response
    route = route_request(request, path)
    if route is None:
        moved = redirect_to_current_address(request, path)
        if moved is not None:
            return moved
        raise Http404
    response = serve_route(request, *route)
    if key is not None:
        store_when_rendered(request, response, key, page=route[0])
    return response


def redirect_to_current_address(request, path):
    """A permanent redirect from a path no page answers to the page it names, at the page's current address in
    the request's language: its English path or an earlier path of the page under this language's prefix
    (`core.addresses.current_components`). None when it names none, or the page there is not served.

    The address is a path on this host, built from the language's prefix and slugs, with the query kept.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    site = site_for_request(request)
    language = translation.get_language()
    if site is None or language not in {code for code, _name in settings.LANGUAGES}:
        return None
    components = current_components(site, language, [component for component in path.split("/") if component])
    if components is None:
        return None
    try:
        route_by_url_path(site.root_page, request, components)
    except Http404:
        return None
    location = iri_to_uri(f"/{language}/" + "".join(f"{component}/" for component in components))
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)


def serve_route(request, page, args, kwargs):
    """What Wagtail's `serve` view does with a route: its `before_serve_page` and `on_serve_page` hooks,
    then the page's own `serve()`."""
    chain = _serve_page
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for before in hooks.get_hooks("before_serve_page"):
        result = before(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def _serve_page(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def page_cache_key(request):
    """The cache key of this request's page, or None when the response must not come from the cache."""
    timeout = settings.INDUCULT_PAGE_CACHE_SECONDS
    if not timeout or request.method != "GET" or request.user.is_authenticated:
        return None
    # No canonical address is this long; a longer one is not worth hashing.
    if len(request.META.get("QUERY_STRING", "")) > 200:
        return None
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    # The content version is part of every key (core.cache.VersionedCacheMixin).
    return f"inducult:page:{translation.get_language()}:{digest}"


def store_when_rendered(request, response, key, *, page):
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
            entry = (rendered, allowances(request).sources, page.path)
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
