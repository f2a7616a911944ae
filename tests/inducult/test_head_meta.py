"""What every page's <head> tells search engines and social networks: a title without repetition, a
description, a canonical address (a listing's only with its canonical filters and page number), robots rules
for addresses that are no page to index, Open Graph and Twitter card tags in the page's language with its
image, and the project's schema.org data on the home page."""

import datetime
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail_factories
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site

from demo import content as demo_content
from events.models import EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerPage
from publications.models import PublicationPage
from tests.admin_forms import edit_form_data
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.queries import count_queries
from workpackages.models import WorkPackagePage

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
# Open Graph's locales: language and territory.
LOCALES = {
    "en": "en_GB",
    "de": "de_DE",
    "cs": "cs_CZ",
    "pl": "pl_PL",
    "sl": "sl_SI",
    "hr": "hr_HR",
    "it": "it_IT",
    "nl": "nl_NL",
}


class Head(HTMLParser):
    """The <head> of a page as a visitor's crawler reads it: title, meta and link elements, JSON-LD scripts."""

    def __init__(self, html):
        super().__init__()
        self.lang = None
        self.titles = []
        self.metas = []  # (name or property, content)
        self.links = []  # (rel, href, hreflang)
        self.json_ld = []
        self._in = None
        self._text = ""
        # Only the head: an inline SVG in the body has <title> elements of its own.
        self.feed(html.split("</head>", 1)[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self._in, self._text = "title", ""
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            self.metas.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        elif tag == "link":
            self.links.append((attrs.get("rel"), attrs.get("href"), attrs.get("hreflang")))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in, self._text = "json_ld", ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "title" and self._in == "title":
            self.titles.append(self._text)
            self._in = None
        elif tag == "script" and self._in == "json_ld":
            self.json_ld.append(json.loads(self._text))
            self._in = None

    def meta(self, name):
        """The content of the one meta element named `name`, None without one; two would be an error."""
        values = self.all(name)
        assert len(values) <= 1, (name, values)
        return values[0] if values else None

    def all(self, name):
        return [content for key, content in self.metas if key == name]

    @property
    def title(self):
        assert len(self.titles) == 1, self.titles
        return self.titles[0]

    @property
    def canonical(self):
        hrefs = [href for rel, href, _lang in self.links if rel == "canonical"]
        assert len(hrefs) <= 1, hrefs
        return hrefs[0] if hrefs else None

    @property
    def hreflangs(self):
        return {lang: href for rel, href, lang in self.links if rel == "alternate" and lang}


def head_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return Head(response.content.decode())


def assert_shareable(head, url, language, locale):
    """What every indexable page's head has, `url` being its own canonical address."""
    assert head.lang == language
    assert head.title.strip() and head.title.count("InduCult2.0") == 1, head.title
    description = head.meta("description")
    assert description and description.strip(), url
    assert head.canonical == BASE + url
    assert head.meta("robots") is None
    assert head.meta("og:url") == head.canonical
    assert head.meta("og:title") and head.meta("og:title") in head.title
    assert head.meta("og:description") == description
    assert head.meta("og:site_name") == "InduCult2.0"
    assert head.meta("og:type") == "website"
    assert head.meta("og:locale") == locale
    assert locale not in head.all("og:locale:alternate")
    assert head.meta("twitter:card") in ("summary", "summary_large_image")
    assert head.meta("twitter:title") == head.meta("og:title")
    assert head.meta("twitter:description") == description


# A site built with the factories: every page type, translated where the test says so.


@pytest.fixture
def site(home_page, work_package):
    image = wagtail_factories.ImageFactory(
        title="Blast furnace", file__width=2400, file__height=1600, file__filename="furnace.jpg"
    )
    logo = wagtail_factories.ImageFactory(
        title="Sisak logo",
        file__width=480,
        file__height=240,
        file__filename="logo.png",
        file__format="PNG",
    )
    partners = PartnerIndexPageFactory(
        parent=home_page, title_de="Partner", slug_de="partner", intro="<p>Ten partners &amp; eight countries.</p>"
    )
    host = PartnerPageFactory(
        parent=partners, title="Sisak-Moslavina County", short_name="Sisak", slug="sisak", country="HR", logo=logo
    )
    plain_partner = PartnerPageFactory(parent=partners, title="Municipality of Leoben", slug="leoben", country="AT")
    events = EventIndexPageFactory(parent=home_page, title_de="Veranstaltungen", slug_de="veranstaltungen")
    meeting = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    workshop = EventTypeFactory(slug="workshop", name="Workshop")
    event = EventPageFactory(
        parent=host,
        title="5th partnership meeting",
        slug="meeting",
        event_type=meeting,
        summary="Three days in Sisak and Kranj.",
        start_date=datetime.date(2018, 10, 15),
        end_date=datetime.date(2018, 10, 17),
    )
    for number in range(14):
        EventPageFactory(
            parent=host,
            title=f"Workshop {number}",
            slug=f"workshop-{number}",
            event_type=workshop,
            start_date=datetime.date(2017, 1, 1) + datetime.timedelta(days=number),
            end_date=datetime.date(2017, 1, 1) + datetime.timedelta(days=number),
        )
    library = PublicationIndexPageFactory(parent=home_page)
    report = PublicationTypeFactory(slug="report", name="Report")
    publication = PublicationPageFactory(
        parent=host,
        title="Regional argumentation paper",
        slug="paper",
        publication_type=report,
        abstract="<p>Why industrial culture matters &amp; what the region does.</p>",
        cover_image=image,
    )
    gallery = StandardPageFactory(
        parent=home_page,
        title="Gallery",
        slug="gallery",
        intro="",
        body=[("image", {"image": image, "alt_text": "The blast furnace at dusk", "caption": ""})],
    )
    imprint = StandardPageFactory(parent=home_page, title="Imprint", slug="imprint", intro="Who runs this site.")
    return {
        "home": home_page,
        "partners": partners,
        "host": host,
        "plain_partner": plain_partner,
        "events": events,
        "event": event,
        "library": library,
        "publication": publication,
        "gallery": gallery,
        "imprint": imprint,
        "work_package": work_package,
        "image": image,
        "logo": logo,
    }


def test_the_home_pages_title_names_the_site_once(client, site):
    assert head_of(client, "/en/").title == "InduCult2.0"
    assert head_of(client, "/en/imprint/").title == "Imprint · InduCult2.0"
    imprint = site["imprint"]
    imprint.seo_title = "Imprint and contact of InduCult2.0"
    imprint.save_revision().publish()
    head = head_of(client, "/en/imprint/")
    assert head.title == "Imprint and contact of InduCult2.0"
    assert head.meta("og:title") == "Imprint and contact of InduCult2.0"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The search description comes first (set in the test below), then the page's own short text.
        ("/en/partners/sisak/meeting/", "Three days in Sisak and Kranj."),
        ("/en/imprint/", "Who runs this site."),
        ("/en/work-packages/t1-establishing/", "The work package focused on the novelty of Industrial Culture itself."),
        # Rich text is read as text: tags gone, the ampersand escaped once.
        ("/en/partners/", "Ten partners & eight countries."),
        ("/en/partners/sisak/paper/", "Why industrial culture matters & what the region does."),
        ("/en/", "The partnership established the idea of Living Industrial Culture."),
        # Nothing of its own: the site's description, its home page's.
        ("/en/partners/leoben/", "The partnership established the idea of Living Industrial Culture."),
        ("/en/gallery/", "The partnership established the idea of Living Industrial Culture."),
    ],
)
def test_every_page_has_a_description_from_its_own_text_or_the_sites(client, site, url, expected):
    head = head_of(client, url)
    assert head.meta("description") == expected
    assert head.meta("og:description") == expected


