"""Content the office writes that the admin can translate (django-modeltranslation): German is
the original and the fallback, see README "Content in several languages"."""

from modeltranslation.translator import TranslationOptions, register

from .models import NewsPost, Page, Slide


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body", "meta_description")


@register(NewsPost)
class NewsPostTranslationOptions(TranslationOptions):
    fields = ("title", "teaser", "body", "image_alt")


@register(Slide)
class SlideTranslationOptions(TranslationOptions):
    fields = ("title", "text", "link_text", "image_alt")
