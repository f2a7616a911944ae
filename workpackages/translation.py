"""Per-language columns of the work package pages (Page's own title, slug and SEO fields come with
wagtail-modeltranslation)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from workpackages.models import WorkPackageIndexPage, WorkPackagePage


@register(WorkPackageIndexPage)
class WorkPackageIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(WorkPackagePage)
class WorkPackagePageTranslation(TranslationOptions):
    fields = ("summary", "objectives", "outputs")
