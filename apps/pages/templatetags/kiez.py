"""Template helpers shared by every app: Markdown, money and query-string handling."""

from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from apps.pages.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render editor Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.filter
def euro(amount) -> str:
    """Format a Decimal amount in the active locale: 1.500,00 € in German."""
    if amount in (None, ""):
        return ""
    return f"{number_format(Decimal(amount), decimal_pos=2, force_grouping=True)}\u00a0€"


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str) -> str:
    """A main-menu item, marked as current on its own pages; nothing if the app has no such URL."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    path = context["request"].path
    current = ' aria-current="page"' if path == url or (url != "/" and path.startswith(url)) else ""
    return format_html('<li><a href="{}"{}>{}</a></li>', url, mark_safe(current), label)  # noqa: S308
