from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from partners.models import PartnerContact, PartnerIndexPage, PartnerPage


@register(PartnerIndexPage)
class PartnerIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(PartnerPage)
class PartnerPageTranslation(TranslationOptions):
    fields = ("town", "description", "pilot_actions")


@register(PartnerContact)
class PartnerContactTranslation(TranslationOptions):
    fields = ("role",)