def test_without_a_home_page_text_the_site_is_described_by_a_sentence_about_the_project(client, site):
    home = site["home"]
    home.subtitle = home.nutshell = ""
    home.save_revision().publish()
    description = head_of(client, "/en/partners/leoben/").meta("description")
    assert description.startswith("InduCult2.0 (2016–2019)")
    assert "Interreg CENTRAL EUROPE" in description


def test_a_preview_of_the_home_page_leaves_nothing_of_the_draft_for_visitors(client, site, admin_user):
    # Wagtail renders a preview for a request to the site's own host: the one visitors use.
    wagtail_site = Site.objects.get(is_default_site=True)
    wagtail_site.hostname = "testserver"
    wagtail_site.save()
    client.force_login(admin_user)
    home = site["home"]
    preview_url = f"/admin/pages/{home.pk}/edit/preview/"
    data = edit_form_data(home, admin_user, subtitle_en="A draft subtitle nobody published")
    assert json.loads(client.post(preview_url, data).content)["is_valid"]
    preview = head_of(client, preview_url)
    assert preview.json_ld[0]["alternateName"] == "A draft subtitle nobody published"
    client.logout()
    published = head_of(client, "/en/")
    assert published.json_ld[0]["alternateName"] == "Utilizing Industrial Culture in Central Europe"


