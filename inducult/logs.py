"""One log line per request and per error, each with the request's id: as text, or with LOG_FORMAT=json as one
JSON object per line for a log collector.

The id comes from the proxy's `X-Request-ID` when it sends a plausible one (nginx: `$request_id`), else it is
made here; it goes back in the response's `X-Request-ID`, so a visitor's report, the proxy's log and the
site's log meet. Paths are logged without their query string (searches, filters) and without the secret
parts of an address (password reset tokens).
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

request_id = contextvars.ContextVar("request_id", default="")
PLAUSIBLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Keyword arguments of the site's and Django's URL patterns that are secrets (password reset links).
SECRET_URL_ARGUMENTS = ("uidb64", "token")
REDACTED = "[redacted]"

request_logger = logging.getLogger("inducult.request")


def loggable_path(request):
    """The request's path without its query string and with secret URL arguments replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name in SECRET_URL_ARGUMENTS:
        value = match.kwargs.get(name) if match else None
        if value:
            path = path.replace(str(value), REDACTED)
    return path


class RequestLogMiddleware:
    """Gives each request an id and logs one line when its response is ready (INFO; 5xx as ERROR is Django's
    own line, with the same id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if PLAUSIBLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request.request_id
            path = loggable_path(request)
            fields = {"method": request.method, "path": path, "status": response.status_code, "duration_ms": duration_ms}
            request_logger.info("%(method)s %(path)s %(status)s %(duration_ms).1f ms", fields, extra={"http": fields})
            return response
        finally:
            request_id.reset(token)


def record_request_id(record):
    """The id of the request a log record belongs to: the current one, or the one the record carries (Django logs
    an error response after the middleware, when the current request's id is already reset)."""
    return request_id.get() or getattr(getattr(record, "request", None), "request_id", None)


class RequestIdFilter(logging.Filter):
    """Puts the request's id on every record (`-` outside requests), for the text format."""

    def filter(self, record):
        record.request_id = record_request_id(record) or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the request's method, path, status
    and duration where known, and the traceback of an error as one string."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": record_request_id(record),
        }
        entry.update(getattr(record, "http", {}))
        # Django's own error lines (django.request) carry the request and the status they answered with.
        request = getattr(record, "request", None)
        if request is not None and "path" not in entry and hasattr(request, "path"):
            entry["method"], entry["path"] = request.method, loggable_path(request)
        if "status" not in entry and hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
