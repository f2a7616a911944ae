from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from publications.models import PublicationIndexPage, PublicationPage, PublicationType


@register(PublicationType)
class PublicationTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(PublicationIndexPage)
class PublicationIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(PublicationPage)
class PublicationPageTranslation(TranslationOptions):
    fields = ("abstract",)
