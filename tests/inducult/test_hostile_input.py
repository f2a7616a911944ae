"""Hostile input: a crawl of every public URL in all eight languages, then odd paths, junk and injection
strings in every filter, the search and the page numbers. Never a server error, never the input echoed
unescaped.

The site is built once per module with the factories (every page type, translated slugs, an agenda,
documents): the demo load plus a crawl of its 326 URLs took about a minute on PostgreSQL, this takes
a few seconds and reaches the same templates and routes.
"""

import datetime
import re
from html import unescape
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.models import Page

from core.languages import page_languages
from demo.bulk import add_children_quickly
from events.models import EventIndexPage, EventVenue
from inducult.models import SiteSettings
from partners.models import PartnerContact, PartnerIndexPage
from publications.models import PublicationFile, PublicationIndexPage, PublicationPage
from tests.admin_forms import edit_form_data
from tests.core.factories import PdfDocumentFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory, agenda_day
from tests.inducult.factories import StandardPageFactory, build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LINK = re.compile(r'(?:href|src|action)="([^"]*)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
OWN_HOSTS = {"", "testserver", "localhost"}
# Served by whitenoise and the reverse proxy, not by Django.
NOT_CRAWLED = ("/static/", "/media/", "/admin/")

XSS = ["<script>alert(1)</script>", '"><svg onload=alert(1)>']
SQL = ["' OR '1'='1", "1; DROP TABLE wagtailcore_page; --"]
JUNK = ["\x00", "a\x00b", "\u202eevil\ufffd", "x" * 5000, "-1", "99999999999999999999999999", "9" * 5000, "NaN", "１２", "%_"]
PAYLOADS = XSS + SQL + JUNK
# Raw percent sequences, sent as they are: invalid UTF-8, a NUL, a lone surrogate, an overlong slash.
RAW_QUERY_JUNK = ["%ff%fe", "%c3%28", "%e2%82", "%00", "%ed%a0%80", "%c0%af", "%%", "%zz", "%"]

FILTERS = {
    "partners": ["country", "kind"],
    "events": ["type", "host", "year", "page"],
    "publications": ["q", "type", "work_package", "partner", "language", "year", "sort", "page"],
}


def build_fuzz_site():
    """Every page type once or twice, some slugs translated, with files, an agenda and venues."""
    home = build_site(title_de="InduCult2.0", slug_de="start")
    imprint = StandardPageFactory(parent=home, title="Imprint", slug="imprint", title_de="Impressum", slug_de="impressum")
    StandardPageFactory(parent=imprint, title="Credits", slug="credits")
    SiteSettings.objects.update_or_create(site=home.get_site(), defaults={"imprint_page": imprint})
    work_packages = WorkPackageIndexPageFactory(parent=home, title_cs="Pracovní balíčky", slug_cs="pracovni-balicky")
    partners = PartnerIndexPageFactory(parent=home, title_de="Partner", slug_de="partner")
    zwickau = PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau", role="lead")
    ksmas = PartnerPageFactory(
        parent=partners, title="KSMAS KK", slug="ksmas-kk", country="CZ", kind="academic", latitude=None, longitude=None
    )
    PartnerContact.objects.create(partner=zwickau, name="A. Person", email="a.person@example.org", phone="+49 375 0")
    StandardPageFactory(parent=ksmas, title="Pilot action", slug="pilot-action")
    t1 = WorkPackagePageFactory(parent=work_packages, code="T1", slug="t1", lead_partner=zwickau)

    events = EventIndexPageFactory(parent=home, title_hr="Događanja", slug_hr="dogadanja")
    meeting_type = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    meeting = EventPageFactory(
        parent=zwickau,
        title="5th partnership meeting",
        slug="5th-meeting",
        event_type=meeting_type,
        agenda=[
            agenda_day(
                datetime.date(2018, 10, 16),
                "Sisak",
                (datetime.time(9), datetime.time(10), "session", "Work group A", "Coordinators"),
                (datetime.time(9), datetime.time(10), "session", "Work group B", "Others"),
            )
        ],
    )
    meeting.host_partners.add(zwickau)
    meeting.save_revision().publish()
    EventVenue.objects.create(event=meeting, name="Town hall", town="Sisak", country="HR")
    EventPageFactory(
        parent=events,
        title="Upcoming conference",
        slug="conference",
        event_type=EventTypeFactory(slug="conference", name="Conference"),
        start_date=datetime.date.today() + datetime.timedelta(days=30),
        end_date=datetime.date.today() + datetime.timedelta(days=31),
    )
    EventPageFactory(parent=events, title="Autumn workshop", slug="workshop", date_precision="month", event_type=meeting_type)

    library = PublicationIndexPageFactory(parent=home, title_cs="Publikace", slug_cs="publikace")
    book = PublicationPageFactory(
        parent=library,
        title="The Transformative Power of Industrial Culture",
        slug="book",
        publication_type=PublicationTypeFactory(slug="book", name="Book", citation_kind="book", is_scientific=True),
        work_package=t1,
        authors="Wirth, Peter; Černič Mali, Barbara",
        abstract="<p>From concepts to actions.</p>",
    )
    for language in ("en", "de"):
        PublicationFile.objects.create(publication=book, language=language, document=PdfDocumentFactory())
    paper = PublicationPageFactory(parent=ksmas, title="Argumentation paper", slug="paper", output_code="T1.3.1", work_package=t1)
    paper.authoring_partners.add(ksmas)
    paper.save_revision().publish()
    return home


@pytest.fixture(scope="module")
def fuzz_site(django_db_setup, django_db_blocker):
    # Built once and rolled back at the end, so the other modules see the database as migrate left it.
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        build_fuzz_site()
        yield
        transaction.set_rollback(True)


def own_path(base, link):
    """The path and query of a link to this site, or None for other hosts and for what Django does not serve."""
    parts = urlsplit(urljoin(base, unescape(link)))
    if parts.scheme not in ("http", "https") or parts.netloc not in OWN_HOSTS:
        return None
    if parts.path.startswith(NOT_CRAWLED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawl(fuzz_site, django_db_blocker):
    """Every URL reachable by links from the eight home pages and the sitemap, with its response."""
    from django.test import Client

    client = Client()
    responses = {}
    queue = [f"/{code}/" for code in LANGUAGES] + ["/sitemap.xml", "/robots.txt"]
    with django_db_blocker.unblock():
        while queue:
            path = queue.pop(0)
            if path in responses:
                continue
            response = responses[path] = client.get(path)
            content_type = response.get("Content-Type", "")
            if not (content_type.startswith("text/html") or "xml" in content_type):
                continue
            body = response.content.decode()
            for link in LINK.findall(body) + LOC.findall(body):
                target = own_path(f"http://testserver{path}", link)
                if target and target not in responses:
                    queue.append(target)
    return responses


def assert_safe(response, *payloads):
    assert response.status_code < 500, f"{response.status_code} for {response.request['PATH_INFO']}"
    body = response.content.decode(errors="replace")
    for payload in payloads:
        if any(char in payload for char in '<>"'):
            assert payload not in body, f"{payload!r} reflected unescaped"


def test_the_crawl_reaches_every_page_in_every_language_and_every_link_works(crawl):
    broken = {path: response.status_code for path, response in crawl.items() if response.status_code != 200}
    assert not broken
    expected = set()
    # Each page in each language it is translated into (those are linked and in the sitemap).
    for page in Page.objects.live().public().exclude(depth=1).specific():
        for code in page_languages(page):
            with translation.override(code):
                expected.add(page.url)
    assert expected - set(crawl) == set()
    # The routes below pages, the documents and the files for crawlers are public URLs too.
    crawled = "\n".join(crawl)
    for route in ("/calendar/", "/cite/bibtex/", "/cite/ris/", "/documents/", "/robots.txt", "/sitemap.xml"):
        assert route in crawled
    assert {f"/{code}/" for code in LANGUAGES} <= set(crawl)


def index_url(model_name, code):

    model = {"partners": PartnerIndexPage, "events": EventIndexPage, "publications": PublicationIndexPage}[model_name]
    with translation.override(code):
        return model.objects.get().url


# Appended to a language's home page, an index, a page and a route below a page.
PATH_SUFFIXES = [
    "a" * 4000 + "/",
    "x/" * 300,
    "%00/",
    "foo%00bar/",
    "%00",
    "%ff%fe/",
    "%c3%28/",
    "%ed%a0%80/",
    "%c0%af/",
    "%2e%2e/%2e%2e/etc/passwd",
    "..%2f..%2fsettings.py",
    "%252e%252e/",
    "%2F%2Fevil.example/",
    "%0d%0aSet-Cookie:%20hacked=1/",
    quote("<script>alert(1)</script>") + "/",
    quote('"><svg onload=alert(1)>') + "/",
    quote("' OR '1'='1") + "/",
    quote("1; DROP TABLE wagtailcore_page; --") + "/",
    "calendar/%00/",
    "cite/%00/",
    "cite/bibtex%00/",
    "cite/" + quote("<script>alert(1)</script>") + "/",
    "%E2%80%AE/",
    ";jsessionid=1/",
    "./",
    "//",
    "~/",
    "*",
]


def test_odd_and_hostile_paths_are_answered_without_a_server_error(client, crawl):
    bases = [
        *(f"/{code}/" for code in LANGUAGES),
        index_url("partners", "de"),
        index_url("events", "hr"),
        index_url("publications", "cs"),
        "/sl/partners/zwickau/5th-meeting/",
        "/it/publications/book/",
        "/nl/events/calendar/",
    ]
    # Each suffix on one base, rotating through the languages and page types: bounded, yet all are hit.
    for number, suffix in enumerate(PATH_SUFFIXES):
        response = client.get(bases[number % len(bases)] + suffix)
        assert_safe(response, "<script>alert(1)</script>", '"><svg onload=alert(1)>')
        assert response.status_code in (200, 301, 302, 400, 404), suffix
        assert not response.cookies, suffix


OUTSIDE_PREFIXES = [
    "/%00",
    "/%00/",
    "/" + "b" * 4000,
    "/%ff/",
    "/documents/%00/x.pdf",
    "/documents/1/%00.pdf",
    "/documents/99999999999999999999999/x.pdf",
    "/documents/-1/x.pdf",
    "/documents/0/" + quote("<script>alert(1)</script>.pdf"),
    "/sitemap.xml?p=-1",
    "/sitemap.xml?p=0",
    "/sitemap.xml?p=99999999999999999999",
    "/sitemap.xml?p=" + quote("<script>alert(1)</script>"),
    "/sitemap.xml?p=%00",
    "/robots.txt?x=%00&x=%ff",
    "/static/%00",
    "/static/../inducult/settings/base.py",
    "/media/%00",
    "/fr/%00",
    "/xx-yy/" + quote("<script>alert(1)</script>"),
]


def test_hostile_paths_outside_the_language_prefixes(client, crawl):
    for path in OUTSIDE_PREFIXES:
        response = client.get(path)
        assert_safe(response, "<script>alert(1)</script>")


def test_every_filter_takes_injection_and_junk_in_every_parameter(client, crawl):
    # A form field is cleaned on its own, so all of an index's parameters carry a payload at once.
    number = 0
    for index, parameters in FILTERS.items():
        for payload in PAYLOADS:
            code = LANGUAGES[number % len(LANGUAGES)]
            number += 1
            response = client.get(index_url(index, code), dict.fromkeys(parameters, payload))
            assert response.status_code == 200, (index, payload)
            assert_safe(response, payload)


def test_the_search_takes_injection_and_junk(client, crawl):
    # With a valid filter beside it, so that the search text reaches the database whenever the form accepts it.
    for number, payload in enumerate(PAYLOADS):
        response = client.get(index_url("publications", LANGUAGES[number % len(LANGUAGES)]), {"q": payload, "type": "book"})
        assert response.status_code == 200, payload
        assert_safe(response, payload)
    library = index_url("publications", "en")
    assert "Transformative Power" in client.get(library, {"q": "transformative   POWER"}).content.decode()
    # An injection is a search for odd text, not a condition that matches everything.
    assert "Transformative Power" not in client.get(library, {"q": "' OR '1'='1"}).content.decode()


def test_raw_percent_junk_in_every_filter(client, crawl):
    indexes = list(FILTERS.items())
    for number, junk in enumerate(RAW_QUERY_JUNK):
        index, parameters = indexes[number % len(indexes)]
        query = "&".join(f"{parameter}={junk}" for parameter in parameters)
        response = client.get(f"{index_url(index, LANGUAGES[number % len(LANGUAGES)])}?{query}")
        assert response.status_code == 200, (index, junk)


def test_unknown_and_repeated_parameters_on_every_page(client, crawl):
    hostile_query = (
        "utm_source=%3Cscript%3Ealert(1)%3C%2Fscript%3E&page=2&page=-1&page=99999999999999999999"
        "&country=DE&country=%00&type=book&type=book&q=a&q=%ff&x[]=1&__proto__[y]=1&=&&&a=b=c&%00=%00"
    )
    english = [path for path in crawl if path.startswith("/en/") and "?" not in path]
    for path in english:
        response = client.get(f"{path}?{hostile_query}")
        assert response.status_code == 200, path
        assert_safe(response, "<script>alert(1)</script>")


def test_page_numbers_out_of_range_show_a_real_page(client, crawl):

    library = PublicationIndexPage.objects.get()
    report = PublicationTypeFactory(slug="report", name="Report")
    add_children_quickly(
        library,
        [
            PublicationPage(
                title=f"Report {n}", slug=f"report-{n}", publication_type=report, publication_date=datetime.date(2017, 1, 1)
            )
            for n in range(14)
        ],
    )
    url = index_url("publications", "en")
    for page, expected in [
        ("2", "Page 2 of 2"),
        ("-1", "Page 2 of 2"),
        ("0", "Page 2 of 2"),
        ("99999999999999999999", "Page 2 of 2"),
        ("9" * 5000, "Page 1 of 2"),
        ("1e3", "Page 1 of 2"),
        ("", "Page 1 of 2"),
        ("%00", "Page 1 of 2"),
    ]:
        response = client.get(url, {"page": page, "evil": "<script>alert(1)</script>"})
        assert response.status_code == 200, page
        body = response.content.decode()
        assert expected in body, page
        assert_safe(response, "<script>alert(1)</script>")
    # Pagination links keep the other parameters, encoded.
    assert "evil=%3Cscript%3Ealert%281%29%3C%2Fscript%3E" in body


def test_other_methods_and_hostile_headers(client, crawl):
    for path in ("/en/", index_url("publications", "de"), "/sl/partners/zwickau/5th-meeting/calendar/"):
        for method in ("post", "put", "patch", "delete", "options"):
            response = getattr(client, method)(path, data="<script>alert(1)</script>", content_type="text/plain")
            assert_safe(response, "<script>alert(1)</script>")
        for method in ("head", "trace"):
            assert getattr(client, method)(path).status_code < 500
    document = next(path for path in crawl if path.startswith("/documents/"))
    for byte_range in ("bytes=-1", "bytes=abc", "bytes=99999999999999999999-", "bytes=5-2", "bytes=0-0,1-1,2-2"):
        response = client.get(document, HTTP_RANGE=byte_range, HTTP_IF_MODIFIED_SINCE="<script>", HTTP_IF_NONE_MATCH="\x00")
        assert response.status_code < 500, byte_range
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/en/", HTTP_HOST="<script>alert(1)</script>").status_code == 400
    for accept_language in ("<script>alert(1)</script>", "de;q=NaN, *;q=-1", "x" * 10000, "\x00", "zz-ZZ,de-AT;q=0.9"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code == 302
        assert response["Location"] in {f"/{code}/" for code in LANGUAGES}


@pytest.mark.parametrize("value", ["None", "abc", "-1", "1e5", "²", "99999999999999999999999"])
def test_a_forged_inline_child_id_is_a_bad_request(admin_client, home_page, value):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset

    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Partner")
    contacts = inline_formset([{"id": value, "name": "Forged", "role_en": "", "email": "", "phone": ""}], initial=1)
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[partner.pk]), edit_form_data(partner, contacts=contacts)
    )
    assert response.status_code == 400
    assert not Page.objects.get(pk=partner.pk).specific.contacts.exists()