def test_the_search_description_wins_and_a_long_text_is_cut_at_a_word(client, site):
    event = site["event"]
    event.search_description = "The 5th partnership meeting of InduCult2.0."
    event.save_revision().publish()
    assert head_of(client, "/en/partners/sisak/meeting/").meta("description") == "The 5th partnership meeting of InduCult2.0."
    imprint = site["imprint"]
    imprint.intro = "Industrial culture " * 20
    imprint.save_revision().publish()
    description = head_of(client, "/en/imprint/").meta("description")
    assert len(description) <= 160
    assert description.endswith("culture…")


def test_a_german_page_says_german_and_an_english_fallback_text_still_describes_it(client, site):
    # The event has no German text: its English summary describes it, but the page is German.
    head = head_of(client, "/de/veranstaltungen/")
    assert_shareable(head, "/de/veranstaltungen/", "de", "de_DE")
    assert head.title == "Veranstaltungen · InduCult2.0"
    with translation.override("de"):
        event_url = site["event"].get_url()
    head = head_of(client, event_url)
    assert head.meta("description") == "Three days in Sisak and Kranj."
    assert head.meta("og:locale") == "de_DE"
    assert head.canonical == BASE + event_url
    # The alternates are the languages the page exists in: the event only in English.
    assert head.all("og:locale:alternate") == ["en_GB"]
    home = head_of(client, "/de/")
    assert home.meta("description") == "Die Partnerschaft hat die Idee einer lebendigen Industriekultur etabliert."
    assert home.all("og:locale:alternate") == ["en_GB"]
    assert set(home.hreflangs) == {"en", "de", "x-default"}


@pytest.mark.parametrize("language", list(LOCALES))
def test_og_locale_is_the_pages_language_in_all_eight(client, site, language):
    # The home page exists in English and German only: the others show it with English text.
    head = head_of(client, f"/{language}/")
    assert_shareable(head, f"/{language}/", language, LOCALES[language])
    expected_alternates = {"en": ["de_DE"], "de": ["en_GB"]}.get(language, ["en_GB", "de_DE"])
    assert head.all("og:locale:alternate") == expected_alternates


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/en/events/", "/en/events/"),
        # Filters in the form's order, whatever order the address had; unknown parameters dropped.
        ("/en/events/?year=2018&type=partnership-meeting", "/en/events/?type=partnership-meeting&year=2018"),
        ("/en/events/?type=partnership-meeting&utm_source=newsletter", "/en/events/?type=partnership-meeting"),
        ("/en/events/?type=&year=", "/en/events/"),
        # The second page keeps its number; the first has none.
        ("/en/events/?page=2", "/en/events/?page=2"),
        ("/en/events/?page=1", "/en/events/"),
        ("/en/partners/?kind=region&fbclid=abc", "/en/partners/?kind=region"),
        ("/en/partners/sisak/?utm_campaign=x", "/en/partners/sisak/"),
        ("/de/partner/", "/de/partner/"),
    ],
)
def test_a_listings_canonical_address_keeps_only_its_filters_and_page(client, site, url, canonical):
    head = head_of(client, url)
    language = url.split("/")[1]
    assert_shareable(head, canonical, language, LOCALES[language])


