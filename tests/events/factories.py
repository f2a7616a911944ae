"""Builders for events: event types, pages, agenda days (as stored) and agenda slots (as the admin form posts them)."""

import datetime

import factory
import wagtail_factories

from events.models import EventIndexPage, EventPage, EventType
from tests.admin_forms import list_block


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


def agenda_slot_form(start, end, title, *, audience="", kind="session", sub_items=()):
    """An agenda slot as the admin form posts it (nested form data)."""
    return {
        "start": start,
        "end": end,
        "kind": kind,
        "title": title,
        "description": "",
        "sub_items": list_block(list(sub_items)),
        "audience": audience,
        "venue": "",
    }
