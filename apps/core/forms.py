"""Form helpers every app with public forms uses."""

from django.core.validators import MaxLengthValidator


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
