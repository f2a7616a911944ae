from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    """The site search: one search table of every live public page in every language, kept current as pages
    are published, moved and deleted, and the text of the documents they offer."""

    name = "sitesearch"
    label = "sitesearch"
    verbose_name = _("Site search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sitesearch import signals

        signals.connect()
