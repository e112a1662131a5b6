"""Staff-only download of a private file from the admin ("Currently:" of a file widget)."""

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .files import serve_private_file
from .signing import BadSignature, read_token


@staff_member_required
def private_file(request, token):
    """Who may see it: staff with the view or change permission of the model the file belongs
    to. The signed link names the row, the field and the stored name (a link made before the
    file was replaced finds nothing)."""
    try:
        app_label, model_name, field_name, pk, name = read_token("core.private_file", token)
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
    except (BadSignature, LookupError, ValueError, TypeError) as error:
        raise Http404 from error
    if not (
        request.user.has_perm(f"{app_label}.view_{model_name}")
        or request.user.has_perm(f"{app_label}.change_{model_name}")
    ):
        raise PermissionDenied
    fieldfile = getattr(get_object_or_404(model._base_manager, pk=pk), field.name)
    if not fieldfile or fieldfile.name != name:
        raise Http404
    return serve_private_file(request, fieldfile, title=str(getattr(fieldfile.instance, "title", "") or ""))
