from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InducultConfig(AppConfig):
    """The project package: site-wide pages (overview, standard pages, work packages) and blocks."""

    name = "inducult"
    label = "inducult"
    verbose_name = _("InduCult2.0 site")
    default_auto_field = "django.db.models.BigAutoField"
