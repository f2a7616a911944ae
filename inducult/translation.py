"""Per-language columns for the site-wide pages (Page's own title, slug and SEO fields come with
wagtail-modeltranslation; listing them again here would fail)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from inducult.models import HomePage, StandardPage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("subtitle", "nutshell", "objectives_intro", "objectives", "highlights")


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")
