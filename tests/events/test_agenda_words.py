"""The agenda and its calendar file in every language: the demo's 5th partnership meeting in Sisak and Kranj as
a visitor reads it (weekdays, time zone, labels said once, English text marked as such) and as calendar
programs read its file (one clean LOCATION, the same times through two independent parsers)."""

import datetime
import re
import zoneinfo

import dateutil.tz
import pytest
import vobject
from icalendar import Calendar, Event

from demo.content import FIFTH_MEETING_AGENDA
from demo.loader import agenda_day
from events.vtimezones import vtimezone
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PAGE = "/{language}/partners/sisak/5th-meeting/"


@pytest.fixture
def meeting(home_page):
    EventIndexPageFactory(parent=home_page)
    partners = PartnerIndexPageFactory(parent=home_page)
    sisak = PartnerPageFactory(parent=partners, title="Sisak-Moslavina County", slug="sisak", short_name="", country="HR")
    event = EventPageFactory(
        parent=sisak,
        title="5th partnership meeting",
        title_hr="5. sastanak partnerstva",
        slug="5th-meeting",
        time_zone="Europe/Zagreb",
        agenda=[("day", agenda_day(day)) for day in FIFTH_MEETING_AGENDA],
    )
    event.host_partners.add(sisak)
    # As the demo has it: the venue is named after its town.
    event.venues.create(name="Sisak", town="Sisak", country="HR")
    event.venues.create(name="Kranj", town="Kranj", country="SI")
    event.save()
    return event


def calendar_file(client, language="en"):
    response = client.get(PAGE.format(language=language) + "calendar/")
    assert response.status_code == 200
    return response.content


def starts_read_by_icalendar(data):
    """{"summary #uid": start} as icalendar reads them: it looks zones up in the tz database by their TZID."""
    return {f"{entry['summary']} #{entry['uid']}": entry.decoded("dtstart") for entry in Calendar.from_ical(data).walk("VEVENT")}


def starts_read_by_vobject(data):
    """{"summary #uid": start} as vobject reads them: through dateutil, from the VTIMEZONE in the file itself."""
    # vobject keeps the first definition of a TZID it meets for the whole process, and falls back to the tz
    # database for a TZID it has not met: forget what it met before, so that this file's definition is read.
    vobject.icalendar.__dict__["__tzidMap"].clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    entries = vobject.readOne(data.decode()).vevent_list
    starts = {f"{entry.summary.value} #{entry.uid.value}": entry.dtstart.value for entry in entries}
    for start in starts.values():
        if isinstance(start, datetime.datetime):
            assert isinstance(start.tzinfo, dateutil.tz.tz._tzicalvtz)  # the file's zone, not the tz database's
    return starts


def start_of(starts, beginning):
    return next(start for summary, start in starts.items() if summary.startswith(beginning))


# --- Calendar files -------------------------------------------------------------------------------------------


def test_the_sisak_study_tour_is_at_8_utc_in_two_independent_parsers(client, meeting):
    data = calendar_file(client)
    expected = datetime.datetime(2018, 10, 15, 8, 0, tzinfo=UTC)  # 10.00 in Sisak, summer time (UTC+2)
    assert start_of(starts_read_by_icalendar(data), "Pre-meeting study tour").astimezone(UTC) == expected
    assert start_of(starts_read_by_vobject(data), "Pre-meeting study tour").astimezone(UTC) == expected


def test_every_slot_reads_the_same_in_both_parsers(client, meeting):
    data = calendar_file(client)
    with_icalendar, with_vobject = starts_read_by_icalendar(data), starts_read_by_vobject(data)
    timed = {summary for summary, start in with_icalendar.items() if isinstance(start, datetime.datetime)}
    assert len(timed) == sum(len(day["slots"]) for day in FIFTH_MEETING_AGENDA)
    for summary in timed:
        assert with_vobject[summary].astimezone(UTC) == with_icalendar[summary].astimezone(UTC)
        assert with_icalendar[summary].utcoffset() == datetime.timedelta(hours=2)


