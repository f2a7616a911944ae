"""Sections one app contributes to another app's pages: a partner page lists the events it hosts and the
publications it wrote, the home page the latest events, and so on.

The app that owns the items registers a section for the page type that shows them (from its AppConfig's
`ready()`), so the page's own app does not import it: dependencies keep pointing one way, and a new app
adds its sections without an edit to any other app. A page renders `{% page_sections page %}`
(core_tags), which asks every section registered for its type, in their order.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    """What one section of a page shows; `template` renders it with `section` in its context."""

    key: str  # a short name, unique on the page: the HTML id of its heading is "<key>-heading"
    heading: str
    template: str
    items: list = field(default_factory=list)
    more_url: str | None = None
    more_label: str = ""
    extra: dict = field(default_factory=dict)


_registry = {}  # page model label -> [(order, provider)]


def register_section(page_model_label, *, order, provider):
    """Show what `provider(page, request)` returns (a Section, or None for nothing) on pages of the type
    `page_model_label` ("partners.PartnerPage"), sorted by `order` among the page's sections."""
    providers = _registry.setdefault(page_model_label.lower(), [])
    if all(existing is not provider for _order, existing in providers):
        providers.append((order, provider))
        providers.sort(key=lambda entry: entry[0])


def sections_for(page, request):
    """The sections of `page` that have something to show, in order."""
    label = page._meta.label_lower
    sections = [provider(page, request) for _order, provider in _registry.get(label, ())]
    return [section for section in sections if section is not None]
