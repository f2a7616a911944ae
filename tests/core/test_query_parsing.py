"""Property tests for every parser of query parameters: whatever text arrives, the filter forms give a
valid selection or a form error, the filters and the search run on the database, and page numbers
give a real page. Never an exception."""

import datetime
from types import SimpleNamespace
from urllib.parse import parse_qsl

import pytest
from django.conf import settings as django_settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import listing
from events.models import EventFilterForm, EventPage, UpcomingThenPast, filter_events
from partners.models import Country, PartnerFilterForm, PartnerKind, filter_partners
from publications.models import SORT_CHOICES, PublicationFilterForm, PublicationPage, filter_publications
from sitesearch.models import SearchDocument
from sitesearch.query import MAX_WORDS
from sitesearch.text import pattern, query_terms
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
DATABASE_PROPERTY = settings(PROPERTY, max_examples=40)

# Text as a query string can carry it: any character but lone surrogates, which decoding replaces.
query_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "-1", "0", "1", "2", "99999999999999999999", "NaN", "１２"]),
    st.integers().map(str),
    st.text(alphabet="<>\"'%_;\\/\x00-", max_size=50),
)


PARTNER_CHOICES = {"country": ["", *Country.values], "kind": ["", *PartnerKind.values]}
EVENT_CHOICES = {
    "type": ["", "partnership-meeting", "workshop"],
    "host": ["", "zwickau"],
    "year": ["", "2017", "2018", "2019", "2020"],
}
PUBLICATION_CHOICES = {
    "type": ["", "book", "report"],
    "work_package": ["", "T1"],
    "partner": ["", "ksmas-kk"],
    "language": ["", *(code for code, _name in django_settings.LANGUAGES)],
    "year": ["", "2019"],
    "sort": ["", *(value for value, _label in SORT_CHOICES)],
}


def query_dicts(valid):
    """QueryDicts with a valid value for each of the form's keys, some of them then replaced, repeated or
    joined by arbitrary keys and values: whole forms are often valid and reach the database, often not."""
    selection = st.fixed_dictionaries(
        {key: st.sampled_from(choices).map(lambda value: [value]) for key, choices in valid.items()}
    )
    keys = st.one_of(st.sampled_from([*valid, "page", "utm_source", ""]), st.text(max_size=20))
    changes = st.dictionaries(keys, st.lists(query_text, min_size=1, max_size=3), max_size=4)
    return st.tuples(selection, changes).map(lambda parts: to_query_dict({**parts[0], **parts[1]}))


def to_query_dict(lists):
    query = QueryDict(mutable=True)
    for key, values in lists.items():
        query.setlist(key, values)
    return query


def assert_valid_or_errors(form, choices):
    """The form either accepts the data with values from the offered choices, or says what it refused."""
    if form.is_valid():
        for name, allowed in choices.items():
            assert form.cleaned_data[name] in allowed
    else:
        assert form.errors
        assert set(form.errors) <= set(form.fields)


@PROPERTY
@given(query=query_dicts(PARTNER_CHOICES))
def test_partner_filter_form(query):
    # As the index builds it: an empty query string is an unbound form, which shows everyone.
    form = PartnerFilterForm(query or None)
    if query:
        assert_valid_or_errors(form, PARTNER_CHOICES)
    else:
        assert not form.is_bound and not form.errors
    partners = [
        SimpleNamespace(country=country, kind=kind, role="partner", title=country + kind, get_country_display=lambda c=country: c)
        for country in ("DE", "CZ")
        for kind in PartnerKind.values
    ]
    selected = form.cleaned_data if query and form.is_valid() else {}
    shown = filter_partners(partners, selected)
    assert all(not selected.get("country") or partner.country == selected["country"] for partner in shown)
    assert all(not selected.get("kind") or partner.kind == selected["kind"] for partner in shown)


@pytest.fixture
def events(home_page):
    index = EventIndexPageFactory(parent=home_page)
    partners = PartnerIndexPageFactory(parent=home_page)
    host = PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau")
    meeting = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    workshop = EventTypeFactory(slug="workshop", name="Workshop")
    today = datetime.date(2018, 6, 1)
    for number, (start, event_type) in enumerate(
        [(-400, meeting), (-30, workshop), (-1, meeting), (0, workshop), (10, meeting), (90, meeting), (700, workshop)]
    ):
        day = today + datetime.timedelta(days=start)
        event = EventPageFactory(parent=index, slug=f"event-{number}", event_type=event_type, start_date=day, end_date=day)
        if number % 2:
            event.host_partners.add(host)
            event.save()
    return SimpleNamespace(index=index, host=host, today=today)


def event_form(query):
    return EventFilterForm(
        query,
        types=[("partnership-meeting", "Partnership meeting"), ("workshop", "W")],
        hosts=[("zwickau", "Zwickau")],
        years=[2020, 2019, 2018, 2017],
    )


