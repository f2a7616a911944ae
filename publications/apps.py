from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    """The library of the project's outputs: publications, each with a document per language."""

    name = "publications"
    label = "publications"
    verbose_name = _("Publications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.cache import watch_app
        from core.sections import register_section
        from publications import sections

        watch_app(self)
        register_section("inducult.HomePage", order=30, provider=sections.highlighted_publications)
        register_section("partners.PartnerPage", order=20, provider=sections.publications_a_partner_wrote)
        register_section("workpackages.WorkPackagePage", order=10, provider=sections.outputs_of_a_work_package)
