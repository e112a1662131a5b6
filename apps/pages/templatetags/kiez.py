"""Template helpers shared by every app: Markdown, money and query-string handling."""

import datetime

from django import forms, template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
from django.urls import NoReverseMatch
from django.utils import formats, timezone
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


@register.filter
def select_options(field) -> str:
    """The ``<option>``s of a bound choice field, its current value selected, for a ``<select>``
    written in a template: ``<select …>{{ field|select_options }}</select>`` (a template loop costs
    about ten times as much per option)."""
    current = field.value()
    return mark_safe(  # noqa: S308 - built with format_html
        "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                value,
                mark_safe(" selected") if current == value else "",  # noqa: S308
                label,
            )
            for value, label in field.field.choices
        )
    )


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


def _error_block(field) -> str:
    """The field's errors under it, ``id="<field>_error"`` as ``aria-describedby`` names it."""
    errors = field.errors
    if not errors:
        return ""
    auto_id = field.auto_id
    items = "".join(
        format_html('<p id="error_{}_{}"><strong>{}</strong></p>', number, auto_id, error)
        for number, error in enumerate(errors, 1)
    )
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        getattr(errors, "field_id", None) or auto_id,
        mark_safe(items),  # noqa: S308 - built with format_html
    )


def _help_block(field) -> str:
    """The help text, ``id="<field>_helptext"`` (the text is the project's own: safe, as crispy)."""
    if not field.help_text:
        return ""
    if field.auto_id:
        help_text = mark_safe(field.help_text)  # noqa: S308 - the project's own text, safe as in crispy
        return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, help_text)
    return format_html('<div class="form-text">{}</div>', mark_safe(field.help_text))  # noqa: S308


def _widget_class(widget, *extra: str) -> str:
    """The control's class as crispy's ``crispy_field`` sets it: the widget's own classes, the
    widget's class name in lower case, then Bootstrap's classes."""
    name = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    if classes:
        if classes.find(name) == -1:
            classes += f" {name}"
    else:
        classes = name
    present = classes.split()
    for css in extra:
        if css not in present:
            classes += f" {css}"
            present.append(css)
    return classes


def _flat_attrs(attrs: dict) -> str:
    """`` name="value"`` for every attribute as Django's and crispy's attrs.html: False left out,
    True as a bare name."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def _choices(field) -> str:
    """Radio buttons or checkboxes of a choice field, as crispy's radio_checkbox_select.html."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    input_class = "form-check-input is-invalid" if field.errors else "form-check-input"
    parts = ["<div>"]
    last_group = len(groups) - 1
    for group_index, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        last_option = len(options) - 1
        for option_index, option in enumerate(options):
            parts.append(
                format_html(
                    '<div class="form-check"><input type="{}" class="{}" name="{}" value="{}"{}>'
                    '<label for="{}" class="form-check-label">{}</label>{}</div>',
                    option["type"],
                    input_class,
                    field.html_name,
                    formats.localize(option["value"], use_l10n=False),
                    mark_safe(_flat_attrs(option["attrs"])),  # noqa: S308 - escaped by format_html
                    option["attrs"].get("id", ""),
                    formats.localize(option["label"], use_l10n=False),
                    mark_safe(_error_block(field) if group_index == last_group and option_index == last_option else ""),  # noqa: S308
                )
            )
    parts.append("</div>")
    parts.append(_help_block(field))
    return "".join(parts)


def _file_inputs(field) -> str:
    """A file input (with the current file and a clear box when there is one), as crispy's
    field_file.html."""
    parts = []
    disabled = " disabled" if field.field.disabled else ""
    for subwidget in field.subwidgets:
        data = subwidget.data
        if data.get("is_initial"):
            clear = ""
            if not data.get("required"):
                clear = format_html(
                    '<span class="align-self-center ml-2"><span class="form-check"><input type="checkbox" name="{}"'
                    ' id="{}" class="form-check-input"{}><label class="form-check-label mb-0" for="{}">{}</label>'
                    "</span></span>",
                    data["checkbox_name"],
                    data["checkbox_id"],
                    disabled,
                    data["checkbox_id"],
                    data["clear_checkbox_label"],
                )
            parts.append(
                format_html(
                    '<div class="input-group mb-2"><span class="input-group-text">{}</span>'
                    '<div class="form-control d-flex h-auto"><span class="text-break flex-grow-1">'
                    '<a href="{}">{}</a></span>{}</div></div>',
                    data["initial_text"],
                    field.value().url,
                    field.value().name,
                    clear,
                )
            )
        attrs = data["attrs"]
        classes = "form-control"
        if attrs.get("class"):
            classes += f" {attrs['class']}"
        if field.errors:
            classes += " is-invalid"
        rest = {name: value for name, value in attrs.items() if name != "class"}
        parts.append(
            format_html(
                '<div{}><input type="{}" name="{}" class="{}"{}{}>{}{}</div>',
                mark_safe(' class="is-invalid"' if field.errors else ""),  # noqa: S308
                data["type"],
                data["name"],
                classes,
                disabled,
                mark_safe(_flat_attrs(rest)),  # noqa: S308 - escaped by format_html
                mark_safe(_error_block(field)),  # noqa: S308
                mark_safe(_help_block(field)),  # noqa: S308
            )
        )
    return "".join(parts)