@pytest.mark.django_db
def test_event_filters_and_pages(events):
    @DATABASE_PROPERTY
    @given(query=query_dicts(EVENT_CHOICES), per_page=st.integers(1, 8))
    def check(query, per_page):
        form = event_form(query)
        assert_valid_or_errors(form, EVENT_CHOICES)
        selected = form.cleaned_data if form.is_valid() else {}
        matching = filter_events(EventPage.objects.live(), selected)
        for event in matching:
            assert selected.get("type") in ("", None, event.event_type.slug)
            assert selected.get("year") in ("", None, str(event.start_date.year))
            assert selected.get("host") in ("", None, *(partner.slug for partner in event.host_partners.all()))
        listing = UpcomingThenPast(matching, today=events.today)
        paginator = Paginator(listing, per_page)
        page = paginator.get_page(query.get("page"))
        assert 1 <= page.number <= paginator.num_pages
        assert len(page.object_list) <= per_page
        # The pages together are every matching event once: upcoming soonest first, then past latest first.
        shown = [event for number in paginator.page_range for event in paginator.page(number).object_list]
        assert sorted(event.pk for event in shown) == sorted(matching.values_list("pk", flat=True))
        upcoming = [event.start_date for event in shown if event.end_date >= events.today]
        past = [event.start_date for event in shown if event.end_date < events.today]
        assert shown[: len(upcoming)] == [event for event in shown if event.end_date >= events.today]
        assert upcoming == sorted(upcoming) and past == sorted(past, reverse=True)

    check()


@pytest.fixture
def library(home_page):
    index = PublicationIndexPageFactory(parent=home_page)
    work_packages = WorkPackageIndexPageFactory(parent=home_page)
    t1 = WorkPackagePageFactory(parent=work_packages, code="T1", slug="t1")
    partners = PartnerIndexPageFactory(parent=home_page)
    ksmas = PartnerPageFactory(parent=partners, title="KSMAS KK", slug="ksmas-kk", country="CZ")
    book = PublicationTypeFactory(slug="book", name="Book", is_scientific=True)
    paper = PublicationPageFactory(
        parent=ksmas,
        title="Regional argumentation paper",
        slug="paper",
        output_code="T1.3.1",
        work_package=t1,
        abstract="<p>Why Industrial Culture matters.</p>",
        authors="Wirth, Peter",
    )
    paper.authoring_partners.add(ksmas)
    paper.save()
    PublicationPageFactory(parent=index, title="The Transformative Power", slug="book", publication_type=book)
    return SimpleNamespace(index=index, work_packages=[t1], partners=[ksmas], types=[book, paper.publication_type])


@pytest.mark.django_db
def test_publication_filters_search_and_sort(library):
    @DATABASE_PROPERTY
    @given(query=query_dicts({"q": ["culture", "T1.3.1", "wirth peter", "transformative"], **PUBLICATION_CHOICES}))
    def check(query):
        form = PublicationFilterForm(
            query,
            types=[(item.slug, item.name) for item in library.types],
            work_packages=[(wp.code, f"{wp.code}: {wp.title}") for wp in library.work_packages],
            partners=[(partner.slug_en, partner.display_name) for partner in library.partners],
            years=[2019],
        )
        assert_valid_or_errors(form, PUBLICATION_CHOICES)
        selected = form.cleaned_data if form.is_valid() else {}
        results = list(filter_publications(PublicationPage.objects.live(), selected))
        assert len(results) == len(set(results)) <= 2
        for publication in results:
            assert selected.get("type") in ("", None, publication.publication_type.slug)
            assert selected.get("year") in ("", None, str(publication.publication_date.year))
            assert selected.get("work_package") in ("", None, getattr(publication.work_package, "code", None))
            assert selected.get("partner") in ("", None, *(partner.slug for partner in publication.authoring_partners.all()))
        page = Paginator(results, 1).get_page(query.get("page"))
        assert page.number in (1, 2)

    check()


@pytest.mark.django_db
def test_the_search_takes_any_text_the_form_accepts(library):
    @DATABASE_PROPERTY
    @given(text=query_text)
    def check(text):
        form = PublicationFilterForm({"q": text}, types=[], work_packages=[], partners=[], years=[])
        if not form.is_valid():
            assert "\x00" in text or len(text.strip()) > 200
            return
        query = form.cleaned_data["q"]
        found = list(filter_publications(PublicationPage.objects.live(), {"q": query}))
        # Every result holds every word searched for, in one of its forms (sitesearch.text), in its text or file.
        for page in found:
            document = SearchDocument.objects.get(page=page, language="en")
            indexed = document.terms + document.file_terms
            for _word, alternatives in query_terms(query, "en", MAX_WORDS):
                assert any(pattern(term) in indexed for term in alternatives)

    check()
    assert [page.slug for page in filter_publications(PublicationPage.objects.live(), {"q": "CULTURE why"})] == ["paper"]
    assert list(filter_publications(PublicationPage.objects.live(), {"q": "' OR '1'='1"})) == []


@PROPERTY
@given(query=query_dicts({"q": ["culture"], "type": ["book"]}))
def test_pagination_links_keep_every_parameter_but_the_page(query):
    request = RequestFactory().get("/en/publications/", query)
    kept = parse_qsl(listing.query_without_page(request), keep_blank_values=True)
    # Empty values (a submitted form's unused fields) are left out: the links are the canonical addresses.
    expected = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values if value]
    assert sorted(kept) == sorted(expected)
    assert "page" not in dict(kept)
