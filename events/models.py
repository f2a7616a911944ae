"""Events: the index with filters and a calendar feed, and one page per event with its agenda."""

import datetime
import zoneinfo
from itertools import groupby

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from core.cache import remember
from core.collation import sorted_for
from core.languages import text_in
from core.listing import FilterableListingMixin, deep_slice, pages_of_site
from core.models import LINK_FIELDS, SitePage
from events.blocks import AgendaStreamBlock
from events.calendars import events_calendar
from events.choices import DatePrecision, EventStatus
from partners.models import Country, PartnerPage

EVENTS_PER_PAGE = 12


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("“%(value)s” is not a time zone name such as Europe/Zagreb."), params={"value": value}) from None


class EventType(models.Model):
    """A kind of event (partnership meeting, workshop, …); editors add their own."""

    name = models.CharField(_("name"), max_length=80, help_text=_("For example “Partnership meeting”."))
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in the address of a filtered event list."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower numbers come first in the filter."))

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("event type")
        verbose_name_plural = _("event types")

    def __str__(self):
        return self.name


# The columns an event's card needs: its title, summary and address in every language, what routing and URLs
# read, and its type, dates and status.
CARD_FIELDS = (
    *LINK_FIELDS,
    "summary",
    "start_date",
    "end_date",
    "date_precision",
    "status",
    "event_type",
    "event_type__name",
)


class UpcomingThenPast:
    """Upcoming events (soonest first) followed by past ones (latest first), sliceable for a Paginator."""

    def __init__(self, events, *, today, count_key=None):
        """`count_key`: where the counts may be kept until the content changes (FilterableListingMixin)."""
        self.upcoming = events.filter(end_date__gte=today).order_by("start_date", "pk")
        self.past = events.filter(end_date__lt=today).order_by("-start_date", "-pk")
        self._events, self._today, self._counts = events, today, None
        self._count_key = f"{count_key}:{today.isoformat()}" if count_key else None

    def _count_both(self):
        if self._counts is None:

            def count():
                return self._events.aggregate(total=Count("pk"), upcoming=Count("pk", filter=Q(end_date__gte=self._today)))

            self._counts = remember(self._count_key, count) if self._count_key else count()
        return self._counts

    def upcoming_count(self):
        return self._count_both()["upcoming"]

    def count(self):
        return self._count_both()["total"]

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        start, stop = item.start or 0, item.stop
        split = self.upcoming_count()
        items = list(deep_slice(self.upcoming, slice(start, min(stop, split)))) if start < split else []
        if stop > split:
            items += list(deep_slice(self.past, slice(max(start - split, 0), stop - split)))
        return items


class EventFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False)
    host = forms.ChoiceField(label=_("Host partner"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, types, hosts, years, **kwargs):
        """`types` and `hosts` are (slug, name) pairs, `years` a list of years."""
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *types]
        self.fields["host"].choices = [("", _("All partners")), *hosts]
        self.fields["year"].choices = [("", _("All years")), *((str(year), str(year)) for year in years)]


def filter_events(events, selected):
    """The events that match an EventFilterForm's cleaned data; an empty value leaves its filter out."""
    if selected.get("type"):
        events = events.filter(event_type__slug=selected["type"])
    if selected.get("host"):
        events = events.filter(host_partners__slug_en=selected["host"])
    if selected.get("year"):
        events = events.filter(start_date__year=int(selected["year"]))
    return events


