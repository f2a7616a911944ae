"""Events: agenda structure and validation, calendar files, structured data, and the event index."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.blocks.struct_block import StructBlockValidationError

from demo.bulk import add_children_quickly
from events.blocks import AgendaDayBlock, AgendaSlotBlock
from events.models import EventPage
from partners.services import add_coordinator
from tests.admin_forms import edit_form_data, empty_streams, list_block
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory, agenda_day, agenda_slot_form
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page, title_hr="Događanja", slug_hr="dogadanja")


@pytest.fixture
def sisak(home_page):
    partners = PartnerIndexPageFactory(parent=home_page)
    return PartnerPageFactory(parent=partners, title="Sisak-Moslavina County", slug="sisak", short_name="", country="HR")


@pytest.fixture
def meeting(event_index, sisak):
    event = EventPageFactory(
        parent=sisak,
        title="5th partnership meeting",
        title_hr="5. sastanak partnerstva",
        slug="5th-meeting",
        agenda=[
            agenda_day(
                datetime.date(2018, 10, 16),
                "Sisak",
                (T(14, 30), T(16, 30), "study_tour", "Study or city tour", "Other participants"),
                (T(9, 0), T(10, 0), "session", "Parallel work group sessions", ""),
                (T(14, 30), T(16, 30), "session", "5th Steering Committee meeting", "Partner coordinators"),
                (T(17, 0), T(20, 0), "transfer", "Transfer to Kranj (Slovenia)", ""),
            ),
            agenda_day(datetime.date(2018, 10, 17), "Kranj", (T(19, 0), None, "social", "Farewell dinner", "")),
        ],
    )
    event.host_partners.add(sisak)
    event.venues.create(name="Sisak", town="Sisak", country="HR")
    event.save()
    return event


def test_agenda_days_list_slots_in_time_order_with_parallel_strands_grouped(meeting):
    day = meeting.agenda[0].value
    groups = [[slot["title"] for slot in group] for group in day.slot_groups()]
    assert groups == [
        ["Parallel work group sessions"],
        ["Study or city tour", "5th Steering Committee meeting"],
        ["Transfer to Kranj (Slovenia)"],
    ]


def test_event_page_shows_the_agenda_day_by_day_with_the_parallel_slot(client, meeting):
    response = client.get("/en/partners/sisak/5th-meeting/")
    content = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<h3 id="day-\d+" class="agenda-day__heading"><time datetime="([\d-]+)">', content) == [
        "2018-10-16",
        "2018-10-17",
    ]
    parallel = content[content.index("agenda-group--parallel") :]
    parallel = parallel[: parallel.index("</li>")]
    assert "For: Partner coordinators" in parallel and "For: Other participants" in parallel
    assert '<time datetime="2018-10-16T14:30">14:30</time>–<time datetime="2018-10-16T16:30">16:30</time>' in parallel
    croatian = client.get("/hr/partners/sisak/5th-meeting/").content.decode()
    assert "5. sastanak partnerstva" in croatian
    assert "Farewell dinner" in croatian  # untranslated agenda falls back to English
    assert '<a href="/hr/dogadanja/">' in croatian  # all events, in the visitor's language


def test_calendar_file_has_the_event_and_one_entry_per_slot_in_the_venues_time_zone(client, meeting):
    response = client.get("/en/partners/sisak/5th-meeting/calendar/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="5th-meeting.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 1 + 5
    event, *slots = entries
    assert event.decoded("dtstart") == datetime.date(2018, 10, 15)
    assert event.decoded("dtend") == datetime.date(2018, 10, 18)  # exclusive end of an all-day entry
    steering = next(slot for slot in slots if "Steering" in str(slot["summary"]))
    start = steering.decoded("dtstart")
    assert start == datetime.datetime(2018, 10, 16, 14, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Zagreb"))
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert "Partner coordinators" in str(steering["summary"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Zagreb"]
    dinner = next(slot for slot in slots if "Farewell" in str(slot["summary"]))
    assert "dtend" not in dinner
    # UIDs are stable between downloads and unique within the file.
    again = Calendar.from_ical(client.get("/en/partners/sisak/5th-meeting/calendar/").content)
    uids = [str(entry["uid"]) for entry in entries]
    assert uids == [str(entry["uid"]) for entry in again.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_calendar_text_keeps_non_ascii_characters(client, meeting):
    meeting.title_en = "Sastanak u Sisku – Škofja Loka, Tržič"
    meeting.save()
    calendar = Calendar.from_ical(client.get("/en/partners/sisak/5th-meeting/calendar/").content)
    assert str(calendar.walk("VEVENT")[0]["summary"]) == "Sastanak u Sisku – Škofja Loka, Tržič"
    assert "Škofja".encode() in client.get("/en/partners/sisak/5th-meeting/calendar/").content


def test_feed_of_all_events_skips_events_without_exact_dates(client, meeting, event_index):
    EventPageFactory(
        parent=event_index,
        title="Final conference",
        slug="final",
        start_date=datetime.date(2019, 4, 1),
        end_date=datetime.date(2019, 4, 30),
        date_precision="month",
    )
    calendar = Calendar.from_ical(client.get("/en/events/calendar/").content)
    assert [str(entry["summary"]) for entry in calendar.walk("VEVENT")] == ["5th partnership meeting"]
    assert client.get("/en/events/final/calendar/").status_code == 404
    assert "April 2019" in client.get("/en/events/final/").content.decode()


def test_structured_data_describes_the_event_in_the_pages_language(client, meeting):
    content = client.get("/hr/partners/sisak/5th-meeting/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "5. sastanak partnerstva"
    assert data["inLanguage"] == "hr"
    assert (data["startDate"], data["endDate"]) == ("2018-10-15", "2018-10-17")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"][0]["address"]["addressLocality"] == "Sisak"
    assert data["organizer"][0]["name"] == "Sisak-Moslavina County"


def test_structured_data_cannot_be_broken_out_of(client, meeting):
    meeting.summary_en = "</script><script>alert(1)</script>"
    meeting.save()
    content = client.get("/en/partners/sisak/5th-meeting/").content.decode()
    assert "<script>alert(1)</script>" not in content


def test_status_is_shown_clearly(client, meeting):
    meeting.status = "cancelled"
    meeting.save()
    content = client.get("/en/partners/sisak/5th-meeting/").content.decode()
    assert 'class="event-status event-status--cancelled" role="status"' in content
    assert "This event has been cancelled." in content
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


# Validation: each bad input is a clear error and nothing is saved.


def test_event_ending_before_it_starts_is_refused(meeting):
    meeting.end_date = datetime.date(2018, 10, 1)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end_date" in error.value.message_dict


def test_agenda_day_outside_the_event_dates_is_refused(meeting):
    meeting.agenda_de = [agenda_day(datetime.date(2018, 10, 20), "Kranj", (T(9, 0), None, "session", "Extra day", ""))]
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "2018-10-20" in " ".join(error.value.message_dict["agenda_de"])


def test_slot_ending_before_it_starts_is_refused():
    block = AgendaSlotBlock()
    value = block.to_python({"start": "16:30", "end": "14:30", "kind": "session", "title": "Backwards", "sub_items": []})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "end" in error.value.block_errors


def test_overlapping_slots_for_the_same_audience_are_refused():
    block = AgendaDayBlock()
    value = block.to_python(
        {
            "date": "2018-10-16",
            "town": "Sisak",
            "slots": [
                {"start": "14:30", "end": "16:30", "kind": "session", "title": "Steering Committee", "audience": "Coordinators"},
                {"start": "15:00", "end": "15:30", "kind": "break", "title": "Coffee", "audience": "coordinators "},
            ],
        }
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    slot_errors = error.value.block_errors["slots"].block_errors
    assert list(slot_errors) == [1]


def test_parallel_slots_for_different_audiences_are_allowed():
    block = AgendaDayBlock()
    value = block.to_python(
        {
            "date": "2018-10-16",
            "town": "Sisak",
            "slots": [
                {
                    "start": "14:30",
                    "end": "16:30",
                    "kind": "session",
                    "title": "Steering Committee",
                    "audience": "Partner coordinators",
                },
                {"start": "14:30", "end": "16:30", "kind": "study_tour", "title": "City tour", "audience": "Other participants"},
                {"start": "16:30", "end": "17:00", "kind": "break", "title": "Back-to-back is fine", "audience": ""},
            ],
        }
    )
    block.clean(value)


def test_admin_form_shows_the_error_and_saves_nothing(client, meeting, admin_user):

    client.force_login(admin_user)
    revisions_before = meeting.revisions.count()
    response = client.post(
        f"/admin/pages/{meeting.pk}/edit/", edit_form_data(meeting, start_date="2018-10-17", end_date="2018-10-15")
    )
    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    assert meeting.revisions.count() == revisions_before


def test_bad_time_zone_is_a_form_error(meeting):
    meeting.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "time_zone" in error.value.message_dict


# The index.


def relative_event(parent, days_from_today, length=0, **kwargs):
    start = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return EventPageFactory(parent=parent, start_date=start, end_date=start + datetime.timedelta(days=length), **kwargs)


def listed_titles(response):
    return re.findall(r'<p class="event-card__title"><a href="[^"]+">([^<]+)</a></p>', response.content.decode())


def test_upcoming_events_come_first_then_past_ones_by_year(client, event_index):
    relative_event(event_index, -400, title="Long ago")
    relative_event(event_index, -3, title="Last week")
    relative_event(event_index, -2, length=2, title="Ends today")
    relative_event(event_index, 30, title="Next month")
    relative_event(event_index, 5, title="Next week")
    content = client.get("/en/events/").content.decode()
    upcoming = content[content.index('id="upcoming-heading"') : content.index('id="past-heading"')]
    past = content[content.index('id="past-heading"') :]
    assert re.findall(r'">([^<]+)</a></p>', upcoming) == ["Ends today", "Next week", "Next month"]
    assert re.findall(r'">([^<]+)</a></p>', past) == ["Last week", "Long ago"]
    years = re.findall(r'<h3 class="event-list__year">(\d+)</h3>', past)
    assert years == sorted(set(years), reverse=True)


def test_filters_by_type_host_and_year(client, event_index, meeting, sisak):
    workshop_type = EventTypeFactory(slug="workshop", name="Workshop")
    EventPageFactory(
        parent=event_index,
        title="Forging workshop",
        event_type=workshop_type,
        start_date=datetime.date(2018, 9, 29),
        end_date=datetime.date(2018, 9, 29),
    )
    EventPageFactory(
        parent=event_index, title="Kick-off", start_date=datetime.date(2016, 10, 12), end_date=datetime.date(2016, 10, 14)
    )
    cases = {
        "?type=workshop": ["Forging workshop"],
        "?host=sisak": ["5th partnership meeting"],
        "?year=2018": ["5th partnership meeting", "Forging workshop"],
        "?year=2018&type=partnership-meeting": ["5th partnership meeting"],
        "?year=2016&host=sisak": [],
    }
    for query, expected in cases.items():
        response = client.get(f"/en/events/{query}")
        assert response.status_code == 200
        assert listed_titles(response) == expected, query


@pytest.mark.parametrize(
    "query",
    ["?type=nope", "?year=1900", "?year=abc", "?host=%3Cscript%3E", "?page=-1", "?page=99999", "?page=abc", "?page=" + "9" * 400],
)
def test_bad_filter_values_and_page_numbers_get_a_clear_answer(client, meeting, query):
    response = client.get(f"/en/events/{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert listed_titles(response) == ["5th partnership meeting"]


def test_pagination_keeps_the_filters(client, event_index):
    for number in range(15):
        relative_event(event_index, -10 - number, title=f"Past {number:02d}")
    first = client.get("/en/events/?type=partnership-meeting")
    assert len(listed_titles(first)) == 12
    assert 'href="?type=partnership-meeting&amp;page=2"' in first.content.decode()
    second = client.get("/en/events/?type=partnership-meeting&page=2")
    assert listed_titles(second) == ["Past 12", "Past 13", "Past 14"]


@pytest.mark.parametrize("deep_offset", [0, 10**6])
def test_a_deep_page_shows_the_same_events_when_read_by_their_ids_first(client, event_index, monkeypatch, deep_offset):
    # Past core.listing.DEEP_OFFSET a page's events are found by their ids first (a narrow OFFSET); the page
    # must not change. Page 2 ends the upcoming events and begins the past ones.
    monkeypatch.setattr("core.listing.DEEP_OFFSET", deep_offset)
    for number in range(14):
        relative_event(event_index, 10 + number, title=f"Soon {number:02d}")
    for number in range(15):
        relative_event(event_index, -10 - number, title=f"Past {number:02d}")
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        second = client.get("/en/events/?page=2")
    assert listed_titles(second) == ["Soon 12", "Soon 13", *(f"Past {number:02d}" for number in range(10))]
    offsets = [query["sql"] for query in queries.captured_queries if " OFFSET " in query["sql"]]
    assert offsets
    only_ids = [sql for sql in offsets if "," not in sql.split(" FROM ")[0]]
    assert (only_ids == offsets) if deep_offset == 0 else not only_ids


@pytest.mark.slow
def test_index_query_count_is_the_same_for_10_and_500_events(client, event_index, sisak):
    event_type = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    today = timezone.localdate()

    def add_events(count, offset):
        events = add_children_quickly(
            event_index,
            [
                EventPage(
                    title=f"Event {number}",
                    slug=f"event-{number}",
                    event_type=event_type,
                    start_date=today + datetime.timedelta(days=number * 7 - 1500),
                    end_date=today + datetime.timedelta(days=number * 7 - 1499),
                )
                for number in range(offset, offset + count)
            ],
        )
        for event in events:
            event.venues.create(name="Venue", town="Town", country="HR")
            event.host_partners.add(sisak)

    add_events(10, 0)
    ten = count_queries(client, "/en/events/")
    add_events(490, 10)
    assert EventPage.objects.count() == 500
    five_hundred = count_queries(client, "/en/events/")
    assert ten == five_hundred
    # Routing, the listing and its filter choices: a fixed cost, not per event.
    assert five_hundred <= 12
    assert count_queries(client, "/en/events/?year=2024&page=2") <= 12


def test_partner_page_lists_the_events_it_hosts(client, meeting):
    content = client.get("/en/partners/sisak/").content.decode()
    assert "Events it hosts" in content
    assert "5th partnership meeting" in content


def test_coordinator_adds_an_event_with_an_agenda_under_their_partner_in_the_admin(client, meeting, sisak, event_index):
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    coordinator = get_user_model().objects.create_user("coordinator", password="pw")
    add_coordinator(user=coordinator, partner_page=sisak)
    client.force_login(coordinator)

    def post(slots, parent):
        data = {
            "title_en": "Regional focus group",
            "slug_en": "focus-group",
            **empty_streams("body", "agenda"),
            "agenda_en": streamfield([("day", {"date": "2018-11-05", "town": "Sisak", "slots": list_block(slots)})]),
            "event_type": str(meeting.event_type_id),
            "status": "scheduled",
            "start_date": "2018-11-05",
            "end_date": "2018-11-05",
            "date_precision": "day",
            "time_zone": "Europe/Zagreb",
            "summary_en": "A focus group.",
            "registration_url": "",
            "registration_deadline": "",
            "venues": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
            "action-submit": "1",
        }
        return client.post(f"/admin/pages/add/events/eventpage/{parent.pk}/", nested_form_data(data))

    clash = [agenda_slot_form("10:00", "12:00", "Welcome"), agenda_slot_form("11:00", "11:30", "Coffee", kind="break")]
    response = post(clash, sisak)
    assert response.status_code == 200
    agenda_error = response.context["form"].errors["agenda_en"].as_data()[0]
    slot_error = agenda_error.block_errors[0].block_errors["slots"].block_errors[1].block_errors["start"]
    assert "This slot overlaps “Welcome” for the same audience." in slot_error.messages[0]
    assert not EventPage.objects.filter(slug_en="focus-group").exists()

    response = post([agenda_slot_form("10:00", "12:00", "Welcome", sub_items=["Introductions"])], sisak)
    assert response.status_code == 302
    event = EventPage.objects.get(slug_en="focus-group")
    assert event.get_parent().pk == sisak.pk
    assert not event.live  # waits for the communication managers' approval
    assert list(event.latest_revision.as_object().agenda_en[0].value["slots"][0]["sub_items"]) == ["Introductions"]

    # Not below the event index, which belongs to nobody's partner.
    assert post([agenda_slot_form("10:00", "12:00", "Welcome")], event_index).status_code in (302, 403)
    assert EventPage.objects.filter(slug_en="focus-group").count() == 1


def test_home_page_shows_the_latest_events(client, meeting, event_index):
    EventPageFactory(
        parent=event_index, title="Kick-off", start_date=datetime.date(2016, 10, 12), end_date=datetime.date(2016, 10, 14)
    )
    content = client.get("/en/").content.decode()
    section = content[content.index('id="events-heading"') :]
    assert re.findall(r'<p class="event-card__title"><a href="[^"]+">([^<]+)</a></p>', section)[:2] == [
        "5th partnership meeting",
        "Kick-off",
    ]
