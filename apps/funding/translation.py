"""The texts of a call for proposals can be translated in the admin (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Call


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "description", "how_to_apply", "legal_notice")
