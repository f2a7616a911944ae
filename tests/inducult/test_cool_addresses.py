"""Addresses that last: under any language prefix, a page's English path and every earlier path of that language
lead (301) to the page's current address in that language, on this host."""

import re

import pytest
from wagtail.models import Page, Site

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = pytest.mark.django_db


def published(page):
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def site(home_page):
    partners = published(PartnerIndexPageFactory(parent=home_page, title_de="Partner", slug_de="partner", slug_cs="partneri"))
    ksmas = published(PartnerPageFactory(parent=partners, title="KSMAS KK", slug="ksmas-kk"))
    zwickau = published(
        PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau", slug_de="landkreis-zwickau")
    )
    events = published(EventIndexPageFactory(parent=home_page, title_de="Veranstaltungen", slug_de="veranstaltungen"))
    return {"home": home_page, "partners": partners, "ksmas": ksmas, "zwickau": zwickau, "events": events}


def assert_moved(client, path, location):
    response = client.get(path)
    assert response.status_code == 301, f"{path}: {response.status_code}"
    assert response["Location"] == location
    assert client.get(location).status_code == 200


def test_the_english_path_under_another_language_prefix_leads_to_that_languages_address(client, site):
    assert_moved(client, "/de/partners/", "/de/partner/")
    assert_moved(client, "/cs/partners/", "/cs/partneri/")
    assert_moved(client, "/de/partners/ksmas-kk/", "/de/partner/ksmas-kk/")
    assert_moved(client, "/de/partners/zwickau/", "/de/partner/landkreis-zwickau/")
    # The language's own address in one part, English in the rest.
    assert_moved(client, "/de/partner/zwickau/", "/de/partner/landkreis-zwickau/")
    # A language whose address is the English one has nothing to redirect.
    assert client.get("/pl/partners/").status_code == 200


def test_the_query_string_is_kept_and_only_get_and_head_are_redirected(client, site):
    assert_moved(client, "/de/partners/?country=CZ", "/de/partner/?country=CZ")
    assert client.head("/de/partners/").status_code == 301
    assert client.post("/de/partners/").status_code == 404


def test_a_translators_new_slug_leaves_the_old_address_leading_to_the_new_one(client, site):
    # The address German visitors had while the page followed English: it worked, then the slug was translated.
    assert client.get("/de/partner/ksmas-kk/").status_code == 200
    ksmas = site["ksmas"]
    ksmas.slug_de = "ksmas-karlsbad"
    ksmas.save_revision().publish()
    assert_moved(client, "/de/partner/ksmas-kk/", "/de/partner/ksmas-karlsbad/")
    # And renamed again: both earlier German addresses lead to the current one.
    ksmas = Page.objects.get(pk=ksmas.pk).specific
    ksmas.slug_de = "ksmas-karlovy-vary"
    ksmas.save_revision().publish()
    assert_moved(client, "/de/partner/ksmas-kk/", "/de/partner/ksmas-karlovy-vary/")
    assert_moved(client, "/de/partner/ksmas-karlsbad/", "/de/partner/ksmas-karlovy-vary/")
    # Czech never had a translated slug: its address is unchanged.
    assert client.get("/cs/partneri/ksmas-kk/").status_code == 200


def test_a_renamed_parent_takes_its_descendants_old_addresses_along(client, site):
    partners = site["partners"]
    partners.slug_de = "partnerschaft"
    partners.save_revision().publish()
    assert_moved(client, "/de/partner/", "/de/partnerschaft/")
    assert_moved(client, "/de/partner/ksmas-kk/", "/de/partnerschaft/ksmas-kk/")
    assert_moved(client, "/de/partner/landkreis-zwickau/", "/de/partnerschaft/landkreis-zwickau/")
    # The English path still leads there too.
    assert_moved(client, "/de/partners/zwickau/", "/de/partnerschaft/landkreis-zwickau/")


def test_a_moved_page_is_found_at_its_old_address_in_every_language(client, site):
    ksmas = site["ksmas"]
    ksmas.move(site["events"], pos="last-child")
    assert_moved(client, "/en/partners/ksmas-kk/", "/en/events/ksmas-kk/")
    assert_moved(client, "/de/partner/ksmas-kk/", "/de/veranstaltungen/ksmas-kk/")
    assert_moved(client, "/cs/partneri/ksmas-kk/", "/cs/events/ksmas-kk/")
    assert_moved(client, "/hr/partners/ksmas-kk/", "/hr/events/ksmas-kk/")


def test_an_english_rename_redirects_in_every_language(client, site):
    zwickau = site["zwickau"]
    zwickau.slug_en = "landkreis"
    zwickau.save_revision().publish()
    assert_moved(client, "/en/partners/zwickau/", "/en/partners/landkreis/")
    # German has its own slug: only the English path under /de/ needed a redirect, and it has one.
    assert_moved(client, "/de/partners/zwickau/", "/de/partner/landkreis-zwickau/")
    assert_moved(client, "/it/partners/zwickau/", "/it/partners/landkreis/")


def test_the_rest_of_the_path_goes_along_to_the_pages_own_routes(client, site, home_page):
    event = published(EventPageFactory(parent=site["events"], title="Final conference", slug="final", slug_de="abschluss"))
    assert client.get("/de/veranstaltungen/abschluss/calendar/").status_code == 200
    assert_moved(client, "/de/events/final/calendar/", "/de/veranstaltungen/abschluss/calendar/")
    assert event.pk


def test_a_current_address_wins_over_an_earlier_one(client, site, home_page):
    partners = site["partners"]
    partners.slug_de = "partnerschaft"
    partners.save_revision().publish()
    # A new page takes the German address the partner index left.
    newcomer = published(StandardPageFactory(parent=home_page, title="Partner news", slug="partner-news", slug_de="partner"))
    response = client.get("/de/partner/")
    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>Partner news</h1>", response.content.decode())
    assert newcomer.pk


def test_unknown_unpublished_and_odd_paths_stay_404(client, site, home_page):
    draft = StandardPageFactory(parent=home_page, title="Draft", slug="draft", slug_de="entwurf", live=False)
    assert draft.pk
    for path in ["/de/nothing-here/", "/de/draft/", "/de/partners/no-such-partner/", "/de/" + "a/" * 60, "/de/partners/%00/"]:
        assert client.get(path).status_code == 404, path


def test_a_redirect_never_leaves_this_host(client, site, settings):
    settings.USE_X_FORWARDED_HOST = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example", "other.example"]
    # A page of another site, renamed there.
    other_home = published(StandardPageFactory(parent=Page.get_first_root_node(), title="Elsewhere", slug="elsewhere"))
    Site.objects.create(hostname="other.example", port=80, root_page=other_home, site_name="Elsewhere")
    moved = published(StandardPageFactory(parent=other_home, title="Gone", slug="gone"))
    moved.slug_en = "moved-on"
    moved.save_revision().publish()
    # A path on this host, whatever host the request claims to come through.
    response = client.get("/de/partners/", HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 301
    assert response["Location"] == "/de/partner/"
    # The other site's earlier path is its own: this site does not send visitors there.
    assert client.get("/en/gone/").status_code == 404
    response = client.get("/en/gone/", HTTP_HOST="other.example")
    assert (response.status_code, response["Location"]) == (301, "/en/moved-on/")