class EventIndexPage(FilterableListingMixin, RoutablePageMixin, SitePage):
    """Every event of the site, wherever its page lives: upcoming first, then past ones by year."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("Shown above the list."))

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["inducult.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    filter_form_class = EventFilterForm
    items_per_page = EVENTS_PER_PAGE

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    @classmethod
    def url_for(cls, *, host=None):
        """The address of the event list filtered to the events a partner page `host` hosts."""
        return cls.listing_url(host=host.slug_en if host is not None else None)

    def all_events(self):
        return pages_of_site(self, EventPage)

    def listing_items(self):
        # Only what a card shows (includes/event_card.html): an event row is hundreds of columns wide with every
        # language's text, and building the query and the objects costs as much as the columns.
        return (
            self.all_events()
            .only(*CARD_FIELDS)
            .select_related("event_type")
            .prefetch_related(Prefetch("venues", queryset=EventVenue.objects.only("event", "town", "sort_order")))
        )

    def filter_items(self, items, selected):
        return filter_events(items, selected)

    def paginated(self, items, count_key=None):
        return UpcomingThenPast(items, today=timezone.localdate(), count_key=count_key)

    def filter_choices(self):
        """The filters' choices, cached per language until the content changes."""

        # Only the values that have events, in the visitor's alphabetical order.
        def build():
            language = get_language()
            events = self.all_events().values("pk")
            hosts = PartnerPage.objects.live().filter(hosted_events__in=events).distinct()
            types = EventType.objects.filter(pk__in=self.all_events().values("event_type"))
            return {
                "types": sorted_for([(item.slug, item.name) for item in types], language, key=lambda choice: choice[1]),
                "hosts": sorted_for(
                    [(partner.slug_en, partner.display_name) for partner in hosts.defer_streamfields()],
                    language,
                    key=lambda choice: choice[1],
                ),
                "years": [day.year for day in self.all_events().dates("start_date", "year", order="DESC")],
            }

        return remember(f"event-filters:{self.pk}:{get_language()}", build)

    def canonical_query(self, request):
        """The list's filters and page number in canonical form; the calendar feed reads no parameters."""
        if request.path != self.get_url(request):
            return ""
        return super().canonical_query(request)

    @path("")
    def event_list(self, request):
        listing = self.listing(request)
        events = listing.page
        today = timezone.localdate()
        upcoming = [event for event in events if event.end_date >= today]
        past = [event for event in events if event.end_date < today]
        return self.render(
            request,
            context_overrides={
                "filter_form": listing.form,
                "is_filtered": listing.is_filtered,
                "events": events,
                "upcoming_events": upcoming,
                "past_events_by_year": [
                    (year, list(group)) for year, group in groupby(past, key=lambda event: event.start_date.year)
                ],
                "filter_query": listing.filter_query,
            },
        )

    @path("calendar/", name="calendar")
    def calendar_feed(self, request):
        events = self.all_events().exclude(date_precision=DatePrecision.MONTH).prefetch_related("venues").order_by("start_date")
        return calendar_response(events_calendar(events=events, request=request, with_agenda=False), "inducult-events.ics")


