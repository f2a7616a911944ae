"""Calendar files (RFC 5545) for events and their agendas, made with the icalendar library."""

import datetime
import zoneinfo

from django.utils import timezone
from icalendar import Calendar, Event, vText

from events.choices import EventStatus
from events.vtimezones import vtimezone

ICAL_STATUS = {EventStatus.SCHEDULED: "CONFIRMED", EventStatus.POSTPONED: "TENTATIVE", EventStatus.CANCELLED: "CANCELLED"}


def _uid(*parts, host):
    # UIDs must stay the same across downloads so calendar programs update entries instead of duplicating them.
    return "-".join(str(part) for part in parts) + f"@{host}"


def _place(*parts):
    """Parts of a place joined once each: a venue named after its town ("Sisak", "Sisak") says the town once."""
    shown = []
    for part in parts:
        part = (part or "").strip()
        if part and part.casefold() not in (seen.casefold() for seen in shown):
            shown.append(part)
    return ", ".join(shown)


def _location(event):
    return "; ".join(_place(venue.name, venue.address, venue.town, venue.get_country_display()) for venue in event.venues.all())


def _event_entry(event, *, request, host, stamp):
    entry = Event()
    entry.add("uid", _uid("event", event.pk, host=host))
    entry.add("dtstamp", stamp)
    entry.add("summary", event.title)
    # All-day entries: DTEND is the day after the last day (RFC 5545, 3.6.1).
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + datetime.timedelta(days=1))
    entry.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    entry.add("url", request.build_absolute_uri(event.url))
    if event.summary:
        entry.add("description", event.summary)
    location = _location(event)
    if location:
        entry.add("location", vText(location))
    return entry


def _slot_entries(event, *, request, host, stamp):
    zone = zoneinfo.ZoneInfo(event.time_zone)
    for day in event.agenda:
        for slot_block in day.value["slots"].bound_blocks:
            slot = slot_block.value
            entry = Event()
            entry.add("uid", _uid("event", event.pk, "slot", slot_block.id, host=host))
            entry.add("dtstamp", stamp)
            title = slot["title"] if not slot.get("audience") else f"{slot['title']} ({slot['audience']})"
            entry.add("summary", f"{title} – {event.title}")
            entry.add("dtstart", datetime.datetime.combine(day.value["date"], slot["start"], tzinfo=zone))
            if slot.get("end"):
                entry.add("dtend", datetime.datetime.combine(day.value["date"], slot["end"], tzinfo=zone))
            description = "\n".join(filter(None, [slot.get("description"), *(f"• {item}" for item in slot["sub_items"])]))
            if description:
                entry.add("description", description)
            location = _place(slot.get("venue"), day.value.get("town"))
            if location:
                entry.add("location", vText(location))
            entry.add("categories", [str(slot.kind_label())])
            entry.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
            entry.add("related-to", _uid("event", event.pk, host=host))
            entry.add("url", request.build_absolute_uri(event.url))
            yield entry


def events_calendar(*, events, request, with_agenda):
    """A calendar with one all-day entry per event and, if asked, one timed entry per agenda slot."""
    host = request.get_host().split(":")[0]
    calendar = Calendar()
    calendar.add("prodid", "-//InduCult2.0//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "InduCult2.0")
    stamp = timezone.now()
    years_by_zone = {}
    for event in events:
        calendar.add_component(_event_entry(event, request=request, host=host, stamp=event.last_published_at or stamp))
        if with_agenda:
            for entry in _slot_entries(event, request=request, host=host, stamp=event.last_published_at or stamp):
                calendar.add_component(entry)
                year = entry.decoded("dtstart").year
                first, last = years_by_zone.get(event.time_zone, (year, year))
                years_by_zone[event.time_zone] = (min(first, year), max(last, year))
    # Timed entries refer to their zone by TZID; the calendar carries each zone's definition (RFC 5545, 3.6.5),
    # ahead of the entries as calendar programs expect it.
    calendar.subcomponents[:0] = [vtimezone(zone, first, last) for zone, (first, last) in sorted(years_by_zone.items())]
    return calendar.to_ical()
