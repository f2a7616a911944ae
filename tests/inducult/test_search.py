"""The search page as a visitor uses it: results with their type, date and a highlighted, escaped snippet,
facets with counts that narrow the results, a clear answer to any query, and a constant cost."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inducult import search as site_search
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from tests.queries import count_queries


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def site(home_page, work_package):
    partners = PartnerIndexPageFactory(parent=home_page)
    zwickau = publish(PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau"))
    kranj = publish(PartnerPageFactory(parent=partners, title="BSC Kranj", slug="kranj"))
    library = PublicationIndexPageFactory(parent=home_page)
    for number, (year, authors) in enumerate([(2017, [zwickau]), (2018, [zwickau, kranj]), (2019, [kranj])]):
        publication = PublicationPageFactory(
            parent=library,
            title=f"Smelter report {number}",
            slug=f"smelter-{number}",
            publication_date=datetime.date(year, 5, 31),
            work_package=work_package,
            abstract="<p>How the <b>smelters</b> of the region shaped its culture.</p>",
        )
        publication.authoring_partners.set(authors)
        publish(publication)
    events = EventIndexPageFactory(parent=home_page)
    publish(
        EventPageFactory(parent=events, title="Smelter visit", slug="visit", summary="A visit to a smelter <script>x</script>.")
    )
    return {"zwickau": zwickau, "kranj": kranj, "work_package": work_package}


def results(response):
    return re.findall(r'<p class="search-result__title"><a href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode())


def facet_links(response):
    """{label: (count, href)} of the facet links."""
    html = response.content.decode().split('class="search__facets"', 1)[-1]
    return {
        label: (int(count), href.replace("&amp;", "&"))
        for href, label, count in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a> <span class="search__count">\((\d+)\)', html)
    }


def test_results_show_type_date_and_a_snippet_with_the_words_marked_and_escaped(client, site):
    response = client.get("/en/search/?q=smelter")
    html = response.content.decode()
    assert sorted(results(response)) == ["Smelter report 0", "Smelter report 1", "Smelter report 2", "Smelter visit"]
    assert '<time datetime="2019-05-31">' in html
    assert "Publication · " in html and "Event · " in html
    assert "How the <mark>smelters</mark> of the region" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html


def test_facets_count_the_results_and_their_links_narrow_them(client, site):
    response = client.get("/en/search/?q=smelter")
    facets = facet_links(response)
    assert facets["Publication"][0] == 3 and facets["Event"][0] == 1
    # Partners, work packages and years come with a chosen type (their counts over a broad query cost much).
    assert "District of Zwickau" not in facets

    narrowed = client.get(f"/en/search/{facets['Publication'][1]}")
    assert sorted(results(narrowed)) == ["Smelter report 0", "Smelter report 1", "Smelter report 2"]
    facets = facet_links(narrowed)
    assert facets["District of Zwickau"][0] == 2 and facets["BSC Kranj"][0] == 2
    assert facets["Establishing and promoting the concept"][0] == 3
    by_partner = client.get(f"/en/search/{facet_links(narrowed)['District of Zwickau'][1]}")
    assert sorted(results(by_partner)) == ["Smelter report 0", "Smelter report 1"]
    years = facet_links(by_partner)
    assert years["2018"][0] == 1 and years["2017"][0] == 1
    by_year = client.get(f"/en/search/{years['2018'][1]}")
    assert results(by_year) == ["Smelter report 1"]
    assert 'aria-current="true"' in by_year.content.decode()
    # The selected value's link takes it away again.
    undone = client.get(f"/en/search/{facet_links(by_year)['2018'][1]}")
    assert sorted(results(undone)) == ["Smelter report 0", "Smelter report 1"]


def test_titles_are_first_and_pages_keep_the_query_and_facets(client, home_page):
    for number in range(12):
        publish(StandardPageFactory(parent=home_page, title=f"Page {number:02}", slug=f"p{number}", intro="About mining."))
    publish(StandardPageFactory(parent=home_page, title="Mining", slug="mining", intro="Overview."))
    first = client.get("/en/search/?q=mining&type=inducult.standardpage")
    assert results(first)[0] == "Mining"
    assert len(results(first)) == 10
    html = first.content.decode()
    assert 'href="?q=mining&amp;type=inducult.standardpage&amp;page=2"' in html
    second = client.get("/en/search/?q=mining&type=inducult.standardpage&page=2")
    assert len(results(second)) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "a" * 201, "at most 200 characters"),
        ("q=mining&type=bogus", "Select a valid choice"),
        ("q=mining&partner=abc", "Enter a whole number"),
        ("q=mining&year=99999999", "less than or equal to 9999"),
        ("q=%21%21%21", "Type one or more words"),
    ],
)
def test_odd_queries_get_a_clear_answer(client, site, query, message):
    response = client.get(f"/en/search/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["q=%00smelter", "q=%27+OR+%271%27%3D%271", "q=smelter&page=999", "q=smelter&page=x", "q=%F0%9F%8F%AD+smelter", "q=_%25_"],
)
def test_hostile_queries_are_answered_without_an_error(client, site, query):
    response = client.get(f"/en/search/?{query}")
    assert response.status_code == 200


def test_the_cost_of_a_search_does_not_grow_with_the_results(client, home_page):
    publish(StandardPageFactory(parent=home_page, title="Mining 0", slug="m0"))
    few = count_queries(client, "/en/search/?q=mining")
    for number in range(1, 30):
        publish(StandardPageFactory(parent=home_page, title=f"Mining {number}", slug=f"m{number}"))
    many = count_queries(client, "/en/search/?q=mining")
    assert many == few <= 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's (pg_trgm)")
def test_a_misspelt_word_is_answered_with_the_nearest_word_on_postgresql(client, site):
    response = client.get("/en/search/?q=smeltr")
    html = response.content.decode()
    assert results(response) == []
    assert 'Did you mean: <a href="?q=smelter">smelter</a>' in html


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no trigram similarity")
def test_sqlite_makes_no_suggestion(client, site):
    assert "Did you mean" not in client.get("/en/search/?q=smeltr").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_the_words_have_a_trigram_index_per_language_on_postgresql(site):
    # On a test table the planner reads by language (a few rows); on a full table these indexes serve the
    # "contains" of every word (docs/performance.md). Here: they exist, per language, as trigram indexes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sitesearch_searchdocument'")
        definitions = dict(cursor.fetchall())
    for language in ("en", "de", "cs", "pl", "sl", "hr", "it", "nl"):
        definition = definitions[f"sitesearch_terms_{language}_trgm"]
        assert "gin (terms gin_trgm_ops)" in definition and f"'{language}'" in definition


def search_queries(client, url):
    """The queries of one search that read the search table's matches (counts and ranking), not the page of
    results read by id."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries if "LIKE" in query["sql"] and "searchdocument" in query["sql"]]


