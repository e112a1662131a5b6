"""Post an admin change form as a browser would send it unchanged: the main form's and every
inline's current values (with management forms), so a test only states what it edits."""

from datetime import datetime

from django.db.models.fields.files import FieldFile
from django.forms import SplitDateTimeWidget
from django.utils import timezone


def _form_values(form) -> dict:
    data = {}
    for name, bound in form.fields.items():
        if bound.disabled:
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or isinstance(value, FieldFile):  # a browser sends no file when none is chosen
            continue
        if isinstance(bound.widget, SplitDateTimeWidget):  # two boxes: date and time
            if isinstance(value, datetime):
                value = timezone.localtime(value) if timezone.is_aware(value) else value
                data[f"{key}_0"], data[f"{key}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)
    return data


def change_form_data(response, **changes) -> dict:
    """The POST data of the change form in ``response`` (a GET of an admin change view) with ``changes``."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): str(management[name].value()) for name in management.fields})
        for form in formset.initial_forms:
            data.update(_form_values(form))
    data.update(changes)
    return data
