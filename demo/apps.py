from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo content `make run` loads (from the original site's pages) and the large data set `make bench`
    measures with; it uses every app and no app uses it."""

    name = "demo"
    label = "demo"
    verbose_name = _("Demo content")
    default_auto_field = "django.db.models.BigAutoField"
