"""What the events show on other pages: the latest on the home page, those a partner hosts."""

from django.utils.translation import gettext as _

from core.listing import latest_and_more
from core.sections import Section
from events.models import EventIndexPage, EventPage


def latest_events(home, request, count=3):
    """The events with the latest dates (upcoming ones first, as they are the latest)."""
    events = list(
        EventPage.objects.live()
        .public()
        .descendant_of(home)
        .defer_streamfields()
        .select_related("event_type")
        .prefetch_related("venues")
        .order_by("-start_date", "-pk")[:count]
    )
    if not events:
        return None
    return Section(
        key="events",
        heading=_("Events"),
        template="events/sections/event_list.html",
        items=events,
        extra={"css_class": "container home-events"},
    )


def events_a_partner_hosts(partner, request):
    events = partner.hosted_events.live().public().defer_streamfields().select_related("event_type")
    items, more_url = latest_and_more(
        events.prefetch_related("venues").order_by("-start_date", "-pk"), lambda: EventIndexPage.url_for(host=partner)
    )
    if not items:
        return None
    return Section(
        key="events",
        heading=_("Events it hosts"),
        template="events/sections/event_list.html",
        items=items,
        more_url=more_url,
        more_label=_("All events this partner hosted"),
    )
