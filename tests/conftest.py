import pytest
from django.core.cache import cache
from django.utils import translation

from demo.loader import ensure_wagtail_tree
from tests.inducult.factories import build_site
from tests.postgres import PostgresCluster, postgres_binaries_or_skip
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Wagtail keeps the site root paths in the cache; a stale entry from another test's site would
    # send page URLs to pages that no longer exist.
    cache.clear()
    yield
    cache.clear()


# The fixtures through which a test reaches the database (pytest-django's, and the live server's).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _wagtail_tree(request):
    # A transactional test (the browser tests' live server) flushes the database, Wagtail's root page, locale
    # and root collection with it; the next test on that pytest worker would find a site without them.
    if request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("_django_db_helper")
        ensure_wagtail_tree()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # LocaleMiddleware leaves the last request's language active in the thread; model code in the
    # next test must not silently write German fields.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def home_page(db):
    return build_site(
        title_de="InduCult2.0",
        slug_de="start",
        subtitle_de="Industriekultur in Mitteleuropa nutzen",
        nutshell_de="<p>Die Partnerschaft hat die Idee einer lebendigen Industriekultur etabliert.</p>",
    )


@pytest.fixture
def work_package_index(home_page):
    return WorkPackageIndexPageFactory(parent=home_page, title_de="Arbeitspakete", slug_de="arbeitspakete")


@pytest.fixture
def work_package(work_package_index):
    return WorkPackagePageFactory(
        parent=work_package_index,
        code="T1",
        title="Establishing and promoting the concept",
        slug="t1-establishing",
        title_de="Das Konzept etablieren",
        slug_de="t1-konzept",
        summary="The work package focused on the novelty of Industrial Culture itself.",
        summary_de="Das Arbeitspaket widmete sich dem Neuen an der Industriekultur.",
    )


@pytest.fixture(scope="session")
def postgres_template(django_db_setup, django_db_blocker):
    """A throw-away PostgreSQL cluster with a database `inducult_template` holding the site's schema,
    for the tests that stop the server or restore dumps; they copy it with `createdb -T`."""
    import os

    cluster = PostgresCluster(postgres_binaries_or_skip())
    try:
        cluster.start()
        cluster.create_database("inducult_template")
        with django_db_blocker.unblock():
            cluster.load_schema(
                "inducult_template", environment={**os.environ, "DJANGO_SETTINGS_MODULE": "inducult.settings.test"}
            )
        yield cluster
    finally:
        cluster.remove()
