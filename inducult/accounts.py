"""Sign-in protection for the admin: login and password reset throttling, and the client address both count by.

Sign-ins are throttled by django-axes, which keeps failed attempts in the database: per user name and
address, and (LoginThrottleHandler) per user name across all addresses. Requests for a password reset link
are counted in PasswordResetRequest. Everything is in the database, so every server process and machine
counts the same attempts. Both throttles count by client_ip_address(), which a client cannot steer.
"""

import functools
import ipaddress
import logging

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.admin.views.account import PasswordResetView

from inducult.models import PasswordResetRequest

logger = logging.getLogger(__name__)


# The client's address ---------------------------------------------------------------------------------------


def client_ip_address(request):
    """The address a request came from, as far as the site can tell without believing the client; None if unknown.

    A connection from anywhere but TRUSTED_PROXIES counts by its own address, whatever headers it sends. A
    connection from a trusted proxy (or over a Unix socket, which only processes on this machine can open)
    carries the client's address in X-Forwarded-For. Proxies add to the right, so the header is read from
    the right, and the first entry that is not a trusted proxy is the client: what a client wrote into the
    header itself lies further left and is never reached. (A proxy that sets the header rather than adding
    to it leaves one entry, the client's.)

    None when a trusted proxy sends no usable address. Counting such a request under the proxy's own address
    would put everyone behind the proxy in one count, where a few failures would lock everybody out; the
    sign-in and password reset views refuse it instead (unknown_client_response).
    """
    remote = _parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is not None and not _is_trusted_proxy(remote):
        return str(remote)
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    address = None
    for entry in reversed(entries):
        address = _parse_address(entry)
        if address is None:
            # Not written by a proxy (they write addresses): the chain cannot be trusted from here on.
            return None
        if not _is_trusted_proxy(address):
            return str(address)
    # Only proxies (someone on a proxy's own machine), or no header at all.
    return str(address) if address is not None else None


def _parse_address(text):
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        # An IPv4 client seen through an IPv6 socket is the same client as over IPv4.
        return address.ipv4_mapped
    return address


def _is_trusted_proxy(address):
    return any(address.version == network.version and address in network for network in _trusted_networks())


def _trusted_networks():
    return _networks(tuple(settings.TRUSTED_PROXIES))


@functools.lru_cache(maxsize=8)
def _networks(entries):
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def unknown_client_response(request):
    """The answer to a sign-in or password reset request whose client address cannot be told (HTTP 400).

    Not counted anywhere: with a correctly set-up proxy it does not happen, and when the proxy is set up
    wrongly, refusing is loud where counting would quietly share one count among everyone.
    """
    logger.error(
        "Refused %s %s: the connection from %s has no usable client address in X-Forwarded-For. The reverse "
        "proxy must set it (README, Deploying), and TRUSTED_PROXIES must list the proxies.",
        request.method,
        request.path,
        request.META.get("REMOTE_ADDR") or "a Unix socket",
    )
    return TemplateResponse(request, "client_address_unknown.html", status=400).render()


# Sign-in ----------------------------------------------------------------------------------------------------


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses every sign-in for a user name that is paused after repeated failures (django-axes).

    It checks and counts only sign-ins that arrive as web requests, which is every login form of the
    admin; an authentication without a request (a management command, the test client's login()) has
    no client to throttle and goes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler, with two additions.

    A user name is paused everywhere after INDUCULT_LOGIN_FAILURE_LIMIT_PER_USERNAME failures from all
    addresses together, against guessing spread over many addresses; and a sign-in whose client address
    cannot be told is refused without being counted.
    """

    def is_allowed(self, request, credentials=None):
        if request.axes_ip_address is None:
            return False
        return super().is_allowed(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and request.axes_ip_address is None:
            # Refused before any password was checked; lockout_response explains why.
            request.axes_locked_out = True
            return
        super().user_login_failed(sender, credentials, request, **kwargs)

    def get_failures(self, request, credentials=None):
        """The failures that count against AXES_FAILURE_LIMIT: those for the user name from this address, or
        the limit itself once the user name has reached its own limit across all addresses."""
        failures = super().get_failures(request, credentials)
        if self.failures_from_all_addresses(request, credentials) >= settings.INDUCULT_LOGIN_FAILURE_LIMIT_PER_USERNAME:
            request.inducult_paused_everywhere = True
            return max(failures, get_failure_limit(request, credentials))
        return failures

    @staticmethod
    def failures_from_all_addresses(request, credentials=None):
        username = get_client_username(request, credentials)
        if username is None:
            return 0
        attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def lockout_response(request, original_response=None, credentials=None):
    """The page a refused sign-in gets: the same for every user name, existing or not (HTTP 429)."""
    if getattr(request, "axes_ip_address", "") is None:
        return unknown_client_response(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "everywhere": getattr(request, "inducult_paused_everywhere", False)}
    response = TemplateResponse(request, "account_locked.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response.render()


# Password reset ---------------------------------------------------------------------------------------------


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's "Forgotten password?" form, with requests counted per client address and per e-mail address.

    A request over either limit gets a 429 page that is the same whether an account has the address or not,
    as is the page after a request that goes through.
    """

    def form_valid(self, form):
        address = client_ip_address(self.request)
        if address is None:
            return unknown_client_response(self.request)
        if not allow_password_reset(address, form.cleaned_data["email"]):
            minutes = int(settings.INDUCULT_PASSWORD_RESET_WINDOW.total_seconds() // 60)
            response = TemplateResponse(self.request, "password_reset_throttled.html", {"minutes": minutes}, status=429)
            response["Retry-After"] = str(minutes * 60)
            return response
        return super().form_valid(form)


def allow_password_reset(client_address, email):
    """Records a request for a password reset link and says whether it may go ahead.

    At most INDUCULT_PASSWORD_RESET_LIMIT_PER_ADDRESS requests from one client address and
    INDUCULT_PASSWORD_RESET_LIMIT_PER_EMAIL for one e-mail address go ahead within
    INDUCULT_PASSWORD_RESET_WINDOW. A refused request is not kept, so it does not prolong the pause: whoever
    owns the address already has the links of the requests that went ahead.
    """
    now = timezone.now()
    since = now - settings.INDUCULT_PASSWORD_RESET_WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    digest = salted_hmac("inducult.accounts.password-reset", email.strip().lower(), algorithm="sha256").hexdigest()
    request = PasswordResetRequest.objects.create(requested_at=now, client_address=client_address, email_digest=digest)
    # Recorded first, counted after: of requests arriving at the same moment in several processes, the
    # earlier ones (by id) go ahead and the limit holds.
    earlier = PasswordResetRequest.objects.filter(requested_at__gte=since, pk__lte=request.pk)
    if (
        earlier.filter(client_address=client_address).count() > settings.INDUCULT_PASSWORD_RESET_LIMIT_PER_ADDRESS
        or earlier.filter(email_digest=digest).count() > settings.INDUCULT_PASSWORD_RESET_LIMIT_PER_EMAIL
    ):
        request.delete()
        return False
    return True
