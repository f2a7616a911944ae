"""Sign-in protection for the admin: login throttling (django-axes) and the client address it counts by."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.template.response import TemplateResponse


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses every sign-in for a user name from an address after repeated failures (django-axes).

    It checks and counts only sign-ins that arrive as web requests, which is every login form of the
    admin; an authentication without a request (a management command, the test client's login()) has
    no client to throttle and goes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip_address(request):
    """The address a sign-in came from, as the nearest trusted reverse proxy saw it.

    Behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the client's address is that
    many entries from the end; anything further left was written by the client and is not trusted.
    Without proxies it is the connection's own address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a refused sign-in gets: the same for every user name, existing or not (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = TemplateResponse(request, "account_locked.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response.render()
