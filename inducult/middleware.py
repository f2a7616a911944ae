import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

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
