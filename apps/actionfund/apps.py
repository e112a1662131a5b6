from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionfundConfig(AppConfig):
    name = "apps.actionfund"
    label = "actionfund"
    verbose_name = _("Action fund")