def calendar_response(calendar_bytes, filename):
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EventPage(RoutablePageMixin, SitePage):
    """One event: dates, venues, hosts, registration, status, and its agenda day by day."""

    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"), help_text=_("What kind of event this is.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_("Postponed and cancelled events are marked clearly on the site and in calendars."),
    )
    # When and where
    start_date = models.DateField(_("start date"), help_text=_("First day of the event."))
    end_date = models.DateField(_("end date"), help_text=_("Last day of the event; the same as the start date for one day."))
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("“Month only” shows just the month, for events whose exact days are not known."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Berlin",
        validators=[validate_time_zone],
        help_text=_("The venue's time zone, for example Europe/Zagreb; agenda times are in this zone."),
    )
    host_partners = ParentalManyToManyField(
        "partners.PartnerPage",
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host partners"),
        help_text=_("The partners who host the event."),
    )
    # Content
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and search engines."))
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"), help_text=_("More about the event."))
    agenda = StreamField(
        AgendaStreamBlock(),
        blank=True,
        verbose_name=_("agenda"),
        help_text=_("The programme day by day; each day holds its time slots."),
    )
    # Registration
    registration_url = models.URLField(_("registration link"), blank=True, help_text=_("Where visitors register, if they can."))
    registration_deadline = models.DateField(
        _("registration deadline"), null=True, blank=True, help_text=_("Last day to register.")
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("agenda"),
        index.FilterField("start_date"),
    ]
    search_related = ("event_type", "host_partners", "venues")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("date_precision"), FieldPanel("time_zone")]),
            ],
            heading=_("Dates"),
        ),
        InlinePanel("venues", heading=_("Venues"), label=_("Venue")),
        FieldPanel("host_partners", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("agenda"),
        MultiFieldPanel([FieldPanel("registration_url"), FieldPanel("registration_deadline")], heading=_("Registration")),
    ]

    parent_page_types = ["partners.PartnerPage", "events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # The event index and the home page read events in date order, a page at a time: without the index
        # the database sorts every event row first.
        indexes = [models.Index(fields=["start_date", "page_ptr"], name="event_start_date_idx")]

    def search_extras(self, language):
        texts = [text_in(self.event_type, "name", language)]
        texts += [text_in(host, "title", language) for host in self.host_partners.all()]
        for venue in self.venues.all():
            texts += [text_in(venue, "name", language), text_in(venue, "town", language)]
        return texts

    def search_date(self):
        return self.start_date

    def search_facets(self):
        return [("partner", host.pk) for host in self.host_partners.all()]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        elif self.start_date and self.end_date:
            for field_name, days in self.agendas_by_field():
                # A draft's day may have no date yet (Wagtail defers required fields for drafts): nothing to compare.
                dates = [day.value.get("date") for day in days]
                outside = [date for date in dates if date is not None and not self.start_date <= date <= self.end_date]
                if outside:
                    errors[field_name] = _("The agenda has a day outside the event's dates: %(dates)s.") % {
                        "dates": ", ".join(date.isoformat() for date in outside)
                    }
        if self.registration_deadline and self.end_date and self.registration_deadline > self.end_date:
            errors["registration_deadline"] = _("The registration deadline cannot be after the event.")
        if errors:
            raise ValidationError(errors)

    def agendas_by_field(self):
        """Each language's agenda as (field name, stream value), skipping empty translations."""
        for code, _name in settings.LANGUAGES:
            value = getattr(self, f"agenda_{code}", None)
            if value:
                yield f"agenda_{code}", value

    @property
    def is_past(self):
        return self.end_date < timezone.localdate()

    @property
    def has_exact_dates(self):
        return self.date_precision == DatePrecision.DAY

    def start_in_time_zone(self):
        return datetime.datetime.combine(self.start_date, datetime.time(0), tzinfo=zoneinfo.ZoneInfo(self.time_zone))

    @path("")
    def event_detail(self, request):
        venues, hosts = list(self.venues.all()), list(self.host_partners.only(*LINK_FIELDS))
        return self.render(
            request,
            context_overrides={
                "venues": venues,
                "hosts": hosts,
                "event_list_url": EventIndexPage.listing_url(),
                "structured_data": event_structured_data(self, request, venues=venues, hosts=hosts),
            },
        )

    @path("calendar/", name="calendar")
    def calendar_file(self, request):
        if not self.has_exact_dates:
            raise Http404("This event has no exact dates yet.")
        return calendar_response(events_calendar(events=[self], request=request, with_agenda=True), f"{self.slug}.ics")


class EventVenue(Orderable):
    """A place where an event happens; an event may have several (one per town, for example)."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200, help_text=_("The venue's name, for example a hotel or a town hall."))
    town = models.CharField(_("town"), max_length=120, help_text=_("The town the venue is in."))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, help_text=_("The venue's country."))
    address = models.CharField(_("address"), max_length=255, blank=True, help_text=_("Street and number, postcode."))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True, help_text=_("Optional."))
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True, help_text=_("Optional.")
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("town"), FieldPanel("country")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return f"{self.name}, {self.town}"


def event_structured_data(event, request, *, venues, hosts):
    """schema.org Event data for search engines, in the page's language."""
    statuses = {
        EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
        EventStatus.POSTPONED: "https://schema.org/EventPostponed",
        EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    }
    # A previewed draft may have no status yet (Wagtail defers required fields for drafts).
    status = statuses.get(event.status, statuses[EventStatus.SCHEDULED])
    date_format = "%Y-%m-%d" if event.has_exact_dates else "%Y-%m"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": request.build_absolute_uri(event.url),
        "startDate": event.start_date.strftime(date_format),
        "endDate": event.end_date.strftime(date_format),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": get_language(),
        "location": [
            {
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.address,
                    "addressLocality": venue.town,
                    "addressCountry": venue.country,
                },
            }
            for venue in venues
        ],
        "organizer": [
            {"@type": "Organization", "name": partner.title, "url": request.build_absolute_uri(partner.url)} for partner in hosts
        ],
    }
    if event.summary:
        data["description"] = event.summary
    return data
