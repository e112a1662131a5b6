"""Form helpers every app with public forms uses."""

from pathlib import Path

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _


def limit_lengths(form, limits: dict[str, int]) -> None:
    """Give the named text fields of ``form`` a maximum length: checked on the server with a
    field error, announced to the browser as ``maxlength`` (model text fields have none)."""
    for name, limit in limits.items():
        field = form.fields.get(name)
        if field is None:
            continue
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)


class SpamTrapForm(forms.Form):
    """Mixin for the public forms anyone may send without an account: a honeypot field
    ``website`` that people never see (the template hides it with ``d-none`` and
    ``aria-hidden``) and bots that fill in every field do; a filled one refuses the form.
    Use ``class IdeaForm(SpamTrapForm, forms.ModelForm)`` and call ``super().clean()``."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your entry could not be saved because a field meant to catch spam was filled in."), code="honeypot"
            )
        return cleaned


# The project's form renderer (settings.FORM_RENDERER) --------------------------------------------


def _attrs_html(attrs: dict, skip=None) -> str:
    """django/forms/widgets/attrs.html: `` name="value"`` per attribute, False left out, True bare."""
    parts = []
    for name, value in attrs.items():
        if value is False or name == skip:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def _input_html(widget: dict) -> str:
    """django/forms/widgets/input.html (text, e-mail, number, date, password, hidden, file, checkbox …)."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs_html(widget['attrs'])}>"
    )


def _textarea_html(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = conditional_escape(formats.localize(widget["value"])) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>\n{value}</textarea>'


def _option_html(option: dict) -> str:
    """templates/django/forms/widgets/select_option.html: an empty label gets ``label="–"``."""
    empty = ' label="–"' if option["label"] == "" else ""
    return (
        f'<option value="{conditional_escape(option["value"])}"{_attrs_html(option["attrs"])}{empty}>'
        f"{conditional_escape(formats.localize(option['label']))}</option>\n"
    )


def _select_html(widget: dict) -> str:
    """templates/django/forms/widgets/select.html: ``required`` left out where a single select
    has no empty first choice (HTML allows it only with an empty placeholder option first)."""
    attrs, groups = widget["attrs"], widget["optgroups"]
    first = groups[0][1][0] if groups and groups[0][1] else None
    skip = None
    if not attrs.get("multiple") and first and str(first["value"]) != "" and not attrs.get("size"):
        skip = "required"
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(attrs, skip)}>']
    for group_name, options, _index in groups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(f"\n  {_option_html(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUT_TEMPLATES = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password")
_INPUT_TEMPLATES += ("search", "tel", "text", "time", "url", "input")
WIDGET_HTML = {f"django/forms/widgets/{name}.html": _input_html for name in _INPUT_TEMPLATES}
WIDGET_HTML["django/forms/widgets/textarea.html"] = _textarea_html
WIDGET_HTML["django/forms/widgets/select.html"] = _select_html
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# The templates the functions above write in Python: Django's own, and the project's select.
WIDGET_TEMPLATE_SOURCES = {
    "django/forms/widgets/select.html": "templates/django/forms/widgets/select.html",
    OPTION_TEMPLATE: "templates/django/forms/widgets/select_option.html",
}


class FormRenderer(TemplatesSetting):
    """Django's ``TemplatesSetting`` (the project's templates may override any form template)
    with the most common widgets written in Python instead of through their templates: a long
    form renders some seventy widgets, each a template with includes per attribute and option,
    and that was most of a form page's render time. The output is byte for byte the templates'
    (tests/test_form_field.py compares them); any other template (radio and checkbox groups,
    the clearable file input, the forms' own templates) is rendered from its template as before.
    A widget whose template is overridden in the project, other than the select and its option
    above, is rendered from the override."""

    @cached_property
    def _builders(self) -> dict:
        from django.conf import settings

        def origin(name: str) -> Path:
            return Path(self.get_template(name).origin.name)

        builders = {}
        for name, build in WIDGET_HTML.items():
            if name in WIDGET_TEMPLATE_SOURCES:
                if all(
                    origin(each) == Path(settings.BASE_DIR) / path for each, path in WIDGET_TEMPLATE_SOURCES.items()
                ):
                    builders[name] = build
            elif "django/forms/templates/" in origin(name).as_posix():
                builders[name] = build
        return builders

    def render(self, template_name, context, request=None):
        build = self._builders.get(template_name) if request is None else None
        if build is _select_html and any(
            option["template_name"] != OPTION_TEMPLATE
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
        ):
            build = None  # a select with options of its own template
        if build is not None:
            return build(context["widget"])
        return super().render(template_name, context, request)
