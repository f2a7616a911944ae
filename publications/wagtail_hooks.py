from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from publications.models import PublicationType


class PublicationTypeViewSet(SnippetViewSet):
    """Editors add publication types (beyond strategies, books, …) under Snippets."""

    model = PublicationType
    icon = "doc-full"
    menu_label = _("Publication types")
    list_display = ["name", "slug", "citation_kind", "is_scientific"]
    ordering = ["sort_order", "name"]


register_snippet(PublicationTypeViewSet)