def test_the_time_zone_is_written_with_yearly_rules_not_a_list_of_dates(client, meeting):
    text = calendar_file(client).decode()
    zone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert "TZID:Europe/Zagreb" in zone
    assert "RDATE" not in zone  # Outlook ignores RDATE in a VTIMEZONE
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone
    # The zone comes before the entries that refer to it.
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_an_agenda_across_the_change_to_winter_time_reads_right_on_both_sides(client, meeting):
    meeting.start_date, meeting.end_date = datetime.date(2018, 10, 27), datetime.date(2018, 10, 29)
    study_tour, _lunch, welcoming = FIFTH_MEETING_AGENDA[0]["slots"][:3]
    meeting.agenda = [
        ("day", agenda_day({"date": "2018-10-27", "town": "Sisak", "slots": [study_tour]})),
        ("day", agenda_day({"date": "2018-10-29", "town": "Sisak", "slots": [welcoming]})),
    ]
    meeting.save()
    data = calendar_file(client)
    for starts in (starts_read_by_icalendar(data), starts_read_by_vobject(data)):
        assert start_of(starts, "Pre-meeting").astimezone(UTC) == datetime.datetime(2018, 10, 27, 8, 0, tzinfo=UTC)
        # 14.00 in winter time (UTC+1)
        assert start_of(starts, "Welcoming").astimezone(UTC) == datetime.datetime(2018, 10, 29, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(("language", "country"), [("en", "Croatia"), ("cs", "Chorvatsko"), ("hr", "Hrvatska")])
def test_location_names_each_place_once(client, meeting, language, country):
    data = calendar_file(client, language)
    event, *slots = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["location"]).startswith(f"Sisak, {country}; Kranj, ")
    assert len([line for line in data.decode().splitlines() if line.startswith("LOCATION")]) == 1 + len(slots)
    assert {str(slot["location"]) for slot in slots} == {"Sisak", "Kranj"}


@pytest.mark.parametrize(
    ("zone_name", "first_year", "last_year"),
    [
        ("Europe/Zagreb", 2016, 2019),
        ("America/New_York", 2006, 2008),  # the United States' rules changed in 2007
        ("Australia/Sydney", 2007, 2009),  # the south: summer over the new year, rules changed in 2008
        ("Europe/Moscow", 2010, 2012),  # summer time given up in 2011
        ("Asia/Tokyo", 2018, 2018),  # no changes at all
    ],
)
def test_the_time_zone_definition_agrees_with_the_tz_database_in_both_parsers(zone_name, first_year, last_year):
    zone = zoneinfo.ZoneInfo(zone_name)
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(vtimezone(zone_name, first_year, last_year))
    expected = {}
    local = datetime.datetime(first_year, 1, 1, 0, 30)
    while local.year <= last_year:
        aware = local.replace(tzinfo=zone)
        # Local times that do not exist or happen twice (at a change) are no fair test of anything.
        exists = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local
        if exists and aware.replace(fold=1).utcoffset() == aware.utcoffset():
            entry = Event()
            entry.add("uid", str(len(expected)))
            entry.add("summary", local.isoformat())
            entry.add("dtstamp", datetime.datetime(2020, 1, 1, tzinfo=UTC))
            entry.add("dtstart", aware)
            calendar.add_component(entry)
            expected[f"{local.isoformat()} #{len(expected)}"] = aware.astimezone(UTC)
        local += datetime.timedelta(hours=11, minutes=7)
    data = calendar.to_ical()
    assert b"RDATE" not in data
    with_icalendar = {summary: start.astimezone(UTC) for summary, start in starts_read_by_icalendar(data).items()}
    with_vobject = {summary: start.astimezone(UTC) for summary, start in starts_read_by_vobject(data).items()}
    assert with_icalendar == expected
    assert with_vobject == expected