@pytest.mark.parametrize(
    "url",
    [
        "/en/publications/?q=industrial",  # free text: no bound on how many such addresses there are
        "/en/events/?type=no-such-type",  # a value the form refuses
        "/en/events/?page=99",  # no such page
    ],
)
def test_an_address_without_a_canonical_form_is_not_indexed(client, site, url):
    head = head_of(client, url)
    assert head.meta("robots") == "noindex"
    # A canonical link would claim the response is a copy of another page, contradicting the noindex.
    assert head.canonical is None
    assert head.meta("og:url") is None
    assert head.meta("description")


def test_the_search_form_is_a_page_and_its_results_are_not_indexed(client, site):
    head = head_of(client, "/cs/search/")
    assert_shareable(head, "/cs/search/", "cs", "cs_CZ")
    # The search works the same in every language.
    assert len(head.all("og:locale:alternate")) == 7
    results = head_of(client, "/en/search/?q=%3Cb%3Emeeting")
    assert results.meta("robots") == "noindex"
    assert results.canonical is None
    # The query is in the title once, escaped once: the visitor's text, not markup.
    assert results.title == "Search: <b>meeting · InduCult2.0"
    assert results.meta("og:title") == "Search: <b>meeting"


def test_a_missing_page_has_its_own_title_and_no_canonical_address(client, site):
    head = head_of(client, "/en/no-such-page/", status=404)
    assert head.title == "Page not found · InduCult2.0"
    assert head.canonical is None
    assert head.meta("description")


def share_image(head):
    return {key: head.meta(f"og:image{key}") for key in ("", ":width", ":height", ":alt", ":type")} | {
        "twitter": head.meta("twitter:image"),
        "twitter_alt": head.meta("twitter:image:alt"),
        "card": head.meta("twitter:card"),
    }


def stored_file(url):
    """The stored file an absolute media URL points to."""
    assert url.startswith(BASE + "/media/"), url
    return default_storage.path(url.removeprefix(BASE + "/media/"))


def test_a_publication_is_shared_with_its_cover_1200_pixels_wide(client, site):
    image = share_image(head_of(client, "/en/partners/sisak/paper/"))
    assert image["card"] == "summary_large_image"
    assert (image[":width"], image[":height"]) == ("1200", "800")
    assert image[":alt"] == "Cover of Regional argumentation paper"
    assert image[":type"] == "image/jpeg"
    assert image["twitter"] == image[""] and image["twitter_alt"] == image[":alt"]
    assert Path(stored_file(image[""])).is_file()


def test_a_partner_is_shared_with_its_logo_in_its_own_size(client, site):
    image = share_image(head_of(client, "/en/partners/sisak/"))
    # A logo smaller than 1200 pixels is not blown up.
    assert (image[":width"], image[":height"]) == ("480", "240")
    assert image[":alt"] == "Logo of Sisak-Moslavina County"
    assert image[":type"] == "image/png"
    assert image["card"] == "summary"
    assert Path(stored_file(image[""])).is_file()
    # The same image on the page in another language.
    with translation.override("de"):
        german = share_image(head_of(client, site["host"].get_url()))
    assert german[""] == image[""]


def test_a_standard_page_is_shared_with_the_first_image_of_its_body(client, site):
    image = share_image(head_of(client, "/en/gallery/"))
    assert image[":width"] == "1200"
    assert image[":alt"] == "The blast furnace at dusk"


def test_a_page_without_an_image_has_no_image_tags(client, site):
    for url in ("/en/", "/en/partners/leoben/", "/en/partners/sisak/meeting/", "/en/imprint/"):
        image = share_image(head_of(client, url))
        assert image == dict.fromkeys(image) | {"card": "summary"}, url


def test_an_image_whose_file_is_gone_leaves_the_page_without_one_not_broken(client, site):
    default_storage.delete(site["logo"].file.name)
    head = head_of(client, "/en/partners/sisak/")
    assert head.meta("og:image") is None
    assert head.meta("description")


