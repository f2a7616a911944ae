import logging
import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

from inducult.outage import DATABASE_UNAVAILABLE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)

LANGUAGE_LIKE_SEGMENT = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})?$")


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a path under an unknown language prefix is a 404.

    Django would redirect `/fr/` to `/en/fr/`, which only leads to a second 404 and hides the
    real answer: this site has no French version.
    """

    def process_response(self, request, response):
        if response.status_code == 404:
            first_segment = request.path_info.lstrip("/").split("/", 1)[0]
            known = {code for code, _name in settings.LANGUAGES}
            if LANGUAGE_LIKE_SEGMENT.match(first_segment) and first_segment.lower() not in known:
                return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """Answers with a short 503 page, in the visitor's language, when the database cannot be reached.

    Without it a stopped or restarting PostgreSQL gives visitors a 500 page that says the site is
    broken. Django's connection health checks make each request try the database afresh, so the site
    recovers by itself once the database is back. Outages met outside views are caught by
    `inducult.views.server_error`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            logger.warning("Database unavailable, answering %s with 503: %s", request.path, exception)
            return database_unavailable(request)
        return None