# --- The agenda on the page -----------------------------------------------------------------------------------


def slot_titles_and_kinds(content):
    return re.findall(
        r'<p class="agenda-slot__title"><strong[^>]*>([^<]+)</strong>(?: <span class="agenda-slot__kind">([^<]+)</span>)?</p>',
        content,
    )


def test_a_slot_says_its_kind_only_where_the_title_does_not(client, meeting):
    shown = dict(slot_titles_and_kinds(client.get(PAGE.format(language="en")).content.decode()))
    assert shown["Lunch"] == "" and shown["Break"] == ""  # not "Lunch MEAL", "Break BREAK"
    assert shown["Pre-meeting study tour: visiting the company Applied Ceramics and the entrepreneurial incubator PISAK"] == ""
    assert shown["Welcoming"] == "Session"
    assert shown["Transfer to Kranj (Slovenia)"] == ""
    assert shown["Farewell dinner"] == "Social"
    assert shown["Study or city tour"] == "Study tour"


WEEKDAY_HEADINGS = {
    "en": "Monday, October 15, 2018",
    "de": "Montag, 15. Oktober 2018",
    "cs": "pondělí 15. října 2018",
    "pl": "poniedziałek, 15 października 2018",
    "sl": "ponedeljek, 15. oktober 2018",
    "hr": "ponedjeljak, 15. listopada 2018.",
    "it": "lunedì 15 ottobre 2018",
    "nl": "maandag 15 oktober 2018",
}
ZONE_IN_WORDS = {
    "en": "Central European Time",
    "de": "Mitteleuropäische Zeit",
    "cs": "středoevropský čas",
    "pl": "czas środkowoeuropejski",
    "sl": "Srednjeevropski čas",
    "hr": "srednjoeuropsko vrijeme",
    "it": "Ora dell’Europa centrale",
    "nl": "Midden-Europese tijd",
}


@pytest.mark.parametrize("language", WEEKDAY_HEADINGS)
def test_days_and_the_time_zone_are_in_the_visitors_words(client, meeting, language):
    content = client.get(PAGE.format(language=language)).content.decode()
    headings = re.findall(r'class="agenda-day__heading"><time datetime="2018-10-1\d">([^<]+)</time>', content)
    # CLDR's spelling: weekdays in lower case within a date in Croatian, Polish, Italian …
    assert headings[0] == WEEKDAY_HEADINGS[language]
    assert len(headings) == 3
    note = re.search(r'<p class="small">([^<]+)</p>\s*<div><section class="agenda-day"', content).group(1)
    assert f"({ZONE_IN_WORDS[language]})" in note
    assert "Europe/Zagreb" not in note


def test_agenda_text_shown_in_english_is_marked_and_the_visitors_words_are_not(client, meeting):
    content = client.get(PAGE.format(language="hr")).content.decode()
    agenda = content[content.index('<h2 id="agenda-heading">') :]
    assert '<strong lang="en">Progress Communication</strong> <span class="agenda-slot__kind">' in agenda
    assert '· <span lang="en">Sisak</span>' in agenda
    assert '<ul class="agenda-slot__items" lang="en"><li>Travelling caravan</li>' in agenda
    # The weekday, the kind labels and "For:" are Croatian: never inside an element marked English.
    assert re.search(r'<time datetime="2018-10-15">ponedjeljak, 15\. listopada 2018\.</time>', agenda)
    assert re.search(r'<p class="agenda-slot__audience">[^<]*<span lang="en">Partner coordinators</span></p>', agenda)
    for marked in re.findall(r'<(\w+) [^>]*lang="en"[^>]*>(.*?)</\1>', agenda, flags=re.S):
        assert "agenda-slot__kind" not in marked[1] and "<time" not in marked[1]
    # An agenda in the page's language marks nothing.
    english = client.get(PAGE.format(language="en")).content.decode()
    assert 'lang="en"' not in english[english.index('<h2 id="agenda-heading">') : english.index("</article>")]