def test_the_share_image_costs_no_query_once_it_is_kept(client, site):
    # The first visit makes the rendition and keeps its address; later visits read neither renditions nor images
    # for the head (the one image row read is the logo the page itself shows).
    count_queries(client, "/en/partners/sisak/")
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        assert "og:image" in client.get("/en/partners/sisak/").content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [query for query in sql if "wagtailimages_rendition" in query]
    assert len([query for query in sql if 'FROM "wagtailimages_image"' in query]) <= 1


# The demo content: every page type in two languages, and the project's facts in its JSON-LD.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once and rolled back at the end, so the other modules see the database as migrate left it.
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        pages = {
            "work package": WorkPackagePage.objects.get(code="T1"),
            "partner": PartnerPage.objects.get(short_name="KSMAS KK"),
            "event": EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj"),
            "publication": PublicationPage.objects.get(output_code="T1.3.1"),
            "standard page": StandardPage.objects.get(slug_en="imprint"),
        }
        urls = {}
        for language in ("en", "cs"):
            urls[language] = {"home": f"/{language}/"}
            with translation.override(language):
                for name in ("work package index", "partner index", "event index", "library"):
                    model = {
                        "work package index": "workpackages.WorkPackageIndexPage",
                        "partner index": "partners.PartnerIndexPage",
                        "event index": "events.EventIndexPage",
                        "library": "publications.PublicationIndexPage",
                    }[name]
                    urls[language][name] = apps.get_model(model).objects.live().first().get_url()
                for name, page in pages.items():
                    urls[language][name] = page.get_url()
            urls[language]["search"] = f"/{language}/search/"
        yield urls
        transaction.set_rollback(True)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "cs"])
def test_every_page_type_of_the_demo_is_described_and_shareable_in_its_language(client, demo, language):
    locale = LOCALES[language]
    seen_descriptions = set()
    for name, url in demo[language].items():
        head = head_of(client, url)
        assert_shareable(head, url, language, locale)
        # Only the home page may carry the site's name alone.
        assert (head.title == "InduCult2.0") == (name == "home"), (name, head.title)
        seen_descriptions.add(head.meta("description"))
        # Every alternate of Open Graph is a language the page has an hreflang link for.
        hreflang_locales = {LOCALES.get(code, code) for code in head.hreflangs}
        if name != "search":
            assert set(head.all("og:locale:alternate")) <= hreflang_locales, name
    # The pages describe themselves, not all with the site's one sentence.
    assert len(seen_descriptions) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_home_page_describes_the_project_as_schema_org_data(client, demo, language):
    head = head_of(client, f"/{language}/")
    assert len(head.json_ld) == 1
    project = head.json_ld[0]
    assert project["@context"] == "https://schema.org"
    assert project["@type"] == "Project"
    assert project["name"] == "InduCult2.0"
    assert project["url"] == f"{BASE}/{language}/"
    assert project["alternateName"] == demo_content.HOME["subtitle"][language]
    # FACTS.md: run-time 1 June 2016 to 31 May 2019, Interreg CENTRAL EUROPE, co-financed by the ERDF.
    assert project["foundingDate"] == "2016-06-01"
    assert project["dissolutionDate"] == "2019-05-31"
    funders = {funder["name"]: funder for funder in project["funder"]}
    assert set(funders) == {"Interreg CENTRAL EUROPE", "European Regional Development Fund"}
    assert funders["European Regional Development Fund"]["alternateName"] == "ERDF"
    # The ten partners of the demo's partner pages, the lead partner first, each at its address in this language.
    home = HomePage.objects.get()
    with translation.override(language):
        partners = {partner.title: partner.get_url() for partner in PartnerPage.objects.live().descendant_of(home)}
    members = project["member"]
    assert len(members) == 10
    assert {member["name"]: member["url"] for member in members} == {name: BASE + url for name, url in partners.items()}
    assert members[0]["name"] == "District of Zwickau"
    countries = {member["address"]["addressCountry"] for member in members}
    assert countries == {"DE", "AT", "BE", "HR", "CZ", "IT", "PL", "SI"}
    assert all(member["@type"] == "Organization" for member in members)
    # Only the home page speaks for the whole project.
    assert head_of(client, demo[language]["partner index"]).json_ld == []
