"""Whole pages are cached for anonymous visitors, per language, and are fresh the moment anything they
show changes; editors always see the page as it is now."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from inducult.models import SiteSettings
from tests.admin_forms import edit_form_data
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.fixture
def about(home_page):
    return StandardPageFactory(
        parent=home_page,
        title="About the project",
        slug="about",
        title_de="Über das Projekt",
        slug_de="ueber",
        show_in_menus=True,
    )


def test_a_second_anonymous_visit_is_served_from_the_cache_in_each_language(client, about):
    first, first_queries = queries_for(client, "/en/about/")
    again, again_queries = queries_for(client, "/en/about/")
    assert first_queries > 1
    # One query: the content version, which every process reads from the database (core.cache).
    assert again_queries == 1
    assert again.content == first.content
    german, _queries = queries_for(client, "/de/ueber/")
    assert "Über das Projekt" in german.content.decode()
    assert '<html lang="de"' in german.content.decode()
    assert "Über das Projekt" not in client.get("/en/about/").content.decode()


def test_a_published_change_shows_at_once_and_a_draft_does_not(client, about):
    assert "About the project" in client.get("/en/about/").content.decode()
    about.title = "About InduCult2.0"
    draft = about.save_revision()
    assert "About InduCult2.0" not in client.get("/en/about/").content.decode()
    draft.publish()
    content = client.get("/en/about/").content.decode()
    assert "About InduCult2.0" in content
    # The menu of every other page shows the new title too.
    assert "About InduCult2.0" in client.get("/en/").content.decode()


def test_a_translation_published_shows_at_once_in_its_language(client, about):
    assert "Über das Projekt" in client.get("/de/ueber/").content.decode()
    about.title_de = "Projektbeschreibung"
    about.save_revision().publish()
    assert "Projektbeschreibung" in client.get("/de/ueber/").content.decode()


def test_an_edit_published_in_the_admin_shows_on_the_page_and_the_listing_at_once(client, home_page):
    partners = PartnerIndexPageFactory(parent=home_page)
    partner = PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau")
    assert "District of Zwickau" in client.get("/en/partners/").content.decode()
    assert "District of Zwickau" in client.get("/en/partners/zwickau/").content.decode()

    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    editor = client.__class__()
    editor.force_login(admin)
    response = editor.post(
        f"/admin/pages/{partner.pk}/edit/", edit_form_data(partner, title_en="Landkreis Zwickau", **{"action-publish": "1"})
    )
    assert response.status_code == 302

    assert "Landkreis Zwickau" in client.get("/en/partners/").content.decode()
    assert "Landkreis Zwickau" in client.get("/en/partners/zwickau/").content.decode()


def test_unpublishing_removes_the_page_and_its_menu_entry_at_once(client, home_page, about):
    assert client.get("/en/about/").status_code == 200
    assert "About the project" in client.get("/en/").content.decode()
    about.unpublish()
    assert client.get("/en/about/").status_code == 404
    assert "About the project" not in client.get("/en/").content.decode()


def test_moving_and_deleting_are_seen_at_once(client, home_page, about):
    parent = StandardPageFactory(parent=home_page, title="Project", slug="project")
    assert client.get("/en/about/").status_code == 200
    Page.objects.get(pk=about.pk).move(parent, pos="last-child")
    # Wagtail leaves a redirect from the old address.
    old_address = client.get("/en/about/")
    assert old_address.status_code == 301
    assert old_address["Location"] == "/en/project/about/"
    assert client.get("/en/project/about/").status_code == 200
    Page.objects.get(pk=about.pk).delete()
    assert client.get("/en/project/about/").status_code == 404


def test_a_snippet_change_shows_on_the_pages_that_use_it(client, home_page):
    EventIndexPageFactory(parent=home_page)
    meeting_type = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    EventPageFactory(parent=home_page.get_children().get(slug="events"), slug="meeting", event_type=meeting_type)
    assert "Partnership meeting" in client.get("/en/events/meeting/").content.decode()
    meeting_type.name = "Steering committee"
    meeting_type.save()
    assert "Steering committee" in client.get("/en/events/meeting/").content.decode()


def test_a_settings_change_shows_in_every_footer(client, home_page, about):

    imprint = StandardPageFactory(parent=home_page, title="Imprint", slug="imprint")
    assert "Imprint" not in client.get("/en/about/").content.decode()
    settings = SiteSettings.for_site(home_page.get_site())
    settings.imprint_page = imprint
    settings.save()
    assert 'href="/en/imprint/">Imprint<' in client.get("/en/about/").content.decode()


def test_a_new_view_restriction_takes_the_page_off_the_cache_at_once(client, about):
    assert "About the project" in client.get("/en/about/").content.decode()
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/about/")
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    assert "About the project" not in client.get("/en/").content.decode()


def test_editors_never_get_a_cached_page_and_their_pages_are_never_cached(client, about):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    editor = client.__class__()
    editor.force_login(admin)

    assert "About the project" in client.get("/en/about/").content.decode()
    # A change made behind the site's back (no signal): the anonymous copy is stale, the editor's is not.
    Page.objects.filter(pk=about.pk).update(title_en="Changed behind the cache")
    assert "About the project" in client.get("/en/about/").content.decode()
    editor_response, editor_queries = queries_for(editor, "/en/about/")
    assert "Changed behind the cache" in editor_response.content.decode()
    assert editor_queries > 0

    # What an editor was shown is never handed to a visitor.
    from django.core.cache import cache

    cache.clear()
    assert "Changed behind the cache" in editor.get("/en/about/").content.decode()
    Page.objects.filter(pk=about.pk).update(title_en="Changed once more")
    assert "Changed once more" in client.get("/en/about/").content.decode()


def test_filtered_listings_are_cached_per_query_and_odd_queries_still_work(client, home_page):
    EventIndexPageFactory(parent=home_page)
    first = client.get("/en/events/?year=2018").content
    assert client.get("/en/events/?year=2018").content == first
    assert client.get("/en/events/?year=not-a-year").status_code == 200
    long_query = "/en/events/?" + "&".join(f"x{number}=1" for number in range(100))
    assert client.get(long_query).status_code == 200


class RecordingFrontendCache:
    """A front-end cache backend (CDN) that only records the URLs it is asked to purge."""

    purged = []

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        RecordingFrontendCache.purged.append(url)

    def purge_batch(self, urls):
        for url in urls:
            self.purge(url)


def test_publishing_purges_the_page_and_its_listings_from_a_cdn_in_every_language(client, settings, about):

    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.core.test_caching.RecordingFrontendCache"}}
    settings.INDUCULT_CDN_MAX_AGE = 300
    RecordingFrontendCache.purged.clear()
    about.title = "About InduCult2.0"
    about.save_revision().publish()
    purged = set(RecordingFrontendCache.purged)
    assert {"http://localhost/en/about/", "http://localhost/de/ueber/", "http://localhost/en/", "http://localhost/cs/"} <= purged
    response = client.get("/en/about/")
    assert "s-maxage=300" in response["Cache-Control"]
    assert client.get("/en/about/")["Cache-Control"] == response["Cache-Control"]


def test_the_sitemap_is_cached_and_lists_a_new_page_at_once(client, home_page, about):
    assert "/en/about/" in client.get("/sitemap.xml").content.decode()
    _response, queries = queries_for(client, "/sitemap.xml")
    assert queries == 1  # the content version
    StandardPageFactory(parent=home_page, title="Imprint", slug="imprint")
    assert "/en/imprint/" in client.get("/sitemap.xml").content.decode()
    assert client.get("/sitemap.xml?p=99").status_code == 404
    assert client.get("/sitemap.xml?p=x").status_code == 404
