from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Translators' tools: what each translation was made from, the overview, the translator role, export and import."""

    name = "translations"
    label = "translations"
    verbose_name = _("Translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from translations.forms import guard_page_forms

        # wagtail_modeltranslation replaces every page type's form class in its own ready(); this app comes
        # later in INSTALLED_APPS, so the translator guard wraps the final classes of every page type.
        guard_page_forms()
