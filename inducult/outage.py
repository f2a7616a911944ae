"""The answer when the database cannot be reached: a short 503 page in the visitor's language, built without it."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

# What Django raises when the database is down, restarting, refusing connections or gone mid-query.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


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
