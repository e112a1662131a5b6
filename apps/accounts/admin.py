"""Accounts in the admin. Staff members who are not superusers (the QM team) manage residents',
providers', council members' and jurors' accounts and their role groups, but can never gain or
hand out more rights: staff and superuser status, permissions, other groups and the accounts of
staff members (their password, e-mail addresses, status) are for superusers only. The rule is
enforced where the data is written (the form's fields and querysets, each object's change
permission), not only by hiding buttons."""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.moderation import log_moderation

from . import services
from .models import User
from .roles import GRANTABLE_ROLES, is_privileged, unprivileged_users

SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")


def may_change_account(request, user) -> bool:
    """Superusers change every account; other staff members only accounts without privileges."""
    return request.user.is_superuser or user is None or not is_privileged(user)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "display_name")}),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "is_staff", "groups")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # Read-only fields are left out of the form, so a POST that sends them changes nothing.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else [*readonly, *SUPERUSER_ONLY_FIELDS]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=GRANTABLE_ROLES)
            kwargs["help_text"] = _("Role groups. The QM team group is given by a superuser.")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Also guards the admin's password form (user_change_password asks this with the user).
        return super().has_change_permission(request, obj) and may_change_account(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Accounts are never deleted outright (applications, votes and seats point to them); the
        erasure action below empties them instead."""
        return False

    def has_erase_permission(self, request):
        return request.user.has_perm("accounts.delete_user")

    actions = ["erase_accounts"]

    @admin.action(description=_("Carry out an erasure request (delete the personal data)"), permissions=["erase"])
    def erase_accounts(self, request, queryset):
        """The same erasure as "Konto löschen" (apps/accounts/services.py), after a confirmation
        page. Staff members below superuser erase only accounts without privileges."""
        users = [user for user in queryset if may_change_account(request, user) and user != request.user]
        refused = queryset.count() - len(users)
        if refused:
            self.message_user(request, _("Staff accounts and your own account are left out."), messages.WARNING)
        if request.POST.get("confirm") and users:
            log_moderation(request, users, _("Personal data erased on request"))
            for user in users:
                services.account_erase(user=user)
            count = len(users)
            self.message_user(request, ngettext("%d account erased.", "%d accounts erased.", count) % count)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Carry out an erasure request"),
            "users": users,
            "opts": self.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "retention_years": services.retention_years(),
        }
        return TemplateResponse(request, "admin/accounts/user/erase_confirm.html", context)


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    """allauth's e-mail addresses: a new verified address on a staff account would let anyone who
    can add it reset that account's password, so only superusers touch staff members' addresses."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__in=unprivileged_users(User.objects.all()))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = unprivileged_users(User.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
