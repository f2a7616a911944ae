import logging
import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse

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


# The public site's policy: everything from this host, scripts only from files (no inline script, no
# eval), nothing framed and nothing framing us. Pages that embed content from elsewhere after the
# visitor's consent (a video player, the map's tiles) add exactly those hosts for that page alone
# through allow_on_this_page(). JSON-LD and json_script blocks are data blocks, not scripts: browsers
# never execute them, so script-src does not apply to them.
PUBLIC_POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "frame-src": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

# The Wagtail admin (8.0) still writes inline <script> elements into its own templates (inline panels,
# date pickers, workflow actions, modal responses run by jQuery) and sets style attributes throughout,
# and it offers no nonce for them, so its pages need 'unsafe-inline' for scripts and styles. Its users
# are signed-in editors, its input is escaped by Wagtail, and the policy still allows no other host, no
# plugins and no framing by other sites. It frames itself (the live preview panel), and upload previews
# use blob: and data: images.
ADMIN_POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'unsafe-inline'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "blob:"),
    "font-src": ("'self'", "data:"),
    "frame-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'self'",),
}

# Powerful browser features that no page of the site uses; the video player's fullscreen and
# picture-in-picture keep their browser defaults so the player's own buttons work.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=()"
)


def allow_on_this_page(request, directive, *sources):
    """Let the page being rendered for `request` load from `sources` under one CSP directive.

    For content the visitor loads after agreeing (a video player's origin, the map's tile server):
    the host is allowed only on the pages that embed it, not site-wide.
    """
    if request is None:
        return
    if getattr(request, "_csp_extra", None) is None:
        request._csp_extra = {}
    allowed = request._csp_extra.setdefault(directive, [])
    allowed.extend(source for source in sources if source not in allowed)


def content_security_policy(base, extra):
    directives = {name: list(sources) for name, sources in base.items()}
    for name, sources in (extra or {}).items():
        current = [source for source in directives.get(name, directives["default-src"]) if source != "'none'"]
        directives[name] = current + [source for source in sources if source not in current]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Adds the Content Security Policy and the Permissions-Policy to every response.

    The admin gets its own, looser policy (see ADMIN_POLICY); a response that already carries a
    policy of its own (Wagtail's document and image serving views send `default-src 'none'`) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    @property
    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            extra = getattr(request, "_csp_extra", None)
            if request.path_info.startswith(self.admin_prefix):
                base = ADMIN_POLICY
            elif getattr(request, "is_preview", False):
                # Wagtail renders a preview as a request for the page's public path inside the admin's
                # request: the public policy, except that the admin's preview panel may frame it.
                base, extra = PUBLIC_POLICY, {**(extra or {}), "frame-ancestors": ["'self'"]}
            else:
                base = PUBLIC_POLICY
            response["Content-Security-Policy"] = content_security_policy(base, extra)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


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
        from inducult.views import DATABASE_UNAVAILABLE_ERRORS, database_unavailable

        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            logger.warning("Database unavailable, answering %s with 503: %s", request.path, exception)
            return database_unavailable(request)
        return None
