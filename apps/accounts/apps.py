from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from .roles import grant_qm_team_permissions

        # Permissions are created by Django's own post_migrate handler; once they exist,
        # the QM team group receives every permission of the project's apps.
        post_migrate.connect(grant_qm_team_permissions, dispatch_uid="kiezportal_qm_team_permissions")
