from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import EventType


class EventTypeViewSet(SnippetViewSet):
    """Editors add event types (beyond meetings, workshops, …) under Snippets."""

    model = EventType
    icon = "date"
    menu_label = _("Event types")
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(EventTypeViewSet)
