"""The action fund's public introduction can be translated in the admin (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import FundYear


@register(FundYear)
class FundYearTranslationOptions(TranslationOptions):
    fields = ("intro",)
