"""/healthz and /readyz, answered before every other middleware (inducult.health). The servers' side (a stopped
PostgreSQL or Redis, two app servers) is in tests/e2e/test_several_servers.py."""

import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.postgres import free_port


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database_for_any_host(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0


@pytest.mark.django_db
def test_readyz_says_the_database_and_the_cache_answer(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_503_with_the_reason_when_redis_does_not_answer(client, settings):
    # A real Redis client against a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.VersionedRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "ok", "cache": "unavailable: ConnectionError"}


@pytest.mark.django_db
def test_pages_are_served_without_the_cache_while_redis_does_not_answer(client, settings, home_page, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.VersionedRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    for _visit in range(3):
        response = client.get("/en/")
        assert response.status_code == 200 and "InduCult2.0" in response.content.decode()
    assert "Redis is not answering" in caplog.text
    # Still not ready: the load balancer learns that this server runs without its cache.
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
def test_health_checks_are_not_logged_and_not_in_the_sitemap(client, caplog, home_page):
    with caplog.at_level(logging.INFO, logger="inducult.request"):
        client.get("/healthz")
        client.get("/readyz")
        client.get("/en/")
    paths = [getattr(record, "http", {}).get("path") for record in caplog.records if record.name == "inducult.request"]
    assert paths == ["/en/"]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "healthz" not in sitemap and "readyz" not in sitemap
