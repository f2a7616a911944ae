from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """The partnership: partner pages, the partner map, and coordinators' editing rights."""

    name = "partners"
    label = "partners"
    verbose_name = _("Partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.cache import watch_app
        from core.page_forms import add_to_page_forms
        from partners.media_forms import MediaChoiceGuardMixin
        from partners.page_visibility import hide_unpublished_pages_in_choosers_and_reports, show_public_titles
        from partners.services import grant_common_collection

        watch_app(self)

        # wagtail_modeltranslation replaces every page type's form class in its own ready(), which runs first
        # (it comes first in INSTALLED_APPS): the media check wraps those final classes.
        add_to_page_forms(MediaChoiceGuardMixin)
        show_public_titles()
        hide_unpublished_pages_in_choosers_and_reports()
        post_migrate.connect(grant_common_collection, sender=self)
