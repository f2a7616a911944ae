from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from events.models import EventIndexPage, EventPage, EventType, EventVenue


@register(EventType)
class EventTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(EventIndexPage)
class EventIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(EventPage)
class EventPageTranslation(TranslationOptions):
    fields = ("summary", "body", "agenda")


@register(EventVenue)
class EventVenueTranslation(TranslationOptions):
    fields = ("name", "town")