def _required_mark(field) -> str:
    return '<span class="asteriskField">*</span>' if field.field.required else ""


@register.filter
def form_field(field):
    """One form field in Bootstrap 5 markup, the same as django-crispy-forms' ``as_crispy_field``
    (bootstrap5/field.html without a helper) gives: label with the required marker, the control
    (``aria-describedby`` on help text and errors, ``aria-invalid`` from Django), errors under it,
    help text; radio and checkbox groups in a fieldset with a legend. Built in Python: crispy's
    template tree cost a third to a half of a form page's render. The one field renderer of the
    project (forms, list filters, ``includes/_form_fields.html``); tests/test_form_field.py checks
    it against crispy's own output for every form. Multi-widgets fall back to crispy."""
    widget = field.field.widget
    if field.is_hidden:
        return str(field)
    if isinstance(widget, forms.MultiWidget):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    extra_css = field.css_classes()
    extra_css = f" {extra_css}" if extra_css else ""
    label = field.label
    required = field.field.required
    if isinstance(widget, forms.CheckboxInput):
        control = field.as_widget(
            attrs={"class": _widget_class(widget, "form-check-input", *(("is-invalid",) if field.errors else ()))}
        )
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}<label for="{}" class="form-check-label{}">{}{}'
            "</label>{}{}</div></div>",
            field.auto_id,
            extra_css,
            control,
            field.id_for_label,
            " requiredField" if required else "",
            label,
            mark_safe(_required_mark(field)),  # noqa: S308
            mark_safe(_error_block(field)),  # noqa: S308
            mark_safe(_help_block(field)),  # noqa: S308
        )
    fieldset = field.use_fieldset and label
    parts = []
    if label:
        if fieldset:
            described = field.aria_describedby if hasattr(field, "aria_describedby") else None
            parts.append(
                format_html("<fieldset{}>", format_html(' aria-describedby="{}"', described) if described else "")
            )
        parts.append(
            format_html(
                '<{}{} class="form-label{}{}">{}{}</{}>',
                "legend" if field.use_fieldset else "label",
                format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
                " requiredField" if required else "",
                " fs-6" if field.use_fieldset else "",
                label,
                mark_safe(_required_mark(field)),  # noqa: S308
                "legend" if field.use_fieldset else "label",
            )
        )
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        parts.append(_choices(field))
    elif isinstance(widget, forms.FileInput):
        parts.append(_file_inputs(field))
    else:
        invalid = ("is-invalid",) if field.errors else ()
        if isinstance(widget, forms.Select):
            css = _widget_class(widget, "form-select", *invalid)
        else:
            css = _widget_class(widget, "form-control", *invalid)
        parts.append(field.as_widget(attrs={"class": css}))
        parts.append(_error_block(field))
        parts.append(_help_block(field))
    if fieldset:
        parts.append("</fieldset>")
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}</div>',
        field.auto_id,
        extra_css,
        mark_safe("".join(parts)),  # noqa: S308 - every part built with format_html or by Django's widgets
    )


@register.filter
def form_fields(form):
    """A whole form as crispy's ``|crispy`` filter (bootstrap5/uni_form.html): the errors that
    belong to no field in an alert, then every field through ``form_field``."""
    parts = []
    if form.non_field_errors():
        parts.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                mark_safe("".join(format_html("<li>{}</li>", error) for error in form.non_field_errors())),  # noqa: S308
            )
        )
    parts.extend(form_field(field) for field in form)
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped
