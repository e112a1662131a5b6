"""Content the office writes that the admin can translate (django-modeltranslation): German is
the original and the fallback, see README "Content in several languages"."""

from modeltranslation.translator import TranslationOptions, register

from .models import AccessibilityStatement, NewsPost, NonAccessibleContent, Page, SignLanguageVideo, Slide


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body", "meta_description")


@register(NewsPost)
class NewsPostTranslationOptions(TranslationOptions):
    fields = ("title", "teaser", "body", "image_alt")


@register(Slide)
class SlideTranslationOptions(TranslationOptions):
    fields = ("title", "text", "link_text", "image_alt")


@register(AccessibilityStatement)
class AccessibilityStatementTranslationOptions(TranslationOptions):
    fields = ("intro", "method_details", "conciliation_text", "enforcement_text")


@register(NonAccessibleContent)
class NonAccessibleContentTranslationOptions(TranslationOptions):
    fields = ("content", "explanation", "alternative")


@register(SignLanguageVideo)
class SignLanguageVideoTranslationOptions(TranslationOptions):
    fields = ("title", "transcript")
