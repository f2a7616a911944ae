"""Security headers of every response: the Content Security Policy, with the allowances a page makes for what
the visitor agreed to load (a video player, the map's tiles), and the Permissions-Policy."""

from django.core.files.storage import default_storage
from django.urls import reverse

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


class PageAllowances:
    """The sources the page being rendered may load from beyond the site's policy, per CSP directive.

    For content the visitor loads after agreeing (a video player's origin, the map's tile server): the host
    is allowed only on the pages that embed it, not site-wide. The middleware gives every request one,
    as `request.content_security`; a block or page adds to it with `allow()` while rendering, and the page
    cache keeps `sources` with a cached page and restores them with `update()`.
    """

    def __init__(self):
        self.sources = {}

    def allow(self, directive, *sources):
        allowed = self.sources.setdefault(directive, [])
        allowed.extend(source for source in sources if source not in allowed)

    def update(self, sources):
        for directive, values in (sources or {}).items():
            self.allow(directive, *values)


def allowances(request):
    """The request's PageAllowances, or one that goes nowhere for code rendering without a request."""
    return getattr(request, "content_security", None) or PageAllowances()


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
        # Media in a bucket (core.object_storage): pages and the admin show images from its address.
        media_origin = getattr(default_storage, "media_origin", None)
        self.media_sources = {"img-src": [media_origin()]} if media_origin else {}

    @property
    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def __call__(self, request):
        request.content_security = PageAllowances()
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            extra = {**self.media_sources}
            for directive, sources in request.content_security.sources.items():
                extra[directive] = [*extra.get(directive, ()), *sources]
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
