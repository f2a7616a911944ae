"""Production's shared cache without Redis: a table in the database (core.cache.VersionedDatabaseCache), created
by the migrations, seen by every process, under the content version like every other cache."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    cache = caches["default"]
    # Each test starts as a new process would: nothing in memory from an earlier test.
    cache.local.clear()
    yield cache
    cache.local.clear()


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
    # Django's database cache culls a third once a write finds more than MAX_ENTRIES rows.
    assert CacheEntry.objects.count() <= 51


@pytest.mark.django_db
def test_pages_are_cached_in_the_table(database_cache, client, home_page):
    assert client.get("/en/").status_code == 200
    assert CacheEntry.objects.filter(cache_key__contains=":inducult:page:en:").count() == 1
    # Another process (nothing in its memory) serves the page from the table: the version and the row only.
    database_cache.local.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    assert len(queries) == 2


def table_reads(action):
    with CaptureQueriesContext(connection) as queries:
        value = action()
    return value, len([query for query in queries if "inducult_cache" in query["sql"]])


@pytest.mark.django_db
def test_what_a_process_read_it_keeps_in_memory_for_the_same_content_version(database_cache):
    database_cache.set("site:footer", "<footer>", 60)
    database_cache.local.clear()  # as another process would start: nothing in its memory
    assert table_reads(lambda: database_cache.get("site:footer")) == ("<footer>", 1)
    assert table_reads(lambda: database_cache.get("site:footer")) == ("<footer>", 0)
    content_changed()
    # The new version's key: the copy in memory is not used, and the table has nothing for it.
    assert table_reads(lambda: database_cache.get("site:footer")) == (None, 1)


@pytest.mark.django_db
def test_a_long_key_is_kept_under_its_digest(database_cache):
    key = "card:partners/includes/partner_card.html:" + "x" * 300
    database_cache.set(key, "card", 60)
    database_cache.local.clear()
    assert database_cache.get(key) == "card"
    assert all(len(entry.cache_key) <= 255 for entry in CacheEntry.objects.all())
