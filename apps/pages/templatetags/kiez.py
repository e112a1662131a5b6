"""Template helpers shared by every app: Markdown, money and query-string handling."""

import datetime

from django import template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, get_language_info, gettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

from apps.core import money
from apps.core.links import fixed_reverse
from apps.pages.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render editor Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.filter
def machine_datetime(value) -> str:
    """A date or datetime for ``<time datetime="…">``: ISO 8601 in local time, whole seconds
    (HTML allows at most three digits of a fraction; ``|date:'c'`` writes microseconds)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


_choice_labels: dict[tuple[str, str], tuple[str, dict]] = {}


@register.filter
def choice_label(obj, field_name: str):
    """``{{ idea|choice_label:"status" }}``: what ``get_status_display`` shows, at a fraction of the
    cost in lists. Django's ``get_FOO_display`` hashes every (value, label) pair of the field's
    choices on each call, and hashing a lazy label translates it: ten translations for one badge.
    Here the labels are looked up by value in a table built once per field (the label stays lazy,
    so it is shown in the current language); a value outside the choices is shown as it is."""
    model = type(obj)
    key = (model._meta.label, field_name)
    kept = _choice_labels.get(key)
    if kept is None:
        field = model._meta.get_field(field_name)
        kept = _choice_labels[key] = (field.attname, dict(field.flatchoices))
    value = getattr(obj, kept[0])
    return kept[1].get(value, value)


# ``{{ amount|euro }}``: 1.500,00 € in German (apps/core/money.py, the one money formatter).
register.filter("euro", money.euro)


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
        url = fixed_reverse(url_name)
    except NoReverseMatch:
        return ""
    path = context["request"].path
    current = ' aria-current="page"' if path == url or (url != "/" and path.startswith(url)) else ""
    return format_html('<li><a href="{}"{}>{}</a></li>', url, mark_safe(current), label)  # noqa: S308


_language_options: dict[tuple, str] = {}


@register.simple_tag
def language_options() -> str:
    """The ``<option>``s of the language switch, the current language selected (built once per
    process and language: the layout shows them on every page)."""
    current = get_language() or settings.LANGUAGE_CODE
    key = (current, tuple(code for code, _name in settings.LANGUAGES))
    html = _language_options.get(key)
    if html is None:
        html = _language_options[key] = "".join(
            format_html(
                '<option value="{}" lang="{}"{}>{}</option>',
                code,
                code,
                mark_safe(" selected") if code == current else "",  # noqa: S308
                get_language_info(code)["name_local"],
            )
            for code, _name in settings.LANGUAGES
        )
    return mark_safe(html)  # noqa: S308 - built with format_html


def shown_language(obj, field: str) -> str:
    """The language ``obj.<field>`` is shown in on this page: the page's language when the office
    translated the field (django-modeltranslation, see the apps' translation.py), else the language
    it falls back to (German). Texts that cannot be translated are the office's German."""
    language = get_language() or settings.LANGUAGE_CODE
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return settings.LANGUAGE_CODE
    if field not in options.fields:
        return settings.LANGUAGE_CODE
    for code in resolution_order(language, getattr(type(obj), field).fallback_languages):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return settings.LANGUAGE_CODE


@register.simple_tag
def content_lang(obj, field: str) -> str:
    """`` lang="de"`` (and ``dir``) on an element showing the office's text when it is in another
    language than the page (WCAG 3.1.2): the German original, or German where a translation is
    missing. Nothing when the text is in the page's language. ``<h1{% content_lang page "title" %}>``"""
    shown, page = shown_language(obj, field), get_language() or settings.LANGUAGE_CODE
    if shown == page:
        return ""
    bidi = get_language_info(shown)["bidi"]
    if bidi == get_language_bidi():
        return format_html(' lang="{}"', shown)
    return format_html(' lang="{}" dir="{}"', shown, "rtl" if bidi else "ltr")


@register.filter
def error_anchor(field) -> str:
    """The id an error-summary link points to: the field, or the first input of a radio or
    checkbox group (whose own ``id_for_label`` is empty)."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id


@register.filter
def error_item(field, error) -> str:
    """One error-summary line, "Label: message", without doubled punctuation when the label
    ends in a full stop, colon or question mark ("Wo? Dieses Feld …", not "Wo?: …")."""
    label = str(field.label or "").strip().rstrip(".:").rstrip()
    if not label:
        return str(error)
    separator = " " if label.endswith(("?", "!")) else ": "
    return f"{label}{separator}{error}"


def _has_errors(value) -> bool:
    # type(), not isinstance(): isinstance() would load every lazy object in the context
    # (SimpleLazyObject answers __class__ by loading it: the user, the CSRF token, the site settings).
    kind = type(value)
    if issubclass(kind, BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and (value.total_error_count() > 0)
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Fehler: " before the page title when a submitted form on the page has errors (WCAG 3.3.1),
    so a screen reader hears it first when the page reloads."""
    if any(_has_errors(value) for value in context.flatten().values()):
        return gettext("Error:") + " "
    return ""


FILTER_WIDGET_CLASSES = {"Select": "select form-select", "TextInput": "textinput form-control",
                         "SearchInput": "textinput form-control", "NumberInput": "numberinput form-control",
                         "DateInput": "dateinput form-control"}  # fmt: skip


@register.filter
def filter_field(field):
    """One field of a GET filter form in the markup crispy's ``as_crispy_field`` gives it (Bootstrap 5:
    label, control, help text, errors with ``aria-describedby``), built directly: crispy's template
    tree cost a quarter of a list page's render. Text, number, date and select fields only; any
    other widget falls back to crispy."""
    widget = field.field.widget
    css = FILTER_WIDGET_CLASSES.get(type(widget).__name__)
    if css is None:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    attrs = {"class": css}
    described = []
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    required = mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""  # noqa: S308
    parts = [
        format_html('<label for="{}" class="form-label">{}{}</label>', field.id_for_label, field.label, required),
        field.as_widget(attrs=attrs),
    ]
    if field.errors:
        errors = format_html(
            "".join(
                f'<p id="error_{n}_{field.auto_id}"><strong>{{}}</strong></p>' for n in range(1, len(field.errors) + 1)
            ),
            *field.errors,
        )
        parts.append(format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, errors))
    if field.help_text:
        parts.append(format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text))
    return format_html('<div id="div_{}" class="mb-3">{}</div>', field.auto_id, mark_safe("".join(parts)))  # noqa: S308
