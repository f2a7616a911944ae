"""Production's shared cache without Redis: a table in the database (core.cache.VersionedDatabaseCache), created
by the migrations, seen by every process, under the content version like every other cache."""

import pytest
from django.core.cache import caches

from core.cache import CacheEntry, content_changed

DATABASE_CACHE = {
    "default": {
        "BACKEND": "core.cache.VersionedDatabaseCache",
        "LOCATION": "inducult_cache",
        "OPTIONS": {"MAX_ENTRIES": 50},
    }
}


@pytest.fixture
def database_cache(settings):
    settings.CACHES = DATABASE_CACHE
    return caches["default"]


@pytest.mark.django_db
def test_an_entry_is_a_row_that_every_process_reads_and_a_content_change_makes_it_old(database_cache):
    database_cache.set("site:menu", ["Home", "Partners"], 60)
    assert CacheEntry.objects.count() == 1
    assert database_cache.get("site:menu") == ["Home", "Partners"]
    content_changed()
    assert database_cache.get("site:menu") is None


@pytest.mark.django_db
def test_the_table_stays_bounded(database_cache):
    for number in range(120):
        database_cache.set(f"page:{number}", "x" * 100, 60)
    assert CacheEntry.objects.count() <= 50


@pytest.mark.django_db
def test_pages_are_cached_in_the_table(database_cache, client, home_page):
    assert client.get("/en/").status_code == 200
    assert CacheEntry.objects.exists()
    assert client.get("/en/").status_code == 200
