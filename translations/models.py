"""What each translation was made from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationSource(models.Model):
    """The English text a translation was made from, as a hash, per page, unit and language.

    Written whenever a translation is saved (admin, import, demo loader; see records.record_translations).
    A translation is outdated when the English text's hash today differs from the one recorded here.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_sources", verbose_name=_("page")
    )
    unit = models.CharField(
        _("field"), max_length=255, help_text=_("The field, or child.id.field for a field of an inline child.")
    )
    language = models.CharField(_("language"), max_length=10, help_text=_("The translation's language code."))
    source_hash = models.CharField(_("English text's hash"), max_length=64, help_text=_("What the English text said."))
    source_text = models.TextField(
        _("English text"),
        blank=True,
        help_text=_("The English text the translation was made from, as plain words: translators see what changed since."),
    )
    target_hash = models.CharField(_("translation's hash"), max_length=64, help_text=_("What the translation said."))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True, help_text=_("When the translation was saved."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Who saved the translation, if it was saved by a person."),
    )

    class Meta:
        verbose_name = _("translation source")
        verbose_name_plural = _("translation sources")
        constraints = [models.UniqueConstraint(fields=["page", "unit", "language"], name="one_source_per_translation")]

    def __str__(self):
        return f"{self.page_id} {self.unit} [{self.language}]"
