from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Partnership meetings, workshops and conferences, with structured agendas and calendar files."""

    name = "events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.cache import watch_app
        from core.sections import register_section
        from events import sections

        watch_app(self)
        register_section("inducult.HomePage", order=20, provider=sections.latest_events)
        register_section("partners.PartnerPage", order=30, provider=sections.events_a_partner_hosts)
