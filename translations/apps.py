from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Translators' tools: what each translation was made from, the overview, the translator role, export and import."""

    name = "translations"
    label = "translations"
    verbose_name = _("Translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.page_forms import add_to_page_forms
        from translations.forms import TranslatorGuardMixin

        # Outermost: it decides which fields a translator's post may change before any other check reads them.
        add_to_page_forms(TranslatorGuardMixin)
