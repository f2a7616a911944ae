"""Small builders for tests (and anything else that needs a page tree without the full demo load)."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Collection, Locale, Page, Site

from demo.bulk import add_children_quickly  # noqa: F401 - the large-data tests use it from here
from events.models import EventIndexPage, EventPage, EventType
from inducult.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage
from publications.models import PublicationIndexPage, PublicationPage, PublicationType
from workpackages.models import WorkPackageIndexPage, WorkPackagePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "InduCult2.0"
    slug = "home"
    subtitle = "Utilizing Industrial Culture in Central Europe"
    nutshell = "<p>The partnership established the idea of Living Industrial Culture.</p>"
    start_date = datetime.date(2016, 6, 1)
    end_date = datetime.date(2019, 5, 31)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "An introduction."

    class Meta:
        model = StandardPage


class WorkPackageIndexPageFactory(wagtail_factories.PageFactory):
    title = "Work packages"
    slug = "work-packages"
    show_in_menus = True

    class Meta:
        model = WorkPackageIndexPage


class WorkPackagePageFactory(wagtail_factories.PageFactory):
    code = factory.Sequence(lambda n: f"W{n % 99 + 1}")
    title = factory.Sequence(lambda n: f"Work package {n + 1}")
    summary = "What this work package did."

    class Meta:
        model = WorkPackagePage


class PartnerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partners"
    slug = "partners"
    show_in_menus = True

    class Meta:
        model = PartnerIndexPage


class PartnerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Partner organisation {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    country = "DE"
    kind = "region"
    role = "partner"
    town = "Zwickau"
    latitude = Decimal("50.71890")
    longitude = Decimal("12.49230")

    class Meta:
        model = PartnerPage


class EventTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Event type {n}")
    slug = factory.Sequence(lambda n: f"event-type-{n}")

    class Meta:
        model = EventType
        django_get_or_create = ("slug",)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    event_type = factory.SubFactory(EventTypeFactory, slug="partnership-meeting", name="Partnership meeting")
    start_date = datetime.date(2018, 10, 15)
    end_date = datetime.date(2018, 10, 17)
    time_zone = "Europe/Zagreb"
    summary = "A meeting of the partnership."

    class Meta:
        model = EventPage


def agenda_day(date, town, *slots):
    """An agenda day as StreamField data; slots are (start, end, kind, title, audience) tuples."""
    return (
        "day",
        {
            "date": date,
            "town": town,
            "slots": [
                {
                    "start": start,
                    "end": end,
                    "kind": kind,
                    "title": title,
                    "description": "",
                    "sub_items": [],
                    "audience": audience,
                    "venue": "",
                }
                for start, end, kind, title, audience in slots
            ],
        },
    )


def pdf_bytes(text="A test document"):
    from demo.pdf import one_page_pdf

    return one_page_pdf([text])


class PdfDocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="document.pdf", data=factory.LazyFunction(pdf_bytes))


class PublicationTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Publication type {n}")
    slug = factory.Sequence(lambda n: f"publication-type-{n}")

    class Meta:
        model = PublicationType
        django_get_or_create = ("slug",)


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Publications"
    slug = "publications"
    show_in_menus = True

    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Publication {n}")
    publication_type = factory.SubFactory(PublicationTypeFactory, slug="report", name="Report")
    publication_date = datetime.date(2019, 5, 31)

    class Meta:
        model = PublicationPage


def build_site(**home_kwargs):
    """A root page, one home page as the default site's root, and nothing else.

    Works on a freshly migrated database (it removes Wagtail's welcome page) and after a
    transactional test has flushed everything, root page and locale included.
    """
    Locale.objects.get_or_create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, **home_kwargs)
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="InduCult2.0")
    return home
