"""What makes pages cheap to serve: a bounded, size-independent number of queries per page type, and
images that never make the page jump while they load."""

import datetime
import re

import pytest
import wagtail_factories
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.bulk import add_children_quickly
from events.models import EventPage
from partners.models import PartnerPage
from publications.models import PublicationFile, PublicationPage
from tests.core.factories import PdfDocumentFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory, agenda_day
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.queries import count_queries
from tests.workpackages.factories import WorkPackagePageFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
T = datetime.time


def agenda(date, slots=20):
    return [
        agenda_day(
            date,
            "Sisak",
            *[(T(8 + number // 2, 30 * (number % 2)), None, "session", f"Session {number}", "") for number in range(slots)],
        )
    ]


@pytest.fixture
def site(home_page, work_package_index):
    """One page of every type, each related to the others the way the real site's pages are."""
    image = wagtail_factories.ImageFactory(file__width=1200, file__height=800, file__filename="cover.jpg")
    partners = PartnerIndexPageFactory(parent=home_page)
    host = PartnerPageFactory(parent=partners, title="City of Sisak", slug="sisak", country="HR", logo=image)
    work_package = WorkPackagePageFactory(parent=work_package_index, code="T1", slug="t1", lead_partner=host)
    events = EventIndexPageFactory(parent=home_page)
    meeting_type = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    event = EventPageFactory(parent=host, slug="meeting", event_type=meeting_type, agenda=agenda(datetime.date(2018, 10, 15)))
    event.host_partners.add(host)
    event.venues.create(name="Old steelworks", town="Sisak", country="HR")
    event.save()
    library = PublicationIndexPageFactory(parent=home_page)
    report = PublicationTypeFactory(slug="report", name="Report")
    publication = PublicationPageFactory(
        parent=host, title="Annual report", slug="report", publication_type=report, work_package=work_package, cover_image=image
    )
    publication.authoring_partners.add(host)
    publication.save()
    document = PdfDocumentFactory()
    PublicationFile.objects.create(publication=publication, language="en", document=document)
    StandardPageFactory(parent=home_page, title="Imprint", slug="imprint")
    return {
        "partners": partners,
        "host": host,
        "work_package": work_package,
        "events": events,
        "event_type": meeting_type,
        "library": library,
        "report": report,
        "document": document,
        "image": image,
    }


def urls_of_every_page_type():
    return {
        "home": "/en/",
        "standard page": "/en/imprint/",
        "work package index": "/en/work-packages/",
        "work package": "/en/work-packages/t1/",
        "partner index": "/en/partners/",
        "partner": "/en/partners/sisak/",
        "event index": "/en/events/",
        "event index, filtered": "/en/events/?year=2018&type=partnership-meeting",
        "event": "/en/partners/sisak/meeting/",
        "event calendar": "/en/partners/sisak/meeting/calendar/",
        "library": "/en/publications/",
        "library, searched": "/en/publications/?q=report&sort=title",
        "publication": "/en/partners/sisak/report/",
    }


def grow(site, size):
    """Add `size` partners, work packages, events (each with a 20-slot agenda, venue and host) and
    publications (each with a file, authors and work package), all related to the measured pages."""
    host, work_package = site["host"], site["work_package"]
    today = timezone.localdate()
    partners = add_children_quickly(
        site["partners"],
        [
            PartnerPageFactory.build(title=f"Partner {number}", slug=f"partner-{number}", short_name=f"P{number}")
            for number in range(size)
        ],
    )
    add_children_quickly(
        work_package.get_parent(),
        [WorkPackagePageFactory.build(code=f"X{number}", slug=f"x{number}") for number in range(size)],
    )
    events = add_children_quickly(
        host,
        [
            EventPage(
                title=f"Event {number}",
                slug=f"event-{number}",
                event_type=site["event_type"],
                start_date=today + datetime.timedelta(days=number * 9 - size * 4),
                end_date=today + datetime.timedelta(days=number * 9 - size * 4),
                agenda=agenda(today + datetime.timedelta(days=number * 9 - size * 4)),
            )
            for number in range(size)
        ],
    )
    for event, partner in zip(events, partners, strict=True):
        event.venues.create(name="Venue", town="Town", country="HR")
        event.host_partners.add(host, partner)
        event.save(clean=False)
    publications = add_children_quickly(
        host,
        [
            PublicationPage(
                title=f"Report {number}",
                slug=f"report-{number}",
                publication_type=site["report"],
                work_package=work_package,
                publication_date=datetime.date(2016 + number % 4, 1 + number % 12, 1),
            )
            for number in range(size)
        ],
    )
    for publication, partner in zip(publications, partners, strict=True):
        publication.authoring_partners.add(host, partner)
        publication.save(clean=False)
        PublicationFile.objects.create(publication=publication, language="en", document=site["document"])
    # The measured pages gain many related items too: hosts, authors, files.
    event = EventPage.objects.get(slug="meeting")
    event.host_partners.add(*partners)
    event.save(clean=False)
    publication = PublicationPage.objects.get(slug="report")
    publication.authoring_partners.add(*partners)
    publication.save(clean=False)


@pytest.mark.slow
def test_every_page_type_needs_at_most_12_queries_and_as_many_with_40_times_the_content(client, site):
    urls = urls_of_every_page_type()
    small = {name: count_queries(client, url) for name, url in urls.items()}
    grow(site, 40)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert small == large
    assert {name: count for name, count in large.items() if count > MAX_QUERIES} == {}


IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def test_no_page_sends_an_image_without_width_and_height(client, site):
    body = [
        ("image", {"image": site["image"], "caption": "The steelworks", "alt_text": "Blast furnace"}),
    ]
    StandardPageFactory(parent=site["partners"].get_parent(), title="Gallery", slug="gallery", body=body)
    images_seen = 0
    for url in [*urls_of_every_page_type().values(), "/en/gallery/"]:
        content = client.get(url).content.decode()
        for tag in IMG_TAG.findall(content):
            images_seen += 1
            assert re.search(r'\swidth="\d+"', tag), (url, tag)
            assert re.search(r'\sheight="\d+"', tag), (url, tag)
    # The partner logo, the publication cover and the image block.
    assert images_seen >= 3


def test_detail_pages_show_the_latest_related_items_and_link_to_the_rest(client, site):
    grow(site, 15)
    partner = client.get("/en/partners/sisak/").content.decode()
    assert partner.count('class="publication-card"') == 10
    assert 'href="/en/publications/?partner=sisak"' in partner
    assert partner.count('<li class="event-card') == 10
    assert 'href="/en/events/?host=sisak"' in partner
    work_package = client.get("/en/work-packages/t1/").content.decode()
    assert work_package.count('class="publication-card"') == 10
    assert 'href="/en/publications/?work_package=T1"' in work_package
    # The link leads to all of them.
    assert "16 publications" in client.get("/en/publications/?work_package=T1").content.decode()


def query_plan(sql):
    """The database's plan for a query a request ran. On PostgreSQL, reading a whole table and sorting rows are
    discouraged first: at a test's size they are cheap, at the site's size they are what the indexes avoid;
    an index the query can use then shows in the plan."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


def queries_of(client, url):
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    ("url", "query_pattern", "index"),
    [
        # Routing finds the page by its URL path in the visitor's language.
        ("/de/partners/sisak/", r'"url_path_de" IN', "core_page_url_path_de_idx"),
        # The library and the event index read their first page in date order.
        ("/en/publications/", r'ORDER BY .*"publication_date" DESC', "publication_date_idx"),
        ("/en/events/", r'ORDER BY .*"start_date" (ASC|DESC)', "event_start_date_idx"),
    ],
)
@pytest.mark.slow
def test_routing_and_listings_read_through_an_index(client, site, url, query_pattern, index):
    # Enough pages for an index to beat reading the table, and the statistics that tell PostgreSQL so.
    grow(site, 40)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    matching = [sql for sql in queries_of(client, url) if re.search(query_pattern, sql)]
    assert matching, f"no query of {url} matches {query_pattern}"
    assert any(index in query_plan(sql) for sql in matching), query_plan(matching[0])


def test_the_site_is_looked_up_once_until_the_content_changes(client, site):
    # Wagtail's own lookup reads every column of the home page on every request.
    assert any("wagtailcore_site" in sql for sql in queries_of(client, "/en/imprint/"))
    assert not any("wagtailcore_site" in sql for sql in queries_of(client, "/en/imprint/"))
    assert not any("wagtailcore_site" in sql for sql in queries_of(client, "/en/partners/"))
    home = site["host"].get_parent().get_parent()
    home.specific.save_revision().publish()
    assert any("wagtailcore_site" in sql for sql in queries_of(client, "/en/imprint/"))


def rendered_templates(client, url):
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
        return {template.name for template in client.get(url).templates}


@pytest.mark.parametrize("url", ["/en/publications/", "/en/events/", "/en/partners/", "/en/partners/?utm_source=x"])
def test_an_unfiltered_listings_filter_form_is_rendered_once_until_the_content_changes(client, site, url):
    assert "includes/listing_filters_form.html" in rendered_templates(client, url.split("?")[0])
    again = rendered_templates(client, url)
    assert "includes/listing_filters_form.html" not in again
    assert not any(name.startswith("django/forms/widgets/") for name in again)
    site["host"].save_revision().publish()
    assert "includes/listing_filters_form.html" in rendered_templates(client, url)


@pytest.mark.parametrize("query", ["?type=report", "?type=no-such-type", "?q=report"])
def test_a_filtered_or_searched_listings_form_is_rendered_each_time_and_never_stored(client, site, query):
    # Only the unfiltered form is kept: no address a visitor makes up adds to the cache.
    for _visit in range(2):
        assert "includes/listing_filters_form.html" in rendered_templates(client, f"/en/publications/{query}")


def test_the_kept_filter_form_is_each_languages_own(client, site):
    assert "All types" in client.get("/en/publications/").content.decode()
    german = client.get("/de/publications/").content.decode()
    assert "All types" not in german and "Alle Arten" in german


@pytest.mark.parametrize("url", ["/en/", "/en/partners/sisak/", "/en/work-packages/t1/"])
def test_a_pages_related_items_are_rendered_once_until_the_content_changes(client, site, url):
    def rendered():
        with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
            response = client.get(url)
        return {template.name for template in response.templates}, response.content.decode()

    templates, _html = rendered()
    assert "includes/section.html" in templates
    templates, html = rendered()
    assert "includes/section.html" not in templates
    assert "Annual report" in html
    publication = PublicationPage.objects.get(slug="report")
    publication.title = "Annual report 2019"
    publication.save_revision().publish()
    templates, html = rendered()
    assert "includes/section.html" in templates
    assert "Annual report 2019" in html


@pytest.mark.parametrize(
    ("url", "card", "model", "slug"),
    [
        ("/en/publications/", "includes/publication_card.html", PublicationPage, "report"),
        ("/en/events/", "includes/event_card.html", EventPage, "meeting"),
        ("/en/partners/", "includes/partner_card.html", PartnerPage, "sisak"),
    ],
)
def test_a_listings_cards_are_rendered_once_until_the_content_changes(client, site, url, card, model, slug):
    assert card in rendered_templates(client, url)
    assert card not in rendered_templates(client, url)
    assert card not in rendered_templates(client, f"{url}?page=1")
    # Each language has its own cards.
    german = url.replace("/en/", "/de/")
    assert card in rendered_templates(client, german)
    assert card not in rendered_templates(client, german)
    page = model.objects.get(slug_en=slug)
    page.title_en = "Renamed for the test"
    page.save_revision().publish()
    assert card in rendered_templates(client, url)
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
        assert "Renamed for the test" in client.get(url).content.decode()


def counted(client, url):
    return any("COUNT(" in sql for sql in queries_of(client, url))


@pytest.mark.parametrize(
    "url", ["/en/publications/", "/en/publications/?type=report&sort=title", "/en/events/", "/en/events/?year=2018"]
)
def test_a_listings_count_is_kept_until_the_content_changes(client, site, url):
    assert counted(client, url)
    assert not counted(client, url)
    assert not counted(client, f"{url}{'&' if '?' in url else '?'}page=1")
    site["host"].save_revision().publish()
    assert counted(client, url)


def test_a_new_item_is_counted_at_once(client, site):
    def shown_count():
        with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
            content = client.get("/en/publications/").content.decode()
        return re.search(r'class="filters__count"[^>]*>(\d+) publication', content).group(1)

    assert shown_count() == "1"
    PublicationPageFactory(parent=site["host"], title="Second report", publication_type=site["report"])
    assert shown_count() == "2"


def test_a_searched_listing_is_counted_each_time(client, site):
    # A count per search text made up by a visitor would fill the cache.
    for _visit in range(2):
        assert counted(client, "/en/publications/?q=report")
