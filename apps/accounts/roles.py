"""The roles of DOMAIN.md, as Django groups, and the small decorator views use to check them."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

PROJECT_APP_LABELS = (
    "core",
    "accounts",
    "pages",
    "actionplan",
    "ideas",
    "council",
    "funding",
    "actionfund",
    "network",
    "events",
    "newsletter",
    "notifications",
)


class Role(models.TextChoices):
    """Each value is the name of a Django group (created by a data migration)."""

    QM_TEAM = "QM-Team", _("QM team")
    COUNCIL = "Quartiersrat", _("Council member")
    JUROR = "Aktionsfondsjury", _("Action fund juror")
    PROVIDER = "Projektträger", _("Project provider")


# The role groups the QM team hands out. The QM team group itself (every permission on the
# project's models) and any other group are given by a superuser only.
GRANTABLE_ROLES = (Role.COUNCIL, Role.JUROR, Role.PROVIDER)


def unprivileged_users(users):
    """``users`` without anyone who holds rights beyond the grantable roles: no staff, no superuser,
    no permission of their own, no group other than GRANTABLE_ROLES. Only these accounts may be
    changed by staff members who are not superusers (tested in apps/accounts/tests/test_admin.py)."""
    from django.contrib.auth.models import Group

    return (
        users.filter(is_staff=False, is_superuser=False, user_permissions__isnull=True)
        .exclude(groups__in=Group.objects.exclude(name__in=GRANTABLE_ROLES))
        .distinct()
    )


def is_privileged(user) -> bool:
    """True when ``user`` holds more than a resident's account and the grantable roles."""
    return not unprivileged_users(type(user).objects.filter(pk=user.pk)).exists()


def role_required(*roles: Role, allow_staff: bool = False):
    """View decorator: anonymous users go to the login page, users without one of ``roles`` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if (allow_staff and user.is_staff) or any(user.has_role(role) for role in roles):
                return view(request, *args, **kwargs)
            raise PermissionDenied

        return wrapped

    return decorator


def grant_qm_team_permissions(sender=None, **kwargs) -> None:
    """Give the QM team group every permission on the project's own models (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name=Role.QM_TEAM).first()
    if group is None:
        return
    # delete_user lets the team carry out erasure requests (the admin's erasure action; accounts
    # are never deleted outright, see apps/accounts/admin.py).
    project = Permission.objects.filter(content_type__app_label__in=(*PROJECT_APP_LABELS, "account"))
    # Groups are viewed (members are added on the user form), never redefined by the team.
    extra = Permission.objects.filter(
        content_type__app_label__in=("auth", "sites", "django_tasks_database"),
        codename__in=["view_group", "view_site", "change_site", "view_dbtaskresult"],
    )
    group.permissions.add(*project, *extra)
