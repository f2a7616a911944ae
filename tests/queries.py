"""Counting what a page costs: the SQL queries of rendering it afresh."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """The SQL queries of rendering a page afresh: the whole-page cache off, the fragment caches (menu,
    footer, filter choices) warmed by a first request, as on a running site."""
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
