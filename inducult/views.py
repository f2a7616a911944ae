import logging
import re
import sys

from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import Context, Template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.cache import remember
from inducult.outage import DATABASE_UNAVAILABLE_ERRORS, database_unavailable
from inducult.search import SiteSearch
from inducult.sitemaps import PageSitemap

logger = logging.getLogger(__name__)

SITEMAP_PAGE_QUERY = re.compile(r"p=[1-9][0-9]{0,4}")
# As Django's GZipMiddleware reads Accept-Encoding.
GZIP_ACCEPTED = re.compile(r"\bgzip\b")


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
    """The site search page: every page type, in the visitor's language, with facets, paginated."""
    site_search = SiteSearch(request.GET).run(request.GET.get("page"))
    return TemplateResponse(
        request,
        "inducult/search.html",
        {
            "form": site_search.form,
            "search": site_search,
            "query": site_search.text,
            "results": site_search.results,
            "facet_groups": site_search.facet_groups(),
            "filter_query": site_search.query_string(),
            "same_view_in_each_language": True,
        },
    )


def sitemap_xml(request):
    """sitemap.xml: every page in every language, with alternates; cached until the content changes, as
    building it takes a URL per page and language. Crawlers that accept gzip get the compressed bytes kept
    with it: compressing thousands of URLs again on every request costs more than serving them."""

    def build():
        response = sitemap(request, sitemaps={"pages": PageSitemap})
        response.render()
        return response

    # Only the sitemap's own addresses are cached: "", "p=2", … (the sitemap is a 404 past its last page).
    query = request.META.get("QUERY_STRING", "")
    if query and not SITEMAP_PAGE_QUERY.fullmatch(query):
        return build()
    key = f"sitemap:{request.get_host()}:{query}"
    response = remember(key, build)
    if response.status_code != 200 or not GZIP_ACCEPTED.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return response
    body = remember(f"{key}:gzip", lambda: compress_string(response.content))
    compressed = HttpResponse(body, content_type=response["Content-Type"])
    compressed["Content-Encoding"] = "gzip"
    patch_vary_headers(compressed, ("Accept-Encoding",))
    return compressed


def root_redirect(request):
    """`/` to the home page in the browser's language, else English, keeping the query string.

    LocaleMiddleware would do the same, but only after rendering a 404 page, which needs the database.
    """
    language = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{language}{request.get_full_path()}")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def server_error(request):
    """Django's 500 page, except for a database outage met outside a view (in a middleware, say): a 503."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)


def floor_frame(request):
    """`make bench`'s floor: the site's frame (base.html: menu, footer, switcher) with no page in it."""
    return render(request, "base.html", {})


def floor_trivial(request):
    """`make bench`'s floor: a trivial template through the same middleware."""
    return HttpResponse(Template("<!doctype html><title>{{ title }}</title><p>{{ title }}</p>").render(Context({"title": "ok"})))
