"""`/healthz` and `/readyz` for load balancers and orchestrators.

`/healthz` says the process runs and answers (200, nothing else is touched). `/readyz` says the process can
serve pages: 200 when the database and the cache both answer, 503 otherwise, with what failed. A stopped
PostgreSQL or Redis turns it 503 within the connect timeouts (a few seconds) and 200 again once it is back,
without a restart: a failed connection is closed, and the next check opens a new one.

Both are answered before any other middleware: no host check (load balancers ask by address), no HTTPS
redirect, no session, no page cache, no language prefix, no request log line. They are not pages, so they are
in no sitemap.
"""

import json
import logging
import uuid

from django.core.cache import caches
from django.db import Error, connections
from django.http import HttpResponse

from core.cache import UNVERSIONED_PREFIX

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READINESS_PATH = "/readyz"


def check_database():
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as error:
        # The broken connection must not be reused: the next check or request opens a new one.
        connection.close()
        return f"unavailable: {type(error).__name__}"
    return "ok"


def check_cache():
    # An unversioned key: the content version would be read from the database, and a database outage would
    # look like a cache outage.
    backend = caches["default"]
    key, value = f"{UNVERSIONED_PREFIX}readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        if hasattr(backend, "probe"):
            # Redis: asked directly (pages carry on without it, but this server is not all right).
            stored = backend.probe(key, value)
        else:
            backend.set(key, value, 10)
            stored = backend.get(key)
            backend.delete(key)
    except Exception as error:  # noqa: BLE001 - any cache client error means "not ready", never a 500
        if isinstance(error, Error):
            connections["default"].close()
        return f"unavailable: {type(error).__name__}"
    return "ok" if stored == value else "unavailable: the value was not kept"


def answer(status, body):
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    # Django would log every 503 as an error of django.request; the warning below says what is wrong, once
    # per check, without a traceback-sized entry per load balancer probe.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Answers `/healthz` and `/readyz` itself, first of all middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return answer(200, {"status": "ok"})
        if request.path_info == READINESS_PATH:
            checks = {"database": check_database(), "cache": check_cache()}
            ready = all(result == "ok" for result in checks.values())
            if not ready:
                logger.warning("Not ready: %s", checks)
            return answer(200 if ready else 503, {"status": "ok" if ready else "unavailable", **checks})
        return self.get_response(request)
