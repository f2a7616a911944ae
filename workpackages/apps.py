from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkPackagesConfig(AppConfig):
    """The project's work packages: their index and one page per work package with its outputs."""

    name = "workpackages"
    label = "workpackages"
    verbose_name = _("Work packages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.cache import watch_app
        from core.sections import register_section
        from workpackages import sections

        watch_app(self)
        register_section("inducult.HomePage", order=10, provider=sections.work_packages_of_the_site)
        register_section("partners.PartnerPage", order=10, provider=sections.work_packages_a_partner_leads)
