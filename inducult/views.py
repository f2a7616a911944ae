import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# What Django raises when the database is down, restarting, refusing connections or gone mid-query.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


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