def test_a_query_asked_again_is_answered_from_the_shared_cache_until_the_content_changes(client, home_page):
    publish(StandardPageFactory(parent=home_page, title="Mining heritage", slug="m0"))
    first, matching = search_queries(client, "/en/search/?q=mining")
    assert results(first) == ["Mining heritage"] and len(matching) == 2  # the counts and the ranking
    again, matching = search_queries(client, "/en/search/?q=mining")
    assert results(again) == ["Mining heritage"] and matching == []
    # Publishing makes what was kept old at once: the next visitor finds the new page.
    publish(StandardPageFactory(parent=home_page, title="Mining towns", slug="m1"))
    fresh, matching = search_queries(client, "/en/search/?q=mining")
    assert sorted(results(fresh)) == ["Mining heritage", "Mining towns"] and len(matching) == 2


def test_a_query_that_finds_nothing_is_not_kept(client, home_page):
    client.get("/en/search/?q=nothing+like+this")
    entries = len(caches["default"]._cache)
    client.get("/en/search/?q=qwertzuiop")
    assert len(caches["default"]._cache) == entries


def test_pages_past_the_kept_results_are_ranked_afresh(client, home_page, monkeypatch):
    monkeypatch.setattr(site_search, "KEPT_RESULTS", 10)
    for number in range(13):
        publish(StandardPageFactory(parent=home_page, title=f"Quarry {number:02}", slug=f"q{number}"))
    first = results(client.get("/en/search/?q=quarry"))
    second = results(client.get("/en/search/?q=quarry&page=2"))
    assert len(first) == 10 and len(second) == 3
    assert sorted(first + second) == [f"Quarry {number:02}" for number in range(13)]
